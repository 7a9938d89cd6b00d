"""The documentation keeps up with the code: a short README, links that lead somewhere, and a
commands table that lists exactly what the application and the `zobot` command offer."""
from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

import pytest
from telegram.ext import CommandHandler, ConversationHandler

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, ROOT / "BENCHMARKS.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`[^`]*`")
SETTING = re.compile(r"\bZOBOT_[A-Z_]+\b")


def _prose_lines(path: Path) -> list[str]:
    """The lines of a Markdown file outside fenced code blocks (where links and headings render)."""
    lines, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation and emoji dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return kept.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in _prose_lines(path):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = _slug(match.group(1))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links(path: Path) -> list[str]:
    return [m.group(1) for line in _prose_lines(path) for m in LINK.finditer(CODE_SPAN.sub("", line))]


def _table_first_cells(section: str) -> list[str]:
    """The first cell of every body row of the tables under a README heading such as '### In the chat'."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(section)
    level = section.split(" ")[0]
    cells = []
    for line in lines[start + 1:]:
        if line.startswith("#") and len(line.split(" ")[0]) <= len(level):
            break
        if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line):
            cells.append(re.split(r"(?<!\\)\|", line)[1].strip())
    return cells[1:] if cells else cells  # the header row


def _chat_commands(app) -> set[str]:
    """Every command of every CommandHandler the application registered (conversations included)."""
    def walk(handler):
        if isinstance(handler, CommandHandler):
            yield from handler.commands
        elif isinstance(handler, ConversationHandler):
            for inner in [*handler.entry_points, *handler.fallbacks,
                          *(h for group in handler.states.values() for h in group)]:
                yield from walk(inner)

    return {name for group in app.handlers.values() for handler in group for name in walk(handler)}


def _cli_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> set[str]:
    """'run', 'db upgrade', 'invite revoke-member', …: every leaf of the `zobot` parser."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return {" ".join(prefix)}
    return {leaf for action in subs for name, sub in action.choices.items()
            for leaf in _cli_commands(sub, (*prefix, name))}


def test_readme_is_at_most_200_lines():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading(page):
    broken = []
    for target in _links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:, …
            continue
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
            broken.append(f"{target}: no heading with that anchor")
    assert broken == [], f"{page.name}: {broken}"


async def test_every_chat_command_is_in_the_readme_table_and_every_row_exists(chat):
    registered = _chat_commands(chat.app)
    cells = _table_first_cells("### In the chat")
    documented = {m for cell in cells for m in re.findall(r"`/([a-z_]+)", cell)}
    assert registered, "no CommandHandler found: the collection above no longer sees the handlers"
    assert sorted(registered - documented) == [], "registered but missing from README's '### In the chat'"
    assert sorted(documented - registered) == [], "in README's '### In the chat' but not registered"


def test_every_zobot_command_is_in_the_readme_table_and_every_row_exists():
    commands = _cli_commands(build_parser())
    cells = _table_first_cells("### Command line")
    missing = [c for c in sorted(commands)
               if not any(re.search(rf"`zobot {re.escape(c)}(?![\w-])", cell) for cell in cells)]
    assert missing == [], "zobot sub-commands missing from README's '### Command line'"
    stale = []
    for cell in cells:
        words = re.match(r"`zobot ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)*)", cell)
        assert words, f"a row of '### Command line' that is not a zobot command: {cell}"
        named = words.group(1).split(" ")
        if not any(named[:len(c.split(" "))] == c.split(" ") for c in commands):
            stale.append(cell)
    assert stale == [], "rows of README's '### Command line' naming no zobot sub-command"


def test_every_setting_is_documented_for_operators_and_none_invented():
    read = set(SETTING.findall((ROOT / "bot" / "config.py").read_text(encoding="utf-8")))
    operators = set(SETTING.findall((ROOT / "docs" / "operators.md").read_text(encoding="utf-8")))
    assert read and sorted(read - operators) == [], "settings of bot/config.py missing from docs/operators.md"
    readers = [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py"), *(ROOT / "web").rglob("*.py"),
               *(ROOT / "tests").glob("*.py"),
               ROOT / "Dockerfile", ROOT / "compose.yaml", ROOT / ".ci" / "run"]
    code = "\n".join(p.read_text(encoding="utf-8") for p in readers)
    mentioned = {s for page in PAGES for s in SETTING.findall(page.read_text(encoding="utf-8"))}
    assert sorted(s for s in mentioned if s not in code) == [], "settings in the docs that no code reads"
