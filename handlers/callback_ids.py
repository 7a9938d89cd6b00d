"""Ids read from callback data, checked before they reach a query.

Callback data comes back from the client and can be forged: an id is accepted only as ASCII digits
that fit PostgreSQL's `integer` (what every id column is); anything else raises ValueError, which the
routers answer as an expired button. (`999999999999` used to reach PostgreSQL and fail there.)
"""
from __future__ import annotations

MAX_ID = 2 ** 31 - 1


def parse(part: str | int) -> int:
    """The id in one field of callback data, or ValueError."""
    if isinstance(part, int) and not isinstance(part, bool):
        value = part
    elif isinstance(part, str) and part.isascii() and part.isdigit() and len(part) <= 10:
        value = int(part)
    else:
        raise ValueError("not an id")
    if not 0 <= value <= MAX_ID:
        raise ValueError("id out of range")
    return value


def well_formed(data: str) -> bool:
    """Every all-digit field of the data is an id `parse` accepts: for routers (`q:`) whose domain parsers
    read digit fields as ids themselves, checked once before the data is handed on."""
    try:
        for part in data.split(":"):
            if part.isdigit():
                parse(part)
    except ValueError:
        return False
    return True
