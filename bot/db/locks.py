"""One-per-cluster work: `async with cluster_lock(db, "name") as held:` runs the body everywhere, `held` on one.

On PostgreSQL the lock is `pg_try_advisory_lock` on a connection of its own (autocommit, so never
idle in a transaction), released when the block ends or, if the process dies, by PostgreSQL itself.
Nobody waits: instances that do not get it see `held == False` and skip this round. SQLite means a
single instance, so the lock is always held.
"""
from __future__ import annotations

import hashlib
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import text

from bot.db.engine import Database

logger = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name (the same in every process and release)."""
    return int.from_bytes(hashlib.blake2b(f"zobot:{name}".encode(), digest_size=8).digest(), "big", signed=True)


@asynccontextmanager
async def cluster_lock(db: Database, name: str) -> AsyncIterator[bool]:
    """Try the cluster-wide lock `name`; yields whether this process holds it."""
    if not db.is_postgres:
        yield True
        return
    key = lock_key(name)
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        held = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
        if not held:
            logger.debug("cluster lock %s held elsewhere", name)
        try:
            yield held
        finally:
            if held:
                try:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                except Exception:  # a lock must never leak into the pool with its connection
                    await conn.invalidate()
                    raise
