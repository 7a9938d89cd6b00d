"""One broadcast sender at a time in a cluster: on PostgreSQL a tick runs only under an advisory lock.

Every process paces itself at the full rate, so two senders at once would together exceed
Telegram's limit. Each tick takes `pg_try_advisory_lock` on a connection of its own (autocommit,
never idle in a transaction) and gives it back when the tick ends; PostgreSQL frees it if the process
dies. Instances that do not get the lock skip the tick. SQLite means one instance: always granted.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import text

from bot.db.engine import Database

logger = logging.getLogger(__name__)

LOCK_KEY = 0x7A0B0701  # any constant shared by every instance of the bot


class Leadership:
    def __init__(self, db: Database, key: int = LOCK_KEY) -> None:
        self.db, self.key = db, key

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[bool]:
        """`async with leadership.hold() as granted:` — send only if granted."""
        if not self.db.is_postgres:
            yield True
            return
        async with self.db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            granted = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}))
            try:
                yield granted
            finally:
                if granted:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
