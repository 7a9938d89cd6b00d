"""`python -m bot.webhook.healthcheck`: the container's HEALTHCHECK; exit 0 healthy, 1 not.

Webhook mode (ZOBOT_WEBHOOK_URL set): GET /healthz of the local server, which checks the database.
Polling mode: there is no HTTP server, so check that the database answers.
"""
from __future__ import annotations

import asyncio
import sys

import httpx

from bot.config import load_settings
from bot.db.engine import Database
from bot.webhook.inbox import healthy


async def check() -> bool:
    settings = load_settings()
    if settings.webhook_url:
        host = "127.0.0.1" if settings.webhook_listen in ("0.0.0.0", "::") else settings.webhook_listen
        try:
            async with httpx.AsyncClient(timeout=5) as client:
                response = await client.get(f"http://{host}:{settings.webhook_port}/healthz")
            return response.status_code == 200
        except httpx.HTTPError:
            return False
    db = Database(settings.database_url)
    try:
        return await healthy(db)
    finally:
        await db.dispose()


if __name__ == "__main__":
    sys.exit(0 if asyncio.run(check()) else 1)
