"""Occurrences: list, cancel and move them; participants are told through the outbox."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import MeetingCancelled, MeetingStarted, NotFound
from bot.meetings import describe, ics
from bot.meetings.models import Occurrence, Tavolo
from bot.meetings.reminders import round_prefix
from bot.meetings.tavoli import participants
from bot.outbox.models import OutboxMessage
from bot.outbox.queue import Outgoing, enqueue
from bot.people import audit, policy
from bot.people.models import Person
from bot.texts import meetings as t
from bot.texts import render


async def get(session: AsyncSession, occurrence_id: int) -> tuple[Occurrence, Tavolo]:
    occurrence = await session.get(Occurrence, occurrence_id)
    tavolo = None if occurrence is None else await session.get(Tavolo, occurrence.tavolo_id)
    if occurrence is None or tavolo is None or not tavolo.active:
        raise NotFound("occurrence", occurrence_id)
    return occurrence, tavolo


async def upcoming(session: AsyncSession, tavolo_id: int, now: datetime, limit: int = 12) -> list[Occurrence]:
    """The next occurrences, cancelled ones included (they are shown as such)."""
    return list((await session.scalars(select(Occurrence).where(
        Occurrence.tavolo_id == tavolo_id, Occurrence.start_at > now)
        .order_by(Occurrence.start_at, Occurrence.id).limit(limit))).all())


async def all_of(session: AsyncSession, tavolo_id: int) -> list[Occurrence]:
    return list((await session.scalars(select(Occurrence).where(Occurrence.tavolo_id == tavolo_id)
                                       .order_by(Occurrence.original_start))).all())


async def editable(session: AsyncSession, occurrence_id: int, organiser: Person, now: datetime):
    """The occurrence, if the organiser may still change it."""
    policy.require(organiser, "manage_tavoli")
    occurrence, tavolo = await get(session, occurrence_id)
    if occurrence.status == "cancelled":
        raise MeetingCancelled(str(occurrence_id))
    if occurrence.start_at <= now:
        raise MeetingStarted(str(occurrence_id))
    return occurrence, tavolo


async def cancel(session: AsyncSession, occurrence_id: int, organiser: Person, *, now: datetime) -> tuple[Occurrence, Tavolo, int]:
    """Cancel one meeting: waiting reminders expire, every participant gets a notice."""
    occurrence, tavolo = await editable(session, occurrence_id, organiser, now)
    occurrence.status, occurrence.sequence = "cancelled", occurrence.sequence + 1
    await _expire_waiting_reminders(session, occurrence)
    tz = ZoneInfo(tavolo.timezone)
    text = render(t.CANCEL_NOTICE, title=tavolo.title, when=describe.when(occurrence.start_at, tz))
    people = [p for p in await participants(session, tavolo.id) if p.chat_id is not None]
    name = f"{round_prefix(tavolo.id, occurrence.id)}cancel"
    await enqueue(session, [Outgoing(key=f"{name}:p{p.id}", round=name, chat_id=p.chat_id, person_id=p.id,
                                     text=text, due_at=now) for p in people], now=now)
    await audit.record(session, organiser, "occurrence.cancel", f"occurrence:{occurrence.id}",
                       {"tavolo_id": tavolo.id, "notified": len(people)}, now=now)
    return occurrence, tavolo, len(people)


async def move(session: AsyncSession, occurrence_id: int, new_start: datetime, organiser: Person, *,
               now: datetime) -> tuple[Occurrence, Tavolo, int]:
    """Move one meeting: same UID, higher SEQUENCE; participants get the notice with the new .ics."""
    occurrence, tavolo = await editable(session, occurrence_id, organiser, now)
    if new_start <= now:
        raise MeetingStarted("new start in the past")
    tz = ZoneInfo(tavolo.timezone)
    old = occurrence.start_at
    await _expire_waiting_reminders(session, occurrence)
    occurrence.start_at, occurrence.sequence = new_start, occurrence.sequence + 1
    text = render(t.MOVE_NOTICE, title=tavolo.title, old=describe.when(old, tz), new=describe.when(new_start, tz))
    content = ics.occurrence_ics(tavolo, occurrence, now=now)
    people = [p for p in await participants(session, tavolo.id) if p.chat_id is not None]
    name = f"{round_prefix(tavolo.id, occurrence.id)}move{occurrence.sequence}"
    await enqueue(session, [Outgoing(key=f"{name}:p{p.id}", round=name, chat_id=p.chat_id, person_id=p.id,
                                     text=text, kind="document", filename=ics.filename(tavolo, occurrence),
                                     content=content, due_at=now, expires_at=new_start) for p in people], now=now)
    await audit.record(session, organiser, "occurrence.move", f"occurrence:{occurrence.id}",
                       {"tavolo_id": tavolo.id, "from": old.isoformat(), "to": new_start.isoformat(),
                        "notified": len(people)}, now=now)
    return occurrence, tavolo, len(people)


async def _expire_waiting_reminders(session: AsyncSession, occurrence: Occurrence) -> None:
    """Reminders for the old date that have not left yet must not leave any more."""
    await session.execute(update(OutboxMessage).where(
        OutboxMessage.round.startswith(round_prefix(occurrence.tavolo_id, occurrence.id), autoescape=True),
        OutboxMessage.status == "pending").values(status="expired"))
