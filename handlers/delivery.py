"""Wiring of the outbox dispatcher: the delivery service on `services.outbox`, ticked by the JobQueue."""
from __future__ import annotations

from telegram.ext import Application

from bot.outbox.sender import OutboxSender
from handlers.context import ZContext
from handlers.jobs import every
from handlers.transport import TelegramTransport

JOB_NAME = "delivery:dispatch"
INTERVAL = 2  # seconds between ticks; a tick drains for up to 10 s, overlapping ticks are skipped




async def tick(context: ZContext) -> None:
    await context.services.outbox.tick()


async def startup(app: Application) -> None:
    services = app.bot_data
    services.outbox = OutboxSender(services.db, services.clock, services.settings, TelegramTransport(app.bot))
    await services.outbox.startup()
    every(app, JOB_NAME, tick, seconds=INTERVAL)
