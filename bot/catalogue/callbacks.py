"""Callback data of catalogue buttons: built and parsed here, always `cat:<action>[:<int>…]`, ≤ 64 bytes."""
from __future__ import annotations

from dataclasses import dataclass

PREFIX = "cat"
# action -> number of integer arguments it takes (extra ones are refused)
ACTIONS = {
    "z": 0,    # pick a zone to browse its services
    "zl": 0,   # list of zones
    "zs": 2,   # services of a zone: zone id, page
    "zc": 1,   # comuni of a zone
    "c": 1,    # services for a comune
    "cz": 1,   # zone of a comune
    "s": 3,    # service card: service id, zone id to go back to (0: none), page to go back to
    "sc": 1,   # who to contact for a service
    "t": 2,    # services of a theme: theme id, zone id (0: everywhere)
    "sl": 1,   # every service: page
    "sp": 3,   # is a service active here: service id, place kind (0 everywhere, 1 comune, 2 zone), place id
    "tc": 2,   # services of a theme for a comune: theme id, comune id
}
EVERYWHERE, IN_COMUNE, IN_ZONE = 0, 1, 2


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple[int, ...]

    def arg(self, i: int, default: int = 0) -> int:
        return self.args[i] if i < len(self.args) else default


def build(name: str, *args: int) -> str:
    """Callback data for an action; the only place where the format is written."""
    data = ":".join([PREFIX, name, *(str(int(a)) for a in args)])
    if len(data.encode()) > 64:
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
    if len(raw) > ACTIONS[parts[1]] or not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in raw):
        return None
    return Action(parts[1], tuple(int(p) for p in raw))


zone_pick = lambda: build("z")  # noqa: E731
zone_list = lambda: build("zl")  # noqa: E731


def zone_services(zone_id: int, page: int = 0) -> str:
    return build("zs", zone_id, page)


def zone_comuni(zone_id: int) -> str:
    return build("zc", zone_id)


def comune_services(comune_id: int) -> str:
    return build("c", comune_id)


def comune_zone(comune_id: int) -> str:
    return build("cz", comune_id)


def service_card(service_id: int, zone_id: int = 0, page: int = 0) -> str:
    return build("s", service_id, zone_id, page)


def service_contact(service_id: int) -> str:
    return build("sc", service_id)


def theme_services(theme_id: int, zone_id: int = 0) -> str:
    return build("t", theme_id, zone_id)


def all_services(page: int = 0) -> str:
    return build("sl", page)


def service_place(service_id: int, kind: int = EVERYWHERE, place_id: int = 0) -> str:
    return build("sp", service_id, kind, place_id)


def theme_comune(theme_id: int, comune_id: int) -> str:
    return build("tc", theme_id, comune_id)
