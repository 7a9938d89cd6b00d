"""The webhook's inbox: store before acknowledging, claim, mark processed, re-claim what a crash left.

Plain database work (no Telegram objects), one transaction per call. The payload (a person's ids, names
and message text) is kept only until the update is processed: then the row keeps its `update_id` (to
refuse a redelivery) and times, nothing that names anyone. An update is claimed by the
instance that stored it; a claim older than `stale_after` whose row is still unprocessed is taken
over by a sweeper (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two sweepers never take the same row).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Collection

from sqlalchemy import delete, null, or_, select, text, update

from bot.db.engine import Database
from bot.db.upsert import insert_ignore
from bot.webhook.models import KEEP_UPDATE_IDS, InboundUpdate

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


async def store(db: Database, update_id: int, payload: dict, *, now: datetime, instance: str) -> bool:
    """Insert the update, claimed by `instance`; False when it is a redelivery (already stored)."""
    row = {"update_id": update_id, "payload": payload, "received_at": now, "claimed_by": instance,
           "claimed_at": now, "attempts": 1}
    async with db.session() as s:
        return await insert_ignore(s, InboundUpdate.__table__, [row], ["update_id"]) == 1


async def mark_processed(db: Database, update_id: int, *, now: datetime, error: str | None = None) -> None:
    """The handlers ran: the payload goes (an error they raised is kept for the record, not retried).

    `error`: the exception's type only, never its message (which may quote the update)."""
    async with db.session() as s:
        await s.execute(update(InboundUpdate).where(InboundUpdate.update_id == update_id)
                        .values(processed_at=now, last_error=error, payload=null()))


async def claim_stale(db: Database, *, instance: str, now: datetime, stale_after: timedelta,
                      limit: int = 100, skip: Collection[int] = ()) -> list[tuple[int, dict]]:
    """Take over unprocessed updates whose claim is older than `stale_after`, oldest first.

    `skip`: updates this instance already has queued or in hand (a long queue is not a crash).
    """
    cutoff = now - stale_after
    async with db.session() as s:
        query = (select(InboundUpdate.update_id, InboundUpdate.payload, InboundUpdate.attempts)
                 .where(InboundUpdate.processed_at.is_(None),
                        or_(InboundUpdate.claimed_at.is_(None), InboundUpdate.claimed_at < cutoff))
                 .order_by(InboundUpdate.update_id).limit(limit))
        if skip:
            query = query.where(InboundUpdate.update_id.not_in(list(skip)))
        if db.is_postgres:
            query = query.with_for_update(skip_locked=True)
        rows = (await s.execute(query)).all()
        taken, abandoned = [], []
        for update_id, payload, attempts in rows:
            (abandoned if attempts >= MAX_ATTEMPTS else taken).append((update_id, payload))
        if taken:
            await s.execute(update(InboundUpdate).where(InboundUpdate.update_id.in_([u for u, _ in taken]))
                            .values(claimed_by=instance, claimed_at=now, attempts=InboundUpdate.attempts + 1))
        if abandoned:
            logger.error("giving up on updates %s after %d attempts", [u for u, _ in abandoned], MAX_ATTEMPTS)
            await s.execute(update(InboundUpdate).where(InboundUpdate.update_id.in_([u for u, _ in abandoned]))
                            .values(processed_at=now, last_error=f"abandoned after {MAX_ATTEMPTS} attempts",
                                    payload=null()))
    if taken:
        logger.warning("re-processing %d update(s) left unprocessed: %s", len(taken), [u for u, _ in taken])
    return taken


async def prune(db: Database, *, now: datetime, keep: timedelta = KEEP_UPDATE_IDS) -> int:
    """Forget processed updates older than `keep` (Telegram never redelivers after 24 hours)."""
    async with db.session() as s:
        result = await s.execute(delete(InboundUpdate).where(InboundUpdate.processed_at.is_not(None),
                                                             InboundUpdate.received_at < now - keep))
    return result.rowcount or 0


async def healthy(db: Database) -> bool:
    """The database answers (what /healthz reports)."""
    try:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means unhealthy; the reason goes to the log
        logger.exception("health check: database unreachable")
        return False
