"""Schedules in local wall time (so 10:00 stays 10:00 across DST), occurrences stored in UTC.

Rules are RFC 5545 RRULEs as dateutil reads them, over a local DTSTART in the tavolo's zone. UNTIL may be
written in UTC (`UNTIL=20270630T215959Z`, the form RFC 5545 §3.3.10 requires with a TZID'd DTSTART) or as
a local date (time); the UTC form is turned into the zone's wall time before dateutil sees it. Dates the
tavolo skips (EXDATE, holidays, periods: bot/meetings/skipping.py) are never planned.
"""
from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.meetings import skipping
from bot.meetings.models import Occurrence, Tavolo
from bot.texts import meetings as t
from bot.texts import reworded

HORIZON = timedelta(days=190)  # how far ahead occurrences are materialised
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
# Limits (docs/security-hardening.md): a tavolo meets at most daily, with at most MAX_OCCURRENCES dates in a
# horizon; a rule must give its first date within FIRST_WITHIN of its start; years stay within YEARS.
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_OCCURRENCES = 400
MAX_COUNT = 1000
FIRST_WITHIN = timedelta(days=5 * 366)
YEARS = (2000, 2100)
_FREQ_RE = re.compile(r"(?:^|;)FREQ=([A-Z]*)")
_UTC_UNTIL_RE = re.compile(r"(?<=UNTIL=)(\d{8}T\d{6})Z")


class InvalidSchedule(ValueError):
    """An RRULE or date that cannot be expanded; the message says what is wrong."""


def normalise_rule(rule: str) -> str:
    """Accept 'RRULE:FREQ=…' or 'FREQ=…'; return the bare rule, upper case, no spaces."""
    rule = rule.strip().replace(" ", "").upper()
    return rule[len("RRULE:"):] if rule.startswith("RRULE:") else rule


def local_until(rule: str, tz: ZoneInfo) -> str:
    """The rule with a UTC UNTIL (…Z) written as the same instant in `tz`'s wall time, which dateutil
    compares with the naive local DTSTART; a rule without one is returned unchanged."""
    def local(match: re.Match) -> str:
        try:
            instant = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=timezone.utc)
        except ValueError:
            raise InvalidSchedule(t.BAD_UNTIL.format(value=match.group(0))) from None
        return instant.astimezone(tz).replace(tzinfo=None).isoformat().replace("-", "").replace(":", "")
    return _UTC_UNTIL_RE.sub(local, normalise_rule(rule))


def parse_local(value: str) -> datetime:
    """'2027-01-05T10:00' (or with a space) to a naive local datetime."""
    try:
        return datetime.strptime(value.strip().replace(" ", "T")[:16], LOCAL_FORMAT)
    except ValueError:
        raise InvalidSchedule(t.BAD_LOCAL.format(value=repr(value))) from None


def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in `tz` to UTC; a time skipped by the spring change moves forward an hour."""
    aware = local.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(timezone.utc)
    if utc.astimezone(tz).replace(tzinfo=None) != local:  # inside the spring-forward gap
        utc = (local + timedelta(hours=1)).replace(tzinfo=tz).astimezone(timezone.utc)
    return utc


def _parse(rule: str, dtstart: datetime, tz: ZoneInfo) -> rrule:
    """The rule, refused before any expansion if it repeats more often than daily or runs out of range."""
    normal = local_until(rule, tz)
    if not YEARS[0] <= dtstart.year <= YEARS[1]:
        raise InvalidSchedule(t.START_YEARS.format(start=dtstart.date().isoformat(), low=YEARS[0], high=YEARS[1]))
    freq = _FREQ_RE.search(normal)
    if freq is None or freq.group(1) not in FREQUENCIES:
        raise InvalidSchedule(t.BAD_FREQ.format(rule=repr(rule[:80]), known=", ".join(FREQUENCIES)))
    try:
        parsed = rrulestr(f"RRULE:{normal}", dtstart=dtstart)
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidSchedule(t.BAD_RULE.format(rule=repr(rule[:80]),
                                                why=reworded(str(exc), t.RULE_REASONS, t.RULE_UNREADABLE))) from None
    if parsed._count is not None and not 1 <= parsed._count <= MAX_COUNT:  # noqa: SLF001 - dateutil keeps no public copy
        raise InvalidSchedule(t.BAD_COUNT.format(rule=repr(rule[:80]), high=MAX_COUNT))
    if parsed._until is not None and not YEARS[0] <= parsed._until.year <= YEARS[1]:  # noqa: SLF001
        raise InvalidSchedule(t.UNTIL_YEARS.format(rule=repr(rule[:80]), low=YEARS[0], high=YEARS[1]))
    if _no_such_day(parsed):
        raise InvalidSchedule(t.NO_SUCH_DAY.format(rule=repr(rule[:80])))
    return parsed


def _no_such_day(parsed: rrule) -> bool:
    """BYMONTHDAY days that none of the BYMONTH months has (e.g. 30 February): dateutil would look for
    them day by day up to the year 9999 (seconds for a daily rule), so they are refused first."""
    days, months = parsed._bymonthday, parsed._bymonth or range(1, 13)  # noqa: SLF001
    if not days or parsed._bynmonthday:  # noqa: SLF001
        return False
    longest = {m: calendar.monthrange(2028, m)[1] for m in range(1, 13)}  # 2028: a leap year
    return all(d > longest[m] for m in months for d in days)


def _dates(parsed: rrule, until: datetime, cap: int) -> list[datetime]:
    """At most `cap` dates of the rule up to `until`, in bounded time: the search stops at `until` even
    for a rule that never matches (dateutil would otherwise look up to the year 9999)."""
    end = min(until, parsed._until) if parsed._until is not None else until  # noqa: SLF001
    bounded = parsed.replace(count=None, until=end)
    return list(islice(bounded, min(cap, parsed._count or cap)))  # noqa: SLF001 - COUNT counts from the start


def validate_rule(rule: str, dtstart: datetime, tz: ZoneInfo) -> int:
    """Raise InvalidSchedule unless the rule parses, repeats at most daily, gives a first date within
    FIRST_WITHIN and at most MAX_OCCURRENCES in a horizon; returns how many dates its first horizon has."""
    parsed = _parse(rule, dtstart, tz)
    if not _dates(parsed, dtstart + FIRST_WITHIN, 1):
        raise InvalidSchedule(t.NO_DATE_WITHIN.format(rule=repr(rule[:80]), start=dtstart.isoformat(" ", "minutes"),
                                                      end=(dtstart + FIRST_WITHIN).date().isoformat()))
    dates = len(_dates(parsed, dtstart + HORIZON, MAX_OCCURRENCES + 1))
    if dates > MAX_OCCURRENCES:
        raise InvalidSchedule(t.TOO_MANY_DATES.format(rule=repr(rule[:80]), high=MAX_OCCURRENCES, days=HORIZON.days))
    return dates


def expand_rule(rule: str, dtstart_local: datetime, tz: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """UTC starts of the rule's occurrences between two aware instants (inclusive), at most MAX_OCCURRENCES
    (a rule stored before the limits existed cannot build a million rows)."""
    freq = _FREQ_RE.search(normalise_rule(rule))
    if freq is None or freq.group(1) not in FREQUENCIES:  # stored before the limits: plans nothing
        return []
    try:
        parsed = rrulestr(f"RRULE:{local_until(rule, tz)}", dtstart=dtstart_local)
    except (ValueError, TypeError, OverflowError):  # stored before UNTIL was checked: plans nothing
        return []
    lo = start.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    hi = end.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    if parsed._count is not None:  # noqa: SLF001 - COUNT counts from the start: take them from there
        local = [d for d in _dates(parsed, hi, MAX_COUNT) if d >= lo]
    else:
        until = min(hi, parsed._until) if parsed._until is not None else hi  # noqa: SLF001
        local = parsed.replace(until=until).xafter(lo, count=2 * MAX_OCCURRENCES, inc=True)
    found = (to_utc(d, tz) for d in local)
    return [d for d in found if start <= d <= end][:MAX_OCCURRENCES]


def scheduled_starts(tavolo: Tavolo, start: datetime, end: datetime) -> list[datetime]:
    """UTC starts of the tavolo's rule or dates between two instants, before any date is skipped."""
    tz = ZoneInfo(tavolo.timezone)
    if tavolo.rrule and tavolo.dtstart_local:
        return expand_rule(tavolo.rrule, parse_local(tavolo.dtstart_local), tz, start, end)
    starts = sorted(to_utc(parse_local(d), tz) for d in tavolo.dates_local or [])
    return [d for d in starts if start <= d <= end]


def planned_starts(tavolo: Tavolo, start: datetime, end: datetime) -> list[datetime]:
    """UTC starts the tavolo's schedule plans between two instants: its dates less those it skips."""
    rules = skipping.Skips(tavolo.skip, ZoneInfo(tavolo.timezone))
    return [s for s in scheduled_starts(tavolo, start, end) if rules.reason(s) is None]


def skipped_starts(tavolo: Tavolo, start: datetime, end: datetime) -> list[tuple[datetime, str]]:
    """The dates the schedule would give between two instants but the tavolo skips, each with why."""
    rules = skipping.Skips(tavolo.skip, ZoneInfo(tavolo.timezone))
    found = ((s, rules.reason(s)) for s in scheduled_starts(tavolo, start, end))
    return [(s, why) for s, why in found if why is not None]


async def materialise(session: AsyncSession, tavolo: Tavolo, *, now: datetime, horizon: timedelta = HORIZON) -> int:
    """Create the occurrences of the coming months that do not exist yet; running it again adds nothing."""
    rows = [{"tavolo_id": tavolo.id, "original_start": s, "start_at": s, "status": "scheduled", "sequence": 0}
            for s in planned_starts(tavolo, now, now + horizon)]
    return await insert_ignore(session, Occurrence.__table__, rows, ["tavolo_id", "original_start"])


async def materialise_all(session: AsyncSession, *, now: datetime) -> int:
    """Materialise every active tavolo (the periodic job calls this)."""
    created = 0
    for tavolo in (await session.scalars(select(Tavolo).where(Tavolo.active.is_(True)))).all():
        created += await materialise(session, tavolo, now=now)
    return created
