"""A definition from a YAML file or from the copy stored with a version: checked (bot/questionnaires/checks.py),
then built into the schema's types (bot/questionnaires/definition.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from bot import yamlfiles
from bot.questionnaires.binding import parse as parse_binding
from bot.questionnaires.checks import check
from bot.questionnaires.definition import Definition, InvalidDefinition, Problem, Question, parse_choices


def load_file(path: str | Path) -> Definition:
    """Read and validate one YAML file; raises InvalidDefinition with every problem found, at file:line."""
    name = Path(path).name
    try:
        data = yamlfiles.load(path)
    except yamlfiles.YamlFileError as exc:
        raise InvalidDefinition([Problem(str(exc).split(": ", 1)[0], exc.reason, exc.line)]) from None
    try:
        return from_dict(data)
    except InvalidDefinition as exc:
        raise InvalidDefinition([Problem(f"{name}:{p.line}: {p.where}" if p.line else f"{name}: {p.where}",
                                         p.reason, p.line) for p in exc.problems]) from None


def from_dict(data: Any) -> Definition:
    """Validate a parsed definition (also used for the copy stored with each version)."""
    problems = check(data)
    if problems:
        raise InvalidDefinition(problems)
    questions = tuple(_question(q) for q in data["questions"])
    return Definition(id=data["id"], version=int(data["version"]), title=str(data["title"]).strip(),
                      introduction=str(data.get("introduction") or "").strip(), audience=data["audience"],
                      anonymous=bool(data.get("anonymous", False)), questions=questions, raw=data,
                      binding=parse_binding(data.get("catalogue_binding")))


def _question(q: dict) -> Question:
    qtype = q["type"]
    default_len = 500 if qtype == "text" else 200
    return Question(
        id=q["id"], type=qtype, label=str(q["label"]).strip(), help=str(q.get("help") or "").strip(),
        required=bool(q.get("required", True)), choices=parse_choices(q.get("choices") or []),
        when=q.get("when"), min=q.get("min"), max=q.get("max"),
        max_length=int(q.get("max_length") or default_len), multiple=bool(q.get("multiple", False)),
        integer=bool(q.get("integer", False)), labels={int(k): str(v) for k, v in (q.get("labels") or {}).items()},
    )
