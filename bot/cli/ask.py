"""`zobot ask "domanda"`: answer a catalogue question in the terminal, through the chat's own code path."""
from __future__ import annotations

import asyncio
import logging

from bot.bootstrap import prepare
from bot.catalogue.service import CatalogueService
from bot.db.engine import Database
from bot.texts import operators as T


def add_parser(sub) -> None:
    p = sub.add_parser("ask", help=T.ASK_HELP)
    p.add_argument("question", nargs="+", help=T.ASK_QUESTION_HELP)
    p.add_argument("--html", action="store_true", help=T.ASK_HTML_HELP)
    p.add_argument("--buttons", action="store_true", help=T.ASK_BUTTONS_HELP)
    p.set_defaults(handler=_ask)


async def answer(settings, question: str):
    """Bring the default database up to date, build the index, answer like the chat does."""
    await prepare(settings)
    db = Database(settings.database_url)
    try:
        catalogue = CatalogueService(db)
        await catalogue.reload()
        return await catalogue.ask(question)
    finally:
        await db.dispose()


def _ask(settings, args) -> int:
    if settings.log_level != "DEBUG":  # the answer is the output: keep migration chatter out of the terminal
        logging.getLogger().setLevel(logging.WARNING)
    result = asyncio.run(answer(settings, " ".join(args.question)))
    print(result.text if args.html else result.plain())
    if args.buttons:
        for row in result.rows:
            print("  ".join(T.ASK_BUTTON.format(label=b["text"], target=b.get("data") or b.get("url")) for b in row))
    return 0
