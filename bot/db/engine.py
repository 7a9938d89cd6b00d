"""Engine and session factories; SQLite gets WAL, busy_timeout, foreign keys and BEGIN IMMEDIATE
(plain deferred BEGIN for read-only sessions, so readers never wait for the write lock).

Reads are the hot path (every update starts with one, bot/arrival.py), so they cost as few round
trips as their consistency allows: on PostgreSQL a read session runs in autocommit, which at READ
COMMITTED sees exactly what a read-only transaction would (a snapshot per statement) without the
BEGIN and COMMIT round trips; a single-statement read on SQLite needs no BEGIN either.
"""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

logger = logging.getLogger(__name__)
READ_ONLY = "zobot_read_only"  # execution option of the read engine, looked at when a transaction begins
ONE_STATEMENT = "zobot_one_statement"  # a read of one statement: atomic by itself, no BEGIN on SQLite
POOL_RECYCLE_SECONDS = 1800
INLINE_BUSY_MS = 1000


def _sqlite_hooks(engine: Engine, busy_timeout_ms: int = 30000) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record):  # pragma: no cover - driver callback
        dbapi_conn.isolation_level = None  # let us emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):  # pragma: no cover - driver callback
        # Writers take the write lock at the start: no deadlock between two read-then-write transactions.
        # Read-only sessions never upgrade, so a deferred BEGIN is safe and does not queue behind writers.
        options = conn.get_execution_options()
        if options.get(ONE_STATEMENT):
            return  # autocommit: the one SELECT is its own consistent snapshot
        conn.exec_driver_sql("BEGIN" if options.get(READ_ONLY) else "BEGIN IMMEDIATE")


class Database:
    """One engine and its session factory; `session()` is one transaction per use case."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict = {"echo": echo}
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
        else:
            # No pre-ping: it costs a round trip per checkout. After a database restart SQLAlchemy sees the
            # disconnect on first use and invalidates the pool; that one update gets the error answer.
            kwargs.update(pool_size=10, max_overflow=20, pool_recycle=POOL_RECYCLE_SECONDS)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.dialect == "sqlite":
            _sqlite_hooks(self.engine.sync_engine)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        reads = {READ_ONLY: True} if self.dialect == "sqlite" else {READ_ONLY: True, "isolation_level": "AUTOCOMMIT"}
        self.read_sessionmaker = async_sessionmaker(self.engine.execution_options(**reads),
                                                    expire_on_commit=False, autoflush=False)
        if self.dialect == "sqlite" and parsed.database and parsed.database != ":memory:":
            # A synchronous connection to the same file, for one-statement reads inline (InlineRead).
            inline = create_engine(parsed.set(drivername="sqlite"), connect_args={"timeout": INLINE_BUSY_MS / 1000})
            _sqlite_hooks(inline, busy_timeout_ms=INLINE_BUSY_MS)
            self.inline_engine: Engine | None = inline.execution_options(**reads, **{ONE_STATEMENT: True})
            self._inline = InlineRead(self.inline_engine)
        else:
            self.inline_engine = None
        self.statement_engine = self.engine.execution_options(**reads, **{ONE_STATEMENT: True})

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def session(self):
        """`async with db.session() as s:` opens a transaction, commits on success, rolls back on error."""
        return self.sessionmaker.begin()

    def read(self):
        """`async with db.read() as s:` for use cases that only read (no write lock on SQLite); never write in it."""
        return self.read_sessionmaker.begin()

    def read_statement(self):
        """`async with db.read_statement() as conn:` for exactly one Core SELECT (`await conn.execute`):
        no transaction round trips and no ORM session; on a SQLite file, run inline (InlineRead)."""
        if self.inline_engine is not None:
            return self._inline
        return self.statement_engine.connect()

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.inline_engine is not None:
            self._inline.close()
            self.inline_engine.dispose()


class InlineRead:
    """SQLite: one SELECT at a time on a synchronous connection kept open, on the event loop's own thread.

    In WAL mode a reader never waits for writers, and an indexed SELECT takes some 12 µs, while
    handing it to aiosqlite's thread and back costs about 0.8 ms of CPU (BENCHMARKS.md); checking a
    connection out of the pool and back for each read cost another 85 µs, so the one connection stays
    open. It never holds a transaction (no BEGIN: each SELECT is its own snapshot), so between reads it
    keeps no lock and sees every commit. The loop is blocked for the query only; in the rare moments
    SQLite makes readers wait (recovery after a crash), at most INLINE_BUSY_MS before the read fails
    and the update gets the error answer; a connection that failed is closed and opened again.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection = None

    async def __aenter__(self) -> "InlineRead":
        if self._connection is None or self._connection.invalidated:
            self.close()
            self._connection = self._engine.connect()
        return self

    async def __aexit__(self, exc_type, *exc) -> None:
        try:
            self._connection.rollback()  # ends SQLAlchemy's autobegun transaction; no BEGIN was sent
        except Exception:
            self.close()
            raise
        if exc_type is not None:
            self.close()  # a failed read (busy, I/O): start the next one on a fresh connection

    async def execute(self, statement, parameters=None):
        return self._connection.execute(statement, parameters)

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()
