"""The organiser's typed answers after a tool's button: a tavolo's new title, place, link, schedule or
reminders; the name of a person to add; the text (or document) of an agenda or minutes.

Each waits as a draft in the database (like the creation dialogue), so a restart changes nothing; a
schedule or detail changed here takes the same path as a file load (bot/meetings/tavoli.py: `edit`):
coming meetings edited, participants told.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import StaleAction
from bot.meetings import callbacks as cb
from bot.meetings import describe, dialogue, members, notes, tavoli
from bot.meetings.changes import Changes
from bot.meetings.dialogue import CANCEL_ROW, ask, rule_of, schedule_rows, skipped_lines
from bot.meetings.models import Draft, Tavolo
from bot.meetings.parsing import URL_RE, local_text, parse_dates, parse_datetime, parse_offsets
from bot.meetings.recurrence import to_utc
from bot.meetings.tavoli import Outcome
from bot.people import policy
from bot.people.models import Person
from bot.reply import Reply
from bot.texts import Markup, plural, render, shorten
from bot.texts import meetings as t

CLEAR = ("-", "nessuno", "nessuna")


async def start_field(session: AsyncSession, organiser: Person, tavolo_id: int, field: str, *, now: datetime,
                      tz: ZoneInfo) -> Reply:
    """Ask for the new value of one field (the schedule: a pattern first, as when creating)."""
    tavolo = await tavoli.get_managed(session, tavolo_id, organiser)
    await dialogue.begin(session, organiser, "edit", field, {"tavolo_id": tavolo.id}, now=now)
    rows = schedule_rows(cb.dialogue) if field == "sched" else []
    return ask(render(t.EDIT_ASK[field], title=tavolo.title), rows + [CANCEL_ROW]).as_new_message()


async def on_pattern(session: AsyncSession, draft: Draft, organiser: Person, pattern: str, *, now: datetime) -> Reply:
    """A schedule pattern pressed while editing: then the first date (or the dates) is typed."""
    policy.require(organiser, "manage_tavoli")
    if draft.step != "sched" or pattern not in dialogue.PATTERNS:
        raise StaleAction("tavolo_step")
    draft.data = {**draft.data, "pattern": pattern}
    draft.step, draft.updated_at = ("dates" if pattern == "d" else "first"), now
    return ask(t.ASK_SCHEDULE if pattern == "d" else t.ASK_FIRST, [CANCEL_ROW])


async def on_text(session: AsyncSession, draft: Draft, organiser: Person, text: str, *, now: datetime,
                  tz: ZoneInfo) -> Reply:
    """The typed value of the field being edited."""
    policy.require(organiser, "manage_tavoli")
    tavolo = await tavoli.get(session, draft.data["tavolo_id"])
    text = text.strip()
    values = _values(draft, text, tz)
    if isinstance(values, Reply):
        return values
    if values is None:
        return ask(render(t.EDIT_BAD[draft.step], text=text[:60]), [CANCEL_ROW])
    if draft.step in ("first", "dates") and (past := _first_past(values, tavolo, now)):
        return ask(render(t.PAST_DATE, when=describe.when(past, tz)), [CANCEL_ROW])
    outcome = await tavoli.edit(session, tavolo, organiser, now=now, tz=tz, **values)
    await session.delete(draft)
    return done(outcome, now, tz)


def _values(draft: Draft, text: str, tz: ZoneInfo) -> dict | Reply | None:
    """The fields a typed answer sets, or None if it cannot be read."""
    step = draft.step
    if step == "title":
        return {"title": text} if 3 <= len(text) <= 120 else None
    if step == "place":
        return {"place": None if text.lower() in CLEAR else text} if len(text) <= 300 else None
    if step == "link":
        if text.lower() in CLEAR:
            return {"video_link": None}
        return {"video_link": text} if URL_RE.fullmatch(text) and len(text) <= 500 else None
    if step == "remind":
        offsets = [] if text.lower() in CLEAR else parse_offsets(text)
        return None if offsets is None else {"reminder_offsets": offsets}
    if step == "first":
        parsed = parse_datetime(text)
        if parsed is None:
            return None
        first, minutes = parsed
        values = {"rrule": rule_of(draft.data["pattern"], first), "dtstart_local": local_text(first),
                  "dates_local": []}
        return values | ({"duration_minutes": minutes} if minutes else {})
    if step in ("dates", "sched"):
        dates = parse_dates(text)
        if dates is None:
            return None
        values = {"rrule": None, "dtstart_local": None, "dates_local": sorted(local_text(d) for d, _ in dates)}
        return values | ({"duration_minutes": dates[0][1]} if dates[0][1] else {})
    return ask(t.USE_BUTTONS, [CANCEL_ROW])


def _first_past(values: dict, tavolo: Tavolo, now: datetime) -> datetime | None:
    from bot.meetings.recurrence import parse_local

    wall = ZoneInfo(tavolo.timezone)
    starts = [values["dtstart_local"]] if values.get("dtstart_local") else values.get("dates_local", [])
    return next((to_utc(parse_local(s), wall) for s in starts if to_utc(parse_local(s), wall) <= now), None)


def in_words(c: Changes) -> str:
    """«1 spostato, 1 annullato, 2 nuovi» (or «nessuno cambia»): the chat and `zobot tavoli load` say it alike."""
    parts = [plural(n, one, many) for n, one, many in (
        (len(c.moved), t.N_MOVED_ONE, t.N_MOVED), (len(c.cancelled), t.N_CANCELLED_ONE, t.N_CANCELLED),
        (len(c.restored), t.N_RESTORED_ONE, t.N_RESTORED), (len(c.added), t.N_ADDED_ONE, t.N_ADDED),
        (len(c.changed), t.N_CHANGED_ONE, t.N_CHANGED)) if n]
    return ", ".join(parts) or t.NO_MEETING_CHANGED


def done(outcome: Outcome, now: datetime, tz: ZoneInfo) -> Reply:
    """What a change did: meetings moved, cancelled, restored, added; who is being told; dates skipped."""
    text = render(t.EDIT_DONE, title=outcome.tavolo.title, meetings=in_words(outcome.changes),
                  notified=plural(outcome.notified, t.NOTIFIED_ONE, t.NOTIFIED))
    skipped = skipped_lines(outcome.tavolo, now, tz)
    return Reply(Markup(text + (("\n" + skipped) if skipped else "")),
                 [[{"text": t.EDIT_BUTTON, "data": cb.edit_menu(outcome.tavolo.id)},
                   {"text": t.BACK_TO_TAVOLO, "data": cb.tavolo(outcome.tavolo.id)}]])


# ---- a person named by the organiser ----

async def start_person(session: AsyncSession, organiser: Person, tavolo_id: int, *, now: datetime) -> Reply:
    tavolo = await tavoli.get_managed(session, tavolo_id, organiser)
    await dialogue.begin(session, organiser, "person", "name", {"tavolo_id": tavolo.id}, now=now)
    return ask(render(t.PERSON_ASK, title=tavolo.title), [CANCEL_ROW]).as_new_message()


async def on_person_text(session: AsyncSession, draft: Draft, organiser: Person, text: str, *,
                         now: datetime) -> Reply:
    """A typed name: one match is added, several are offered as buttons, none asks again."""
    policy.require(organiser, "manage_tavoli")
    tavolo = await tavoli.get(session, draft.data["tavolo_id"])
    found = await members.named_candidates(session, text[:100])
    if not found:
        return ask(render(t.PERSON_NONE, text=text.strip()[:60]), [CANCEL_ROW])
    if len(found) > members.MAX_MATCHES:
        return ask(render(t.PERSON_TOO_MANY, text=text.strip()[:60]), [CANCEL_ROW])
    if len(found) == 1:
        await session.delete(draft)
        return await add_person(session, organiser, tavolo.id, found[0].id, now=now)
    rows = [[{"text": shorten(f"{p.name} ({t.ROLE_NAMES.get(p.role, p.role)})"), "data": cb.add_person(tavolo.id, p.id)}]
            for p in found]
    return ask(render(t.PERSON_WHICH, text=text.strip()[:60]), rows + [CANCEL_ROW])


async def add_person(session: AsyncSession, organiser: Person, tavolo_id: int, person_id: int, *,
                     now: datetime) -> Reply:
    tavolo, person, added = await members.add_named(session, tavolo_id, person_id, organiser, now=now)
    draft = await dialogue.active(session, organiser.id)
    if draft is not None and draft.kind == "person":
        await session.delete(draft)
    text = t.PERSON_ADDED if added else t.PERSON_ALREADY
    return Reply(render(text, name=person.name, title=tavolo.title),
                 [[{"text": t.PEOPLE_BUTTON, "data": cb.people(tavolo.id)}]])


# ---- agenda and minutes ----

async def start_note(session: AsyncSession, organiser: Person, occurrence_id: int, kind: str, *, now: datetime,
                     tz: ZoneInfo) -> Reply:
    occurrence, tavolo = await notes.writable(session, occurrence_id, kind, organiser, now)
    await dialogue.begin(session, organiser, "note", kind, {"occurrence_id": occurrence.id}, now=now)
    return ask(render(t.NOTE_ASK[kind], title=tavolo.title, when=describe.when(occurrence.start_at, tz)),
               [CANCEL_ROW]).as_new_message()


async def on_note(session: AsyncSession, draft: Draft, organiser: Person, *, now: datetime, text: str | None = None,
                  filename: str | None = None, content: bytes | None = None) -> Reply:
    """The agenda's or the minutes' text, or their document."""
    kind = draft.step
    tavolo = await notes.save(session, draft.data["occurrence_id"], kind, organiser, now=now, text=text,
                              filename=filename, content=content)
    await session.delete(draft)
    return Reply(render(t.NOTE_SAVED[kind], title=tavolo.title),
                 [[{"text": t.BACK_TO_MEETING, "data": cb.occurrence(draft.data["occurrence_id"])}]])
