"""Times, offsets and schedules in Italian words (dates through bot/timefmt.py, in the zone given)."""
from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot import timefmt
from bot.meetings.recurrence import local_until, normalise_rule, parse_local
from bot.texts import meetings as t
from bot.texts import plural

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def when(at: datetime, tz: ZoneInfo) -> str:
    """'martedì 5 gennaio 2027, ore 10:00' in the zone given."""
    local = timefmt.local(at, tz)
    return t.WHEN.format(weekday=t.WEEKDAYS[local.weekday()], day=local.day, month=t.MONTHS[local.month - 1],
                         year=local.year, time=timefmt.clock(at, tz))


def short_day(at: datetime, tz: ZoneInfo) -> str:
    """16/02, on a button."""
    return timefmt.day(at, tz)[:5]


def offset(minutes: int) -> str:
    """7 giorni, 1 ora, 30 minuti."""
    if minutes % 1440 == 0:
        return plural(minutes // 1440, t.DAY_ONE, t.DAYS)
    if minutes % 60 == 0:
        return plural(minutes // 60, t.HOUR_ONE, t.HOURS)
    return plural(minutes, t.MINUTE_ONE, t.MINUTES)


def offsets(values: list[int]) -> str:
    return ", ".join(offset(v) for v in sorted(values, reverse=True)) or t.NO_REMINDERS


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return offset(minutes)
    return t.HOURS_MINUTES.format(hours=hours, minutes=f"{rest:02d}") if hours else offset(minutes)


def schedule(rule: str | None, dtstart_local: str | None, dates: list | None, tz: ZoneInfo | None = None) -> str:
    """The schedule in words: 'ogni primo martedì del mese alle 10:00', 'ogni ultimo venerdì del mese…'."""
    if not rule or not dtstart_local:
        return plural(len(dates or []), t.DATE_LIST_ONE, t.DATE_LIST)
    start = parse_local(dtstart_local)
    parts = dict(p.split("=", 1) for p in normalise_rule(rule).split(";") if "=" in p)
    text = _rule_words(parts, start)
    if text is None:
        return t.CUSTOM_RULE.format(rule=normalise_rule(rule), time=_hhmm(start))
    until = _until(rule, tz)
    return text + (t.UNTIL_WORDS.format(day=until) if until else "")


def _hhmm(start: datetime) -> str:
    return f"{start.hour:02d}:{start.minute:02d}"


def _rule_words(parts: dict, start: datetime) -> str | None:
    byday, time = parts.get("BYDAY", ""), _hhmm(start)
    freq, interval = parts.get("FREQ"), int(parts.get("INTERVAL", "1") or 1)
    known = {"FREQ", "INTERVAL", "BYDAY", "BYSETPOS", "UNTIL", "COUNT", "WKST"}
    if set(parts) - known:
        return None
    match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", byday)
    setpos = parts.get("BYSETPOS")
    if freq == "WEEKLY" and not setpos and (not byday or match and not match.group(1)):
        day = DAY_CODES.index(match.group(2)) if match else start.weekday()
        if interval == 1:
            return t.EVERY_WEEK.format(weekday=t.WEEKDAYS[day], time=time)
        return t.EVERY_N_WEEKS.format(n=interval, weekday=t.WEEKDAYS[day], time=time)
    if freq == "MONTHLY" and interval == 1 and match:
        nth = int(match.group(1)) if match.group(1) else (int(setpos) if setpos and setpos.lstrip("-").isdigit() else None)
        if match.group(1) and setpos:
            return None
        if nth in t.ORDINALS:
            return t.MONTHLY_NTH.format(ordinal=t.ORDINALS[nth], weekday=t.WEEKDAYS[DAY_CODES.index(match.group(2))],
                                        time=time)
        return None
    if freq == "MONTHLY" and interval == 1 and not byday and not setpos:
        return t.MONTHLY_DAY.format(day=start.day, time=time)
    return None


def _until(rule: str, tz: ZoneInfo | None) -> str | None:
    """The last day of a rule with UNTIL, as 30/06/2027 (a UTC UNTIL read in the zone given)."""
    found = re.search(r"UNTIL=(\d{8})(T\d{6})?", local_until(rule, tz) if tz else normalise_rule(rule))
    if not found:
        return None
    raw = found.group(1)
    return timefmt.day(date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])))
