"""One broadcast sender at a time in a cluster: on PostgreSQL a tick runs only under an advisory lock.

Every process paces itself at the full rate, so two senders at once would together exceed
Telegram's limit. Each tick takes the cluster lock "delivery-sender" (bot/db/locks.py:
`pg_try_advisory_lock` on a connection of its own) and gives it back when the tick ends;
PostgreSQL frees it if the process dies. Instances that do not get it skip the tick.
SQLite means one instance: always granted.
"""
from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from bot.db.engine import Database
from bot.db.locks import cluster_lock

LOCK_NAME = "delivery-sender"


class Leadership:
    def __init__(self, db: Database, name: str = LOCK_NAME) -> None:
        self.db, self.name = db, name

    def hold(self) -> AbstractAsyncContextManager[bool]:
        """`async with leadership.hold() as granted:` — send only if granted."""
        return cluster_lock(self.db, self.name)
