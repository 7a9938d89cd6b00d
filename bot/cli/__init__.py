"""The `zobot` command: one sub-command module per feature."""
from __future__ import annotations

import argparse
import sys

from bot import logs
from bot.cli import ask, catalogue, db, invite, people, questionnaire, run, sandbox, tavoli, web
from bot.cli.parser import ItalianParser
from bot.config import ConfigError, TokenRejected, load_settings
from bot.texts import operators as T

MODULES = [run, web, db, catalogue, ask, questionnaire, tavoli, invite, people, sandbox]


def build_parser() -> argparse.ArgumentParser:
    parser = ItalianParser(prog="zobot", description=T.DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    for module in MODULES:
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(T.CONFIG_ERROR.format(error=exc), file=sys.stderr)
        return 2
    logs.setup(settings.log_level)
    try:
        return args.handler(settings, args) or 0
    except TokenRejected as exc:
        print(T.FAILED.format(error=exc), file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(T.CONFIG_ERROR.format(error=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
