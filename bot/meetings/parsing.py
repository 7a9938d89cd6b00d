"""Reading what an organiser types: dates, reminder offsets, place and link."""
from __future__ import annotations

import re
from datetime import datetime

DATE_RE = re.compile(
    r"^\s*(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))"
    r"(?:\s+|\s*,\s*|T)(?:ore\s+)?(\d{1,2})[:.](\d{2})(?:\s*-\s*(\d{1,2})[:.](\d{2}))?\s*$", re.I)
OFFSET_RE = re.compile(r"(\d+)\s*(g|gg|giorn[oi]|d|h|or[ae]|m|min|minuti?)\b", re.I)
URL_RE = re.compile(r"https?://\S+")
YEARS = (2000, 2100)
MAX_OFFSET = 60 * 1440  # a reminder at most 60 days before


def parse_datetime(text: str) -> tuple[datetime, int | None] | None:
    """'12/01/2027 10:00' (or 2027-01-12 10:00; optional '-12:00' end) → (naive local start, minutes)."""
    m = DATE_RE.match(text)
    if not m:
        return None
    day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
    if not YEARS[0] <= int(year) <= YEARS[1]:
        return None
    try:
        start = datetime(int(year), int(month), int(day), int(m.group(7)), int(m.group(8)))
        if m.group(9) is None:
            return start, None
        end = start.replace(hour=int(m.group(9)), minute=int(m.group(10)))
    except ValueError:
        return None
    minutes = int((end - start).total_seconds() // 60)
    return (start, minutes) if minutes > 0 else None


def parse_dates(text: str) -> list[tuple[datetime, int | None]] | None:
    """One date per line (or separated by ';'); None if any line is not a date."""
    parts = [p for p in re.split(r"[\n;]+", text) if p.strip()]
    parsed = [parse_datetime(p) for p in parts]
    return parsed if parsed and all(parsed) else None


def parse_offsets(text: str) -> list[int] | None:
    """'7g 1g 1h 30m' → minutes, largest first; None if nothing (or something else) was written."""
    if len(text) > 200:
        return None
    found = OFFSET_RE.findall(text)
    rest = OFFSET_RE.sub("", text)
    if not found or re.search(r"[^\s,;e]", rest):
        return None
    unit = {"g": 1440, "d": 1440, "h": 60, "o": 60, "m": 1}
    values = {int(n) * unit[u[0].lower()] for n, u in found}
    values.discard(0)
    if any(v > MAX_OFFSET for v in values):
        return None
    return sorted(values, reverse=True) or None


def split_place(text: str) -> tuple[str | None, str | None]:
    """Free text → (place, first link); separators around the link are dropped."""
    link = URL_RE.search(text)
    place = URL_RE.sub("", text)
    place = re.sub(r"\s*[–—-]\s*$|^\s*[–—-]\s*", "", place.strip()).strip(" ,;") or None
    return place, link.group(0).rstrip(".,;)") if link else None


def slugify(text: str) -> str:
    import unicodedata
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "tavolo"
