"""Every problem of a questionnaire definition, each with the question id and the reason (in Italian: the
operators of the CMM read them, `zobot questionnaire check|add`)."""
from __future__ import annotations

from typing import Any

from bot.questionnaires import binding, conditions
from bot.questionnaires.definition import (
    AUDIENCES,
    CATALOGUE_TYPES,
    CHOICE_TYPES,
    ID_RE,
    MAX_TEXT,
    Q_KEYS,
    TOP_KEYS,
    TYPES,
    VALUE_RE,
    Problem,
    parse_choices,
)
from bot.texts import plural_text
from bot.texts import questionnaires as T
from bot.yamlfiles import line_of

TOP = "questionario"
# Longest texts a definition may hold: a question is one message, a title one line of a list.
LENGTHS = {"title": 200, "introduction": 3000, "label": 1000, "help": 1000}
BINDING = "catalogue_binding"


def check(data: Any) -> list[Problem]:
    """All problems found (empty list: the definition is valid)."""
    if not isinstance(data, dict):
        return [Problem(TOP, _say("not_mapping"))]
    problems = _check_top(data) + [Problem(TOP, p, line_of(data)) for p in _check_lengths(data)]
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        return problems + [Problem(TOP, _say("no_questions"), line_of(data))]
    seen: dict[str, dict] = {}
    for n, q in enumerate(questions, 1):
        if not isinstance(q, dict):
            problems.append(Problem(T.QUESTION_AT.format(n=n), _say("question_not_mapping")))
            continue
        qid = q.get("id")
        where = str(qid) if qid else T.QUESTION_AT.format(n=n)
        if not isinstance(qid, str) or not ID_RE.match(qid):
            problems.append(Problem(where, _say("question_id")))
        elif qid in seen:
            problems.append(Problem(where, _say("duplicate_id")))
        problems += [Problem(where, p, line_of(q)) for p in _check_question(q) + _check_lengths(q)]
        problems += [Problem(where, p, line_of(q)) for p in _check_when(q, seen, questions)]
        if isinstance(qid, str) and qid not in seen:
            seen[qid] = q
    if "catalogue_binding" in data:
        problems += [Problem(BINDING, p) for p in binding.check(data["catalogue_binding"], questions,
                                                                 data.get("anonymous"), _answer_values(questions))]
    return problems


def _answer_values(questions: list) -> dict[str, list[str]]:
    """The values a single-choice or yes/no question can answer, by question id (unreadable ones left out)."""
    out = {}
    for q in questions:
        if not isinstance(q, dict) or not isinstance(q.get("id"), str):
            continue
        if q.get("type") == "yesno":
            out[q["id"]] = ["si", "no"]
        elif q.get("type") == "single":
            try:
                out[q["id"]] = [c.value for c in parse_choices(q.get("choices") or [])]
            except (TypeError, AttributeError):
                continue
    return out


def _check_lengths(mapping: dict) -> list[str]:
    return [_say("too_long", key=key, limit=limit) for key, limit in LENGTHS.items()
            if isinstance(mapping.get(key), str) and len(mapping[key]) > limit]
def _check_top(data: dict) -> list[Problem]:
    out = [Problem(TOP, _say("unknown_field", key=k)) for k in data if k not in TOP_KEYS]
    if not isinstance(data.get("id"), str) or not ID_RE.match(data.get("id") or ""):
        out.append(Problem(TOP, _say("id")))
    if not isinstance(data.get("version"), int) or data["version"] < 1:
        out.append(Problem(TOP, _say("version")))
    if not str(data.get("title") or "").strip():
        out.append(Problem(TOP, _say("title")))
    if data.get("audience") not in AUDIENCES:
        out.append(Problem(TOP, _say("audience", allowed=", ".join(AUDIENCES))))
    if not isinstance(data.get("anonymous", False), bool):
        out.append(Problem(TOP, _say("anonymous")))
    return out


def _check_question(q: dict) -> list[str]:
    out = [_say("unknown_field", key=k) for k in q if k not in Q_KEYS]
    qtype = q.get("type")
    if qtype not in TYPES:
        return out + [_say("type", type=repr(qtype), allowed=", ".join(TYPES))]
    if not str(q.get("label") or "").strip():
        out.append(_say("label"))
    if not isinstance(q.get("required", True), bool):
        out.append(_say("required"))
    if qtype in CHOICE_TYPES:
        out += _check_choices(q)
    elif q.get("choices"):
        out.append(_say("choices_only", type=qtype))
    if qtype == "multiple" or (qtype in CATALOGUE_TYPES and q.get("multiple")):
        out += _check_min_max(q, len(q.get("choices") or []) if qtype == "multiple" else None)
    if qtype == "number":
        lo, hi = q.get("min"), q.get("max")
        if any(v is not None and not isinstance(v, (int, float)) for v in (lo, hi)):
            out.append(_say("number_bounds"))
        elif lo is not None and hi is not None and lo >= hi:
            out.append(_say("empty_range", lo=lo, hi=hi))
    if qtype == "text" and "max_length" in q:
        ml = q["max_length"]
        if not isinstance(ml, int) or not 1 <= ml <= MAX_TEXT:
            out.append(_say("max_length", max=MAX_TEXT))
    if qtype == "scale" and q.get("labels"):
        if not isinstance(q["labels"], dict) or any(str(k) not in "12345" or len(str(k)) != 1 for k in q["labels"]):
            out.append(_say("scale_labels"))
    return out


def _check_choices(q: dict) -> list[str]:
    raw = q.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        return [_say("few_choices")]
    if len(raw) > 20:
        return [_say("many_choices")]
    out = []
    try:
        choices = parse_choices(raw)
    except (TypeError, AttributeError):
        return [_say("choice_shape")]
    values = [c.value for c in choices]
    for c in choices:
        if not c.label:
            out.append(_say("choice_label", value=c.value))
        if not VALUE_RE.match(c.value):
            out.append(_say("choice_value", value=c.value))
        if len(c.label) > 60:
            out.append(_say("choice_long", label=c.label[:20]))
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        out.append(_say("duplicate_values", values=", ".join(dupes)))
    return out


def _check_min_max(q: dict, n_choices: int | None) -> list[str]:
    lo, hi = q.get("min"), q.get("max")
    if any(v is not None and (not isinstance(v, int) or v < 0) for v in (lo, hi)):
        return [_say("min_max_whole")]
    if lo is not None and hi is not None and lo > hi:
        return [_say("min_over_max", lo=lo, hi=hi)]
    if n_choices is not None and lo is not None and lo > n_choices:
        return [plural_text(n_choices, *T.MIN_OVER_CHOICES, lo=lo)]
    return []


def _check_when(q: dict, earlier: dict[str, dict], questions: list) -> list[str]:
    text = q.get("when")
    if text is None:
        return []
    try:
        node = conditions.parse(text)
    except conditions.ConditionError as exc:
        return [_say("when_unreadable", text=text, reason=exc)]
    all_ids = {x.get("id") for x in questions if isinstance(x, dict)}
    out = []
    for name in dict.fromkeys(conditions.names(node)):
        if name == q.get("id"):
            out.append(_say("when_self", name=name))
        elif name not in all_ids:
            out.append(_say("when_unknown", name=name))
        elif name not in earlier:
            out.append(_say("when_later", name=name))
    for name, literal in conditions.comparisons(node):
        target = earlier.get(name)
        if target is None or target.get("type") not in ("single", "multiple", "yesno"):
            continue
        allowed = {"si", "no"} if target["type"] == "yesno" else \
            {c.value for c in parse_choices(target.get("choices") or [])}
        if allowed and literal not in allowed:
            out.append(_say("when_value", name=name, literal=literal, allowed=", ".join(sorted(allowed))))
    return out


def _say(problem: str, **values) -> str:
    """One problem, in the words of bot/texts/questionnaires.py."""
    return T.PROBLEM[problem].format(**values)
