"""Questionnaire definitions as data: the schema's types and constants and a content hash.

Checking a definition is bot/questionnaires/checks.py; reading one from a file or a stored version is
bot/questionnaires/reading.py (both build on this module, which imports neither)."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from bot.questionnaires import conditions
from bot.questionnaires.binding import Binding

TYPES = ("single", "multiple", "text", "number", "scale", "yesno", "date", "comune", "zona", "service")
CHOICE_TYPES = ("single", "multiple")
CATALOGUE_TYPES = ("comune", "zona", "service")
TYPED_INPUT = ("text", "number", "date", "comune", "service")
AUDIENCES = {"po": "all_po", "referenti": "all_referents", "tutti": "everyone"}
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
VALUE_RE = re.compile(r"^[a-z0-9_]{1,40}$")
TOP_KEYS = {"id", "version", "title", "introduction", "audience", "anonymous", "questions", "catalogue_binding"}
Q_KEYS = {"id", "type", "label", "help", "required", "choices", "when", "min", "max", "max_length",
          "multiple", "integer", "labels"}
YESNO = (("si", "Sì"), ("no", "No"))
MAX_TEXT = 3000


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    other: bool = False  # "Altro": asks for a text


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: str
    help: str = ""
    required: bool = True
    choices: tuple[Choice, ...] = ()
    when: str | None = None
    min: float | None = None
    max: float | None = None
    max_length: int = 500
    multiple: bool = False
    integer: bool = False
    labels: dict = field(default_factory=dict)  # scale: {1: "per niente", 5: "molto"}

    @property
    def is_multi(self) -> bool:
        return self.type == "multiple" or (self.type in CATALOGUE_TYPES and self.multiple)

    @property
    def condition(self):
        return conditions.parse(self.when) if self.when else None

    def options(self) -> tuple[Choice, ...]:
        """The buttons of a fixed-choice question (choices, yes/no or the 1–5 scale)."""
        if self.type == "yesno":
            return tuple(Choice(v, label) for v, label in YESNO)
        if self.type == "scale":
            return tuple(Choice(str(n), f"{n} {self.labels[n]}" if n in self.labels else str(n)) for n in range(1, 6))
        return self.choices

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.options() if c.value == value), None)


@dataclass(frozen=True)
class Definition:
    id: str
    version: int
    title: str
    introduction: str
    audience: str
    anonymous: bool
    questions: tuple[Question, ...]
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    binding: Binding | None = None  # questions that propose catalogue coverage (bot/questionnaires/binding.py)

    @property
    def hash(self) -> str:
        canonical = json.dumps(self.raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)

    def index(self, qid: str) -> int:
        return next(i for i, q in enumerate(self.questions) if q.id == qid)


@dataclass(frozen=True)
class Problem:
    where: str  # question id, or "questionnaire" (or "file:line: …" once the file is known)
    reason: str
    line: int | None = field(default=None, compare=False)  # in the file the definition came from

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class InvalidDefinition(ValueError):
    """The definition has problems; `.problems` lists each with question id and reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def slug(text: str) -> str:
    """A choice value from its label: lower case ASCII, underscores."""
    import unicodedata
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:40] or "x"


def parse_choices(raw: list) -> tuple[Choice, ...]:
    out = []
    for c in raw:
        if isinstance(c, dict):
            label = str(c.get("label", "")).strip()
            out.append(Choice(str(c.get("value") or slug(label)), label, bool(c.get("other", False))))
        else:
            label = str(c).strip()
            out.append(Choice(slug(label), label, slug(label) == "altro"))
    return tuple(out)
