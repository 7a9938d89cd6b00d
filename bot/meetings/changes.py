"""A tavolo's new schedule or details applied to its coming meetings as edits, never as a clean slate.

Only future meetings are looked at (past ones never change). For the new plan of the coming months:
- a meeting whose slot is still planned stays (one the schedule had cancelled comes back);
- a meeting moved by hand in the chat stays where it was moved (the organiser's decision wins);
- a meeting whose slot is gone is paired with the nearest new date within MOVE_WINDOW that no other
  meeting holds: it is *moved* there (same UID, SEQUENCE + 1, its RSVPs asked again);
- a meeting left without a pair is *cancelled* (reason "schedule": it comes back if its date does);
- a new date left without a meeting becomes a new meeting.
A change of title, place, link or duration *changes* every coming meeting (SEQUENCE + 1). Every
participant then gets one notice listing what happened, with the .ics of the meetings it touched
(bot/meetings/notices.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.meetings import ics
from bot.meetings.models import Occurrence, Rsvp, Tavolo
from bot.meetings.recurrence import HORIZON, materialise, planned_starts
from bot.meetings.reminders import round_prefix
from bot.outbox.models import OutboxMessage

MOVE_WINDOW = timedelta(days=14)
SERIES_FIELDS = ("title", "place", "video_link", "duration_minutes", "description")
SCHEDULE_FIELDS = ("timezone", "rrule", "dtstart_local", "dates_local", "skip")


@dataclass
class Changes:
    """What a new schedule or new details did to the coming meetings of one tavolo."""

    moved: list[tuple[Occurrence, datetime]] = field(default_factory=list)  # (meeting, its old start)
    cancelled: list[Occurrence] = field(default_factory=list)
    restored: list[Occurrence] = field(default_factory=list)
    added: list[Occurrence] = field(default_factory=list)
    changed: list[Occurrence] = field(default_factory=list)  # same time, new details
    fields: list[str] = field(default_factory=list)  # which details changed (SERIES_FIELDS)

    def __bool__(self) -> bool:
        return bool(self.moved or self.cancelled or self.restored or self.added or self.changed)

    def touched(self) -> list[Occurrence]:
        """Every meeting the change touched, by start: the events of the notice's .ics."""
        found = {o.id: o for o in [*(o for o, _ in self.moved), *self.cancelled, *self.restored, *self.added,
                                   *self.changed]}
        return sorted(found.values(), key=lambda o: (o.start_at, o.id))


async def apply(session: AsyncSession, tavolo: Tavolo, *, now: datetime, fields: list[str] = ()) -> Changes:
    """Bring the coming meetings in line with the tavolo as it is now (see the module's docstring)."""
    result = Changes(fields=[f for f in fields if f in SERIES_FIELDS])
    plan = set(planned_starts(tavolo, now, now + HORIZON))
    rows = list((await session.scalars(select(Occurrence).where(
        Occurrence.tavolo_id == tavolo.id, Occurrence.start_at > now, Occurrence.original_start > now)
        .order_by(Occurrence.original_start))).all())
    held = {r.original_start for r in rows}
    loose = []
    for row in rows:
        if row.original_start in plan:
            if row.status == "cancelled" and row.cancel_reason == "schedule":
                row.status, row.cancel_reason = "scheduled", None
                _bump(row)
                result.restored.append(row)
            elif row.status == "scheduled" and result.fields:
                _bump(row)
                result.changed.append(row)
        elif row.status == "scheduled" and row.start_at == row.original_start:
            loose.append(row)
        elif row.status == "scheduled" and result.fields:  # moved by hand: stays, but its details changed
            _bump(row)
            result.changed.append(row)
    free = sorted(plan - held)
    for row, new_start in _pairs(loose, free):
        old = row.start_at
        row.uid = ics.uid(row)  # frozen before the slot changes
        row.original_start = row.start_at = new_start
        _bump(row)
        await forget_answers(session, row)
        result.moved.append((row, old))
        loose.remove(row)
    for row in loose:
        row.status, row.cancel_reason = "cancelled", "schedule"
        _bump(row)
        result.cancelled.append(row)
    for row in [*(o for o, _ in result.moved), *result.cancelled]:
        await expire_waiting(session, row)
    await session.flush()
    before = {r.id for r in rows}
    await materialise(session, tavolo, now=now)
    if any(f in SCHEDULE_FIELDS for f in fields):  # new dates of a new schedule (not the horizon moving on)
        result.added = [o for o in (await session.scalars(select(Occurrence).where(
            Occurrence.tavolo_id == tavolo.id, Occurrence.start_at > now).order_by(Occurrence.start_at))).all()
            if o.id not in before and o.status == "scheduled"]
    return result


def _bump(row: Occurrence) -> None:
    row.sequence = row.sequence + 1


def _pairs(loose: list[Occurrence], free: list[datetime]) -> list[tuple[Occurrence, datetime]]:
    """Meetings without a slot and new dates without a meeting, nearest first, each used once."""
    candidates = sorted((abs(n - r.original_start), r.original_start, n, r) for r in loose for n in free
                        if abs(n - r.original_start) <= MOVE_WINDOW)
    taken_rows, taken_dates, pairs = set(), set(), []
    for _, _, new_start, row in candidates:
        if row.id not in taken_rows and new_start not in taken_dates:
            taken_rows.add(row.id)
            taken_dates.add(new_start)
            pairs.append((row, new_start))
    return pairs


async def forget_answers(session: AsyncSession, occurrence: Occurrence) -> None:
    """A meeting on another day is a new question: its RSVPs are asked again."""
    await session.execute(delete(Rsvp).where(Rsvp.occurrence_id == occurrence.id))


async def expire_waiting(session: AsyncSession, occurrence: Occurrence) -> None:
    """Reminders for the old date that have not left yet must not leave any more."""
    await session.execute(update(OutboxMessage).where(
        OutboxMessage.round.startswith(round_prefix(occurrence.tavolo_id, occurrence.id), autoescape=True),
        OutboxMessage.status == "pending").values(status="expired"))


async def archive(session: AsyncSession, tavolo: Tavolo, *, now: datetime) -> Changes:
    """The tavolo stops: every coming meeting is cancelled (reason "archive")."""
    result = Changes()
    rows = (await session.scalars(select(Occurrence).where(
        Occurrence.tavolo_id == tavolo.id, Occurrence.status == "scheduled", Occurrence.start_at > now))).all()
    for row in rows:
        row.status, row.cancel_reason = "cancelled", "archive"
        _bump(row)
        await expire_waiting(session, row)
        result.cancelled.append(row)
    tavolo.active = False
    await session.flush()
    return result
