"""`zobot web`: the web pages alone (public catalogue, open data, calendar feeds, organisers' dashboard).

The webhook server (`zobot run --webhook`) serves the same pages on its own port; this command is for
a deployment that polls, or for pages on a machine of their own. Set ZOBOT_WEB_URL to the public URL.
"""
from __future__ import annotations

import asyncio
import logging

from bot.bootstrap import prepare
from bot.texts import operators as T

logger = logging.getLogger(__name__)


def add_parser(sub) -> None:
    p = sub.add_parser("web", help=T.WEB_HELP)
    p.add_argument("--listen", help=T.WEB_LISTEN_HELP)
    p.add_argument("--port", type=int, help=T.WEB_PORT_HELP)
    p.set_defaults(handler=_web)


def _web(settings, args) -> int:
    if settings.web_url is None:
        print(T.WEB_NO_URL, flush=True)
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
