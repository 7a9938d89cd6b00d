"""`zobot run`: the bot with long polling (or `--webhook` for production)."""
from __future__ import annotations

import asyncio

from bot.bootstrap import prepare


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="run the bot (long polling; --webhook for production)")
    p.add_argument("--webhook", action="store_true", help="serve a webhook instead of polling")
    p.set_defaults(handler=_run)


def _run(settings, args) -> int:
    settings.require_token()
    asyncio.run(prepare(settings))
    if args.webhook:
        from bot.webhook import serve
        return serve(settings)
    from bot.app import ALLOWED_UPDATES, build_application

    app = build_application(settings)
    app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
    return 0
