"""The package order (HOUSE.md) for the people feature and the packages around it: imports go down only.
The catalogue knows people only as a table; people know meetings and questionnaires only as tables;
announcements sit above them all. And no handler of these features opens a database session."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ABOVE_PEOPLE = ("bot.meetings", "bot.questionnaires", "bot.announcements", "bot.arrival", "bot.services", "bot.app",
                "bot.cli", "handlers", "web")
OUR_HANDLERS = ("people", "announcements", "curation", "web", "start", "fallbacks", "guards", "menus")


def _imports(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def _schema(module: str) -> bool:
    return module.rsplit(".", 1)[-1].endswith("models")


def _offenders(package: str, forbidden: tuple[str, ...], root: Path = ROOT) -> list[str]:
    out = []
    for path in sorted((root / package.replace(".", "/")).rglob("*.py")):
        for module in sorted(_imports(path)):
            if module.startswith(forbidden) and not _schema(module) and not _schema(module.rsplit(".", 1)[0]):
                out.append(f"{path.relative_to(root)} imports {module}")
    return out


def test_the_catalogue_knows_people_only_as_a_table():
    assert _offenders("bot.catalogue", ("bot.people",) + ABOVE_PEOPLE) == []


def test_people_know_meetings_and_questionnaires_only_as_tables():
    assert _offenders("bot.people", ABOVE_PEOPLE) == []


def test_announcements_sit_below_the_doors():
    assert _offenders("bot.announcements", ("bot.arrival", "bot.services", "bot.app", "bot.cli", "handlers", "web")) == []


def test_no_handler_of_these_features_opens_a_session():
    opened = [name for name in OUR_HANDLERS
              if re.search(r"\.session\(\)|\.begin\(\)|\.read\(\)", (ROOT / "handlers" / f"{name}.py").read_text())]
    assert opened == []


def test_the_checks_see_an_upward_import(tmp_path):
    """The checks above can fail: a module of people importing meetings code (not its models) is named."""
    package = tmp_path / "bot" / "people"
    package.mkdir(parents=True)
    (package / "bad.py").write_text("def f():\n    from bot.meetings import tavoli\n    from bot.meetings.models import Tavolo\n")
    assert _offenders("bot.people", ABOVE_PEOPLE, tmp_path) == ["bot/people/bad.py imports bot.meetings.tavoli"]
