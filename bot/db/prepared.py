"""One hot SELECT run on the database driver itself, with SQLAlchemy's own SQL and type conversions.

The arrival read (bot/arrival.py) runs with every update. Through SQLAlchemy's execution layer it
cost 390–480 µs of CPU on PostgreSQL (pool checkout, greenlet hand-off, result machinery) and
90–160 µs on SQLite; on the driver 130–170 µs and 25–45 µs (`python bench/update_parts.py`). So
SQLAlchemy compiles the statement once per dialect, and each read runs that SQL on the driver
(bot/db/engine.py `Database.fetch_one`), the values passed through the bind processors of their
SQLAlchemy types and the row through the result processors: what comes back is what SQLAlchemy
itself would return (tests/test_prepared_read.py compares them).
"""
from __future__ import annotations

import asyncio
import sqlite3
from collections import namedtuple
from typing import Any, Callable, cast

from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql import Select


class Compiled:
    """The statement as one dialect runs it: SQL text, positional parameters, row conversion."""

    def __init__(self, statement: Select, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.positiontup is None or compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a prepared read needs positional parameters rendered once (no IN lists)")
        self.sql = str(compiled)
        self._binds = []  # (name, value the statement carries or _REQUIRED, conversion), in the SQL's order
        for name in compiled.positiontup:
            bind = compiled.binds[name]
            carried = _REQUIRED if bind.required else bind.effective_value  # literals, e.g. 'started'
            self._binds.append((name, carried, _processor(bind.type.dialect_impl(dialect).bind_processor(dialect))))
        columns = list(statement.selected_columns)
        self._results = [_processor(c.type.dialect_impl(dialect).result_processor(dialect, None)) for c in columns]
        self.Row = namedtuple("Row", [str(c.key) for c in columns])  # type: ignore[misc]  # fields known at run time

    def parameters(self, values: dict[str, Any]) -> list[Any]:
        """The statement's parameters in order, as the driver takes them; a missing required one: KeyError."""
        out = []
        for name, carried, convert in self._binds:
            if name in values:
                out.append(convert(values[name]))
            elif carried is _REQUIRED:
                raise KeyError(f"no value for the bound parameter {name!r}")
            else:
                out.append(convert(carried))
        return out

    def row(self, raw) -> Any:
        """A driver row as SQLAlchemy would give it (attributes by column key)."""
        return self.Row(*(convert(value) for convert, value in zip(self._results, raw)))


class PreparedRead:
    """A SELECT of exactly one row, compiled on first use for each dialect it runs on."""

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        self._compiled: dict[tuple[str, str], Compiled] = {}

    def for_dialect(self, dialect: Dialect) -> Compiled:
        key = (dialect.name, dialect.driver)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = Compiled(self.statement, dialect)
        return compiled


_REQUIRED = object()


def _identity(value: Any) -> Any:
    return value


def _processor(processor: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    return processor or _identity


class SQLiteInline:
    """A SQLite file: reads inline on the event loop's thread, on one driver connection kept open.

    In WAL mode a reader never waits for writers, and an indexed SELECT takes some 12 µs, while
    handing it to aiosqlite's thread and back costs about 0.8 ms of CPU. The connection never holds a
    transaction (no BEGIN, and every row fetched, so SQLite ends each SELECT's snapshot), so between
    reads it keeps no lock and sees every commit. The loop is blocked for the query only; in the rare
    moments SQLite makes readers wait (recovery after a crash), at most the engine's busy timeout
    before the read fails and the update gets the error answer; a connection that failed is replaced.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine  # a synchronous engine on the same file, with zobot's pragmas on connect
        self.dialect = engine.dialect  # the statements are compiled for the driver that runs them
        self._connection: PoolProxiedConnection | None = None

    async def fetch(self, sql: str, parameters: list[Any]) -> list[Any]:
        if self._connection is None:
            self._connection = self._engine.raw_connection()
        try:
            driver = cast(sqlite3.Connection, self._connection.driver_connection)
            return driver.execute(sql, parameters).fetchall()
        except Exception:
            self._drop()
            raise

    def _drop(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()

    async def close(self) -> None:
        self._drop()
        self._engine.dispose()


class AsyncpgReads:
    """PostgreSQL through asyncpg: a small pool of its own, opened on first use from the engine's URL.

    Nothing is reset when a connection goes back (asyncpg's default reset is a round trip per use):
    these connections only ever run single SELECTs in autocommit, which leave nothing behind.
    asyncpg prepares each SQL text once per connection and keeps it (its statement cache).
    """

    def __init__(self, engine: AsyncEngine, size: int) -> None:
        self._engine = engine
        self.dialect = engine.dialect
        self._size = size
        self._pool = None
        self._opening = asyncio.Lock()

    async def fetch(self, sql: str, parameters: list[Any]) -> list[Any]:
        pool = self._pool or await self._open()
        return await pool.fetch(sql, *parameters)

    async def _open(self):
        async with self._opening:
            if self._pool is None:
                import asyncpg

                _, options = self._engine.dialect.create_connect_args(self._engine.url)
                if "prepared_statement_cache_size" in options:  # SQLAlchemy's name for asyncpg's option
                    options["statement_cache_size"] = options.pop("prepared_statement_cache_size")
                self._pool = await asyncpg.create_pool(min_size=1, max_size=self._size, reset=_nothing_to_reset,
                                                       **options)
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            try:
                await asyncio.wait_for(pool.close(), 10)
            except Exception:  # e.g. a connection stuck in a read past the 10 s: drop them all
                pool.terminate()


async def _nothing_to_reset(connection) -> None:
    return None
