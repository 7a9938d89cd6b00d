"""Occurrences: list, cancel and move them; participants are told through the outbox (bot/meetings/notices.py)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import MeetingCancelled, MeetingStarted, NotFound
from bot.meetings import notices
from bot.meetings.changes import expire_waiting, forget_answers
from bot.meetings.models import Occurrence, Tavolo
from bot.people import audit, policy
from bot.people.models import Person


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


async def past(session: AsyncSession, tavolo_id: int, now: datetime, limit: int = 12) -> list[Occurrence]:
    """The latest meetings that have started, newest first (minutes and presence are recorded on them)."""
    return list((await session.scalars(select(Occurrence).where(
        Occurrence.tavolo_id == tavolo_id, Occurrence.start_at <= now, Occurrence.status == "scheduled")
        .order_by(Occurrence.start_at.desc(), Occurrence.id.desc()).limit(limit))).all())


async def all_of(session: AsyncSession, tavolo_id: int) -> list[Occurrence]:
    return list((await session.scalars(select(Occurrence).where(Occurrence.tavolo_id == tavolo_id)
                                       .order_by(Occurrence.original_start))).all())


async def editable(session: AsyncSession, occurrence_id: int, organiser: Person, now: datetime):
    """The occurrence, if the organiser may still change it."""
    policy.require(organiser, "manage_tavoli")
    occurrence, tavolo = await get(session, occurrence_id)
    if occurrence.status == "cancelled":
        raise MeetingCancelled()
    if occurrence.start_at <= now:
        raise MeetingStarted()
    return occurrence, tavolo


async def cancel(session: AsyncSession, occurrence_id: int, organiser: Person, *, now: datetime,
                 tz: ZoneInfo) -> tuple[Occurrence, Tavolo, int]:
    """Cancel one meeting: waiting reminders expire, every participant gets a notice with the .ics."""
    occurrence, tavolo = await editable(session, occurrence_id, organiser, now)
    occurrence.status, occurrence.sequence = "cancelled", occurrence.sequence + 1
    occurrence.cancel_reason = "organiser"
    await expire_waiting(session, occurrence)
    n = await notices.one(session, tavolo, occurrence, "cancel", now=now, tz=tz)
    await audit.record(session, organiser, "occurrence.cancel", f"occurrence:{occurrence.id}",
                       {"tavolo_id": tavolo.id, "notified": n}, now=now)
    return occurrence, tavolo, n


async def move(session: AsyncSession, occurrence_id: int, new_start: datetime, organiser: Person, *,
               now: datetime, tz: ZoneInfo) -> tuple[Occurrence, Tavolo, int]:
    """Move one meeting: same UID, higher SEQUENCE; participants get the notice with the new .ics and the
    RSVP asked again (answers given for the old date no longer count)."""
    occurrence, tavolo = await editable(session, occurrence_id, organiser, now)
    if new_start <= now:
        raise MeetingStarted()
    old = occurrence.start_at
    await expire_waiting(session, occurrence)
    await forget_answers(session, occurrence)
    occurrence.start_at, occurrence.sequence = new_start, occurrence.sequence + 1
    n = await notices.one(session, tavolo, occurrence, "move", now=now, tz=tz, old=old)
    await audit.record(session, organiser, "occurrence.move", f"occurrence:{occurrence.id}",
                       {"tavolo_id": tavolo.id, "from": old.isoformat(), "to": new_start.isoformat(),
                        "notified": n}, now=now)
    return occurrence, tavolo, n
