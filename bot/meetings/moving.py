"""Moving an occurrence: the organiser presses «Sposta», then types the new date (kept as a draft)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.meetings import callbacks as cb
from bot.meetings import describe, dialogue, occurrences
from bot.meetings.dialogue import CANCEL_ROW, ask
from bot.meetings.models import Draft
from bot.meetings.parsing import parse_datetime
from bot.meetings.recurrence import to_utc
from bot.people import policy
from bot.people.models import Person
from bot.reply import Reply
from bot.texts import meetings as t
from bot.texts import render


async def start(session: AsyncSession, organiser: Person, occurrence_id: int, *, now: datetime, tz: ZoneInfo) -> Reply:
    """Ask for the new date; the question is answered by the next text the organiser types."""
    occurrence, tavolo = await occurrences.editable(session, occurrence_id, organiser, now)
    await dialogue.begin(session, organiser, "move", "date", {"occurrence_id": occurrence.id}, now=now)
    return ask(render(t.MOVE_ASK, when=describe.when(occurrence.start_at, tz)), [CANCEL_ROW]).as_new_message()


async def on_text(session: AsyncSession, draft: Draft, organiser: Person, text: str, *, now: datetime,
                  tz: ZoneInfo) -> Reply:
    policy.require(organiser, "manage_tavoli")  # a member revoked since «Sposta» was pressed stops here
    occurrence, tavolo = await occurrences.get(session, draft.data["occurrence_id"])
    wall = ZoneInfo(tavolo.timezone)  # the date is typed in the tavolo's own wall time
    parsed = parse_datetime(text)
    if parsed is None:
        return ask(render(t.BAD_DATE, text=text.strip()[:60]), [CANCEL_ROW])
    new_start = to_utc(parsed[0], wall)
    if new_start <= now:
        return ask(render(t.PAST_DATE, when=describe.when(new_start, tz)), [CANCEL_ROW])
    occurrence, tavolo, n = await occurrences.move(session, occurrence.id, new_start, organiser, now=now, tz=tz)
    await session.delete(draft)
    return ask(render(t.MOVED_DONE, when=describe.when(new_start, tz), n=n),
               [[{"text": t.OCCURRENCES_BUTTON, "data": cb.occurrences(tavolo.id)}]])
