"""Callback data of /calendario (`w:`), built and parsed only here; ids checked with `policy.valid_id`.

w:ca  a feed of all my tavoli     w:ct:<tavolo>  a feed of one tavolo     w:cx  revoke my feeds
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.people.policy import valid_id

PREFIX = "w"
ALL, ONE, REVOKE = "ca", "ct", "cx"


@dataclass(frozen=True)
class Action:
    name: str
    tavolo_id: int | None = None


def all_tavoli() -> str:
    return f"{PREFIX}:{ALL}"


def one_tavolo(tavolo_id: int) -> str:
    if valid_id(tavolo_id) is None:
        raise ValueError(tavolo_id)
    return f"{PREFIX}:{ONE}:{tavolo_id}"


def revoke() -> str:
    return f"{PREFIX}:{REVOKE}"


def parse(data: str | None) -> Action | None:
    """The action of a `w:` button, or None for anything forged, truncated or out of range."""
    parts = (data or "").split(":")
    if parts[0] != PREFIX or len(parts) < 2:
        return None
    if parts[1] in (ALL, REVOKE) and len(parts) == 2:
        return Action(parts[1])
    if parts[1] == ONE and len(parts) == 3 and valid_id(parts[2]) is not None:
        return Action(ONE, valid_id(parts[2]))
    return None
