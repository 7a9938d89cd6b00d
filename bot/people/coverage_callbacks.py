"""Callback data of the PO's /copertura dialogue (`cv:`): built and parsed only here, always
`cv:<action>[:<arg>…]`, ≤ 64 bytes, numbers checked with `policy.valid_id` on parse."""
from __future__ import annotations

from dataclasses import dataclass

from bot.people.policy import valid_id

PREFIX = "cv"
# action -> (step the draft must be at, or None: any; number of integer arguments)
ACTIONS = {
    "s": (None, 1),        # pick a service: service id
    "pz": ("place", 1),    # pick a zone: zone id
    "pc": ("place", 1),    # pick a comune: comune id
    "t": ("status", 1),    # pick a status: index in STATUSES
    "d": ("since", 1),     # 1: today, 0: no date
    "ok": ("confirm", 0),  # save
    "x": (None, 0),        # leave the dialogue
    "h": (None, 1),        # a service's coverage and history: service id
    "l": (None, 0),        # back to the list of the office's services
}
STATUSES = ("attivato", "in attivazione", "sospeso", "cessato")


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple[int, ...]

    @property
    def step(self) -> str | None:
        return ACTIONS[self.name][0]

    def arg(self, i: int = 0) -> int:
        return self.args[i]


def build(name: str, *args: int) -> str:
    data = ":".join([PREFIX, name, *(str(int(a)) for a in args)])
    if name not in ACTIONS or len(args) != ACTIONS[name][1] or len(data.encode()) > 64:
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
    numbers = tuple(valid_id(p, minimum=0) for p in raw)
    if len(raw) != ACTIONS[parts[1]][1] or None in numbers:
        return None
    action = Action(parts[1], numbers)  # type: ignore[arg-type]
    if action.name == "t" and action.arg() >= len(STATUSES) or action.name == "d" and action.arg() > 1:
        return None
    return action


def service(service_id: int) -> str:
    return build("s", service_id)


def zone(zone_id: int) -> str:
    return build("pz", zone_id)


def comune(comune_id: int) -> str:
    return build("pc", comune_id)


def status(index: int) -> str:
    return build("t", index)


def since(today: bool) -> str:
    return build("d", int(today))


def history(service_id: int) -> str:
    return build("h", service_id)


save = lambda: build("ok")  # noqa: E731
leave = lambda: build("x")  # noqa: E731
services = lambda: build("l")  # noqa: E731
