"""Wiring of the outbox dispatcher: the delivery service on `services.delivery`, ticked by the JobQueue."""
from __future__ import annotations

from telegram.ext import Application

from bot.app import ZContext
from bot.delivery.service import DeliveryService
from handlers.transport import TelegramTransport

COMMANDS: list[tuple[str, str]] = []
JOB_NAME = "delivery:dispatch"
INTERVAL = 2  # seconds between ticks; a tick drains for up to 10 s, overlapping ticks are skipped


def register(app: Application) -> None:
    """Nothing to register: the organiser's commands live in handlers/admin.py."""


async def tick(context: ZContext) -> None:
    await context.services.delivery.tick()


async def startup(app: Application) -> None:
    services = app.bot_data
    services.delivery = DeliveryService(services.db, services.clock, services.settings, TelegramTransport(app.bot))
    await services.delivery.startup()
    if app.job_queue is not None:
        for job in app.job_queue.get_jobs_by_name(JOB_NAME):
            job.schedule_removal()
        app.job_queue.run_repeating(tick, interval=INTERVAL, first=1, name=JOB_NAME,
                                    job_kwargs={"id": JOB_NAME, "replace_existing": True, "coalesce": True,
                                                "max_instances": 1, "misfire_grace_time": None})
