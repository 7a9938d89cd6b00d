"""Engine and session factories; SQLite gets WAL, busy_timeout, foreign keys and BEGIN IMMEDIATE
(plain deferred BEGIN for read-only sessions, so readers never wait for the write lock).

Reads are the hot path (every update starts with one, bot/arrival.py), so they cost as few round
trips as their consistency allows: on PostgreSQL a read session runs in autocommit, which at READ
COMMITTED sees exactly what a read-only transaction would (a snapshot per statement) without the
BEGIN and COMMIT round trips; a single-statement read on SQLite needs no BEGIN either. The one read
of every update goes further, straight to the driver (`fetch_one`, bot/db/prepared.py).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from bot.db.prepared import AsyncpgReads, PreparedRead, SQLiteInline

logger = logging.getLogger(__name__)
READ_ONLY = "zobot_read_only"  # execution option of the read engine, looked at when a transaction begins
ONE_STATEMENT = "zobot_one_statement"  # a read of one statement: atomic by itself, no BEGIN on SQLite
POOL_RECYCLE_SECONDS = 1800
INLINE_BUSY_MS = 1000
DRIVER_POOL_SIZE = 10  # PostgreSQL connections for the per-update read, besides SQLAlchemy's 10 + 20


def _sqlite_hooks(engine: Engine, busy_timeout_ms: int = 30000) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record):  # pragma: no cover - driver callback
        dbapi_conn.isolation_level = None  # let us emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA secure_delete=ON")  # deleted or overwritten content is zeroed, not left in free space
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):  # pragma: no cover - driver callback
        # Writers take the write lock at the start: no deadlock between two read-then-write transactions.
        # Read-only sessions never upgrade, so a deferred BEGIN is safe and does not queue behind writers.
        options = conn.get_execution_options()
        if options.get(ONE_STATEMENT):
            return  # autocommit: the one SELECT is its own consistent snapshot
        conn.exec_driver_sql("BEGIN" if options.get(READ_ONLY) else "BEGIN IMMEDIATE")


def _aiosqlite_opening_hook(engine: Engine) -> None:
    """Connections of the aiosqlite engine are opened by `_open_aiosqlite` (through the dialect's own
    `async_creator_fn` hook, the one `create_async_engine(async_creator=...)` uses), with the usual arguments."""
    @event.listens_for(engine, "do_connect")
    def on_connect(_dialect, _record, _cargs, cparams):  # pragma: no cover - driver callback
        cparams["async_creator_fn"] = _open_aiosqlite


async def _open_aiosqlite(*args: Any, **kwargs: Any) -> Any:
    """`aiosqlite.connect`, except that a connection that fails to open (a missing directory, a file that is
    not a database) has stopped its thread before the error is raised. aiosqlite stops that thread without
    waiting for it: the thread then answers on the event loop, and if the loop has closed by then (a CLI
    command, the container's healthcheck, a test) it dies with "Event loop is closed"."""
    import aiosqlite

    connection = aiosqlite.connect(*args, **kwargs)
    thread = connection._thread  # private, as SQLAlchemy's own dialect uses it (to make it a daemon)
    thread.daemon = True
    try:
        return await connection
    except BaseException:
        thread.join(timeout=5)  # it has only the stop left to run: microseconds
        raise


class Database:
    """One engine and its session factory; `session()` is one transaction per use case."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict = {"echo": echo, "hide_parameters": True}  # no names or texts in errors and logs
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
            if self.engine.dialect.driver == "aiosqlite":
                _aiosqlite_opening_hook(self.engine.sync_engine)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        reads = {READ_ONLY: True} if self.dialect == "sqlite" else {READ_ONLY: True, "isolation_level": "AUTOCOMMIT"}
        self.read_sessionmaker = async_sessionmaker(self.engine.execution_options(**reads),
                                                    expire_on_commit=False, autoflush=False)
        self.statement_engine = self.engine.execution_options(**reads, **{ONE_STATEMENT: True})
        self.statement_listeners: list[Callable[[str], None]] = []  # SQL that `fetch_one` runs on the driver
        self._driver: SQLiteInline | AsyncpgReads | None = None
        if self.dialect == "sqlite" and parsed.database and parsed.database != ":memory:":
            # A synchronous connection to the same file, for one-statement reads inline.
            inline = create_engine(parsed.set(drivername="sqlite"), connect_args={"timeout": INLINE_BUSY_MS / 1000},
                                   hide_parameters=True)
            _sqlite_hooks(inline, busy_timeout_ms=INLINE_BUSY_MS)
            self._driver = SQLiteInline(inline)
        elif self.engine.dialect.driver == "asyncpg":
            self._driver = AsyncpgReads(self.engine, DRIVER_POOL_SIZE)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def session(self):
        """`async with db.session() as s:` opens a transaction, commits on success, rolls back on error."""
        return self.sessionmaker.begin()

    def read(self):
        """`async with db.read() as s:` for use cases that only read (no write lock on SQLite); never write in it."""
        return self.read_sessionmaker.begin()

    async def fetch_one(self, prepared: PreparedRead, values: dict[str, Any]) -> Any:
        """The one row of `prepared` for these values, read on the driver itself: on a SQLite file inline,
        on PostgreSQL from asyncpg's own pool; elsewhere (SQLite in memory) through SQLAlchemy."""
        if self._driver is None:
            async with self.statement_engine.connect() as connection:
                return (await connection.execute(prepared.statement, values)).one()
        compiled = prepared.for_dialect(self._driver.dialect)
        parameters = compiled.parameters(values)
        for listener in self.statement_listeners:
            listener(compiled.sql)
        rows = await self._driver.fetch(compiled.sql, parameters)
        if len(rows) != 1:
            raise NoResultFound("no row was found") if not rows else MultipleResultsFound("more than one row")
        return compiled.row(rows[0])

    async def forget_deleted(self) -> None:
        """After an erasure (committed): no copy of the erased values may stay in the database files.

        SQLite zeroes what is deleted or overwritten (`secure_delete`, on every connection), but the
        write-ahead log still holds earlier images of the changed pages: a TRUNCATE checkpoint copies
        the log into the database and empties the -wal file. PostgreSQL: the old row versions stay in
        the table files until vacuum reclaims them (autovacuum; see docs/security-privacy.md)."""
        if self.dialect != "sqlite":
            return
        async with self.statement_engine.connect() as connection:  # autocommit: a checkpoint needs no transaction
            busy = (await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).one()[0]
        if busy:
            logger.warning("WAL checkpoint after an erasure was blocked by a reader; the next checkpoint completes it")

    async def dispose(self) -> None:
        if self._driver is not None:
            await self._driver.close()
        await self.engine.dispose()
