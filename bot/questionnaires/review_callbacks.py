"""Callback data of the /proposte buttons: built and parsed here, always `pr:<action>[:<int>…]`, ≤ 64 bytes."""
from __future__ import annotations

from dataclasses import dataclass

PREFIX = "pr"
ACTIONS = {
    "m": 0,   # the campaigns with proposals
    "v": 2,   # a page of a campaign's proposals: campaign id, page
    "a": 3,   # accept one: campaign id, proposal id, page to show again
    "r": 3,   # reject one: campaign id, proposal id, page
    "A": 2,   # accept every pending one: campaign id, page
    "p": 1,   # preview of the application (dry run): campaign id
    "ok": 1,  # apply: campaign id
}


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple[int, ...]


def build(name: str, *args: int) -> str:
    data = ":".join([PREFIX, name, *(str(int(a)) for a in args)])
    if name not in ACTIONS or len(args) != ACTIONS[name] or len(data.encode()) > 64:
        raise ValueError(data)
    return data


def parse(data: str | None) -> Action | None:
    """The action of a button, or None for anything forged or malformed."""
    if not data or len(data) > 64:
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != PREFIX or parts[1] not in ACTIONS:
        return None
    raw = parts[2:]
    if len(raw) != ACTIONS[parts[1]] or not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in raw):
        return None
    return Action(parts[1], tuple(int(p) for p in raw))


menu = lambda: build("m")  # noqa: E731


def page(campaign_id: int, number: int = 0) -> str:
    return build("v", campaign_id, number)


def accept(campaign_id: int, proposal_id: int, number: int) -> str:
    return build("a", campaign_id, proposal_id, number)


def reject(campaign_id: int, proposal_id: int, number: int) -> str:
    return build("r", campaign_id, proposal_id, number)


def accept_all(campaign_id: int, number: int) -> str:
    return build("A", campaign_id, number)


def preview(campaign_id: int) -> str:
    return build("p", campaign_id)


def confirm(campaign_id: int) -> str:
    return build("ok", campaign_id)
