"""Callback data of the people feature (`p:`), built and parsed only here; ids checked with `policy.valid_id`.

p:ap:<request>  approve a registration request      p:rf:<request>  refuse it
p:er:<person>   erase my data (the person's own id)  p:en            keep them
p:au:<offset>   the audit log from `offset`          p:ax            the audit log as CSV
p:ch:<0|1>      preferred channel: 0 Telegram, 1 e-mail (/email)
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.people.policy import valid_id

PREFIX = "p"
# action -> (number of numeric arguments, smallest value allowed)
ACTIONS = {"ap": (1, 1), "rf": (1, 1), "er": (1, 1), "en": (0, 0), "au": (1, 0), "ax": (0, 0), "ch": (1, 0)}
CHANNEL_CODES = ("telegram", "email")  # p:ch:<index>


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple[int, ...] = ()

    def arg(self) -> int:
        return self.args[0]


def build(name: str, *args: int) -> str:
    count, minimum = ACTIONS[name]
    if len(args) != count or any(valid_id(a, minimum=minimum) is None for a in args):
        raise ValueError(f"p:{name} {args}")
    return ":".join([PREFIX, name, *(str(a) for a in args)])


def parse(data: str | None) -> Action | None:
    """The action of a `p:` button, or None for anything forged, truncated or out of range."""
    parts = (data or "").split(":")
    if len(parts) < 2 or parts[0] != PREFIX or parts[1] not in ACTIONS:
        return None
    count, minimum = ACTIONS[parts[1]]
    args = tuple(valid_id(raw, minimum=minimum) for raw in parts[2:])
    if len(args) != count or None in args:
        return None
    return Action(parts[1], args)  # type: ignore[arg-type]


def approve(request_id: int) -> str:
    return build("ap", request_id)


def refuse(request_id: int) -> str:
    return build("rf", request_id)


def erase(person_id: int) -> str:
    return build("er", person_id)


def channel(name: str) -> str:
    return build("ch", CHANNEL_CODES.index(name))


def keep() -> str:
    return build("en")


def audit_page(offset: int) -> str:
    return build("au", offset)


def audit_export() -> str:
    return build("ax")
