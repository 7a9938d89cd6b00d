"""Every problem of a questionnaire definition, each with the question id and the reason."""
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
from bot.yamlfiles import line_of

TOP = "questionnaire"
# Longest texts a definition may hold: a question is one message, a title one line of a list.
LENGTHS = {"title": 200, "introduction": 3000, "label": 1000, "help": 1000}
BINDING = "catalogue_binding"


def check(data: Any) -> list[Problem]:
    """All problems found (empty list: the definition is valid)."""
    if not isinstance(data, dict):
        return [Problem(TOP, "the file must be a mapping with id, version, title, audience and questions")]
    problems = _check_top(data) + [Problem(TOP, p, line_of(data)) for p in _check_lengths(data)]
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        return problems + [Problem(TOP, "'questions' must be a non-empty list", line_of(data))]
    seen: dict[str, dict] = {}
    for n, q in enumerate(questions, 1):
        if not isinstance(q, dict):
            problems.append(Problem(f"question #{n}", "must be a mapping with id, type and label"))
            continue
        qid = q.get("id")
        where = str(qid) if qid else f"question #{n}"
        if not isinstance(qid, str) or not ID_RE.match(qid):
            problems.append(Problem(where, "id must be lower case letters, digits or _ (max 32), starting with a letter"))
        elif qid in seen:
            problems.append(Problem(where, "duplicate question id"))
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
    return [f"{key} is longer than {limit} characters" for key, limit in LENGTHS.items()
            if isinstance(mapping.get(key), str) and len(mapping[key]) > limit]
BINDING = "catalogue_binding"


def _check_top(data: dict) -> list[Problem]:
    out = [Problem(TOP, f"unknown field '{k}'") for k in data if k not in TOP_KEYS]
    if not isinstance(data.get("id"), str) or not ID_RE.match(data.get("id") or ""):
        out.append(Problem(TOP, "id must be lower case letters, digits or _ (max 32)"))
    if not isinstance(data.get("version"), int) or data["version"] < 1:
        out.append(Problem(TOP, "version must be a whole number ≥ 1"))
    if not str(data.get("title") or "").strip():
        out.append(Problem(TOP, "title is missing"))
    if data.get("audience") not in AUDIENCES:
        out.append(Problem(TOP, f"audience must be one of {', '.join(AUDIENCES)}"))
    if not isinstance(data.get("anonymous", False), bool):
        out.append(Problem(TOP, "anonymous must be true or false"))
    return out


def _check_question(q: dict) -> list[str]:
    out = [f"unknown field '{k}'" for k in q if k not in Q_KEYS]
    qtype = q.get("type")
    if qtype not in TYPES:
        return out + [f"type {qtype!r} is not one of {', '.join(TYPES)}"]
    if not str(q.get("label") or "").strip():
        out.append("label is missing")
    if not isinstance(q.get("required", True), bool):
        out.append("required must be true or false")
    if qtype in CHOICE_TYPES:
        out += _check_choices(q)
    elif q.get("choices"):
        out.append(f"choices are only for single and multiple questions, not {qtype}")
    if qtype == "multiple" or (qtype in CATALOGUE_TYPES and q.get("multiple")):
        out += _check_min_max(q, len(q.get("choices") or []) if qtype == "multiple" else None)
    if qtype == "number":
        lo, hi = q.get("min"), q.get("max")
        if any(v is not None and not isinstance(v, (int, float)) for v in (lo, hi)):
            out.append("min and max of a number must be numbers")
        elif lo is not None and hi is not None and lo >= hi:
            out.append(f"range {lo}–{hi} is empty: min must be below max")
    if qtype == "text" and "max_length" in q:
        ml = q["max_length"]
        if not isinstance(ml, int) or not 1 <= ml <= MAX_TEXT:
            out.append(f"max_length must be a whole number between 1 and {MAX_TEXT}")
    if qtype == "scale" and q.get("labels"):
        if not isinstance(q["labels"], dict) or any(str(k) not in "12345" or len(str(k)) != 1 for k in q["labels"]):
            out.append("scale labels must map 1–5 to a word, e.g. {1: per niente, 5: molto}")
    return out


def _check_choices(q: dict) -> list[str]:
    raw = q.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        return ["choices missing: a choice question needs at least two choices"]
    if len(raw) > 20:
        return ["too many choices (at most 20 buttons)"]
    out = []
    try:
        choices = parse_choices(raw)
    except (TypeError, AttributeError):
        return ["each choice must be a text or a mapping with value and label"]
    values = [c.value for c in choices]
    for c in choices:
        if not c.label:
            out.append(f"choice {c.value!r} has no label")
        if not VALUE_RE.match(c.value):
            out.append(f"choice value {c.value!r} must be lower case letters, digits or _")
        if len(c.label) > 60:
            out.append(f"choice label {c.label[:20]!r}… is longer than 60 characters (a button)")
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        out.append(f"duplicate choice values: {', '.join(dupes)}")
    return out


def _check_min_max(q: dict, n_choices: int | None) -> list[str]:
    lo, hi = q.get("min"), q.get("max")
    if any(v is not None and (not isinstance(v, int) or v < 0) for v in (lo, hi)):
        return ["min and max of a multiple choice must be whole numbers ≥ 0"]
    if lo is not None and hi is not None and lo > hi:
        return [f"min {lo} is greater than max {hi}"]
    if n_choices is not None and lo is not None and lo > n_choices:
        return [f"min {lo} is more than the {n_choices} choices"]
    return []


def _check_when(q: dict, earlier: dict[str, dict], questions: list) -> list[str]:
    text = q.get("when")
    if text is None:
        return []
    try:
        node = conditions.parse(text)
    except conditions.ConditionError as exc:
        return [f"condition {text!r} cannot be read: {exc}"]
    all_ids = {x.get("id") for x in questions if isinstance(x, dict)}
    out = []
    for name in dict.fromkeys(conditions.names(node)):
        if name == q.get("id"):
            out.append(f"condition refers to the question itself ({name})")
        elif name not in all_ids:
            out.append(f"condition refers to unknown question '{name}'")
        elif name not in earlier:
            out.append(f"condition refers to '{name}', which comes later: conditions may use earlier answers only")
    for name, literal in conditions.comparisons(node):
        target = earlier.get(name)
        if target is None or target.get("type") not in ("single", "multiple", "yesno"):
            continue
        allowed = {"si", "no"} if target["type"] == "yesno" else \
            {c.value for c in parse_choices(target.get("choices") or [])}
        if allowed and literal not in allowed:
            out.append(f"condition compares '{name}' with {literal!r}, which is not one of its values "
                       f"({', '.join(sorted(allowed))})")
    return out
