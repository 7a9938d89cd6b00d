"""One broadcast sender per cluster: on PostgreSQL the instance holding an advisory lock sends.

Every process would otherwise pace itself at the full rate and together exceed Telegram's limit.
The lock is session-level, held on a connection of its own (autocommit, never idle in a
transaction) and released by PostgreSQL if the process dies. SQLite means one instance: always leader.
"""
from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.engine import Database

logger = logging.getLogger(__name__)

LOCK_KEY = 0x7A0B0701  # "zobot delivery": any constant shared by every instance


class Leadership:
    """`await is_leader()` before each tick; cheap once held (one `SELECT 1` to check the connection)."""

    def __init__(self, db: Database, key: int = LOCK_KEY) -> None:
        self.db, self.key = db, key
        self._conn: AsyncConnection | None = None

    async def is_leader(self) -> bool:
        if not self.db.is_postgres:
            return True
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT 1"))
                return True
            except Exception:  # connection lost: so is the lock
                logger.warning("lost the delivery leader connection", exc_info=True)
                await self._drop()
        return await self._acquire()

    async def _acquire(self) -> bool:
        conn = await self.db.engine.connect()
        try:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
        except Exception:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self._conn = conn
        logger.info("this instance is now the delivery sender")
        return True

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:
                logger.debug("closing the leader connection failed", exc_info=True)

    async def release(self) -> None:
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            finally:
                await self._drop()
