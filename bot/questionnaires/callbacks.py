"""Every `q:` button of the questionnaires, built and parsed here (ids validated on parse, ≤ 64 bytes, ASCII).

Respondents:
  q:list                         my open questionnaires
  q:go:<campaign>[:<comune>]     start or resume (per-comune campaigns: for that comune)
  q:no:<campaign>                no more reminders
  q:tk:<campaign>:<comune>       take over a comune's response left idle
  q:web:<campaign>               «Continua sul web»: a personal link to the same response on the web page
  q:<campaign>:<rev>:<act>[:<n>] a step: `rev` is the response's revision when the step was shown (the step
                                 token: an older button is refused, whatever Telegram numbered the update)
Organisers:
  q:L | q:L:x | q:L:<key>[:<aud>[:<days>[c][:<nonce>]]] | q:L:<key>:zone   the launch dialogue
  q:P:<key>                      preview of a questionnaire
  q:S:<campaign>                 status
  q:F:<campaign>:<act>[:<arg>]   follow-up: p pending, r remind (rs:<nonce> send), e extend (e:<days>:<from>),
                                 c close (cy confirm), d sent responses (o:<person> reopen)
  q:R:<campaign>[:<filter>[:<action>]]  results; filter - | z<zone> | r<role>
  q:A:<page>[:<words>]           the archive of campaigns, a page (of a search: folded words)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.people.models import ROLES
from bot.people.policy import valid_id

PREFIX = "q"
STEP_ACTIONS = frozenset("atcpxsbev")  # answer, toggle, confirm, pick, remove, skip, back, edit, send
DAYS = (7, 14, 30)
EXTEND_DAYS = (3, 7, 14)
AUDIENCE_CODES = ("po", "ref", "all")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
NONCE_RE = re.compile(r"^[0-9a-f]{1,12}$")
WORDS_RE = re.compile(r"^[a-z0-9 ]{1,40}$")
RESULT_ACTIONS = re.compile(r"^(|g|t|x|c|fz|fr|r\d{1,3})$")
FOLLOW_UP = {"p": 0, "r": 0, "rs": 1, "e": 0, "ex": 2, "c": 0, "cy": 0, "d": 0, "o": 1}


# ---------- what a button asks for ----------

@dataclass(frozen=True)
class MyList:
    pass


@dataclass(frozen=True)
class Open:
    campaign: int
    comune: int | None = None


@dataclass(frozen=True)
class OptOut:
    campaign: int


@dataclass(frozen=True)
class TakeOver:
    campaign: int
    comune: int


@dataclass(frozen=True)
class WebLink:
    campaign: int


@dataclass(frozen=True)
class Step:
    campaign: int
    rev: int
    act: str
    arg: int | None = None


@dataclass(frozen=True)
class Launch:
    """The launch dialogue so far: nothing chosen (menu), a questionnaire, its audience, days, unit, nonce."""

    key: str | None = None
    audience: str | None = None  # po | ref | all | zone (pick one) | z<zone id>
    days: int | None = None
    per_comune: bool = False
    nonce: str | None = None
    cancel: bool = False


@dataclass(frozen=True)
class Preview:
    key: str


@dataclass(frozen=True)
class Status:
    campaign: int


@dataclass(frozen=True)
class FollowUp:
    campaign: int
    act: str  # see FOLLOW_UP
    args: tuple = ()


@dataclass(frozen=True)
class Results:
    campaign: int
    filter: str = "-"
    action: str = ""


@dataclass(frozen=True)
class Archive:
    page: int = 0
    words: str = ""


Press = MyList | Open | OptOut | TakeOver | WebLink | Step | Launch | Preview | Status | FollowUp | Results | Archive
ORGANISER = (Launch, Preview, Status, FollowUp)  # policy action "launch_questionnaire"
RESULTS = (Results, Archive)  # policy action "see_results"


# ---------- building ----------

def _data(*parts: object) -> str:
    data = ":".join([PREFIX, *(str(p) for p in parts)])
    if len(data.encode()) > 64:
        raise ValueError(data)
    return data


def my_list() -> str:
    return _data("list")


def open_(campaign_id: int, comune_id: int | None = None) -> str:
    return _data("go", campaign_id) if comune_id is None else _data("go", campaign_id, comune_id)


def opt_out(campaign_id: int) -> str:
    return _data("no", campaign_id)


def take_over(campaign_id: int, comune_id: int) -> str:
    return _data("tk", campaign_id, comune_id)


def web_link(campaign_id: int) -> str:
    return _data("web", campaign_id)


def step(campaign_id: int, rev: int, act: str, arg: int | None = None) -> str:
    return _data(campaign_id, rev, act) if arg is None else _data(campaign_id, rev, act, arg)


def launch(launch_: Launch) -> str:
    if launch_.cancel:
        return _data("L", "x")
    parts: list[object] = ["L"]
    if launch_.key:
        parts.append(launch_.key)
        if launch_.audience:
            parts.append(launch_.audience)
            if launch_.days:
                parts.append(f"{launch_.days}{'c' if launch_.per_comune else ''}")
                if launch_.nonce:
                    parts.append(launch_.nonce)
    return _data(*parts)


def preview(key: str) -> str:
    return _data("P", key)


def status(campaign_id: int) -> str:
    return _data("S", campaign_id)


def follow_up(campaign_id: int, act: str, *args: object) -> str:
    if act not in FOLLOW_UP or len(args) != FOLLOW_UP[act]:
        raise ValueError(act)
    return _data("F", campaign_id, act, *args)


def results(campaign_id: int, filter_: str = "-", action: str = "") -> str:
    if action:
        return _data("R", campaign_id, filter_, action)
    return _data("R", campaign_id) if filter_ == "-" else _data("R", campaign_id, filter_)


def archive(page: int = 0, words: str = "") -> str:
    return _data("A", page, words) if words else _data("A", page)


# ---------- parsing ----------

def organiser_action(data: str) -> str | None:
    """The policy action an organiser's button asks for, from its head alone (for malformed data too)."""
    head = data.split(":")[1] if data.count(":") else ""
    return {"L": "launch_questionnaire", "P": "launch_questionnaire", "S": "launch_questionnaire",
            "F": "launch_questionnaire", "R": "see_results", "A": "see_results"}.get(head)


def parse(data: str | None) -> Press | None:
    """What a `q:` button asks for, or None for anything forged, malformed or out of range."""
    if not data or len(data.encode()) > 64 or not data.isascii():
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != PREFIX:
        return None
    head, rest = parts[1], parts[2:]
    parser = _PARSERS.get(head)
    if parser is not None:
        return parser(rest)
    return _step(parts[1:])


def _ids(raw: list[str], n: int) -> list[int] | None:
    if len(raw) != n:
        return None
    ids = [valid_id(r) for r in raw]
    return None if None in ids else ids  # type: ignore[return-value]


def _list(rest: list[str]) -> Press | None:
    return MyList() if not rest else None


def _open(rest: list[str]) -> Press | None:
    ids = _ids(rest, len(rest)) if len(rest) in (1, 2) else None
    return Open(*ids) if ids else None


def _opt_out(rest: list[str]) -> Press | None:
    ids = _ids(rest, 1)
    return OptOut(ids[0]) if ids else None


def _take_over(rest: list[str]) -> Press | None:
    ids = _ids(rest, 2)
    return TakeOver(*ids) if ids else None


def _web_link(rest: list[str]) -> Press | None:
    ids = _ids(rest, 1)
    return WebLink(ids[0]) if ids else None


def _step(parts: list[str]) -> Press | None:
    if len(parts) not in (3, 4) or parts[2] not in STEP_ACTIONS:
        return None
    campaign, rev = valid_id(parts[0]), valid_id(parts[1], minimum=0)
    arg = valid_id(parts[3], minimum=0) if len(parts) == 4 else None
    if campaign is None or rev is None or (len(parts) == 4 and arg is None):
        return None
    return Step(campaign, rev, parts[2], arg)


def _audience_ok(code: str) -> bool:
    return code in AUDIENCE_CODES or code == "zone" or (code.startswith("z") and valid_id(code[1:]) is not None)


def _launch(rest: list[str]) -> Press | None:
    if not rest:
        return Launch()
    if rest == ["x"]:
        return Launch(cancel=True)
    if len(rest) > 5 or not KEY_RE.match(rest[0]):
        return None
    key = rest[0]
    if len(rest) == 1:
        return Launch(key)
    if not _audience_ok(rest[1]) or (rest[1] == "zone" and len(rest) > 2):
        return None
    if len(rest) == 2:
        return Launch(key, rest[1])
    days_raw = rest[2]
    per_comune = days_raw.endswith("c")
    days = valid_id(days_raw[:-1] if per_comune else days_raw)
    if days not in DAYS:
        return None
    if len(rest) == 3:
        return Launch(key, rest[1], days, per_comune)
    if not NONCE_RE.match(rest[3]) or len(rest) != 4:
        return None
    return Launch(key, rest[1], days, per_comune, rest[3])


def _preview(rest: list[str]) -> Press | None:
    return Preview(rest[0]) if len(rest) == 1 and KEY_RE.match(rest[0]) else None


def _status(rest: list[str]) -> Press | None:
    ids = _ids(rest, 1)
    return Status(ids[0]) if ids else None


def _follow_up(rest: list[str]) -> Press | None:
    if len(rest) < 2 or rest[1] not in FOLLOW_UP or len(rest) != 2 + FOLLOW_UP[rest[1]]:
        return None
    campaign, act, args = valid_id(rest[0]), rest[1], rest[2:]
    if campaign is None:
        return None
    if act == "rs":
        return FollowUp(campaign, act, (args[0],)) if NONCE_RE.match(args[0]) else None
    if act == "ex":
        days = valid_id(args[0])
        since = args[1] if NONCE_RE.match(args[1]) else None
        return FollowUp(campaign, act, (days, int(since, 16))) if days in EXTEND_DAYS and since else None
    if act == "o":
        person = valid_id(args[0])
        return FollowUp(campaign, act, (person,)) if person is not None else None
    return FollowUp(campaign, act)


def _results(rest: list[str]) -> Press | None:
    if not 1 <= len(rest) <= 3:
        return None
    campaign = valid_id(rest[0])
    filter_ = rest[1] if len(rest) > 1 else "-"
    action = rest[2] if len(rest) > 2 else ""
    if campaign is None or not _filter_ok(filter_) or not RESULT_ACTIONS.match(action):
        return None
    return Results(campaign, filter_, action)


def _filter_ok(code: str) -> bool:
    if code == "-":
        return True
    if code.startswith("z"):
        return valid_id(code[1:]) is not None
    return code.startswith("r") and code[1:] in ROLES


def _archive(rest: list[str]) -> Press | None:
    if not 1 <= len(rest) <= 2:
        return None
    page = valid_id(rest[0], minimum=0)
    words = rest[1] if len(rest) == 2 else ""
    if page is None or page > 10_000 or (words and not WORDS_RE.match(words)):
        return None
    return Archive(page, words)


_PARSERS = {"list": _list, "go": _open, "no": _opt_out, "tk": _take_over, "web": _web_link, "L": _launch, "P": _preview,
            "S": _status, "F": _follow_up, "R": _results, "A": _archive}
