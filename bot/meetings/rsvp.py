"""RSVPs (changeable until the start), actual presence (recorded by the organiser) and the attendance list."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.db.upsert import insert_ignore, upsert
from bot.errors import MeetingCancelled, MeetingStarted, NotFound, NotParticipant
from bot.meetings.models import RSVP_ANSWERS, Occurrence, Participant, Presence, Rsvp, Tavolo
from bot.meetings.occurrences import get
from bot.meetings.tavoli import participants
from bot.people import audit, policy
from bot.people.models import Person
from bot.spreadsheet import csv_bytes
from bot.texts import meetings as t

PRESENCE_FROM = timedelta(hours=1)  # presence can be taken from an hour before the start


async def answer(session: AsyncSession, occurrence_id: int, person: Person, value: str, *,
                 now: datetime) -> tuple[Occurrence, Tavolo]:
    """Record (or change) the person's answer; refused once the meeting has started."""
    if value not in RSVP_ANSWERS:
        raise ValueError(value)
    await policy.require_occurrence(session, person, occurrence_id)  # its tavolo must be visible to them
    occurrence, tavolo = await get(session, occurrence_id)
    if occurrence.status == "cancelled":
        raise MeetingCancelled("rsvp")
    if occurrence.start_at <= now:
        raise MeetingStarted("rsvp")
    joined = await session.scalar(select(Participant.person_id).where(
        Participant.tavolo_id == tavolo.id, Participant.person_id == person.id))
    if joined is None:
        raise NotParticipant()
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
    present: set[int] = field(default_factory=set)  # ids of the people the organiser marked present

    def names(self, key: str) -> list[str]:
        return [p.name for p, _ in self.by_answer.get(key, [])]

    def count(self, key: str) -> int:
        return len(self.by_answer.get(key, []))

    def people(self) -> list[tuple[Person, str]]:
        """Everyone on the list with their answer ("none": no answer), by name."""
        found = [(p, key) for key, rows in self.by_answer.items() for p, _ in rows]
        return sorted(found, key=lambda row: (row[0].name, row[0].id))


async def attendance(session: AsyncSession, occurrence_id: int, organiser: Person) -> Attendance:
    """Participants grouped by answer ("none" for no answer yet), names sorted, with who was present."""
    policy.require(organiser, "manage_tavoli")
    occurrence, tavolo = await get(session, occurrence_id)
    answers = {r.person_id: r for r in (await session.scalars(
        select(Rsvp).where(Rsvp.occurrence_id == occurrence.id))).all()}
    present = set((await session.scalars(select(Presence.person_id).where(
        Presence.occurrence_id == occurrence.id))).all())
    result = Attendance(tavolo, occurrence, {k: [] for k in (*RSVP_ANSWERS, "none")}, present)
    people = {p.id: p for p in await participants(session, tavolo.id)}
    for pid in (answers.keys() | present) - people.keys():  # answered or came, then left the tavolo: still counted
        found = await session.get(Person, pid)
        if found is not None:
            people[pid] = found
    for person in sorted(people.values(), key=lambda p: (p.name, p.id)):
        row = answers.get(person.id)
        result.by_answer[row.answer if row else "none"].append((person, row.updated_at if row else None))
    return result


async def toggle_presence(session: AsyncSession, occurrence_id: int, person_id: int, organiser: Person, *,
                          now: datetime) -> Attendance:
    """Mark the person present, or no longer present; from an hour before the start on."""
    result = await attendance(session, occurrence_id, organiser)
    if result.occurrence.status == "cancelled":
        raise MeetingCancelled()
    if result.occurrence.start_at - PRESENCE_FROM > now:
        raise MeetingStarted("not_yet")
    if person_id not in {p.id for p, _ in result.people()}:
        raise NotFound("participant", person_id)
    if person_id in result.present:
        await session.execute(delete(Presence).where(Presence.occurrence_id == occurrence_id,
                                                     Presence.person_id == person_id))
        result.present.discard(person_id)
    else:
        await insert_ignore(session, Presence.__table__, [
            {"occurrence_id": occurrence_id, "person_id": person_id, "recorded_at": now,
             "recorded_by": organiser.id}], ["occurrence_id", "person_id"])
        result.present.add(person_id)
    await audit.record(session, organiser, "occurrence.presence", f"occurrence:{occurrence_id}",
                       {"person_id": person_id, "present": person_id in result.present}, now=now)
    return result


def attendance_csv(result: Attendance, tz: ZoneInfo) -> bytes:
    """CSV (bot/spreadsheet.py: UTF-8 with BOM, formula-safe) of every participant, their answer and whether
    they were there."""
    rows = [t.CSV_HEADER]
    for key in (*RSVP_ANSWERS, "none"):
        label = t.RSVP_LABELS.get(key, t.CSV_NO_ANSWER)
        rows += [[person.name, person.username or "", label, timefmt.sortable(at, tz),
                  t.CSV_PRESENT if person.id in result.present else t.CSV_ABSENT]
                 for person, at in result.by_answer.get(key, [])]
    return csv_bytes(rows)
