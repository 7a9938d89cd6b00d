"""The agenda and the minutes of a meeting: a text or a document (or both), set by an organiser.

The agenda is set before the meeting (reminders then carry a button to read it); the minutes once it
has started. Anyone who may see the tavolo may read both.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import upsert
from bot.errors import BadInput, MeetingCancelled, MeetingStarted
from bot.meetings.models import Occurrence, OccurrenceNote, Tavolo
from bot.meetings.occurrences import get
from bot.people import audit, policy
from bot.people.models import Person

MAX_TEXT = 3500  # a message with its heading stays under Telegram's 4096
MAX_FILE = 5 * 1024 * 1024  # a document kept in the database
FILE_TYPES = (".pdf", ".doc", ".docx", ".odt", ".txt", ".rtf", ".xlsx", ".ods", ".pptx", ".odp")


async def writable(session: AsyncSession, occurrence_id: int, kind: str, organiser: Person,
                   now: datetime) -> tuple[Occurrence, Tavolo]:
    """The meeting, if the organiser may set its `kind` now: an agenda until it starts, minutes once it has."""
    policy.require(organiser, "manage_tavoli")
    occurrence, tavolo = await get(session, occurrence_id)
    if occurrence.status == "cancelled":
        raise MeetingCancelled()
    if kind == "agenda" and occurrence.start_at <= now:
        raise MeetingStarted()
    if kind == "minutes" and occurrence.start_at > now:
        raise MeetingStarted("minutes_early")
    return occurrence, tavolo


def check_file(filename: str, size: int) -> None:
    """A document an organiser sends as agenda or minutes: a known office type, not too big."""
    if size > MAX_FILE:
        raise BadInput("note_file_size", limit=MAX_FILE // (1024 * 1024))
    if not filename.lower().endswith(FILE_TYPES):
        raise BadInput("note_file_type", types=", ".join(FILE_TYPES))


async def save(session: AsyncSession, occurrence_id: int, kind: str, organiser: Person, *, now: datetime,
               text: str | None = None, filename: str | None = None, content: bytes | None = None) -> Tavolo:
    """Set the text, or the document, of the agenda or the minutes (the other part is kept)."""
    occurrence, tavolo = await writable(session, occurrence_id, kind, organiser, now)
    if text is not None and not 1 <= len(text.strip()) <= MAX_TEXT:
        raise BadInput("note_length", limit=MAX_TEXT)
    if content is not None:
        check_file(filename or "", len(content))
    row = await session.get(OccurrenceNote, (occurrence.id, kind))
    values = {"occurrence_id": occurrence.id, "kind": kind, "updated_at": now, "updated_by": organiser.id,
              "text": row.text if row else None, "filename": row.filename if row else None,
              "content": row.content if row else None}
    if text is not None:
        values["text"] = text.strip()
    if content is not None:
        values["filename"], values["content"] = filename, content
    await upsert(session, OccurrenceNote.__table__, [values], ["occurrence_id", "kind"])
    await audit.record(session, organiser, f"occurrence.{kind}", f"occurrence:{occurrence.id}",
                       {"text": text is not None, "document": content is not None}, now=now)
    return tavolo


async def read(session: AsyncSession, occurrence_id: int, kind: str, person: Person
               ) -> tuple[Occurrence, Tavolo, OccurrenceNote | None]:
    """The agenda or minutes of a meeting the person may see (the policy first)."""
    await policy.require_occurrence(session, person, occurrence_id)
    occurrence, tavolo = await get(session, occurrence_id)
    note = await session.scalar(select(OccurrenceNote).where(OccurrenceNote.occurrence_id == occurrence.id,
                                                             OccurrenceNote.kind == kind))
    return occurrence, tavolo, note


async def kinds(session: AsyncSession, occurrence_id: int) -> set[str]:
    """Which notes a meeting has."""
    return set((await session.scalars(select(OccurrenceNote.kind).where(
        OccurrenceNote.occurrence_id == occurrence_id))).all())
