"""The organiser's guided dialogue to create a tavolo, one step at a time, kept in the database.

title → theme → zones → schedule (→ first date, or typed dates) → place/link → reminders → summary.
Each step is saved before the next question is sent, so a restart resumes where it was. Buttons
carry their step (`m:d:<step>:<value>`): a press from an older step is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Theme, Zone
from bot.errors import StaleAction
from bot.meetings import describe, tavoli
from bot.meetings.models import DEFAULT_OFFSETS, Draft, Occurrence, Tavolo
from bot.meetings.parsing import parse_dates, parse_datetime, parse_offsets, slugify, split_place
from bot.meetings.recurrence import LOCAL_FORMAT, planned_starts, to_utc
from bot.people import policy
from bot.people.models import Person
from bot.texts import Markup, render
from bot.texts import meetings as t

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PATTERNS = {"m1tu": "FREQ=MONTHLY;BYDAY=1TU", "w": "FREQ=WEEKLY", "m": "FREQ=MONTHLY", "d": None}
REMINDER_CHOICES = {"def": DEFAULT_OFFSETS, "dh": [1440, 60], "d": [1440]}
EPOCH, FAR = datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2100, 1, 1, tzinfo=timezone.utc)
CANCEL_ROW = [{"text": t.CANCEL_DIALOGUE, "data": "m:d:x"}]


@dataclass
class Prompt:
    """What to show next: text and keyboard; `tavolo_id` once a tavolo was created."""

    text: str
    keyboard: list[list[dict]] | None = None
    tavolo_id: int | None = None


async def active(session: AsyncSession, person_id: int) -> Draft | None:
    return await session.get(Draft, person_id)


def has_draft(person_id):
    """EXISTS clause read with every update (bot/arrival.py): false means no creation dialogue is open."""
    return select(Draft.person_id).where(Draft.person_id == person_id).exists()


async def start(session: AsyncSession, organiser: Person, *, now: datetime) -> Prompt:
    """Begin (or begin again) the creation dialogue."""
    policy.require(organiser, "manage_tavoli")
    await session.execute(delete(Draft).where(Draft.person_id == organiser.id))
    session.add(Draft(person_id=organiser.id, kind="create", step="title", data={}, updated_at=now))
    return Prompt(t.ASK_TITLE, [CANCEL_ROW])


async def cancel(session: AsyncSession, person: Person) -> Prompt:
    draft = await active(session, person.id)
    if draft is None:
        raise StaleAction("no draft")
    await session.delete(draft)
    return Prompt(t.MOVE_CANCELLED if draft.kind == "move" else t.DRAFT_CANCELLED)


def _save(draft: Draft, step: str, now: datetime, **data) -> None:
    draft.data = {**draft.data, **data}  # a new dict, so the JSON column is seen as changed
    draft.step, draft.updated_at = step, now


async def on_text(session: AsyncSession, draft: Draft, person: Person, text: str, *, now: datetime,
                  tz: ZoneInfo) -> Prompt:
    """Typed text for the current step: saved and the next question returned, or a polite retry."""
    policy.require(person, "manage_tavoli")
    text = text.strip()
    if draft.step == "title":
        if not 3 <= len(text) <= 120:
            return Prompt(t.BAD_TITLE, [CANCEL_ROW])
        _save(draft, "theme", now, title=text)
    elif draft.step in ("sched", "dates"):
        dates = parse_dates(text)
        if dates is None:
            return Prompt(render(t.BAD_DATE, text=text[:60]), [CANCEL_ROW])
        if past := next((d for d, _ in dates if to_utc(d, tz) <= now), None):
            return Prompt(render(t.PAST_DATE, when=describe.when(to_utc(past, tz), tz)), [CANCEL_ROW])
        _save(draft, "place", now, rrule=None, dtstart_local=None,
              dates_local=sorted(d.strftime(LOCAL_FORMAT) for d, _ in dates),
              duration=dates[0][1] or draft.data.get("duration", 120))
    elif draft.step == "first":
        parsed = parse_datetime(text)
        if parsed is None:
            return Prompt(render(t.BAD_DATE, text=text[:60]), [CANCEL_ROW])
        first, minutes = parsed
        if to_utc(first, tz) <= now:
            return Prompt(render(t.PAST_DATE, when=describe.when(to_utc(first, tz), tz)), [CANCEL_ROW])
        _save(draft, "place", now, rrule=_rule(draft.data["pattern"], first), dtstart_local=first.strftime(LOCAL_FORMAT),
              dates_local=[], duration=minutes or 120)
    elif draft.step == "place":
        if len(text) > 300:
            return Prompt(t.BAD_PLACE, await _keyboard(session, draft))
        place, link = split_place(text)
        _save(draft, "remind", now, place=place, video_link=link)
    elif draft.step == "remind":
        offsets = parse_offsets(text)
        if offsets is None:
            return Prompt(render(t.BAD_OFFSETS, text=text[:60]), await _keyboard(session, draft))
        _save(draft, "confirm", now, offsets=offsets)
    else:
        return Prompt(t.USE_BUTTONS, await _keyboard(session, draft))
    return await question(session, draft, tz)


def _rule(pattern: str, first: datetime) -> str:
    """The RRULE of a chosen pattern, anchored on the first date's weekday where needed."""
    if pattern == "m":
        nth = (first.day - 1) // 7 + 1
        return f"FREQ=MONTHLY;BYDAY={min(nth, 4)}{WEEKDAY_CODES[first.weekday()]}"
    if pattern == "w":
        return f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[first.weekday()]}"
    return PATTERNS[pattern]


async def on_button(session: AsyncSession, person: Person, step: str, value: str, *, now: datetime,
                    tz: ZoneInfo) -> Prompt:
    """A button of the dialogue; refused (StaleAction) if it belongs to another step."""
    policy.require(person, "manage_tavoli")
    draft = await active(session, person.id)
    if draft is None or draft.kind != "create" or draft.step != step:
        raise StaleAction(step)
    if step == "theme":
        theme_id = int(value) or None
        if theme_id is not None and await session.get(Theme, theme_id) is None:
            raise StaleAction(value)
        _save(draft, "zones", now, theme_id=theme_id, zone_ids=[], all_zones=False)
    elif step == "zones":
        if value == "all":
            _save(draft, "sched", now, all_zones=True, zone_ids=[])
        elif value == "ok":
            if not draft.data.get("zone_ids"):
                return Prompt(t.NO_ZONE_CHOSEN, await _keyboard(session, draft))
            _save(draft, "sched", now)
        else:
            if await session.get(Zone, int(value)) is None:
                raise StaleAction(value)
            chosen = set(draft.data.get("zone_ids", [])) ^ {int(value)}
            _save(draft, "zones", now, zone_ids=sorted(chosen))
    elif step == "sched":
        if value not in PATTERNS:
            raise StaleAction(value)
        _save(draft, "dates" if value == "d" else "first", now, pattern=value)
    elif step == "place":
        _save(draft, "remind", now, place=None, video_link=None)
    elif step == "remind":
        if value not in REMINDER_CHOICES:
            raise StaleAction(value)
        _save(draft, "confirm", now, offsets=REMINDER_CHOICES[value])
    elif step == "confirm":
        return await _create(session, draft, person, now=now, tz=tz)
    else:
        raise StaleAction(step)
    return await question(session, draft, tz)


async def question(session: AsyncSession, draft: Draft, tz: ZoneInfo) -> Prompt:
    """The question of the draft's current step (also used to resume after a restart)."""
    d, step = draft.data, draft.step
    keyboard = await _keyboard(session, draft)
    if step == "title":
        return Prompt(t.ASK_TITLE, keyboard)
    if step == "theme":
        return Prompt(render(t.ASK_THEME, title=d["title"]), keyboard)
    if step == "zones":
        names = await _zone_names(session, d.get("zone_ids", []))
        return Prompt(render(t.ASK_ZONES, chosen=", ".join(names) or t.NOBODY), keyboard)
    if step == "sched":
        return Prompt(t.ASK_SCHEDULE, keyboard)
    if step in ("first", "dates"):
        return Prompt(t.ASK_FIRST if step == "first" else t.ASK_SCHEDULE, keyboard)
    if step == "place":
        return Prompt(t.ASK_PLACE, keyboard)
    if step == "remind":
        return Prompt(t.ASK_REMINDERS, keyboard)
    return Prompt(await _summary(session, d, tz), keyboard)


async def _keyboard(session: AsyncSession, draft: Draft) -> list[list[dict]]:
    step, d = draft.step, draft.data
    rows: list[list[dict]] = []
    if step == "theme":
        themes = (await session.scalars(select(Theme).order_by(Theme.name))).all()
        buttons = [{"text": th.name, "data": f"m:d:theme:{th.id}"} for th in themes]
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        rows.append([{"text": t.THEME_NONE_BUTTON, "data": "m:d:theme:0"}])
    elif step == "zones":
        chosen = set(d.get("zone_ids", []))
        zones = (await session.scalars(select(Zone).order_by(Zone.name))).all()
        buttons = [{"text": ("✓ " if z.id in chosen else "") + z.name, "data": f"m:d:zones:{z.id}"} for z in zones]
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        rows.append([{"text": t.ZONES_ALL_BUTTON, "data": "m:d:zones:all"},
                     {"text": t.NEXT_BUTTON, "data": "m:d:zones:ok"}])
    elif step == "sched":
        rows = [[{"text": t.SCHEDULE_FIRST_TUESDAY, "data": "m:d:sched:m1tu"}],
                [{"text": t.SCHEDULE_WEEKLY, "data": "m:d:sched:w"}],
                [{"text": t.SCHEDULE_MONTHLY, "data": "m:d:sched:m"}],
                [{"text": t.SCHEDULE_DATES, "data": "m:d:sched:d"}]]
    elif step == "place":
        rows = [[{"text": t.PLACE_NONE_BUTTON, "data": "m:d:place:none"}]]
    elif step == "remind":
        rows = [[{"text": t.REMINDERS_DEFAULT, "data": "m:d:remind:def"}],
                [{"text": t.REMINDERS_DAY_HOUR, "data": "m:d:remind:dh"}],
                [{"text": t.REMINDERS_DAY, "data": "m:d:remind:d"}]]
    elif step == "confirm":
        rows = [[{"text": t.CONFIRM_BUTTON, "data": "m:d:confirm:y"}]]
    return rows + [CANCEL_ROW]


async def _zone_names(session: AsyncSession, ids: list[int]) -> list[str]:
    if not ids:
        return []
    return list((await session.scalars(select(Zone.name).where(Zone.id.in_(ids)).order_by(Zone.name))).all())


async def _summary(session: AsyncSession, d: dict, tz: ZoneInfo) -> Markup:
    spec = _spec(d, organiser_id=None, slug="")
    theme = await session.scalar(select(Theme.name).where(Theme.id == spec.theme_id)) if spec.theme_id else None
    zones = t.ALL_ZONES if spec.all_zones else ", ".join(await _zone_names(session, spec.zone_ids))
    probe = Tavolo(timezone=spec.timezone, rrule=spec.rrule, dtstart_local=spec.dtstart_local,
                   dates_local=spec.dates_local)
    first = next(iter(planned_starts(probe, EPOCH, FAR)), None)
    return render(t.SUMMARY, title=spec.title, theme=theme or t.NO_THEME, zones=zones,
                  schedule=describe.schedule(spec.rrule, spec.dtstart_local, spec.dates_local),
                  first=describe.when(first, tz) if first else t.NO_DATE,
                  duration=describe.duration(spec.duration_minutes), where=Markup(_where(spec)),
                  reminders=describe.offsets(spec.reminder_offsets))


def _where(spec) -> str:
    if not spec.place and not spec.video_link:
        return render(t.WHERE_PLACE, place=t.PLACE_TBD)
    out = render(t.WHERE_PLACE, place=spec.place) if spec.place else ""
    return out + (render(t.WHERE_LINK, link=spec.video_link) if spec.video_link else "")


def _spec(d: dict, *, organiser_id: int | None, slug: str) -> tavoli.TavoloSpec:
    return tavoli.TavoloSpec(
        slug=slug, title=d["title"], theme_id=d.get("theme_id"), zone_ids=d.get("zone_ids", []),
        all_zones=d.get("all_zones", False), organiser_id=organiser_id, place=d.get("place"),
        video_link=d.get("video_link"), duration_minutes=d.get("duration", 120), rrule=d.get("rrule"),
        dtstart_local=d.get("dtstart_local"), dates_local=d.get("dates_local", []),
        reminder_offsets=d.get("offsets", list(DEFAULT_OFFSETS)))


async def _create(session: AsyncSession, draft: Draft, organiser: Person, *, now: datetime, tz: ZoneInfo) -> Prompt:
    slug = f"{slugify(draft.data['title'])}-{now:%y%m%d%H%M%S}-{organiser.id}"
    tavolo, _ = await tavoli.save(session, _spec(draft.data, organiser_id=organiser.id, slug=slug), now=now,
                                  actor=organiser, source="chat")
    await session.delete(draft)
    count = await session.scalar(select(func.count()).select_from(Occurrence).where(Occurrence.tavolo_id == tavolo.id))
    keyboard = [[{"text": t.AUDIENCE_BUTTON, "data": f"m:aud:{tavolo.id}"}],
                [{"text": t.OCCURRENCES_BUTTON, "data": f"m:o:{tavolo.id}"}]]
    return Prompt(render(t.CREATED, title=tavolo.title, n=count), keyboard, tavolo_id=tavolo.id)
