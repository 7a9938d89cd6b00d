"""Shared helpers of the delivery tests: people, outbox rows, and what Telegram received."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.outbox.models import OutboxMessage
from bot.outbox.queue import Outgoing, enqueue
from bot.people.models import Person


async def make_people(db, clock, ids, role: str | None = "referente") -> list[Person]:
    async with db.session() as s:
        people = [Person(telegram_user_id=i, chat_id=i, name=f"Persona {i}", role=role, reachable=True,
                         created_at=clock.now()) for i in ids]
        s.add_all(people)
    return people


async def queue(db, clock, items, *, round_: str = "r1", delay: float = 0, expires: float | None = None) -> int:
    """items: (key, chat_id, text[, person_id]) tuples, due `delay` seconds from now."""
    now = clock.now()
    msgs = [Outgoing(key=k, round=round_, chat_id=c, text=t, person_id=(rest[0] if rest else None),
                     due_at=now + timedelta(seconds=delay),
                     expires_at=None if expires is None else now + timedelta(seconds=expires))
            for k, c, t, *rest in items]
    async with db.session() as s:
        return await enqueue(s, msgs, now=now)


async def rows(db) -> list[OutboxMessage]:
    async with db.session() as s:
        return list((await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def statuses(db) -> dict[str, str]:
    return {r.key: r.status for r in await rows(db)}
