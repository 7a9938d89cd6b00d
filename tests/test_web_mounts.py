"""One port: the webhook server answers Telegram on its path and the web pages everywhere else; the pages
follow the path of ZOBOT_WEB_URL (a reverse proxy that forwards /zobot/… unchanged)."""
from __future__ import annotations

from dataclasses import replace

import httpx

from bot.app import build_application
from bot.webhook.server import SECRET_HEADER, WebhookService
from tests import builders
from tests.fakes import FakeTelegram

SECRET = "s3cret-token_for-tests-0123456789"


async def test_webhook_and_pages_on_one_port(settings, clock):
    from web.app import build_web

    settings = replace(settings, web_url="https://cmm.example.it/zobot")
    app = build_application(settings, request=FakeTelegram(), clock=clock, rate_limiter=False, updater=False)
    await app.initialize()
    await app.post_init(app)
    try:
        services = app.bot_data
        service = WebhookService(app, secret=SECRET, clock=clock, instance="one-port")
        pages = build_web(services)
        transport = httpx.ASGITransport(app=service.asgi(pages))
        async with httpx.AsyncClient(transport=transport, base_url="https://cmm.example.it") as client:
            stored = await client.post("/telegram", json=builders.message("ciao", update_id=77),
                                       headers={SECRET_HEADER: SECRET})
            assert stored.status_code == 200 and service.queue.qsize() == 1
            page = await client.get("/zobot/catalogo/cerca", params={"q": "servizi a Rho"})
            assert page.status_code == 200 and "Servizi per <b>Rho</b>" in page.text
            assert 'href="/zobot/catalogo/v/cat:' in page.text and 'href="/zobot/static/' in page.text
            assert (await client.get("/zobot/static/css/zobot.css")).status_code == 200
            assert (await client.get("/healthz")).status_code == 200
            assert (await client.get("/catalogo/zone")).status_code == 404  # outside the pages' path
    finally:
        await app.shutdown()
        await app.post_shutdown(app)
