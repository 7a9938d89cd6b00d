"""Every word a CMM operator reads comes from bot/texts/ (issue 12, "Texts"): no message written inline.

The places an operator reads are found in the code with `ast`: what is printed, a ConfigError, argparse's
help= and description=, and the problems the data checkers report (catalogue files, tavoli, questionnaires,
YAML files, typed answers, invitation batches). There, a string literal with a letter in it is a message
written in place; an f-string may only put values together ("  - {error}", "{where}.{problem}"). Linguistic
data (intents, word lists, equivalents), the sandbox's imitation of Telegram's English errors, log messages
and docstrings are not messages and are not looked at."""
from __future__ import annotations

import argparse
import ast
import contextlib
import io
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "bot" / "texts"
# callables whose arguments are read by an operator (or, for the checkers, by whoever fixes the file)
MESSAGE_CALLS = {"print", "ConfigError", "TokenRejected", "Problem", "TavoliFileError", "YamlFileError",
                 "InvalidSchedule", "ConditionError", "InvalidDefinition", "Invalid", "BatchError"}
MESSAGE_KEYWORDS = {"help", "description", "epilog", "usage"}  # argparse's
PROBLEM_LISTS = {"problems", "errors"}  # problems.append(...) in the checkers
# not messages: Italian as data (the parser's patterns and word lists) and the sandbox's Bot API, which answers
# in Telegram's own English
LEFT_ALONE = {"bot/catalogue/intents.py", "bot/catalogue/normalize.py", "bot/questionnaires/equivalents.py",
              "bot/sandbox/botapi.py", "bot/sandbox/params.py", "bot/sandbox/clientapi.py"}


def _literals(node: ast.expr) -> list[str]:
    """The literal text of a message expression: string constants, an f-string's fixed parts, both sides of
    + or %, both branches of `a if c else b`, `x or "…"`, and the text `.format` or `.join` is called on.
    A call's result or a name comes from somewhere else and is not looked into."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))]
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [text for value in node.values for text in _literals(value)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return _literals(node.func.value)
    return []


def _callee(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else call.func.attr if isinstance(call.func, ast.Attribute) else ""


def offenders(source: str, name: str) -> list[str]:
    """`name:line: text` for every message written inline in `source`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        messages: list[ast.expr] = [kw.value for kw in node.keywords if kw.arg in MESSAGE_KEYWORDS]
        if _callee(node) in MESSAGE_CALLS:
            messages += node.args
        elif (_callee(node) == "append" and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Name) and node.func.value.id in PROBLEM_LISTS):
            messages += node.args
        for message in messages:
            found += [(message.lineno, f"{name}:{message.lineno}: {text!r}") for text in _literals(message)
                      if any(c.isalpha() for c in text)]
    return [hit for _, hit in sorted(found)]


def _modules() -> list[Path]:
    paths = [p for top in ("bot", "handlers", "web") for p in sorted((ROOT / top).rglob("*.py"))]
    return [p for p in paths if TEXTS not in p.parents and "migrations" not in p.parts
            and str(p.relative_to(ROOT)) not in LEFT_ALONE]


def test_no_operator_message_is_written_outside_bot_texts():
    assert all((ROOT / name).is_file() for name in LEFT_ALONE)  # the list stays true to the tree
    found = [hit for path in _modules()
             for hit in offenders(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == [], "messages to move to bot/texts/:\n" + "\n".join(found)


def test_the_scan_sees_every_kind_of_inline_message():
    forged = '''
print("Database at revision(s):", heads)
print(f"{n} problemi in {where}")
raise ConfigError("ZOBOT_X must be a number")
p.add_argument("--port", help="port to listen on")
argparse.ArgumentParser(description="the bot")
problems.append(Problem(name, line, f"campo «{key}» sconosciuto"))
problems.append("schedule: " + str(exc))
raise YamlFileError(path, None, "nested too deep" if deep else T.OTHER)
print("OK: {n} servizi".format(n=n))
'''
    found = offenders(forged, "forged.py")
    assert [hit.split(":")[1] for hit in found] == ["2", "3", "4", "5", "6", "7", "8", "9", "10"], found


def test_the_scan_lets_values_and_texts_from_bot_texts_through():
    allowed = '''
print(T.CLI_NONE)
print(f"  - {error}", file=sys.stderr)
print("  ".join(T.ASK_BUTTON.format(label=b["text"]) for b in row))
raise ConfigError(T.POSITIVE.format(name=name, raw=raw))
p.add_argument("--port", type=int, help=T.RUN_PORT_HELP)
problems.append(Problem(TOP, _say("not_mapping")))
errors += [f"{where}.{p}" for p in problems]
logger.warning("catalogue %s not loaded: %s", name, exc)
'''
    assert offenders(allowed, "allowed.py") == []


@pytest.mark.parametrize("env", [
    {"ZOBOT_TOKEN": "not-a-token"}, {"ZOBOT_ADMINS": "12,abc"}, {"ZOBOT_DATABASE_URL": "mysql://x"},
    {"ZOBOT_LOG_LEVEL": "LOUD"}, {"ZOBOT_WEBHOOK_SECRET": "short"}, {"ZOBOT_WEB_PORT": "70000"},
    {"ZOBOT_CATALOGUE_EXAMPLES": "forse"}, {"ZOBOT_CONCURRENT_UPDATES": "500"},
])
def test_configuration_errors_are_italian(env):
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    words = set(str(caught.value).replace(".", " ").replace(",", " ").split())
    assert words & {"non", "deve", "usare", "è", "oppure", "Usare", "Controllare"}, str(caught.value)
    assert not words & {"must", "use", "Use", "is", "not", "the", "should"}, str(caught.value)


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "default:", "(default")


def test_every_help_page_of_zobot_is_italian():
    parsers = list(_parsers(build_parser()))
    assert [f"{p.prog} {a.dest}" for p in parsers for a in p._actions
            if not a.help and not isinstance(a, argparse._SubParsersAction)] == []  # each one explained
    pages = [p.format_help() for p in parsers]
    assert len(pages) > 30  # every sub-command of every feature
    for page in pages:
        assert page.startswith("uso: zobot") and "mostra questo aiuto ed esci" in page, page
        assert not [w for w in ARGPARSE_ENGLISH if w in page], page


@pytest.mark.parametrize("argv, said", [
    (["bogus"], "zobot: errore: argomento COMANDO: scelta non valida: 'bogus'"),
    (["catalogue"], "zobot catalogue: errore: mancano gli argomenti obbligatori: COMANDO"),
    (["catalogue", "review", "x"], "zobot catalogue review: errore: argomento CAMPAGNA: 'x' non è un numero intero"),
    (["ask", "--colour", "rosso", "Rho"], "zobot: errore: argomenti non riconosciuti: --colour"),
])
def test_a_wrong_command_line_is_answered_in_italian(argv, said):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as caught:
        build_parser().parse_args(argv)
    assert caught.value.code == 2
    assert err.getvalue().startswith("uso: zobot") and said in err.getvalue(), err.getvalue()


def test_a_count_of_one_is_singular():
    """Plural forms by gettext's ngettext (bot.texts.plural), never «1 comuni»."""
    from bot.catalogue.answers import zone_list
    from bot.catalogue.models import Zone
    from bot.texts import datafiles as D
    from bot.texts import plural_text

    text = zone_list([(Zone(id=1, code="nord", name="Nord", is_capoluogo=False), 1)]).text
    assert "La zona omogenea della Città metropolitana di Milano" in text and "• Nord – 1 comune" in text
    assert plural_text(1, *D.ZONE_COUNT, zone="Nord", file="comuni.csv", found=2) == \
        "la zona «Nord» dichiara 1 comune ma comuni.csv ne assegna 2"
    assert plural_text(1234, *D.COLUMNS, found=3) == "attese 1.234 colonne, trovate 3"


def test_every_rewording_of_a_library_message_can_be_filled():
    """The tables that put argparse's, dateutil's and the YAML parser's English in Italian: each pattern
    compiles and each template formats with that pattern's groups (a lone brace would raise at the worst time)."""
    import re

    from bot.texts import datafiles, meetings, operators

    for table in (operators.ARGPARSE_MESSAGES, meetings.RULE_REASONS, datafiles.YAML_PROBLEMS,
                  datafiles.CSV_PROBLEMS):
        for pattern, template in table:
            filled = template.format(**{name: "«x»" for name in re.compile(pattern).groupindex})
            assert filled and "{" not in filled, (pattern, template)
