"""Moving an occurrence: the organiser presses «Sposta», then types the new date (kept as a draft)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.meetings import describe, dialogue, occurrences
from bot.meetings.dialogue import CANCEL_ROW, Prompt
from bot.meetings.models import Draft
from bot.meetings.parsing import parse_datetime
from bot.meetings.recurrence import to_utc
from bot.people import policy
from bot.people.models import Person
from bot.texts import meetings as t
from bot.texts import render

DRAFT_TTL = timedelta(days=7)


async def start(session: AsyncSession, organiser: Person, occurrence_id: int, *, now: datetime) -> Prompt:
    """Ask for the new date; the question is answered by the next text the organiser types."""
    occurrence, tavolo = await occurrences.editable(session, occurrence_id, organiser, now)
    await session.execute(delete(Draft).where(Draft.person_id == organiser.id))
    session.add(Draft(person_id=organiser.id, kind="move", step="date",
                      data={"occurrence_id": occurrence.id}, updated_at=now))
    return Prompt(render(t.MOVE_ASK, when=describe.when(occurrence.start_at, ZoneInfo(tavolo.timezone))), [CANCEL_ROW])


async def on_text(session: AsyncSession, draft: Draft, organiser: Person, text: str, *, now: datetime) -> Prompt:
    policy.require(organiser, "manage_tavoli")  # a member revoked since «Sposta» was pressed stops here
    occurrence, tavolo = await occurrences.get(session, draft.data["occurrence_id"])
    tz = ZoneInfo(tavolo.timezone)
    parsed = parse_datetime(text)
    if parsed is None:
        return Prompt(render(t.BAD_DATE, text=text.strip()[:60]), [CANCEL_ROW])
    new_start = to_utc(parsed[0], tz)
    if new_start <= now:
        return Prompt(render(t.PAST_DATE, when=describe.when(new_start, tz)), [CANCEL_ROW])
    occurrence, tavolo, n = await occurrences.move(session, occurrence.id, new_start, organiser, now=now)
    await session.delete(draft)
    return Prompt(render(t.MOVED_DONE, when=describe.when(new_start, tz), n=n),
                  [[{"text": t.OCCURRENCES_BUTTON, "data": f"m:o:{tavolo.id}"}]])


async def on_text_any(session: AsyncSession, person: Person, text: str, *, now: datetime, tz: ZoneInfo) -> Prompt | None:
    """Route typed text to the person's active draft; None if they have none."""
    draft = await dialogue.active(session, person.id)
    if draft is None:
        return None
    if draft.updated_at < now - DRAFT_TTL:  # abandoned long ago: the text is a new question, not an answer
        await session.delete(draft)
        return None
    if draft.kind == "move":
        return await on_text(session, draft, person, text, now=now)
    return await dialogue.on_text(session, draft, person, text, now=now, tz=tz)
