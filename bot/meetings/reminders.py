"""Reminder fan-out: occurrence × participant × offset into the outbox, once each (unique key).

For every coming occurrence only the latest offset already due is fanned out: in normal running
that is each offset in turn; after downtime the overdue earlier ones are superseded by it, so
nobody gets three reminders at once. Nothing is created once the meeting has started, and each
row expires at the start (the dispatcher marks it `expired` if it is still waiting then).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.meetings import describe, ics
from bot.meetings.models import Occurrence, Participant, Tavolo
from bot.outbox.models import OutboxMessage
from bot.outbox.queue import Outgoing, enqueue
from bot.people.models import Person
from bot.texts import Markup, render
from bot.texts import meetings as t

LOOKAHEAD = timedelta(days=60)  # longer than any reminder offset anyone will set
MAX_CAPTION = 1024  # Telegram's limit for a document caption
RSVP_CODES = {"y": "yes", "n": "no", "f": "maybe"}


def round_name(occurrence: Occurrence, offset: int) -> str:
    """Groups one reminder of one occurrence for the delivery report; a moved meeting gets new rounds."""
    return f"m:{occurrence.tavolo_id}:{occurrence.id}:{occurrence.start_at:%Y%m%d%H%M}:{offset}"


def round_prefix(tavolo_id: int, occurrence_id: int) -> str:
    return f"m:{tavolo_id}:{occurrence_id}:"


def rsvp_keyboard(occurrence_id: int, tavolo_id: int, chosen: str | None = None) -> list[list[dict]]:
    """Partecipo / Non partecipo / Forse, the current answer ticked; the series calendar below."""
    row = []
    for code, answer in RSVP_CODES.items():
        label = t.RSVP_LABELS[answer]
        row.append({"text": t.RSVP_CHOSEN.format(label=label) if answer == chosen else label,
                    "data": f"m:r:{occurrence_id}:{code}"})
    return [row, [{"text": t.CALENDAR, "data": f"m:cal:{tavolo_id}"}]]


def where_lines(tavolo: Tavolo) -> str:
    lines = ""
    if tavolo.place:
        lines += render(t.REMINDER_WHERE, place=tavolo.place)
    if tavolo.video_link:
        lines += render(t.REMINDER_LINK, link=tavolo.video_link)
    return lines


def reminder_text(tavolo: Tavolo, occurrence: Occurrence) -> str:
    """The caption of the reminder document; place and link are left to the .ics if it would be too long."""
    tz = ZoneInfo(tavolo.timezone)
    text = render(t.REMINDER, title=tavolo.title, when=describe.when(occurrence.start_at, tz),
                  where=Markup(where_lines(tavolo)))
    if len(text) > MAX_CAPTION:
        text = render(t.REMINDER, title=tavolo.title, when=describe.when(occurrence.start_at, tz), where="")
    return text


def due_offset(tavolo: Tavolo, occurrence: Occurrence, now: datetime) -> int | None:
    """The smallest offset whose time has come, or None if no reminder is due yet."""
    due = [o for o in tavolo.reminder_offsets or [] if occurrence.start_at - timedelta(minutes=o) <= now]
    return min(due) if due else None


async def due_rounds(session: AsyncSession, *, now: datetime) -> list[tuple[Tavolo, Occurrence, int]]:
    """Every (tavolo, occurrence, offset) whose reminder is due now and whose meeting has not started."""
    rows = (await session.execute(
        select(Occurrence, Tavolo).join(Tavolo, Tavolo.id == Occurrence.tavolo_id)
        .where(Tavolo.active.is_(True), Occurrence.status == "scheduled",
               Occurrence.start_at > now, Occurrence.start_at <= now + LOOKAHEAD)
        .order_by(Occurrence.start_at, Occurrence.id))).all()
    due = [(tavolo, occurrence, due_offset(tavolo, occurrence, now)) for occurrence, tavolo in rows]
    return [(tavolo, occurrence, offset) for tavolo, occurrence, offset in due if offset is not None]


async def fan_out(session: AsyncSession, *, now: datetime, limit: int | None = None) -> int:
    """Enqueue due reminders not enqueued yet (at most `limit` rows); returns how many were created."""
    created = 0
    for tavolo, occurrence, offset in await due_rounds(session, now=now):
        created += await fan_out_round(session, tavolo, occurrence, offset, now=now,
                                       limit=None if limit is None else limit - created)
        if limit is not None and created >= limit:
            break
    return created


async def fan_out_round(session: AsyncSession, tavolo: Tavolo, occurrence: Occurrence, offset: int, *,
                        now: datetime, limit: int | None = None) -> int:
    """The participants of one reminder round who have no row yet (the first `limit` of them) get one."""
    name = round_name(occurrence, offset)
    # two plain indexed reads and a set difference: no (NOT) IN/EXISTS plan to go quadratic
    done = set((await session.scalars(select(OutboxMessage.person_id).where(OutboxMessage.round == name))).all())
    rows = (await session.execute(
        select(Person.id, Person.chat_id).join(Participant, Participant.person_id == Person.id)
        .where(Participant.tavolo_id == tavolo.id, Person.chat_id.is_not(None)).order_by(Person.id))).all()
    people = [r for r in rows if r.id not in done][:limit]
    if not people:
        return 0
    content = ics.occurrence_ics(tavolo, occurrence, now=now)
    text, keyboard = reminder_text(tavolo, occurrence), rsvp_keyboard(occurrence.id, tavolo.id)
    return await enqueue(session, [
        Outgoing(key=f"{name}:p{p.id}", round=name, chat_id=p.chat_id, person_id=p.id, text=text,
                 keyboard=keyboard, kind="document", filename=ics.filename(tavolo, occurrence), content=content,
                 due_at=now, expires_at=occurrence.start_at)
        for p in people], now=now)
