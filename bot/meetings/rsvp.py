"""RSVPs (changeable until the start) and the attendance list of an occurrence."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import upsert
from bot.errors import MeetingCancelled, MeetingStarted, NotParticipant
from bot.meetings.models import RSVP_ANSWERS, Occurrence, Participant, Rsvp, Tavolo
from bot.meetings.occurrences import get
from bot.meetings.tavoli import participants
from bot.people import policy
from bot.people.models import Person
from bot.spreadsheet import csv_bytes
from bot.texts import meetings as t


async def answer(session: AsyncSession, occurrence_id: int, person: Person, value: str, *,
                 now: datetime) -> tuple[Occurrence, Tavolo]:
    """Record (or change) the person's answer; refused once the meeting has started."""
    if value not in RSVP_ANSWERS:
        raise ValueError(value)
    await policy.require_occurrence(session, person, occurrence_id)  # its tavolo must be visible to them
    occurrence, tavolo = await get(session, occurrence_id)
    if occurrence.status == "cancelled":
        raise MeetingCancelled(str(occurrence_id))
    if occurrence.start_at <= now:
        raise MeetingStarted(str(occurrence_id))
    joined = await session.scalar(select(Participant.person_id).where(
        Participant.tavolo_id == tavolo.id, Participant.person_id == person.id))
    if joined is None:
        raise NotParticipant(str(occurrence_id))
    await upsert(session, Rsvp.__table__, [{"occurrence_id": occurrence.id, "person_id": person.id,
                                            "answer": value, "updated_at": now}], ["occurrence_id", "person_id"])
    return occurrence, tavolo


async def current(session: AsyncSession, occurrence_id: int, person_id: int) -> str | None:
    return await session.scalar(select(Rsvp.answer).where(Rsvp.occurrence_id == occurrence_id,
                                                         Rsvp.person_id == person_id))


@dataclass
class Attendance:
    tavolo: Tavolo
    occurrence: Occurrence
    by_answer: dict[str, list[tuple[Person, datetime | None]]] = field(default_factory=dict)

    def names(self, key: str) -> list[str]:
        return [p.name for p, _ in self.by_answer.get(key, [])]

    def count(self, key: str) -> int:
        return len(self.by_answer.get(key, []))


async def attendance(session: AsyncSession, occurrence_id: int, organiser: Person) -> Attendance:
    """Participants grouped by answer ("none" for no answer yet), names sorted."""
    policy.require(organiser, "manage_tavoli")
    occurrence, tavolo = await get(session, occurrence_id)
    answers = {r.person_id: r for r in (await session.scalars(
        select(Rsvp).where(Rsvp.occurrence_id == occurrence.id))).all()}
    result = Attendance(tavolo, occurrence, {k: [] for k in (*RSVP_ANSWERS, "none")})
    people = {p.id: p for p in await participants(session, tavolo.id)}
    for pid in answers.keys() - people.keys():  # answered, then left the tavolo: still counted
        people[pid] = await session.get(Person, pid)
    for person in sorted(people.values(), key=lambda p: (p.name, p.id)):
        row = answers.get(person.id)
        result.by_answer[row.answer if row else "none"].append((person, row.updated_at if row else None))
    return result


def attendance_csv(result: Attendance) -> bytes:
    """CSV (UTF-8 with BOM, so Excel shows the accents) of every participant and their answer."""
    tz = ZoneInfo(result.tavolo.timezone)
    rows = [t.CSV_HEADER]
    for key in (*RSVP_ANSWERS, "none"):
        label = t.RSVP_LABELS.get(key, t.CSV_NO_ANSWER)
        rows += [[person.name, person.username or "", label, at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if at else ""]
                 for person, at in result.by_answer.get(key, [])]
    return csv_bytes(rows)
