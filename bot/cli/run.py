"""`zobot run`: the bot with long polling (or `--webhook` for production); no token: the local sandbox."""
from __future__ import annotations

import asyncio

from bot.bootstrap import prepare

NO_TOKEN_NOTE = ("zobot: ZOBOT_TOKEN is not set, so this starts the local SANDBOX: a stand-in for Telegram "
                 "with a web chat, offline, with demo people and its own SQLite file. To run the real bot, "
                 "create one with @BotFather and `export ZOBOT_TOKEN=…` (see README).")


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="run the bot (long polling; --webhook for production; no token: sandbox)")
    p.add_argument("--webhook", action="store_true", help="serve a webhook instead of polling")
    p.add_argument("--port", type=int, default=8765, help="sandbox only: port of the web chat (default 8765)")
    p.set_defaults(handler=_run)


def _run(settings, args) -> int:
    if settings.token is None and not args.webhook:
        from bot.cli.sandbox import run_sandbox
        print(NO_TOKEN_NOTE, flush=True)
        return run_sandbox(settings, args)
    settings.require_token()
    asyncio.run(prepare(settings))
    if args.webhook:
        from bot.webhook import serve
        return serve(settings)
    from bot.app import run_polling

    run_polling(settings)
    return 0
