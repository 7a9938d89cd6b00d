"""A stand-alone sender for the kill/restart test: drains the outbox through a real HTTP Bot API.

Usage: python tests/delivery_worker.py DATABASE_URL API_BASE LEASE_SECONDS [SMTP_PORT]
(with SMTP_PORT, e-mail rows go to the SMTP server on 127.0.0.1 at that port: tests/test_email_crash.py)
"""
from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import replace
from datetime import timedelta

os.environ.setdefault("PTB_TIMEDELTA", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import func, select  # noqa: E402
from telegram import Bot  # noqa: E402

from bot.clock import Clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.outbox.models import FINAL_STATUSES, OutboxMessage  # noqa: E402
from bot.outbox.sender import OutboxSender  # noqa: E402
from handlers.transport import TelegramTransport  # noqa: E402

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz"


async def open_rows(db: Database) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).where(OutboxMessage.status.not_in(FINAL_STATUSES)))


async def main(url: str, api_base: str, lease: float, smtp_port: int | None = None) -> None:
    db = Database(url)
    settings = Settings(token=TOKEN, database_url=url, broadcast_rate=30)
    if smtp_port is not None:
        settings = replace(settings, smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_security="none",
                           smtp_from="zobot@cittametropolitana.example.it", smtp_rate=50,
                           web_url="https://zobot.example.it")
    async with Bot(TOKEN, base_url=api_base) as bot:
        service = OutboxSender(db, Clock(), settings, TelegramTransport(bot), lease=timedelta(seconds=lease))
        await service.startup()
        print("started", flush=True)
        while await open_rows(db):
            await service.tick()
            await asyncio.sleep(0.2)  # the JobQueue's interval, in a real process
    await db.dispose()
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else None))
