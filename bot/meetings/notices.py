"""Telling a tavolo's participants what changed: one message each, through the outbox, with the .ics.

A change of one meeting by the organiser (cancel, move) and a change of many (a new schedule, new
details, an archived tavolo) alike: one notice per participant per change, keyed so that running it
twice sends nothing twice. A moved meeting's notice asks the RSVP again.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.meetings import callbacks as cb
from bot.meetings import describe, ics
from bot.meetings.changes import Changes
from bot.meetings.mail_links import rsvp_links
from bot.meetings.models import Occurrence, Participant, Tavolo
from bot.outbox.queue import Outgoing
from bot.people import channels
from bot.people.channels import enqueue
from bot.people.models import Person
from bot.texts import Markup, render
from bot.texts import meetings as t

MAX_LINES = 8  # meetings listed in one notice; the .ics holds them all
MAX_CAPTION = 1024
MAX_RSVP_ROWS = 3


async def recipients(session: AsyncSession, tavolo_id: int) -> list[tuple[int, int]]:
    """(person id, chat id) of every participant the bot can write to and who still has a role."""
    rows = (await session.execute(
        select(Person.id, Person.chat_id).join(Participant, Participant.person_id == Person.id)
        .where(Participant.tavolo_id == tavolo_id, channels.reachable(), Person.role.is_not(None),
               Person.erased_at.is_(None)).order_by(Person.id))).all()
    return [(r.id, r.chat_id) for r in rows]


def rsvp_rows(occurrence: Occurrence, tavolo: Tavolo, tz: ZoneInfo, chosen: str | None = None,
              labelled: bool = False) -> list[list[dict]]:
    """Partecipo / Non partecipo / Forse for one meeting (with its day in front when several are asked)."""
    row = []
    for answer in ("yes", "no", "maybe"):
        label = t.RSVP_LABELS[answer]
        label = t.RSVP_CHOSEN.format(label=label) if answer == chosen else label
        if labelled and answer == "yes":
            label = f"{describe.short_day(occurrence.start_at, tz)} · {label}"
        row.append({"text": label, "data": cb.rsvp(occurrence.id, answer)})
    return [row]


async def announce(session: AsyncSession, tavolo: Tavolo, changes: Changes, *, now: datetime, tz: ZoneInfo,
                   archived: bool = False) -> int:
    """One notice per participant for a change of many meetings; returns how many were queued."""
    touched = changes.touched()
    if not touched and not changes.fields:
        return 0
    people = await recipients(session, tavolo.id)
    if not people:
        return 0
    text = _text(tavolo, changes, tz, archived)
    rows: list[list[dict]] = []
    if not archived:
        for occurrence, _ in changes.moved[:MAX_RSVP_ROWS]:
            rows += rsvp_rows(occurrence, tavolo, tz, labelled=len(changes.moved) > 1)
        rows.append([{"text": t.CALENDAR, "data": cb.calendar(tavolo.id)}])
    content = ics.series_ics(tavolo, touched, now=now) if touched else None
    name = f"m:{tavolo.id}:edit:{_fingerprint(tavolo, changes, archived)}"
    messages = [Outgoing(key=f"{name}:p{pid}", round=name, chat_id=chat_id, person_id=pid, text=text,
                         keyboard=rows or None, kind="document" if content else "text",
                         filename=ics.filename(tavolo) if content else None, content=content, due_at=now)
                for pid, chat_id in people]
    return await enqueue(session, messages, now=now)


def _fingerprint(tavolo: Tavolo, changes: Changes, archived: bool) -> str:
    """The same change announced twice is one notice; two changes (SEQUENCE moves on) are two."""
    seen = [archived, sorted(changes.fields), [_value(tavolo, f) for f in sorted(changes.fields)],
            [(o.id, o.sequence, o.status) for o in changes.touched()]]
    return hashlib.sha256(repr(seen).encode()).hexdigest()[:16]


def _text(tavolo: Tavolo, changes: Changes, tz: ZoneInfo, archived: bool) -> str:
    lines = []
    for occurrence, old in changes.moved:
        lines.append(render(t.CHANGE_MOVED, old=describe.when(old, tz), new=describe.when(occurrence.start_at, tz)))
    lines += [render(t.CHANGE_CANCELLED, when=describe.when(o.start_at, tz)) for o in changes.cancelled]
    lines += [render(t.CHANGE_RESTORED, when=describe.when(o.start_at, tz)) for o in changes.restored]
    lines += [render(t.CHANGE_ADDED, when=describe.when(o.start_at, tz)) for o in changes.added]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [render(t.CHANGE_MORE, n=len(lines) - MAX_LINES)]
    details = [render(t.CHANGE_DETAIL[f], value=_value(tavolo, f)) for f in changes.fields if f in t.CHANGE_DETAIL]
    head = t.ARCHIVED_NOTICE if archived else t.CHANGED_NOTICE
    text = render(head, title=tavolo.title, lines=Markup("\n".join([*details, *lines])))
    if len(text) > MAX_CAPTION:  # a caption's limit: the .ics holds every meeting
        text = render(head, title=tavolo.title, lines=Markup("\n".join([*details, *lines][:3] + [t.CHANGE_SEE_ICS])))
    return text


def _value(tavolo: Tavolo, name: str) -> str:
    if name == "duration_minutes":
        return describe.duration(tavolo.duration_minutes)
    return getattr(tavolo, name) or t.PLACE_TBD


async def one(session: AsyncSession, tavolo: Tavolo, occurrence: Occurrence, kind: str, *, now: datetime,
              tz: ZoneInfo, old: datetime | None = None) -> int:
    """The notice of one meeting the organiser cancelled ("cancel") or moved ("move") in the chat."""
    people = await recipients(session, tavolo.id)
    prefix = f"m:{tavolo.id}:{occurrence.id}:"
    if kind == "cancel":
        name = f"{prefix}cancel"
        text = render(t.CANCEL_NOTICE, title=tavolo.title, when=describe.when(occurrence.start_at, tz))
        rows, expires, links = None, None, ()
    else:
        name = f"{prefix}move{occurrence.sequence}"
        text = render(t.MOVE_NOTICE, title=tavolo.title, old=describe.when(old, tz),
                      new=describe.when(occurrence.start_at, tz))
        rows, expires = rsvp_rows(occurrence, tavolo, tz) + [[{"text": t.CALENDAR, "data": cb.calendar(tavolo.id)}]], \
            occurrence.start_at
        links = rsvp_links(occurrence.id)
    content = ics.occurrence_ics(tavolo, occurrence, now=now)
    await enqueue(session, [
        Outgoing(key=f"{name}:p{pid}", round=name, chat_id=chat_id, person_id=pid, text=text, keyboard=rows,
                 kind="document", filename=ics.filename(tavolo, occurrence), content=content, due_at=now,
                 expires_at=expires, email_links=links)
        for pid, chat_id in people], now=now)
    return len(people)
