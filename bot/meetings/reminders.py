"""Reminder fan-out: occurrence × participant × offset into the outbox, once each (unique key).

For every coming occurrence only the latest offset already due is fanned out: in normal running
that is each offset in turn; after downtime the overdue earlier ones are superseded by it, so
nobody gets three reminders at once. Nothing is created once the meeting has started, and each
row expires at the start (the dispatcher marks it `expired` if it is still waiting then).

The last call (`Tavolo.rsvp_chase_minutes` before the start, 2 days unless set otherwise) goes only to
the participants who have not answered yet, and only after an earlier reminder of the same date went
out. Only people who still have a role get anything.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.meetings import callbacks as cb
from bot.meetings import describe, ics
from bot.meetings.mail_links import rsvp_links
from bot.meetings.models import Occurrence, OccurrenceNote, Participant, Rsvp, Tavolo
from bot.outbox.models import OutboxMessage
from bot.outbox.queue import Outgoing
from bot.people import channels
from bot.people.channels import enqueue
from bot.people.models import Person
from bot.texts import Markup, render
from bot.texts import meetings as t

LOOKAHEAD = timedelta(days=60)  # longer than any reminder offset anyone will set
MAX_CAPTION = 1024  # Telegram's limit for a document caption
CHASE = "ask"  # the last part of the last call's round name


def round_name(occurrence: Occurrence, offset: int | str) -> str:
    """Groups one reminder of one occurrence for the delivery report; a moved meeting gets new rounds."""
    return f"m:{occurrence.tavolo_id}:{occurrence.id}:{occurrence.start_at:%Y%m%d%H%M}:{offset}"


def round_prefix(tavolo_id: int, occurrence_id: int) -> str:
    return f"m:{tavolo_id}:{occurrence_id}:"


def rsvp_keyboard(occurrence_id: int, tavolo_id: int, chosen: str | None = None,
                  agenda: bool = False) -> list[list[dict]]:
    """Partecipo / Non partecipo / Forse, the current answer ticked; the series calendar (and the agenda) below."""
    row = []
    for answer in ("yes", "no", "maybe"):
        label = t.RSVP_LABELS[answer]
        row.append({"text": t.RSVP_CHOSEN.format(label=label) if answer == chosen else label,
                    "data": cb.rsvp(occurrence_id, answer)})
    below = [{"text": t.CALENDAR, "data": cb.calendar(tavolo_id)}]
    if agenda:
        below.append({"text": t.AGENDA_BUTTON, "data": cb.note(occurrence_id, "agenda")})
    return [row, below]


def where_lines(tavolo: Tavolo) -> str:
    lines = ""
    if tavolo.place:
        lines += render(t.REMINDER_WHERE, place=tavolo.place)
    if tavolo.video_link:
        lines += render(t.REMINDER_LINK, link=tavolo.video_link)
    return lines


def reminder_text(tavolo: Tavolo, occurrence: Occurrence, tz: ZoneInfo, template: str = t.REMINDER) -> str:
    """The caption of the reminder document; place and link are left to the .ics if it would be too long."""
    text = render(template, title=tavolo.title, when=describe.when(occurrence.start_at, tz),
                  where=Markup(where_lines(tavolo)))
    if len(text) > MAX_CAPTION:
        text = render(template, title=tavolo.title, when=describe.when(occurrence.start_at, tz), where="")
    return text


def due_offset(tavolo: Tavolo, occurrence: Occurrence, now: datetime) -> int | None:
    """The smallest offset whose time has come, or None if no reminder is due yet."""
    due = [o for o in tavolo.reminder_offsets or [] if occurrence.start_at - timedelta(minutes=o) <= now]
    return min(due) if due else None


def chase_due(tavolo: Tavolo, occurrence: Occurrence, now: datetime) -> bool:
    """The last call is due from its time until the start, unless a reminder nearer the start has come
    already (its RSVP buttons ask the same question)."""
    chase = tavolo.rsvp_chase_minutes
    if chase is None or not occurrence.start_at - timedelta(minutes=chase) <= now < occurrence.start_at:
        return False
    regular = due_offset(tavolo, occurrence, now)
    return regular is None or regular > chase


async def due_rounds(session: AsyncSession, *, now: datetime) -> list[tuple[Tavolo, Occurrence, int | str]]:
    """Every (tavolo, occurrence, offset or CHASE) whose reminder is due now and whose meeting has not started."""
    rows = (await session.execute(
        select(Occurrence, Tavolo).join(Tavolo, Tavolo.id == Occurrence.tavolo_id)
        .where(Tavolo.active.is_(True), Occurrence.status == "scheduled",
               Occurrence.start_at > now, Occurrence.start_at <= now + LOOKAHEAD)
        .order_by(Occurrence.start_at, Occurrence.id))).all()
    due: list[tuple[Tavolo, Occurrence, int | str]] = []
    for occurrence, tavolo in rows:
        offset = due_offset(tavolo, occurrence, now)
        if offset is not None:
            due.append((tavolo, occurrence, offset))
        if chase_due(tavolo, occurrence, now):
            due.append((tavolo, occurrence, CHASE))
    return due


async def fan_out(session: AsyncSession, *, now: datetime, tz: ZoneInfo, limit: int | None = None) -> int:
    """Enqueue due reminders not enqueued yet (at most `limit` rows); returns how many were created."""
    created = 0
    for tavolo, occurrence, offset in await due_rounds(session, now=now):
        created += await fan_out_round(session, tavolo, occurrence, offset, now=now, tz=tz,
                                       limit=None if limit is None else limit - created)
        if limit is not None and created >= limit:
            break
    return created


async def _reminded(session: AsyncSession, tavolo: Tavolo, occurrence: Occurrence) -> bool:
    """The last call follows a reminder of the same date (with its RSVP buttons), never comes alone or with it."""
    earlier = [round_name(occurrence, o) for o in tavolo.reminder_offsets or [] if o > (tavolo.rsvp_chase_minutes or 0)]
    return bool(earlier) and await session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.round.in_(earlier)).limit(1)) is not None


async def fan_out_round(session: AsyncSession, tavolo: Tavolo, occurrence: Occurrence, offset: int | str, *,
                        now: datetime, tz: ZoneInfo, limit: int | None = None) -> int:
    """The participants of one reminder round who have no row yet (the first `limit` of them) get one; the
    last call (offset CHASE) only those who have not answered."""
    name = round_name(occurrence, offset)
    # plain indexed reads and a set difference: no (NOT) IN/EXISTS plan to go quadratic
    done = set((await session.scalars(select(OutboxMessage.person_id).where(OutboxMessage.round == name))).all())
    if offset == CHASE:
        if not await _reminded(session, tavolo, occurrence):
            return 0
        done |= set((await session.scalars(select(Rsvp.person_id).where(Rsvp.occurrence_id == occurrence.id))).all())
    rows = (await session.execute(
        select(Person.id, Person.chat_id).join(Participant, Participant.person_id == Person.id)
        .where(Participant.tavolo_id == tavolo.id, channels.reachable(), Person.role.is_not(None))
        .order_by(Person.id))).all()
    people = [r for r in rows if r.id not in done][:limit]
    if not people:
        return 0
    content = ics.occurrence_ics(tavolo, occurrence, now=now)
    agenda = await session.scalar(select(OccurrenceNote.kind).where(
        OccurrenceNote.occurrence_id == occurrence.id, OccurrenceNote.kind == "agenda")) is not None
    text = reminder_text(tavolo, occurrence, tz, t.CHASE if offset == CHASE else t.REMINDER)
    keyboard = rsvp_keyboard(occurrence.id, tavolo.id, agenda=agenda)
    return await enqueue(session, [
        Outgoing(key=f"{name}:p{p.id}", round=name, chat_id=p.chat_id, person_id=p.id, text=text,
                 keyboard=keyboard, kind="document", filename=ics.filename(tavolo, occurrence), content=content,
                 due_at=now, expires_at=occurrence.start_at, email_links=rsvp_links(occurrence.id))
        for p in people], now=now)
