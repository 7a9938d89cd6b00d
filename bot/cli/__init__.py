"""The `zobot` command: one sub-command module per feature."""
from __future__ import annotations

import argparse
import logging
import sys

from bot.cli import ask, catalogue, db, questionnaire, run, sandbox, tavoli, invite
from bot.config import ConfigError, load_settings

MODULES = [run, db, catalogue, ask, questionnaire, tavoli, invite, sandbox]


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
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        return args.handler(settings, args) or 0
    except ConfigError as exc:
        print(f"zobot: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
