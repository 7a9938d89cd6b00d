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

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

logger = logging.getLogger(__name__)
READ_ONLY = "zobot_read_only"  # execution option of the read engine, looked at when a transaction begins
ONE_STATEMENT = "zobot_one_statement"  # a read of one statement: atomic by itself, no BEGIN on SQLite
POOL_RECYCLE_SECONDS = 1800


def _sqlite_hooks(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_conn, _record):  # pragma: no cover - driver callback
        dbapi_conn.isolation_level = None  # let us emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
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
            _sqlite_hooks(self.engine)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        reads = {READ_ONLY: True} if self.dialect == "sqlite" else {READ_ONLY: True, "isolation_level": "AUTOCOMMIT"}
        self.read_sessionmaker = async_sessionmaker(self.engine.execution_options(**reads),
                                                    expire_on_commit=False, autoflush=False)
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
        """`async with db.read_statement() as conn:` for exactly one Core SELECT: no transaction round
        trips and no ORM session (a third of the cost of such a read, bench/update_profile.py)."""
        return self.statement_engine.connect()

    async def dispose(self) -> None:
        await self.engine.dispose()
