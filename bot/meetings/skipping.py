"""Dates a tavolo does not meet on: EXDATEs, single days, periods, whole months, public holidays.

Stored on the tavolo as one JSON value (`Tavolo.skip`):
  {"exdate": ["2027-04-06T10:00"],   # RFC 5545 EXDATE: that planned start, in local wall time
   "dates": ["2027-12-24"],          # any meeting on that day
   "periods": [["2027-12-20", "2028-01-06"]],  # from-to, both included
   "months": [8],                    # every year (August)
   "holidays": true}                 # Italian public holidays and Milan's patron saint (7 December)
Holidays come from the `holidays` package: Italy, subdivision "MI" (Milano: Sant'Ambrogio), names in Italian.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.texts import meetings as t
from bot.texts import plural

HOLIDAY_COUNTRY, HOLIDAY_SUBDIV, HOLIDAY_LANGUAGE = "IT", "MI", "it_IT"
KEYS = ("exdate", "dates", "periods", "months", "holidays")


@lru_cache(maxsize=64)
def holidays_of(year: int) -> dict[date, str]:
    """Italian public holidays of a year, with Milan's own (Sant'Ambrogio), named in Italian."""
    import holidays  # imported where used: the bot starts without it until a tavolo asks

    found = holidays.country_holidays(HOLIDAY_COUNTRY, subdiv=HOLIDAY_SUBDIV, years=year, language=HOLIDAY_LANGUAGE)
    return dict(found.items())


def clean(value: dict | None) -> dict:
    """The stored form: only known keys, empty ones left out (so an unchanged value compares equal)."""
    value = value or {}
    out: dict = {}
    for key in KEYS:
        item = value.get(key)
        if key == "holidays":
            if item:
                out[key] = True
        elif item:
            out[key] = sorted(item) if key != "periods" else sorted([list(p) for p in item])
    return out


def toggle(value: dict | None, kind: str) -> dict:
    """August ("aug") or the public holidays ("hol") switched on or off."""
    out = clean(value)
    if kind == "hol":
        out["holidays"] = not out.get("holidays")
    else:
        months = set(out.get("months", [])) ^ {8}
        out["months"] = sorted(months)
    return clean(out)


class Skips:
    """The skip rules of one tavolo, asked about planned starts."""

    def __init__(self, value: dict | None, tz: ZoneInfo) -> None:
        value = clean(value)
        self.tz = tz
        self.exdates = set(value.get("exdate", []))
        self.days = {date.fromisoformat(d) for d in value.get("dates", [])}
        self.periods = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in value.get("periods", [])]
        self.months = set(value.get("months", []))
        self.holidays = bool(value.get("holidays"))

    def reason(self, start: datetime) -> str | None:
        """Why the meeting planned at `start` (UTC) is skipped, in Italian; None if it is not."""
        local = start.astimezone(self.tz)
        day = local.date()
        if local.replace(tzinfo=None).isoformat(timespec="minutes") in self.exdates:
            return t.SKIP_EXDATE
        if self.holidays and day in holidays_of(day.year):
            return holidays_of(day.year)[day]
        if day.month in self.months:
            return t.MONTHS[day.month - 1]
        if day in self.days:
            return t.SKIP_DAY
        if any(a <= day <= b for a, b in self.periods):
            return t.SKIP_PERIOD
        return None


def describe(value: dict | None) -> str:
    """The skip rules in words, for the organiser: «agosto, festività (Milano), 2 date escluse»."""
    value = clean(value)
    parts = []
    if value.get("months"):
        parts.append(", ".join(t.MONTHS[m - 1] for m in value["months"]))
    if value.get("holidays"):
        parts.append(t.SKIP_HOLIDAYS_WORDS)
    single = len(value.get("exdate", [])) + len(value.get("dates", []))
    if single:
        parts.append(plural(single, t.SKIP_DATES_ONE, t.SKIP_DATES_MANY))
    if value.get("periods"):
        parts.append(plural(len(value["periods"]), t.SKIP_PERIODS_ONE, t.SKIP_PERIODS_MANY))
    return "; ".join(parts) or t.SKIP_NONE
