"""Callback data of /annuncio and /consegne (`a:`), built and parsed only here; ids checked with
`policy.valid_id`, audience kinds against the menu's.

a:k:<draft>:<kind>   an audience kind from the menu     a:z|t|v:<draft>:<id>  a zone, theme or tavolo
a:add:<draft>        add another group to the audience   a:ok|no:<draft>       send / cancel
a:l                  the delivery reports               a:r|rs|ry:<first>     a round, resend?, resend
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.people.policy import valid_id

PREFIX = "a"
MENU_KINDS = ("everyone", "all_referents", "zone_referents", "comuni_referents", "all_po", "theme_po", "tavolo")
LISTS = {"zone_referents": "z", "theme_po": "t", "tavolo": "v"}  # kinds chosen from a list: the list's tag
# action -> the kinds of its arguments ("id": an id in range, "kind": an audience kind of the menu)
SHAPES = {"k": ("id", "kind"), "z": ("id", "id"), "t": ("id", "id"), "v": ("id", "id"), "add": ("id",),
          "ok": ("id",), "no": ("id",), "r": ("id",), "rs": ("id",), "ry": ("id",), "l": ()}


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple = ()

    @property
    def draft(self) -> int:
        return self.args[0]


def _build(name: str, *args) -> str:
    data = ":".join([PREFIX, name, *(str(a) for a in args)])
    if parse(data) != Action(name, tuple(args)):
        raise ValueError(data)
    return data


def parse(data: str | None) -> Action | None:
    """The action of an `a:` button, or None for anything forged, truncated or out of range."""
    parts = (data or "").split(":")
    shape = SHAPES.get(parts[1]) if len(parts) > 1 and parts[0] == PREFIX else None
    if shape is None or len(parts) != 2 + len(shape):
        return None
    args = tuple(valid_id(raw) if kind == "id" else (raw if raw in MENU_KINDS else None)
                 for kind, raw in zip(shape, parts[2:]))
    return None if None in args else Action(parts[1], args)


def kind(draft_id: int, audience_kind: str) -> str:
    return _build("k", draft_id, audience_kind)


def listed(draft_id: int, audience_kind: str, ref: int) -> str:
    """A zone, theme or tavolo picked from the list of `audience_kind`."""
    return _build(LISTS[audience_kind], draft_id, ref)


def add(draft_id: int) -> str:
    return _build("add", draft_id)


def send(draft_id: int) -> str:
    return _build("ok", draft_id)


def cancel(draft_id: int) -> str:
    return _build("no", draft_id)


def reports() -> str:
    return _build("l")


def round_(first_id: int) -> str:
    return _build("r", first_id)


def resend_ask(first_id: int) -> str:
    return _build("rs", first_id)


def resend(first_id: int) -> str:
    return _build("ry", first_id)
