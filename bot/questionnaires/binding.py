"""`catalogue_binding:` of a questionnaire file: which questions say which services a PO's office
delivers, where (zones, comuni) and in which state, so each completed response can propose coverage
changes (bot/questionnaires/proposals.py). Checked by `zobot questionnaire check` with the rest.

    catalogue_binding:
      services: [servizi]          # question(s) of type service
      zones: zone                  # a question of type zona     } at least one of the two
      comuni: comuni               # a question of type comune   }
      status:
        question: eroga            # a single-choice or yes/no question
        values: {gia: attivato, previsto: in attivazione, "no": cessato}
      since: null                  # optional: a date question ("attivo dal")
      note: forma                  # optional: a text or single-choice question, kept as the note
      unlisted: keep               # keep | end: the office's services the response does not name
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.catalogue.coverage import ENDED
from bot.catalogue.models import COVERAGE_STATUSES
from bot.texts import questionnaires as T

KEYS = ("services", "zones", "comuni", "status", "since", "note", "unlisted")
TARGETS = (*COVERAGE_STATUSES, ENDED)
UNLISTED = ("keep", "end")
EXPECTED = {"services": ("service",), "zones": ("zona",), "comuni": ("comune",), "since": ("date",),
            "note": ("text", "single"), "status": ("single", "yesno")}


@dataclass(frozen=True)
class Binding:
    services: tuple[str, ...]
    zones: str | None
    comuni: str | None
    status_question: str
    status_values: dict[str, str]  # answer value -> coverage status, or "cessato"
    since: str | None = None
    note: str | None = None
    unlisted: str = "keep"


def parse(raw: dict | None) -> Binding | None:
    """The binding of a checked definition (None: the questionnaire feeds nothing)."""
    if not raw:
        return None
    services = raw["services"]
    status = raw["status"]
    return Binding(services=tuple([services] if isinstance(services, str) else services), zones=raw.get("zones"),
                   comuni=raw.get("comuni"), status_question=status["question"],
                   status_values={str(k): str(v) for k, v in status["values"].items()}, since=raw.get("since"),
                   note=raw.get("note"), unlisted=raw.get("unlisted") or "keep")


def check(raw: Any, questions: list, anonymous: Any, values_of: dict[str, list[str]]) -> list[str]:
    """Every problem of a binding: unknown question ids, wrong types, unmapped or unknown status values.

    `values_of`: the answer values of each single-choice and yes/no question, by id."""
    if not isinstance(raw, dict):
        return [_say("binding_mapping")]
    by_id = {q.get("id"): q for q in questions if isinstance(q, dict)}
    out = [_say("binding_field", key=k, allowed=", ".join(KEYS)) for k in raw if k not in KEYS]
    if anonymous is True:
        out.append(_say("binding_anonymous"))
    services = raw.get("services")
    if isinstance(services, str):
        services = [services]
    if not isinstance(services, list) or not services or not all(isinstance(s, str) for s in services):
        out.append(_say("binding_services"))
        services = []
    for qid in services:
        out += _typed(by_id, "services", qid)
    if not raw.get("zones") and not raw.get("comuni"):
        out.append(_say("binding_where"))
    for key in ("zones", "comuni", "since", "note"):
        if raw.get(key) is not None:
            out += _typed(by_id, key, raw[key])
    out += _status(raw.get("status"), by_id, values_of)
    if raw.get("unlisted", "keep") not in UNLISTED:
        out.append(_say("binding_unlisted", allowed=", ".join(UNLISTED)))
    return out


def _typed(by_id: dict, key: str, qid: Any) -> list[str]:
    if not isinstance(qid, str) or qid not in by_id:
        return [_say("binding_unknown", key=key, qid=qid)]
    qtype = by_id[qid].get("type")
    if qtype not in EXPECTED[key]:
        return [_say("binding_type", key=key, qid=qid, type=qtype, expected=T.OR.join(EXPECTED[key]))]
    return []


def _status(status: Any, by_id: dict, values_of: dict[str, list[str]]) -> list[str]:
    if not isinstance(status, dict) or set(status) - {"question", "values"} or not isinstance(status.get("values"), dict):
        return [_say("binding_status")]
    problems = _typed(by_id, "status", status.get("question"))
    if problems:
        return problems
    allowed = values_of.get(status["question"])
    if allowed is None:
        return []  # the question's own check reports its choices
    values = {str(k): v for k, v in status["values"].items()}
    qid = status["question"]
    out = [_say("binding_status_value", value=k, qid=qid, allowed=", ".join(allowed)) for k in values if k not in allowed]
    out += [_say("binding_status_unmapped", value=k, qid=qid) for k in allowed if k not in values]
    out += [_say("binding_status_target", value=k, target=v, allowed=", ".join(TARGETS)) for k, v in values.items()
            if v not in TARGETS]
    return out


def _say(problem: str, **values) -> str:
    return T.PROBLEM[problem].format(**values)
