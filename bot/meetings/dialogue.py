"""The organiser's guided dialogue to create a tavolo, one step at a time, kept in the database.

title → theme → zones → schedule (→ first date, or typed dates) → place/link → reminders → summary
(where August and the public holidays can be skipped, the dates skipped shown). Each step is saved
before the next question is sent, so a restart resumes where it was. Buttons carry their step
(`m:d:<step>:<value>`, bot/meetings/callbacks.py): a press from an older step is refused.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue.models import Theme, Zone
from bot.errors import StaleAction
from bot.meetings import callbacks as cb
from bot.meetings import describe, skipping, tavoli
from bot.meetings.models import DEFAULT_OFFSETS, Draft, Occurrence, Tavolo
from bot.meetings.parsing import local_text, parse_dates, parse_datetime, parse_offsets, slugify, split_place
from bot.meetings.recurrence import HORIZON, planned_starts, skipped_starts, to_utc
from bot.people import policy
from bot.people.models import Person
from bot.reply import Reply
from bot.texts import Markup, plural, render
from bot.texts import meetings as t

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PATTERNS = {"m1tu": "FREQ=MONTHLY;BYDAY=1TU", "w": "FREQ=WEEKLY", "m": "FREQ=MONTHLY", "ml": "FREQ=MONTHLY",
            "d": None}
REMINDER_CHOICES = {"def": DEFAULT_OFFSETS, "dh": [1440, 60], "d": [1440]}
EPOCH, FAR = datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2100, 1, 1, tzinfo=timezone.utc)
CANCEL_ROW = [{"text": t.CANCEL_DIALOGUE, "data": cb.dialogue("x")}]
MAX_SKIPPED_SHOWN = 10
DRAFT_TTL = timedelta(days=7)  # a dialogue abandoned longer ago no longer takes typed text


def ask(text: str, rows=None) -> Reply:
    """A question of a dialogue: it replaces the pressed message, or answers the typed text."""
    return Reply(text=text, rows=rows)


async def active(session: AsyncSession, person_id: int) -> Draft | None:
    return await session.get(Draft, person_id)


def has_draft(person_id):
    """EXISTS clause read with every update (bot/arrival.py): false means no creation dialogue is open."""
    return select(Draft.person_id).where(Draft.person_id == person_id).exists()


async def start(session: AsyncSession, organiser: Person, *, now: datetime) -> Reply:
    """Begin (or begin again) the creation dialogue."""
    policy.require(organiser, "manage_tavoli")
    await begin(session, organiser, "create", "title", {}, now=now)
    return ask(t.ASK_TITLE, [CANCEL_ROW])


async def begin(session: AsyncSession, person: Person, kind: str, step: str, data: dict, *, now: datetime) -> None:
    """The person's one open dialogue (any earlier one is dropped)."""
    await session.execute(delete(Draft).where(Draft.person_id == person.id))
    session.add(Draft(person_id=person.id, kind=kind, step=step, data=data, updated_at=now))


async def cancel(session: AsyncSession, person: Person) -> Reply:
    draft = await active(session, person.id) if person is not None else None
    if draft is None:
        raise StaleAction("tavolo_step")
    await session.delete(draft)
    return ask(t.DIALOGUE_CANCELLED.get(draft.kind, t.DRAFT_CANCELLED))


def _save(draft: Draft, step: str, now: datetime, **data) -> None:
    draft.data = {**draft.data, **data}  # a new dict, so the JSON column is seen as changed
    draft.step, draft.updated_at = step, now


async def on_text(session: AsyncSession, draft: Draft, person: Person, text: str, *, now: datetime,
                  tz: ZoneInfo) -> Reply:
    """Typed text for the current step: saved and the next question returned, or a polite retry."""
    policy.require(person, "manage_tavoli")
    text = text.strip()
    if draft.step == "title":
        if not 3 <= len(text) <= 120:
            return ask(t.BAD_TITLE, [CANCEL_ROW])
        _save(draft, "theme", now, title=text)
    elif draft.step in ("sched", "dates"):
        dates = parse_dates(text)
        if dates is None:
            return ask(render(t.BAD_DATE, text=text[:60]), [CANCEL_ROW])
        if past := next((d for d, _ in dates if to_utc(d, tz) <= now), None):
            return ask(render(t.PAST_DATE, when=describe.when(to_utc(past, tz), tz)), [CANCEL_ROW])
        _save(draft, "place", now, rrule=None, dtstart_local=None,
              dates_local=sorted(local_text(d) for d, _ in dates),
              duration=dates[0][1] or draft.data.get("duration", 120))
    elif draft.step == "first":
        parsed = parse_datetime(text)
        if parsed is None:
            return ask(render(t.BAD_DATE, text=text[:60]), [CANCEL_ROW])
        first, minutes = parsed
        if to_utc(first, tz) <= now:
            return ask(render(t.PAST_DATE, when=describe.when(to_utc(first, tz), tz)), [CANCEL_ROW])
        _save(draft, "place", now, rrule=rule_of(draft.data["pattern"], first), dtstart_local=local_text(first),
              dates_local=[], duration=minutes or 120)
    elif draft.step == "place":
        if len(text) > 300:
            return ask(t.BAD_PLACE, await _keyboard(session, draft))
        place, link = split_place(text)
        _save(draft, "remind", now, place=place, video_link=link)
    elif draft.step == "remind":
        offsets = parse_offsets(text)
        if offsets is None:
            return ask(render(t.BAD_OFFSETS, text=text[:60]), await _keyboard(session, draft))
        _save(draft, "confirm", now, offsets=offsets)
    else:
        return ask(t.USE_BUTTONS, await _keyboard(session, draft))
    return await question(session, draft, tz)


def rule_of(pattern: str, first: datetime) -> str | None:
    """The RRULE of a chosen pattern, anchored on the first date's weekday where needed: "every month, same
    weekday" from a 5th weekday (29/01/2027, a Friday) is the last one of the month (BYDAY=-1FR), so the
    first meeting is the date given; "ml" is always the last such weekday."""
    day = WEEKDAY_CODES[first.weekday()]
    if pattern == "m":
        nth = (first.day - 1) // 7 + 1
        return f"FREQ=MONTHLY;BYDAY={nth if nth <= 4 else -1}{day}"
    if pattern == "ml":
        return f"FREQ=MONTHLY;BYDAY=-1{day}"
    if pattern == "w":
        return f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[first.weekday()]}"
    return PATTERNS[pattern]


async def on_button(session: AsyncSession, person: Person, step: str, value: str, *, now: datetime,
                    tz: ZoneInfo) -> Reply:
    """A button of the dialogue; refused (StaleAction) if it belongs to another step."""
    policy.require(person, "manage_tavoli")
    draft = await active(session, person.id)
    if draft is None or draft.kind != "create" or draft.step != ("confirm" if step == "skip" else step):
        raise StaleAction("tavolo_step")
    if step == "theme":
        theme_id = int(value) or None
        if theme_id is not None and await session.get(Theme, theme_id) is None:
            raise StaleAction()
        _save(draft, "zones", now, theme_id=theme_id, zone_ids=[], all_zones=False)
    elif step == "zones":
        if value == "all":
            _save(draft, "sched", now, all_zones=True, zone_ids=[])
        elif value == "ok":
            if not draft.data.get("zone_ids"):
                return ask(t.NO_ZONE_CHOSEN, await _keyboard(session, draft))
            _save(draft, "sched", now)
        else:
            if await session.get(Zone, int(value)) is None:
                raise StaleAction()
            chosen = set(draft.data.get("zone_ids", [])) ^ {int(value)}
            _save(draft, "zones", now, zone_ids=sorted(chosen))
    elif step == "sched":
        if value not in PATTERNS:
            raise StaleAction()
        _save(draft, "dates" if value == "d" else "first", now, pattern=value)
    elif step == "place":
        _save(draft, "remind", now, place=None, video_link=None)
    elif step == "remind":
        if value not in REMINDER_CHOICES:
            raise StaleAction()
        _save(draft, "confirm", now, offsets=REMINDER_CHOICES[value])
    elif step == "skip":
        if value not in cb.SKIP_KINDS:
            raise StaleAction()
        _save(draft, "confirm", now, skip=skipping.toggle(draft.data.get("skip"), value))
    elif step == "confirm":
        return await _create(session, draft, person, now=now, tz=tz)
    else:
        raise StaleAction("tavolo_step")
    return await question(session, draft, tz)


async def question(session: AsyncSession, draft: Draft, tz: ZoneInfo) -> Reply:
    """The question of the draft's current step (also used to resume after a restart)."""
    d, step = draft.data, draft.step
    keyboard = await _keyboard(session, draft)
    if step == "title":
        return ask(t.ASK_TITLE, keyboard)
    if step == "theme":
        return ask(render(t.ASK_THEME, title=d["title"]), keyboard)
    if step == "zones":
        names = await _zone_names(session, d.get("zone_ids", []))
        return ask(render(t.ASK_ZONES, chosen=", ".join(names) or t.NOBODY), keyboard)
    if step == "sched":
        return ask(t.ASK_SCHEDULE, keyboard)
    if step in ("first", "dates"):
        return ask(t.ASK_FIRST if step == "first" else t.ASK_SCHEDULE, keyboard)
    if step == "place":
        return ask(t.ASK_PLACE, keyboard)
    if step == "remind":
        return ask(t.ASK_REMINDERS, keyboard)
    return ask(await _summary(session, d, tz, draft.updated_at), keyboard)


async def _keyboard(session: AsyncSession, draft: Draft) -> list[list[dict]]:
    step, d = draft.step, draft.data
    rows: list[list[dict]] = []
    if step == "theme":
        themes = (await session.scalars(select(Theme).order_by(Theme.name))).all()
        buttons = [{"text": th.name, "data": cb.dialogue("theme", th.id)} for th in themes]
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        rows.append([{"text": t.THEME_NONE_BUTTON, "data": cb.dialogue("theme", 0)}])
    elif step == "zones":
        chosen = set(d.get("zone_ids", []))
        zones = (await session.scalars(select(Zone).order_by(Zone.name))).all()
        buttons = [{"text": ("✓ " if z.id in chosen else "") + z.name, "data": cb.dialogue("zones", z.id)} for z in zones]
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        rows.append([{"text": t.ZONES_ALL_BUTTON, "data": cb.dialogue("zones", "all")},
                     {"text": t.NEXT_BUTTON, "data": cb.dialogue("zones", "ok")}])
    elif step == "sched":
        rows = schedule_rows(cb.dialogue)
    elif step == "place":
        rows = [[{"text": t.PLACE_NONE_BUTTON, "data": cb.dialogue("place", "none")}]]
    elif step == "remind":
        rows = [[{"text": t.REMINDERS_DEFAULT, "data": cb.dialogue("remind", "def")}],
                [{"text": t.REMINDERS_DAY_HOUR, "data": cb.dialogue("remind", "dh")}],
                [{"text": t.REMINDERS_DAY, "data": cb.dialogue("remind", "d")}]]
    elif step == "confirm":
        rows = [skip_row(d.get("skip"), lambda kind: cb.dialogue("skip", kind)),
                [{"text": t.CONFIRM_BUTTON, "data": cb.dialogue("confirm", "y")}]]
    return rows + [CANCEL_ROW]


def schedule_rows(button) -> list[list[dict]]:
    """The schedule patterns, as buttons made by `button(step, pattern)` (creation and editing share them)."""
    return [[{"text": t.SCHEDULE_FIRST_TUESDAY, "data": button("sched", "m1tu")}],
            [{"text": t.SCHEDULE_WEEKLY, "data": button("sched", "w")}],
            [{"text": t.SCHEDULE_MONTHLY, "data": button("sched", "m")}],
            [{"text": t.SCHEDULE_MONTHLY_LAST, "data": button("sched", "ml")}],
            [{"text": t.SCHEDULE_DATES, "data": button("sched", "d")}]]


def skip_row(skip: dict | None, button) -> list[dict]:
    """Skip August / skip the public holidays, each ticked when on."""
    skip = skipping.clean(skip)
    marks = {"aug": 8 in skip.get("months", []), "hol": bool(skip.get("holidays"))}
    return [{"text": (t.TICK if marks[kind] else t.UNTICK) + t.SKIP_BUTTONS[kind], "data": button(kind)}
            for kind in cb.SKIP_KINDS]


def skipped_lines(tavolo: Tavolo, now: datetime, tz: ZoneInfo) -> str:
    """The dates the schedule skips in the coming months, for the organiser (empty if none)."""
    found = skipped_starts(tavolo, now, now + HORIZON)
    if not found:
        return ""
    shown = ", ".join(t.SKIPPED_ITEM.format(day=timefmt.day(at, tz), why=why) for at, why in found[:MAX_SKIPPED_SHOWN])
    more = t.SKIPPED_MORE.format(n=len(found) - MAX_SKIPPED_SHOWN) if len(found) > MAX_SKIPPED_SHOWN else ""
    return render(t.SKIPPED_LINE, dates=shown + more)


async def _zone_names(session: AsyncSession, ids: list[int]) -> list[str]:
    if not ids:
        return []
    return list((await session.scalars(select(Zone.name).where(Zone.id.in_(ids)).order_by(Zone.name))).all())


async def _summary(session: AsyncSession, d: dict, tz: ZoneInfo, now: datetime | None = None) -> Markup:
    spec = _spec(d, organiser_id=None, slug="")
    theme = await session.scalar(select(Theme.name).where(Theme.id == spec.theme_id)) if spec.theme_id else None
    zones = t.ALL_ZONES if spec.all_zones else ", ".join(await _zone_names(session, spec.zone_ids))
    probe = Tavolo(timezone=tz.key, rrule=spec.rrule, dtstart_local=spec.dtstart_local,
                   dates_local=spec.dates_local, skip=spec.skip)
    first = next(iter(planned_starts(probe, EPOCH, FAR)), None)
    since = now or EPOCH
    return render(t.SUMMARY, title=spec.title, theme=theme or t.NO_THEME, zones=zones,
                  schedule=describe.schedule(spec.rrule, spec.dtstart_local, spec.dates_local, tz),
                  first=describe.when(first, tz) if first else t.NO_DATE,
                  duration=describe.duration(spec.duration_minutes), where=Markup(_where(spec)),
                  reminders=describe.offsets(spec.reminder_offsets),
                  skipped=Markup(skipped_lines(probe, since if first is None else min(since, first), tz)))


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
        reminder_offsets=d.get("offsets", list(DEFAULT_OFFSETS)), skip=skipping.clean(d.get("skip")))


async def _create(session: AsyncSession, draft: Draft, organiser: Person, *, now: datetime, tz: ZoneInfo) -> Reply:
    slug = f"{slugify(draft.data['title'])}-{int(now.timestamp())}-{organiser.id}"
    tavolo, _ = await tavoli.save(session, _spec(draft.data, organiser_id=organiser.id, slug=slug), now=now,
                                  actor=organiser, source="chat", tz=tz)
    await session.delete(draft)
    count = await session.scalar(select(func.count()).select_from(Occurrence).where(Occurrence.tavolo_id == tavolo.id))
    keyboard = [[{"text": t.AUDIENCE_BUTTON, "data": cb.audiences(tavolo.id)}],
                [{"text": t.OCCURRENCES_BUTTON, "data": cb.occurrences(tavolo.id)}]]
    return ask(plural(count, t.CREATED_ONE, t.CREATED, title=tavolo.title), keyboard)
