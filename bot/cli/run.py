"""`zobot run`: the bot with long polling (or `--webhook` for production); no token: the local sandbox."""
from __future__ import annotations

import asyncio

from bot.bootstrap import prepare
from bot.texts import operators as T


def add_parser(sub) -> None:
    p = sub.add_parser("run", help=T.RUN_HELP)
    p.add_argument("--webhook", action="store_true", help=T.RUN_WEBHOOK_HELP)
    p.add_argument("--port", type=int, default=8765, help=T.RUN_PORT_HELP)
    p.set_defaults(handler=_run)


def _run(settings, args) -> int:
    if settings.token is None and not args.webhook:
        from bot.cli.sandbox import run_sandbox
        print(T.RUN_NO_TOKEN, flush=True)
        return run_sandbox(settings, args)
    settings.require_token()
    asyncio.run(prepare(settings))
    if args.webhook:
        from bot.webhook import serve
        return serve(settings)
    from bot.app import run_polling

    run_polling(settings)
    return 0
