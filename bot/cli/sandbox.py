"""`zobot sandbox`: the bot with a local Bot API server and a web chat, offline, no token needed."""
from __future__ import annotations

import asyncio
import errno

from bot.texts import operators as T


def add_parser(sub) -> None:
    p = sub.add_parser("sandbox", help=T.SANDBOX_HELP)
    p.add_argument("--port", type=int, default=8765, help=T.SANDBOX_PORT_HELP)
    p.add_argument("--host", default="127.0.0.1", help=T.SANDBOX_HOST_HELP)
    p.add_argument("--database", default=None,
                   help=T.SANDBOX_DATABASE_HELP)
    p.set_defaults(handler=run_sandbox)


def run_sandbox(settings, args) -> int:
    from bot.sandbox import runner

    try:
        asyncio.run(runner.serve(settings, host=getattr(args, "host", "127.0.0.1"),
                                 port=getattr(args, "port", 8765), database_url=getattr(args, "database", None),
                                 ready=lambda line: print(line, flush=True)))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(T.SANDBOX_BUSY.format(port=args.port), flush=True)
            return 1
        raise
    return 0
