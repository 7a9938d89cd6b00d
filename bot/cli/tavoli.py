"""`zobot tavoli load FILE` and `zobot tavoli list` (messages for the operator in Italian: bot/texts/meetings.py)."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.clock import Clock
from bot.db.engine import Database
from bot.meetings import editing, loader
from bot.meetings.recurrence import HORIZON
from bot.meetings.service import MeetingService
from bot.texts import meetings as t
from bot.texts import plural, plural_text


def add_parser(sub) -> None:
    p = sub.add_parser("tavoli", help=t.CLI_HELP)
    s = p.add_subparsers(dest="tavoli_command", required=True)
    load = s.add_parser("load", help=t.CLI_LOAD_HELP)
    load.add_argument("file", type=Path, help=t.CLI_FILE_HELP)
    load.set_defaults(handler=_load)
    s.add_parser("list", help=t.CLI_LIST_HELP).set_defaults(handler=_list)


def _service(settings) -> tuple[Database, MeetingService]:
    db = Database(settings.database_url)
    return db, MeetingService(db, Clock(), settings)


def _load(settings, args) -> int:
    async def main() -> int:
        db, service = _service(settings)
        try:
            done = await service.load(args.file)
        except loader.TavoliFileError as exc:
            print(plural_text(len(exc.errors), t.CLI_ERRORS_ONE, t.CLI_ERRORS, file=args.file), file=sys.stderr)
            for error in exc.errors:
                print(f"  - {error}", file=sys.stderr)
            return 1
        finally:
            await db.dispose()
        for outcome in done:
            print(_loaded(outcome, service))
        return 0

    return asyncio.run(main())


def _loaded(outcome, service: MeetingService) -> str:
    """One tavolo of the file: created, updated (what its meetings did, who is told) or archived."""
    from bot import timefmt
    from bot.meetings.recurrence import skipped_starts

    slug = outcome.tavolo.slug
    if outcome.archived:
        return t.CLI_ARCHIVED.format(slug=slug)
    if outcome.created:
        line = t.CLI_CREATED.format(slug=slug)
    else:
        line = t.CLI_UPDATED.format(slug=slug, meetings=editing.in_words(outcome.changes),
                                    notified=plural(outcome.notified, t.NOTIFIED_ONE, t.NOTIFIED))
    now = service.now
    skipped = skipped_starts(outcome.tavolo, now, now + HORIZON)
    if skipped:
        days = ", ".join(t.SKIPPED_ITEM.format(day=timefmt.day(at, service.tz), why=why) for at, why in skipped)
        line += "\n" + t.CLI_SKIPPED.format(dates=days)
    return line


def _list(settings, args) -> int:
    async def main() -> None:
        db, service = _service(settings)
        try:
            found = await service.listing()
        finally:
            await db.dispose()
        if not found:
            print(t.CLI_NONE)
        for item in found:
            print(t.CLI_LINE.format(slug=item.slug, example=t.CLI_EXAMPLE if item.example else "", title=item.title,
                                    schedule=item.schedule, next=item.next,
                                    participants=plural(item.participants, t.PARTICIPANTS_ONE, t.PARTICIPANTS),
                                    pause=item.pause))

    asyncio.run(main())
    return 0
