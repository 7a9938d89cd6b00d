"""argparse speaking Italian: the operator reads `zobot … --help` and its errors (words in bot/texts/operators.py).

argparse's own words (usage, section titles, -h, errors) are English gettext strings with no Italian catalogue
shipped with Python; this parser class puts ours in their place, and its sub-commands inherit it."""
from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from bot.texts import operators as T
from bot.texts import reworded


class ItalianHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, T.USAGE if prefix is None else prefix)


class ItalianParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Italian (sub-parsers are made of the same class)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ItalianHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = T.POSITIONALS
        self._optionals.title = T.OPTIONALS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=T.HELP_HELP)

    def add_argument(self, *names, **kwargs):
        """A value's placeholder in Italian (CARTELLA, not DIRECTORY), unless the argument gives its own."""
        if kwargs.get("action") in (None, "store", "append") and "metavar" not in kwargs and "choices" not in kwargs:
            dest = kwargs.get("dest") or (names[0] if not names[0].startswith("-") else
                                          next((n for n in names if n.startswith("--")), names[0]).lstrip("-"))
            if (metavar := T.METAVARS.get(dest.replace("-", "_"))) is not None:
                kwargs["metavar"] = metavar
        return super().add_argument(*names, **kwargs)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("metavar", T.COMMAND)
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, T.ARGPARSE_ERROR.format(prog=self.prog, message=italian(message)))


def italian(message: str) -> str:
    """argparse's English error in Italian (an argument's own message too); one we do not know stays as it is."""
    argument = re.fullmatch(r"argument (?P<argument>.+?): (?P<message>.+)", message, re.DOTALL)
    if argument:
        return T.ARGPARSE_ARGUMENT.format(argument=argument["argument"], message=italian(argument["message"]))
    return reworded(message, T.ARGPARSE_MESSAGES)
