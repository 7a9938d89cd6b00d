"""Tavoli from a YAML file (`zobot tavoli load FILE`): validated whole, with errors that say where.

Loading is idempotent: a tavolo is identified by its `id` (slug); loading the file again updates
it, and future occurrences its new schedule no longer plans are cancelled.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import yamlfiles
from bot.catalogue.models import Theme, Zone
from bot.meetings.parsing import parse_offsets
from bot.meetings.recurrence import (
    LOCAL_FORMAT,
    MAX_OCCURRENCES,
    YEARS,
    InvalidSchedule,
    normalise_rule,
    parse_local,
    validate_rule,
)
from bot.meetings.tavoli import TavoloSpec, add_audience, save
from bot.people.audience import Audience
from bot.people.models import Person

FIELDS = {"id", "title", "theme", "zones", "description", "organiser", "place", "video_link", "duration",
          "schedule", "reminders", "example", "audiences", "timezone"}
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
        raise TavoliFileError([f"{path}: file not found"])
    try:
        data = yamlfiles.load(path)
    except yamlfiles.YamlFileError as exc:
        raise TavoliFileError([str(exc)]) from None
    if not isinstance(data, dict) or not isinstance(data.get("tavoli"), list) or not data["tavoli"]:
        raise TavoliFileError([f"{Path(path).name}:1: expected a top-level 'tavoli:' list with at least one tavolo"])
    for item in data["tavoli"]:
        if isinstance(item, yamlfiles.LineDict):
            item.source = Path(path).name
    return data["tavoli"]


def _where(i: int, item) -> str:
    """`file:line: tavoli[2] (id)` for an item read from a file, `tavoli[2] (id)` otherwise."""
    name = f"tavoli[{i}]" + (f" ({str(item.get('id'))[:80]})" if isinstance(item, dict) and item.get("id") else "")
    source, line = getattr(item, "source", None), yamlfiles.line_of(item)
    return f"{source}:{line}: {name}" if source and line else name


async def validate(session: AsyncSession, items: list[dict]) -> list[tuple[TavoloSpec, list[Audience]]]:
    """Every item checked against the catalogue; all errors collected before anything is written."""
    zones, themes = await _lookup(session, Zone), await _lookup(session, Theme)
    errors: list[str] = []
    specs, seen, dates = [], set(), 0
    for i, item in enumerate(items):
        where = _where(i, item)
        problems: list[str] = []
        spec = _spec(item, zones, themes, problems) if isinstance(item, dict) else None
        if spec is None and not problems:
            problems.append(" must be a mapping of fields")
        if spec is not None and spec[0].slug in seen:
            problems.append(f"id: {spec[0].slug!r} is used twice")
        errors += [f"{where}.{p}" if not p.startswith(" ") else f"{where}:{p}" for p in problems]
        if spec is not None and not problems:
            seen.add(spec[0].slug)
            specs.append(spec[:2])
            dates += spec[2]
    if dates > MAX_PER_LOAD:
        errors.append(f"the file plans {dates} dates in the coming months: at most {MAX_PER_LOAD} per load")
    if errors:
        raise TavoliFileError(errors)
    return specs


def _spec(item: dict, zones: dict, themes: dict, problems: list[str]):
    for name in sorted(set(item) - FIELDS):
        problems.append(f"{name}: unknown field (allowed: {', '.join(sorted(FIELDS))})")
    slug, title = str(item.get("id") or ""), str(item.get("title") or "").strip()
    if not SLUG_RE.match(slug):
        problems.append("id: required, lower-case letters, digits and '-' (e.g. ambiente-adda-martesana)")
    if not 3 <= len(title) <= 120:
        problems.append("title: required, 3 to 120 characters")
    for name, limit in LENGTHS.items():
        if item.get(name) is not None and len(str(item[name])) > limit:
            problems.append(f"{name}: longer than {limit} characters")
    theme = None
    if item.get("theme") is not None:
        theme = themes.get(_key(item["theme"]))
        if theme is None:
            problems.append(f"theme: {item['theme']!r} is not a catalogue theme (known: "
                            f"{', '.join(sorted({t.code for t in themes.values()})) or 'none: load the catalogue first'})")
    all_zones, zone_ids = _zones(item.get("zones"), zones, problems)
    tz_name = str(item.get("timezone") or "Europe/Rome")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"timezone: {tz_name!r} is not an IANA time zone")
        tz = ZoneInfo("Europe/Rome")
    rule, dtstart, dates, planned = _schedule(item.get("schedule"), problems)
    duration = _minutes(item.get("duration", 120), "duration", problems)
    offsets = _reminders(item.get("reminders"), problems)
    link = item.get("video_link")
    if link is not None and not re.match(r"^https?://\S+$", str(link)):
        problems.append(f"video_link: {link!r} is not an http(s) link")
    organiser = item.get("organiser")
    if organiser is not None and (not isinstance(organiser, int) or isinstance(organiser, bool)
                                  or not 0 < organiser < MAX_TELEGRAM_ID):
        problems.append("organiser: the organiser's Telegram user id (a number)")
    audiences = _audiences(item.get("audiences"), zones, themes, problems)
    if problems:
        return None
    spec = TavoloSpec(slug=slug, title=title, theme_id=theme.id if theme else None, zone_ids=zone_ids,
                      all_zones=all_zones, description=str(item.get("description") or "").strip(),
                      organiser_id=organiser, place=item.get("place"), video_link=link, duration_minutes=duration,
                      timezone=tz.key, rrule=rule, dtstart_local=dtstart, dates_local=dates,
                      reminder_offsets=offsets, is_example=bool(item.get("example", False)))
    return spec, audiences, planned


def _zones(value, zones: dict, problems: list[str]) -> tuple[bool, list[int]]:
    if value in ("all", "tutte", "*"):
        return True, []
    if not isinstance(value, list) or not value:
        problems.append("zones: a list of zone codes or names, or 'tutte'")
        return False, []
    found = []
    for name in value:
        zone = zones.get(_key(name))
        if zone is None:
            problems.append(f"zones: {name!r} is not a zone (known: "
                            f"{', '.join(sorted({z.code for z in zones.values()})) or 'none: load the catalogue first'})")
        else:
            found.append(zone.id)
    return False, sorted(set(found))


def _schedule(value, problems: list[str]) -> tuple[str | None, str | None, list[str], int]:
    """(rule, start, dates, how many dates the first horizon plans), within recurrence.py's limits."""
    if not isinstance(value, dict) or not (("rrule" in value) ^ ("dates" in value)):
        problems.append("schedule: give either 'rrule' with 'start', or 'dates' (a list)")
        return None, None, [], 0
    try:
        if "rrule" in value:
            start = parse_local(str(value.get("start") or ""))
            if len(str(value["rrule"])) > 300:
                raise InvalidSchedule("the rule is longer than 300 characters")
            planned = validate_rule(str(value["rrule"]), start)
            return normalise_rule(str(value["rrule"])), start.strftime(LOCAL_FORMAT), [], planned
        if not isinstance(value["dates"], list) or not value["dates"]:
            raise InvalidSchedule("'dates' must be a non-empty list like ['2027-01-12 10:00']")
        if len(value["dates"]) > MAX_OCCURRENCES:
            raise InvalidSchedule(f"at most {MAX_OCCURRENCES} dates")
        dates = sorted(parse_local(str(d)) for d in value["dates"])
        if not YEARS[0] <= dates[0].year <= dates[-1].year <= YEARS[1]:
            raise InvalidSchedule(f"dates must be between {YEARS[0]} and {YEARS[1]}")
        return None, None, [d.strftime(LOCAL_FORMAT) for d in dates], len(dates)
    except InvalidSchedule as exc:
        problems.append(f"schedule: {exc}")
        return None, None, [], 0


def _minutes(value, name: str, problems: list[str]) -> int:
    if isinstance(value, int) and 0 < value <= 24 * 60:
        return value
    parsed = parse_offsets(str(value)[:40])
    if parsed and len(parsed) == 1 and parsed[0] <= 24 * 60:
        return parsed[0]
    problems.append(f"{name}: {value!r} is not a duration (minutes, or e.g. '2h', '90m')")
    return 120


def _reminders(value, problems: list[str]) -> list[int]:
    if value is None:
        from bot.meetings.models import DEFAULT_OFFSETS
        return list(DEFAULT_OFFSETS)
    parsed = parse_offsets(" ".join(str(v) for v in value)) if isinstance(value, list) else None
    if parsed is None and value != []:
        problems.append(f"reminders: {value!r} is not a list of offsets like ['7g', '1g', '1h']")
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
            problems.append(f"audiences: {entry!r} is not 'all_referents', {{zone_referents: <zone>}} "
                            "or {theme_po: <theme>} with a known zone or theme")
    return result


async def load(session: AsyncSession, path: Path, *, now: datetime, actor: str = "cli") -> list[tuple[str, bool]]:
    """Validate the whole file, then create or update each tavolo; returns (slug, created) pairs.

    Audited as `actor` (the command line), in the caller's transaction: one entry per tavolo created
    or updated, per meeting cancelled by a new schedule and per audience added."""
    specs = await validate(session, read(path))
    loader = Person(role="admin", name="zobot tavoli load")  # the command line acts as an admin
    done = []
    for spec, audiences in specs:
        if spec.organiser_id is not None:
            organiser = await session.scalar(select(Person.id).where(Person.telegram_user_id == spec.organiser_id))
            spec.organiser_id = organiser
        tavolo, created = await save(session, spec, now=now, actor=actor, source="file")
        for audience in audiences:
            await add_audience(session, tavolo.id, audience, loader, now=now, actor=actor)
        done.append((spec.slug, created))
    return done
