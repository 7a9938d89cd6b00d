"""The periodic work of the tavoli: materialise occurrences, fan out due reminders (idempotent)."""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import Database
from bot.meetings import describe, occurrences
from bot.meetings.recurrence import materialise_all
from bot.meetings.reminders import fan_out, round_prefix
from bot.outbox.models import OutboxMessage
from bot.outbox.report import RoundReport, round_report
from bot.people import policy
from bot.people.models import Person
from bot.texts import meetings as t

logger = logging.getLogger(__name__)
JOB_NAME = "meetings:reminders"
INTERVAL = 60  # seconds between ticks; the smallest sensible reminder offset is minutes


async def tick(db: Database, *, now: datetime, chunk: int = 500) -> tuple[int, int]:
    """One pass: returns (occurrences created, reminders enqueued). Safe to run twice or concurrently.

    The fan-out commits every `chunk` rows, so a round of thousands never holds SQLite's write lock
    for long; a crash in between loses nothing, the next tick carries on from the unique keys.
    """
    async with db.session() as session:
        created = await materialise_all(session, now=now)
    queued = 0
    while True:
        async with db.session() as session:
            batch = await fan_out(session, now=now, limit=chunk)
        queued += batch
        if batch < chunk:
            break
    if created or queued:
        logger.info("tavoli: %s occurrences materialised, %s reminders queued", created, queued)
    return created, queued


def round_label(name: str) -> str:
    """The last part of a round name says what it was: an offset in minutes, 'cancel' or 'moveN'."""
    last = name.rsplit(":", 1)[-1]
    if last == "cancel":
        return t.REPORT_CANCEL
    if last.startswith("move"):
        return t.REPORT_MOVE
    return t.OFFSET_LABEL.format(offset=describe.offset(int(last))) if last.isdigit() else last


async def reminder_rounds(session: AsyncSession, occurrence_id: int, organiser: Person) -> list[tuple[str, RoundReport]]:
    """The delivery report of every reminder round and notice of one occurrence, oldest first."""
    policy.require(organiser, "manage_tavoli")
    occurrence, _ = await occurrences.get(session, occurrence_id)
    prefix = round_prefix(occurrence.tavolo_id, occurrence.id)
    names = (await session.scalars(select(OutboxMessage.round).distinct()
                                   .where(OutboxMessage.round.startswith(prefix, autoescape=True)))).all()
    reports = [r for r in [await round_report(session, n) for n in names] if r is not None]
    return [(round_label(r.round), r) for r in sorted(reports, key=lambda r: r.first_id)]
