"""Tavoli from a YAML file (`zobot tavoli load FILE`): validated whole, with errors (in Italian, for the
operator) that say where.

Loading is idempotent: a tavolo is identified by its `id` (slug); loading the file again updates it as
edits (bot/meetings/changes.py): past meetings and meetings moved by hand stay, a meeting whose date
moved is moved, one whose date is gone is cancelled, and every participant is told once, with the .ics.
An archived tavolo is left alone.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import yamlfiles
from bot.catalogue.models import Theme, Zone
from bot.config import Settings
from bot.meetings import members
from bot.meetings.models import DEFAULT_OFFSETS, RSVP_CHASE
from bot.meetings.parsing import local_text, parse_offsets
from bot.meetings.recurrence import (
    MAX_OCCURRENCES,
    YEARS,
    InvalidSchedule,
    normalise_rule,
    parse_local,
    validate_rule,
)
from bot.meetings.tavoli import Outcome, TavoloSpec, store
from bot.people.audience import Audience
from bot.people.models import Person
from bot.texts import meetings as t

FIELDS = {"id", "title", "theme", "zones", "description", "organiser", "place", "video_link", "duration",
          "schedule", "reminders", "example", "audiences", "timezone", "skip", "rsvp_reminder"}
SCHEDULE_KEYS = {"rrule", "start", "dates", "exdate"}
SKIP_KEYS = {"holidays", "months", "dates", "periods"}
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
LENGTHS = {"description": 3000, "place": 300, "video_link": 500}  # title: 3-120, id: 80 (SLUG_RE)
MAX_PER_LOAD = 5000  # dates of all the tavoli of one file in their first horizon
MAX_TELEGRAM_ID = 2 ** 52


class TavoliFileError(ValueError):
    """The file is not valid; `errors` lists every problem as 'tavoli[2].schedule: …'."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


async def _lookup(session: AsyncSession, model) -> dict[str, Any]:
    """Code, name and aliases of every zone or theme, folded, to the row."""
    table: dict[str, Any] = {}
    for row in (await session.scalars(select(model))).all():
        for name in (row.code, row.name, *(row.aliases or [])):
            table.setdefault(_key(name), row)
    return table


def read(path: Path) -> list[dict]:
    """The list of tavoli in the file (top-level `tavoli:`), or a TavoliFileError (at file:line)."""
    if not Path(path).is_file():
        raise TavoliFileError([t.Y_NO_FILE.format(path=path)])
    try:
        data = yamlfiles.load(path)
    except yamlfiles.YamlFileError as exc:
        raise TavoliFileError([str(exc)]) from None
    if not isinstance(data, dict) or not isinstance(data.get("tavoli"), list) or not data["tavoli"]:
        raise TavoliFileError([t.Y_NO_LIST.format(name=Path(path).name)])
    for item in data["tavoli"]:
        if isinstance(item, yamlfiles.LineDict):
            item.source = Path(path).name
    return data["tavoli"]


def _where(i: int, item) -> str:
    """`file:line: tavoli[2] (id)` for an item read from a file, `tavoli[2] (id)` otherwise."""
    name = f"tavoli[{i}]" + (f" ({str(item.get('id'))[:80]})" if isinstance(item, dict) and item.get("id") else "")
    source, line = getattr(item, "source", None), yamlfiles.line_of(item)
    return f"{source}:{line}: {name}" if source and line else name


async def validate(session: AsyncSession, items: list[dict], tz: ZoneInfo) -> list[tuple[TavoloSpec, list[Audience]]]:
    """Every item checked against the catalogue; all errors collected before anything is written. `tz` is the
    configured zone: a tavolo's own `timezone` only if the file gives one."""
    zones, themes = await _lookup(session, Zone), await _lookup(session, Theme)
    errors: list[str] = []
    specs, seen, dates = [], set(), 0
    for i, item in enumerate(items):
        where = _where(i, item)
        problems: list[str] = []
        spec = _spec(item, zones, themes, problems, tz) if isinstance(item, dict) else None
        if spec is None and not problems:
            problems.append(t.Y_NOT_MAPPING)
        if spec is not None and spec[0].slug in seen:
            problems.append(t.Y_ID_TWICE.format(slug=repr(spec[0].slug)))
        errors += [f"{where}.{p}" if not p.startswith(" ") else f"{where}:{p}" for p in problems]
        if spec is not None and not problems:
            seen.add(spec[0].slug)
            specs.append(spec[:2])
            dates += spec[2]
    if dates > MAX_PER_LOAD:
        errors.append(t.Y_TOO_MANY.format(n=dates, high=MAX_PER_LOAD))
    if errors:
        raise TavoliFileError(errors)
    return specs


def _spec(item: dict, zones: dict, themes: dict, problems: list[str], default_tz: ZoneInfo):
    for name in sorted(set(item) - FIELDS):
        problems.append(t.Y_UNKNOWN_FIELD.format(name=name, known=", ".join(sorted(FIELDS))))
    slug, title = str(item.get("id") or ""), str(item.get("title") or "").strip()
    if not SLUG_RE.match(slug):
        problems.append(t.Y_BAD_ID)
    if not 3 <= len(title) <= 120:
        problems.append(t.Y_BAD_TITLE)
    for name, limit in LENGTHS.items():
        if item.get(name) is not None and len(str(item[name])) > limit:
            problems.append(t.Y_TOO_LONG.format(name=name, limit=limit))
    theme = None
    if item.get("theme") is not None:
        theme = themes.get(_key(item["theme"]))
        if theme is None:
            problems.append(t.Y_BAD_THEME.format(value=repr(item["theme"]), known=", ".join(
                sorted({x.code for x in themes.values()})) or t.Y_LOAD_CATALOGUE))
    all_zones, zone_ids = _zones(item.get("zones"), zones, problems)
    tz = default_tz
    if item.get("timezone") is not None:
        try:
            tz = ZoneInfo(str(item["timezone"]))
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(t.Y_BAD_TIMEZONE.format(value=repr(str(item["timezone"]))))
    rule, dtstart, dates, planned, exdates = _schedule(item.get("schedule"), problems, tz)
    skip = _skip(item.get("skip"), problems)
    skip["exdate"], skip["dates"] = exdates[0], sorted(set(skip.get("dates", [])) | set(exdates[1]))
    duration = _minutes(item.get("duration", 120), "duration", problems)
    offsets = _reminders(item.get("reminders"), problems)
    chase = _chase(item.get("rsvp_reminder", "2g"), problems)
    link = item.get("video_link")
    if link is not None and not re.match(r"^https?://\S+$", str(link)):
        problems.append(t.Y_BAD_LINK.format(value=repr(link)))
    organiser = item.get("organiser")
    if organiser is not None and (not isinstance(organiser, int) or isinstance(organiser, bool)
                                  or not 0 < organiser < MAX_TELEGRAM_ID):
        problems.append(t.Y_BAD_ORGANISER)
    audiences = _audiences(item.get("audiences"), zones, themes, problems)
    if problems:
        return None
    spec = TavoloSpec(slug=slug, title=title, theme_id=theme.id if theme else None, zone_ids=zone_ids,
                      all_zones=all_zones, description=str(item.get("description") or "").strip(),
                      organiser_id=organiser, place=item.get("place"), video_link=link, duration_minutes=duration,
                      timezone=tz.key, rrule=rule, dtstart_local=dtstart, dates_local=dates,
                      reminder_offsets=offsets, is_example=bool(item.get("example", False)), skip=skip,
                      rsvp_chase_minutes=chase)
    return spec, audiences, planned


def _zones(value, zones: dict, problems: list[str]) -> tuple[bool, list[int]]:
    if value in ("all", "tutte", "*"):
        return True, []
    if not isinstance(value, list) or not value:
        problems.append(t.Y_ZONES_SHAPE)
        return False, []
    found = []
    for name in value:
        zone = zones.get(_key(name))
        if zone is None:
            problems.append(t.Y_BAD_ZONE.format(value=repr(name), known=", ".join(
                sorted({z.code for z in zones.values()})) or t.Y_LOAD_CATALOGUE))
        else:
            found.append(zone.id)
    return False, sorted(set(found))


def _schedule(value, problems: list[str], tz: ZoneInfo):
    """(rule, start, dates, how many dates the first horizon plans, (exdates, excluded days)), within
    recurrence.py's limits. EXDATE entries with a time name one planned start, a bare date a whole day."""
    empty = (None, None, [], 0, ([], []))
    if not isinstance(value, dict) or not (("rrule" in value) ^ ("dates" in value)):
        problems.append(t.Y_SCHEDULE_SHAPE)
        return empty
    for name in sorted(set(value) - SCHEDULE_KEYS):
        problems.append(t.Y_SCHEDULE_KEY.format(name=name, known=", ".join(sorted(SCHEDULE_KEYS))))
    try:
        exdates = _exdates(value.get("exdate"))
        if "rrule" in value:
            start = parse_local(str(value.get("start") or ""))
            if len(str(value["rrule"])) > 300:
                raise InvalidSchedule(t.RULE_TOO_LONG)
            planned = validate_rule(str(value["rrule"]), start, tz)
            return normalise_rule(str(value["rrule"])), local_text(start), [], planned, exdates
        if not isinstance(value["dates"], list) or not value["dates"]:
            raise InvalidSchedule(t.Y_DATES_LIST)
        if len(value["dates"]) > MAX_OCCURRENCES:
            raise InvalidSchedule(t.Y_DATES_MAX.format(high=MAX_OCCURRENCES))
        dates = sorted(parse_local(str(d)) for d in value["dates"])
        if not YEARS[0] <= dates[0].year <= dates[-1].year <= YEARS[1]:
            raise InvalidSchedule(t.Y_DATES_YEARS.format(low=YEARS[0], high=YEARS[1]))
        return None, None, [local_text(d) for d in dates], len(dates), exdates
    except InvalidSchedule as exc:
        problems.append(t.Y_IN_FIELD.format(field="schedule", problem=exc))
        return empty


def _exdates(value) -> tuple[list[str], list[str]]:
    """EXDATE: ['2027-04-06 10:00'] (that meeting) or ['2027-04-06'] (any meeting that day)."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        raise InvalidSchedule(t.Y_EXDATE)
    starts, days = [], []
    for entry in value:
        text = str(entry).strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            days.append(_day(text, t.Y_EXDATE))
        else:
            starts.append(local_text(parse_local(text)))
    return sorted(starts), sorted(days)


def _day(text: str, problem: str) -> str:
    try:
        return date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise InvalidSchedule(problem) from None


def _skip(value, problems: list[str]) -> dict:
    """`skip:` {holidays: true, months: [agosto], dates: [...], periods: [{from, to}]}."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(t.Y_SKIP_SHAPE)
        return {}
    out: dict = {}
    for name in sorted(set(value) - SKIP_KEYS):
        problems.append(t.Y_SKIP_KEY.format(name=name, known=", ".join(sorted(SKIP_KEYS))))
    try:
        if value.get("holidays"):
            out["holidays"] = True
        months = []
        for m in value.get("months") or []:
            folded = str(m).strip().lower()
            number = int(folded) if folded.isdigit() else (t.MONTHS.index(folded) + 1 if folded in t.MONTHS else 0)
            if not 1 <= number <= 12:
                raise InvalidSchedule(t.Y_SKIP_MONTH.format(value=repr(m)))
            months.append(number)
        out["months"] = sorted(set(months))
        out["dates"] = sorted({_day(d, t.Y_SKIP_DATE.format(value=repr(d))) for d in value.get("dates") or []})
        periods = []
        for period in value.get("periods") or []:
            if not isinstance(period, dict) or set(period) != {"from", "to"}:
                raise InvalidSchedule(t.Y_SKIP_PERIOD.format(value=repr(period)))
            first, last = _day(period["from"], t.Y_SKIP_PERIOD.format(value=repr(period))), \
                _day(period["to"], t.Y_SKIP_PERIOD.format(value=repr(period)))
            if last < first:
                raise InvalidSchedule(t.Y_SKIP_PERIOD.format(value=repr(period)))
            periods.append([first, last])
        out["periods"] = sorted(periods)
    except InvalidSchedule as exc:
        problems.append(t.Y_IN_FIELD.format(field="skip", problem=exc))
    return out


def _chase(value, problems: list[str]) -> int | None:
    """`rsvp_reminder`: how long before the start those who have not answered are asked again (none: off)."""
    if value in (None, False, "no", "nessuno"):
        return None
    parsed = parse_offsets(str(value)[:40])
    if not parsed or len(parsed) != 1:
        problems.append(t.Y_BAD_CHASE.format(value=repr(value)))
        return RSVP_CHASE
    return parsed[0]


def _minutes(value, name: str, problems: list[str]) -> int:
    if isinstance(value, int) and 0 < value <= 24 * 60:
        return value
    parsed = parse_offsets(str(value)[:40])
    if parsed and len(parsed) == 1 and parsed[0] <= 24 * 60:
        return parsed[0]
    problems.append(t.Y_BAD_DURATION.format(name=name, value=repr(value)))
    return 120


def _reminders(value, problems: list[str]) -> list[int]:
    if value is None:
        return list(DEFAULT_OFFSETS)
    parsed = parse_offsets(" ".join(str(v) for v in value)) if isinstance(value, list) else None
    if parsed is None and value != []:
        problems.append(t.Y_BAD_REMINDERS.format(value=repr(value)))
    return parsed or []


def _audiences(value, zones: dict, themes: dict, problems: list[str]) -> list[Audience]:
    """Whole audiences to subscribe: {zone_referents: <zone>}, {theme_po: <theme>}, 'all_referents'."""
    result = []
    for entry in value or []:
        if entry == "all_referents":
            result.append(Audience("all_referents"))
        elif isinstance(entry, dict) and "zone_referents" in entry and _key(entry["zone_referents"]) in zones:
            result.append(Audience("zone_referents", zone_code=zones[_key(entry["zone_referents"])].code))
        elif isinstance(entry, dict) and "theme_po" in entry and _key(entry["theme_po"]) in themes:
            result.append(Audience("theme_po", theme_code=themes[_key(entry["theme_po"])].code))
        else:
            problems.append(t.Y_BAD_AUDIENCE.format(value=repr(entry)))
    return result


async def load(session: AsyncSession, path: Path, *, now: datetime, tz: ZoneInfo | None = None,
               actor: str = "cli") -> list[Outcome]:
    """Validate the whole file, then create or update each tavolo as edits; returns what each load did.

    Audited as `actor` (the command line), in the caller's transaction: one entry per tavolo created
    or updated, per meeting cancelled or moved by a new schedule and per audience rule added."""
    tz = tz or Settings.timezone
    specs = await validate(session, read(path), tz)
    loader = Person(role="admin", name="zobot tavoli load")  # the command line acts as an admin
    done = []
    for spec, audiences in specs:
        if spec.organiser_id is not None:
            organiser = await session.scalar(select(Person.id).where(Person.telegram_user_id == spec.organiser_id))
            spec.organiser_id = organiser
        outcome = await store(session, spec, now=now, actor=actor, source="file", tz=tz)
        if not outcome.archived:
            for audience in audiences:
                await members.add_rule(session, outcome.tavolo.id, audience, loader, now=now, actor=actor)
        done.append(outcome)
    return done
