"""Dates and times as people read them, in the configured time zone (ZOBOT_TIMEZONE, Europe/Rome).

Times are stored in UTC; every feature shows them through these few functions, so one format is
used everywhere and the configured zone is always honoured. `tz` is `settings.timezone`.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.texts import common

DATE = "%d/%m/%Y"                  # 07/12/2026: chat, web pages
DATE_TIME = "%d/%m/%Y %H:%M"       # 07/12/2026 10:00
ISO_MINUTES = "%Y-%m-%d %H:%M"     # 2026-12-07 10:00: spreadsheets and data files (sortable)


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    """An aware moment in the configured zone (DST-correct)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: times are stored and passed aware (UTC)")
    return moment.astimezone(tz)


def day(value: date | datetime, tz: ZoneInfo | None = None) -> str:
    """07/12/2026; a datetime is first turned into the configured zone."""
    if isinstance(value, datetime):
        value = local(value, _zone(tz)).date()
    return value.strftime(DATE)


def day_time(moment: datetime, tz: ZoneInfo) -> str:
    """07/12/2026 10:00 in the configured zone."""
    return local(moment, tz).strftime(DATE_TIME)


def day_at(moment: datetime, tz: ZoneInfo) -> str:
    """07/12/2026 alle 10:00, in running text."""
    at = local(moment, tz)
    return common.DAY_AT.format(day=at.strftime(DATE), time=at.strftime("%H:%M"))


def sortable(moment: datetime | None, tz: ZoneInfo) -> str:
    """2026-12-07 10:00 for exports (empty when unknown)."""
    return local(moment, tz).strftime(ISO_MINUTES) if moment is not None else ""


def _zone(tz: ZoneInfo | None) -> ZoneInfo:
    if tz is None:
        raise ValueError("a datetime needs the configured time zone to become a day")
    return tz
