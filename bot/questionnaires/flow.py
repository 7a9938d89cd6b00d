"""Where a respondent is: visible questions given earlier answers, next, previous, position."""
from __future__ import annotations

from typing import Any, Mapping

from bot.questionnaires import conditions
from bot.questionnaires.definition import Definition, Question


def values(rows: Mapping[str, Any]) -> dict[str, Any]:
    """question id -> answer value (None when skipped), for conditions."""
    return {qid: row.value for qid, row in rows.items()}


def visible(d: Definition, rows: Mapping[str, Any]) -> list[Question]:
    """Questions shown for these answers; a condition sees earlier answers only."""
    answers = values(rows)
    shown = []
    for q in d.questions:
        node = _condition(d, q)
        if node is None or conditions.evaluate(node, answers):
            shown.append(q)
    return shown


_nodes: dict[tuple[str, str], Any] = {}


def _condition(d: Definition, q: Question):
    if not q.when:
        return None
    key = (d.hash, q.id)
    if key not in _nodes:
        _nodes[key] = conditions.parse(q.when)
    return _nodes[key]


def first_open(d: Definition, rows: Mapping[str, Any]) -> Question | None:
    """The first visible question without an answer (None: everything answered)."""
    return next((q for q in visible(d, rows) if q.id not in rows), None)


def after(d: Definition, qid: str, rows: Mapping[str, Any]) -> Question | None:
    """The next unanswered visible question after qid, else the first unanswered anywhere."""
    shown = visible(d, rows)
    start = d.index(qid)
    for q in shown:
        if d.index(q.id) > start and q.id not in rows:
            return q
    return first_open(d, rows)


def before(d: Definition, qid: str | None, rows: Mapping[str, Any]) -> Question | None:
    """The visible question before qid (the last one when qid is None, i.e. from the summary)."""
    shown = visible(d, rows)
    if qid is None:
        return shown[-1] if shown else None
    limit = d.index(qid)
    earlier = [q for q in shown if d.index(q.id) < limit]
    return earlier[-1] if earlier else None


def position(d: Definition, qid: str, rows: Mapping[str, Any]) -> tuple[int, int]:
    """("Domanda n di total") among the questions shown now or still depending on unanswered ones."""
    shown = [q.id for q in d.questions if q in visible(d, rows) or _undecided(d, q, rows)]
    if qid not in shown:
        shown.append(qid)
        shown.sort(key=d.index)
    return shown.index(qid) + 1, len(shown)


def _undecided(d: Definition, q: Question, rows: Mapping[str, Any]) -> bool:
    """True if q's condition refers to a question not answered yet (it may still be shown)."""
    node = _condition(d, q)
    return node is not None and any(name not in rows for name in conditions.names(node))
