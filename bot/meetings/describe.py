"""Times, offsets and schedules in Italian words, always in the tavolo's local time."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.meetings.recurrence import normalise_rule, parse_local
from bot.texts import meetings as t

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def when(at: datetime, tz: ZoneInfo) -> str:
    """'martedì 5 gennaio 2027, ore 10:00' in local time."""
    local = at.astimezone(tz)
    return t.WHEN.format(weekday=t.WEEKDAYS[local.weekday()], day=local.day, month=t.MONTHS[local.month - 1],
                         year=local.year, time=f"{local:%H:%M}")


def offset(minutes: int) -> str:
    """7 giorni, 1 ora, 30 minuti."""
    if minutes % 1440 == 0:
        n = minutes // 1440
        return t.ONE_DAY if n == 1 else t.DAYS.format(n=n)
    if minutes % 60 == 0:
        n = minutes // 60
        return t.ONE_HOUR if n == 1 else t.HOURS.format(n=n)
    return t.MINUTES.format(n=minutes)


def offsets(values: list[int]) -> str:
    return ", ".join(offset(v) for v in sorted(values, reverse=True)) or t.NO_REMINDERS


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return offset(minutes)
    return f"{hours}h{rest:02d}" if hours else t.MINUTES.format(n=minutes)


def schedule(rule: str | None, dtstart_local: str | None, dates: list | None) -> str:
    """The schedule in words: 'ogni primo martedì del mese alle 10:00'."""
    if not rule or not dtstart_local:
        return t.DATE_LIST.format(n=len(dates or []))
    start = parse_local(dtstart_local)
    parts = dict(p.split("=", 1) for p in normalise_rule(rule).split(";") if "=" in p)
    time = f"{start:%H:%M}"
    byday = parts.get("BYDAY", "")
    freq, interval = parts.get("FREQ"), int(parts.get("INTERVAL", "1") or 1)
    match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", byday)
    if freq == "WEEKLY" and (not byday or match and not match.group(1)):
        day = DAY_CODES.index(match.group(2)) if match else start.weekday()
        if interval == 1:
            return t.EVERY_WEEK.format(weekday=t.WEEKDAYS[day], time=time)
        return t.EVERY_N_WEEKS.format(n=interval, weekday=t.WEEKDAYS[day], time=time)
    if freq == "MONTHLY" and interval == 1 and match and match.group(1) and int(match.group(1)) in t.ORDINALS:
        return t.MONTHLY_NTH.format(ordinal=t.ORDINALS[int(match.group(1))],
                                    weekday=t.WEEKDAYS[DAY_CODES.index(match.group(2))], time=time)
    if freq == "MONTHLY" and interval == 1 and not byday and "BYMONTHDAY" not in parts:
        return t.MONTHLY_DAY.format(day=start.day, time=time)
    return t.CUSTOM_RULE.format(rule=normalise_rule(rule), time=time)
