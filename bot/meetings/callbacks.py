"""Callback data of the tavoli buttons: every `m:` format is built and parsed here (≤ 64 bytes).

`m:<action>[:<argument>…]`; each action has a fixed list of argument kinds, checked on parse (row
ids with `policy.valid_id`): anything forged or malformed parses to None. The creation dialogue's
buttons carry their step (`m:d:<step>:<value>`), so a press from an older step is refused.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.people import policy

PREFIX = "m"
RSVP_CODES = {"y": "yes", "n": "no", "f": "maybe"}
RSVP_OF = {answer: code for code, answer in RSVP_CODES.items()}
AUDIENCE_KINDS = ("z", "t", "r")  # a zone's referents, a theme's PO, every referent
EDIT_FIELDS = ("title", "place", "link", "sched", "remind")
SKIP_KINDS = ("aug", "hol")  # August, public holidays
DIALOGUE_STEPS = ("theme", "zones", "sched", "place", "remind", "skip", "confirm")
NUMERIC_STEPS = ("theme", "zones")

# action -> its arguments: id (a row id), ref (an id or 0), page (0…), and fixed vocabularies
ACTIONS: dict[str, tuple[str, ...]] = {
    "list": (), "new": (),
    "t": ("id",), "cal": ("id",), "s": ("id",), "u": ("id",),
    "o": ("id",), "op": ("id",), "oc": ("id",), "x": ("id",), "xy": ("id",), "mv": ("id",),
    "aud": ("id",), "ad": ("id", "aud", "ref"),
    "rep": ("id",), "p": ("id",), "csv": ("id",), "r": ("id", "rsvp"),
    "e": ("id",), "ef": ("id", "field"), "sk": ("id", "skip"), "ar": ("id",), "ary": ("id",),
    "pp": ("id",), "pa": ("id",), "pad": ("id", "id"), "prm": ("id", "id"),
    "ag": ("id",), "ags": ("id",), "mn": ("id",), "mns": ("id",),
    "pz": ("id", "page"), "pt": ("id", "id", "page"),
}
_VOCABULARIES = {"rsvp": tuple(RSVP_CODES), "aud": AUDIENCE_KINDS, "field": EDIT_FIELDS, "skip": SKIP_KINDS}


@dataclass(frozen=True)
class Action:
    """A parsed button: its action and arguments (ints for ids and pages, str for the vocabularies)."""

    name: str
    args: tuple = ()


def build(name: str, *args: object) -> str:
    """Callback data for an action; the only place where the format is written."""
    data = ":".join([PREFIX, name, *(str(a) for a in args)])
    if name != "d" and (name not in ACTIONS or len(args) != len(ACTIONS[name])) or len(data.encode()) > 64:
        raise ValueError(data)
    return data


def parse(data: str | None) -> Action | None:
    """The action of an `m:` button, or None for anything forged or malformed."""
    if not data or len(data) > 64 or not data.isascii():
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != PREFIX:
        return None
    if parts[1] == "d":
        return _dialogue(parts[2:])
    kinds = ACTIONS.get(parts[1])
    if kinds is None or len(parts) != 2 + len(kinds):
        return None
    args = []
    for kind, raw in zip(kinds, parts[2:]):
        if kind in _VOCABULARIES:
            value: object = raw if raw in _VOCABULARIES[kind] else None
        else:
            value = policy.valid_id(raw, minimum=1 if kind == "id" else 0)
        if value is None:
            return None
        args.append(value)
    return Action(parts[1], tuple(args))


def _dialogue(rest: list[str]) -> Action | None:
    """`m:d:x` (leave the dialogue) or `m:d:<step>:<value>`."""
    if rest == ["x"]:
        return Action("d", ("x", ""))
    if len(rest) != 2 or rest[0] not in DIALOGUE_STEPS or not (rest[1].isascii() and rest[1].isalnum()):
        return None
    if rest[0] in NUMERIC_STEPS and rest[1] not in ("all", "ok") and policy.valid_id(rest[1], minimum=0) is None:
        return None
    return Action("d", (rest[0], rest[1]))


# ---- builders, one per button ----

def tavoli_list() -> str:
    return build("list")


def new_tavolo() -> str:
    return build("new")


def dialogue(step: str, value: object = "") -> str:
    """A button of the creation dialogue; `dialogue("x")` leaves it."""
    return f"{PREFIX}:d:x" if step == "x" else build("d", step, value)


def tavolo(tavolo_id: int) -> str:
    return build("t", tavolo_id)


def calendar(tavolo_id: int) -> str:
    return build("cal", tavolo_id)


def subscribe(tavolo_id: int, join: bool = True) -> str:
    return build("s" if join else "u", tavolo_id)


def occurrences(tavolo_id: int, past: bool = False) -> str:
    return build("op" if past else "o", tavolo_id)


def occurrence(occurrence_id: int) -> str:
    return build("oc", occurrence_id)


def cancel(occurrence_id: int, confirmed: bool = False) -> str:
    return build("xy" if confirmed else "x", occurrence_id)


def move(occurrence_id: int) -> str:
    return build("mv", occurrence_id)


def audiences(tavolo_id: int) -> str:
    return build("aud", tavolo_id)


def add_audience(tavolo_id: int, kind: str, ref: int = 0) -> str:
    return build("ad", tavolo_id, kind, ref)


def report(occurrence_id: int) -> str:
    return build("rep", occurrence_id)


def attendance(occurrence_id: int, as_csv: bool = False) -> str:
    return build("csv" if as_csv else "p", occurrence_id)


def rsvp(occurrence_id: int, answer: str) -> str:
    return build("r", occurrence_id, RSVP_OF[answer])


def edit_menu(tavolo_id: int) -> str:
    return build("e", tavolo_id)


def edit_field(tavolo_id: int, field: str) -> str:
    return build("ef", tavolo_id, field)


def toggle_skip(tavolo_id: int, kind: str) -> str:
    return build("sk", tavolo_id, kind)


def archive(tavolo_id: int, confirmed: bool = False) -> str:
    return build("ary" if confirmed else "ar", tavolo_id)


def people(tavolo_id: int) -> str:
    return build("pp", tavolo_id)


def add_person(tavolo_id: int, person_id: int | None = None) -> str:
    return build("pa", tavolo_id) if person_id is None else build("pad", tavolo_id, person_id)


def remove_person(tavolo_id: int, person_id: int) -> str:
    return build("prm", tavolo_id, person_id)


def note(occurrence_id: int, kind: str, set_: bool = False) -> str:
    """Show (or, for the organiser, set) the agenda or the minutes of a meeting."""
    name = {"agenda": "ag", "minutes": "mn"}[kind]
    return build(name + ("s" if set_ else ""), occurrence_id)


def presence(occurrence_id: int, page: int = 0) -> str:
    return build("pz", occurrence_id, page)


def toggle_presence(occurrence_id: int, person_id: int, page: int = 0) -> str:
    return build("pt", occurrence_id, person_id, page)
