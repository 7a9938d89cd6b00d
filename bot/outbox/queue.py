"""Putting messages in the outbox. Fan-out may run twice: the unique key makes it create nothing new."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.outbox.models import OutboxMessage


@dataclass(frozen=True)
class Outgoing:
    """One message for one recipient. `keyboard` rows hold {"text", "data"} or {"text", "url"}."""

    key: str
    round: str
    chat_id: int
    text: str
    due_at: datetime
    person_id: int | None = None
    keyboard: list[list[dict]] | None = None
    kind: str = "text"
    filename: str | None = None
    content: bytes | None = None
    expires_at: datetime | None = None
    extra: dict = field(default_factory=dict)


async def enqueue(session: AsyncSession, messages: list[Outgoing], *, now: datetime) -> int:
    """Add messages to the outbox in the caller's transaction; returns how many were new."""
    rows = [
        {
            "key": m.key, "round": m.round, "person_id": m.person_id, "chat_id": m.chat_id,
            "kind": m.kind, "text": m.text, "keyboard": m.keyboard, "filename": m.filename,
            "content": m.content, "due_at": m.due_at, "expires_at": m.expires_at,
            "status": "pending", "attempts": 0, "next_attempt_at": m.due_at, "created_at": now,
        }
        for m in messages
    ]
    created = 0
    for start in range(0, len(rows), 500):
        created += await insert_ignore(session, OutboxMessage.__table__, rows[start:start + 500], ["key"])
    return created
