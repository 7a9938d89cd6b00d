"""`zobot sandbox`: the bot with a local Bot API server and a web chat, offline, no token needed."""
from __future__ import annotations

import asyncio
import errno


def add_parser(sub) -> None:
    p = sub.add_parser("sandbox", help="try the bot offline: local Bot API server + web chat in the browser")
    p.add_argument("--port", type=int, default=8765, help="port of the web chat and local Bot API (default 8765)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--database", default=None,
                   help="database URL (default: a sandbox SQLite file next to the normal one)")
    p.set_defaults(handler=run_sandbox)


def run_sandbox(settings, args) -> int:
    from bot.sandbox import runner

    try:
        asyncio.run(runner.serve(settings, host=getattr(args, "host", "127.0.0.1"),
                                 port=getattr(args, "port", 8765), database_url=getattr(args, "database", None),
                                 ready=lambda line: print(line, flush=True)))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"zobot sandbox: port {args.port} is busy; choose another with --port N", flush=True)
            return 1
        raise
    return 0
