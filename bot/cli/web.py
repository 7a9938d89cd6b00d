"""`zobot web`: the web pages alone (public catalogue, open data, calendar feeds, organisers' dashboard).

The webhook server (`zobot run --webhook`) serves the same pages on its own port; this command is for
a deployment that polls, or for pages on a machine of their own. Set ZOBOT_WEB_URL to the public URL.
"""
from __future__ import annotations

import asyncio
import logging

from bot.bootstrap import prepare

logger = logging.getLogger(__name__)


def add_parser(sub) -> None:
    p = sub.add_parser("web", help="pagine web: catalogo pubblico, dati aperti, calendari, gestione (ZOBOT_WEB_*)")
    p.add_argument("--listen", help="indirizzo su cui ascoltare (default ZOBOT_WEB_LISTEN, 127.0.0.1)")
    p.add_argument("--port", type=int, help="porta (default ZOBOT_WEB_PORT, 8081)")
    p.set_defaults(handler=_web)


def _web(settings, args) -> int:
    if settings.web_url is None:
        print("zobot web: ZOBOT_WEB_URL is not set: links sent by the bot (/web, /calendario) need the public "
              "address of these pages, e.g. ZOBOT_WEB_URL=https://zobot.example.it", flush=True)
    asyncio.run(prepare(settings))
    asyncio.run(serve(settings, host=args.listen or settings.web_listen, port=args.port or settings.web_port))
    return 0


async def serve(settings, *, host: str, port: int) -> None:
    """The pages on host:port until SIGINT/SIGTERM."""
    import uvicorn

    from bot.db.engine import Database
    from web.app import build_web, services_for

    db = Database(settings.database_url)
    try:
        app = build_web(await services_for(settings, db))
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off", proxy_headers=True)
        logger.info("web pages on %s:%s (public URL %s)", host, port, settings.web_url)
        await uvicorn.Server(config).serve()
    finally:
        await db.dispose()
