"""The `zobot` command: one sub-command module per feature."""
from __future__ import annotations

import argparse
import sys

from bot import logs
from bot.cli import ask, catalogue, db, invite, people, questionnaire, run, sandbox, tavoli, web
from bot.config import ConfigError, TokenRejected, load_settings

MODULES = [run, web, db, catalogue, ask, questionnaire, tavoli, invite, people, sandbox]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zobot", description="Bot delle Zone Omogenee della Città metropolitana di Milano")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in MODULES:
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"zobot: configuration error: {exc}", file=sys.stderr)
        return 2
    logs.setup(settings.log_level)
    try:
        return args.handler(settings, args) or 0
    except TokenRejected as exc:
        print(f"zobot: {exc}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"zobot: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
