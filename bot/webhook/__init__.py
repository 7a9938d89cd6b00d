"""`zobot run --webhook`: a Starlette + uvicorn webhook that never loses an acknowledged update."""
from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlparse

from bot.config import ConfigError, Settings, TokenRejected
from bot.texts import config as config_texts

logger = logging.getLogger(__name__)


def serve(settings: Settings, *, stale_after: float = 60.0, sweep_every: float = 15.0) -> int:
    """Register the webhook with Telegram and serve it until SIGTERM/SIGINT (graceful)."""
    if not settings.webhook_url or not settings.webhook_secret:
        raise ConfigError(config_texts.WEBHOOK_NEEDS)
    asyncio.run(_main(settings, stale_after=stale_after, sweep_every=sweep_every))
    return 0


async def _main(settings: Settings, *, stale_after: float, sweep_every: float) -> None:
    import uvicorn
    from telegram.error import InvalidToken

    from bot.app import ALLOWED_UPDATES, build_application
    from bot.webhook.server import GracefulServer, WebhookService

    app = build_application(settings, updater=False)
    path = urlparse(settings.webhook_url).path or "/"
    try:
        await app.initialize()
    except InvalidToken:
        raise TokenRejected() from None
    try:
        await app.post_init(app)
        service = WebhookService(app, secret=settings.webhook_secret, path=path, stale_after=stale_after,
                                 sweep_every=sweep_every)
        await app.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                  allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, max_connections=40)
        await app.start()
        service.start()
        from web.app import build_web  # the web pages on the same port, over the bot's own database and index

        services = app.bot_data
        pages = build_web(services)
        config = uvicorn.Config(service.asgi(pages), host=settings.webhook_listen, port=settings.webhook_port,
                                log_level="warning", lifespan="off", timeout_graceful_shutdown=20,
                                proxy_headers=True)
        logger.info("webhook %s listening on %s:%s as %s", path, settings.webhook_listen,
                    settings.webhook_port, service.instance)
        await GracefulServer(config).serve()  # returns after SIGTERM once in-flight requests finished
        await service.stop()
        await app.stop()
    finally:
        await app.shutdown()
        await app.post_shutdown(app)
