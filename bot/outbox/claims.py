"""The outbox's state changes, each its own short transaction: claim, mark sending, record, reap.

Claims take only the head of each chat's queue (no earlier row of that chat still due or in
flight), so messages reach a person in the order they were queued. PostgreSQL claims with
`FOR UPDATE SKIP LOCKED`, so several dispatchers take disjoint rows; SQLite serialises writers
with BEGIN IMMEDIATE (the engine issues it) and means a single instance.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import aliased

from bot.db.engine import Database
from bot.outbox import recipients as channels
from bot.outbox.models import OutboxMessage as O
from bot.outbox.ports import Envelope
from bot.people.models import Person

IN_FLIGHT = ("claimed", "sending")
CONFIRM_ROUND = "email:confirm"  # bot/people/email_address.py: to an address not confirmed yet, by design
FAST = {"synchronize_session": False}  # plain UPDATEs: no ORM objects of this session to keep in step


@dataclass(frozen=True)
class Claimed:
    id: int
    attempts: int  # before this try
    chat_id: int | None
    person_id: int | None
    expires_at: datetime | None
    envelope: Envelope

    @property
    def channel(self) -> str:
        return self.envelope.channel

    @property
    def recipient(self) -> int:
        """The key of the per-recipient rate limit: the chat, or a positive number for the address."""
        if self.chat_id is not None:
            return self.chat_id
        return int.from_bytes(hashlib.sha256((self.envelope.address or "").encode()).digest()[:7], "big") + 1


def _first_in_chat(now: datetime):
    """No earlier row of the same chat (or e-mail address) is in flight or due: this row is next for its
    recipient."""
    earlier = aliased(O)
    ahead = or_(earlier.status.in_(IN_FLIGHT), and_(earlier.status == "pending", earlier.due_at <= now))
    by_chat = select(earlier.id).where(earlier.chat_id == O.chat_id, earlier.id < O.id, ahead)
    by_address = select(earlier.id).where(earlier.address == O.address, earlier.id < O.id, ahead)
    return and_(or_(O.chat_id.is_(None), ~by_chat.exists()), or_(O.address.is_(None), ~by_address.exists()))


def _heads(now: datetime, batch: int, postgres: bool):
    query = (select(O.id, O.expires_at, O.channel, Person.reachable,
                    case((and_(Person.email == O.address, Person.email_refused_at.is_(None),
                               or_(channels.by_email(), O.round == CONFIRM_ROUND)), 1), else_=0).label("email_ok"))
             .outerjoin(Person, Person.id == O.person_id)
             .where(O.status == "pending", O.next_attempt_at <= now, _first_in_chat(now))
             .order_by(O.id).limit(batch))
    return query.with_for_update(skip_locked=True, of=O) if postgres else query


async def claim(db: Database, *, instance: str, now: datetime, batch: int) -> list[Claimed]:
    """Claim up to `batch` due rows; expired ones become `expired`, unreachable people `blocked`."""
    async with db.session() as s:
        found = (await s.execute(_heads(now, batch, db.is_postgres))).all()
        expired = [r.id for r in found if r.expires_at is not None and r.expires_at <= now]
        unreachable = [r.id for r in found if r.id not in expired and r.channel == channels.TELEGRAM
                       and r.reachable is False]
        refused = [r.id for r in found if r.id not in expired and r.channel == channels.EMAIL and not r.email_ok]
        ids = [r.id for r in found if r.id not in expired and r.id not in unreachable and r.id not in refused]
        if expired:
            await s.execute(update(O).where(O.id.in_(expired)).values(status="expired"),
                            execution_options=FAST)
        if unreachable:
            await s.execute(update(O).where(O.id.in_(unreachable))
                            .values(status="blocked", last_error="person unreachable (blocked the bot)"),
                            execution_options=FAST)
        if refused:
            await s.execute(update(O).where(O.id.in_(refused))
                            .values(status="blocked", last_error="address not usable (refused, unsubscribed or changed)"),
                            execution_options=FAST)
        if not ids:
            return []
        await s.execute(update(O).where(O.id.in_(ids)).values(status="claimed", claimed_by=instance, claimed_at=now),
                        execution_options=FAST)
        rows = (await s.scalars(select(O).where(O.id.in_(ids)).order_by(O.id))).all()
        return [Claimed(r.id, r.attempts, r.chat_id, r.person_id, r.expires_at,
                        Envelope(r.chat_id, r.kind, r.text, r.keyboard, r.filename, r.content, r.channel, r.address,
                                 r.subject, r.id)) for r in rows]


@dataclass(frozen=True)
class Outcome:
    """The result of one send, written behind: with the next row's `sending` mark, or at batch end."""

    row_id: int
    values: dict
    unreachable_person: int | None = None  # 403 in the chat: the person blocked the bot
    refused_person: int | None = None  # a hard bounce: the server refused the person's address
    refused_at: datetime | None = None


async def _apply(s, outcomes: list[Outcome], instance: str) -> None:
    """Store outcomes of sends this instance made (even if the reaper already called them unknown)."""
    for o in outcomes:
        await s.execute(update(O).where(O.id == o.row_id, O.claimed_by == instance,
                                        O.status.in_(("sending", "unknown"))).values(**o.values),
                        execution_options=FAST)
        if o.unreachable_person is not None:  # after a 403, until a my_chat_member update says otherwise
            await s.execute(update(Person).where(Person.id == o.unreachable_person).values(reachable=False),
                            execution_options=FAST)
        if o.refused_person is not None:  # until the person gives (and confirms) an address again
            await s.execute(update(Person).where(Person.id == o.refused_person)
                            .values(email_refused_at=o.refused_at), execution_options=FAST)


async def mark_sending(db: Database, row: Claimed, *, instance: str, now: datetime,
                       outcomes: list[Outcome] = ()) -> bool:
    """Committed just before the call: a crash from here on leaves `sending`, reaped as `unknown`."""
    async with db.session() as s:
        await _apply(s, list(outcomes), instance)
        mine = and_(O.id == row.id, O.status == "claimed", O.claimed_by == instance)
        if row.expires_at is not None and row.expires_at <= now:
            await s.execute(update(O).where(mine).values(status="expired"), execution_options=FAST)
            return False
        result = await s.execute(update(O).where(mine).values(status="sending", claimed_at=now,
                                                               attempts=O.attempts + 1), execution_options=FAST)
        return result.rowcount == 1


async def flush(db: Database, outcomes: list[Outcome], *, instance: str) -> None:
    if outcomes:
        async with db.session() as s:
            await _apply(s, outcomes, instance)


async def release(db: Database, retry_at: dict[int, datetime], *, instance: str) -> None:
    """Claimed rows this tick did not get to go back to `pending`, each due again at its time."""
    async with db.session() as s:
        for row_id, at in retry_at.items():
            await s.execute(update(O).where(O.id == row_id, O.status == "claimed", O.claimed_by == instance)
                            .values(status="pending", claimed_by=None, claimed_at=None, next_attempt_at=at),
                            execution_options=FAST)


async def reap(db: Database, *, stale_before: datetime) -> tuple[int, int]:
    """Claims older than the lease: `claimed` → pending (never tried), `sending` → unknown (cut mid-call)."""
    async with db.session() as s:
        back = await s.execute(update(O).where(O.status == "claimed", O.claimed_at < stale_before)
                               .values(status="pending", claimed_by=None, claimed_at=None),
                               execution_options=FAST)
        cut = await s.execute(update(O).where(O.status == "sending", O.claimed_at < stale_before)
                              .values(status="unknown", last_error="interrupted while sending (crash)"), execution_options=FAST)
        return back.rowcount or 0, cut.rowcount or 0


async def next_due(db: Database, now: datetime) -> datetime | None:
    """When the next claimable row becomes due (to wait for it inside a tick)."""
    async with db.session() as s:
        return await s.scalar(select(func.min(O.next_attempt_at))
                              .where(O.status == "pending", _first_in_chat(now)))
