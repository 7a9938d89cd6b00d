"""Schedules in local wall time (so 10:00 stays 10:00 across DST), occurrences stored in UTC."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.meetings.models import Occurrence, Tavolo

HORIZON = timedelta(days=190)  # how far ahead occurrences are materialised
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class InvalidSchedule(ValueError):
    """An RRULE or date that cannot be expanded; the message says what is wrong."""


def normalise_rule(rule: str) -> str:
    """Accept 'RRULE:FREQ=…' or 'FREQ=…'; return the bare rule, upper case, no spaces."""
    rule = rule.strip().replace(" ", "").upper()
    return rule[len("RRULE:"):] if rule.startswith("RRULE:") else rule


def parse_local(value: str) -> datetime:
    """'2027-01-05T10:00' (or with a space) to a naive local datetime."""
    try:
        return datetime.strptime(value.strip().replace(" ", "T")[:16], LOCAL_FORMAT)
    except ValueError:
        raise InvalidSchedule(f"{value!r} is not a date and time like 2027-01-05 10:00") from None


def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in `tz` to UTC; a time skipped by the spring change moves forward an hour."""
    aware = local.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(timezone.utc)
    if utc.astimezone(tz).replace(tzinfo=None) != local:  # inside the spring-forward gap
        utc = (local + timedelta(hours=1)).replace(tzinfo=tz).astimezone(timezone.utc)
    return utc


def validate_rule(rule: str, dtstart: datetime) -> None:
    """Raise InvalidSchedule unless the rule parses and yields at least one date."""
    try:
        parsed = rrulestr(f"RRULE:{normalise_rule(rule)}", dtstart=dtstart)
    except (ValueError, TypeError) as exc:
        raise InvalidSchedule(f"RRULE {rule!r} is not valid: {exc}") from None
    if parsed.after(dtstart, inc=True) is None:
        raise InvalidSchedule(f"RRULE {rule!r} yields no date after {dtstart:%Y-%m-%d %H:%M}")


def expand_rule(rule: str, dtstart_local: datetime, tz: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """UTC starts of the rule's occurrences between two aware instants (inclusive)."""
    parsed = rrulestr(f"RRULE:{normalise_rule(rule)}", dtstart=dtstart_local)
    lo = start.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    hi = end.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    found = (to_utc(d, tz) for d in parsed.between(lo, hi, inc=True))
    return [d for d in found if start <= d <= end]


def planned_starts(tavolo: Tavolo, start: datetime, end: datetime) -> list[datetime]:
    """UTC starts the tavolo's schedule plans between two instants."""
    tz = ZoneInfo(tavolo.timezone)
    if tavolo.rrule and tavolo.dtstart_local:
        return expand_rule(tavolo.rrule, parse_local(tavolo.dtstart_local), tz, start, end)
    starts = sorted(to_utc(parse_local(d), tz) for d in tavolo.dates_local or [])
    return [d for d in starts if start <= d <= end]


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


async def retire_unplanned(session: AsyncSession, tavolo: Tavolo, *, now: datetime) -> int:
    """After a schedule change, future occurrences the new schedule no longer plans are cancelled."""
    planned = set(planned_starts(tavolo, now, now + HORIZON))
    future = (await session.scalars(select(Occurrence).where(
        Occurrence.tavolo_id == tavolo.id, Occurrence.status == "scheduled",
        Occurrence.original_start > now))).all()
    retired = 0
    for occ in future:
        if occ.original_start not in planned:
            occ.status, occ.sequence = "cancelled", occ.sequence + 1
            retired += 1
    return retired
