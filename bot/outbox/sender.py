"""What `services.outbox` is: the dispatcher (ticked by the JobQueue) and its leadership."""
from __future__ import annotations

import logging

from bot.config import Settings
from bot.db.engine import Database
from bot.outbox.dispatcher import Dispatcher, TickStats
from bot.outbox.leader import Leadership
from bot.outbox.ports import Transport

logger = logging.getLogger(__name__)


class OutboxSender:
    def __init__(self, db: Database, clock, settings: Settings, transport: Transport, **dispatcher_kw) -> None:
        self.db = db
        if "mail" not in dispatcher_kw and settings.smtp_host:
            from bot.outbox.mail import MailTransport
            dispatcher_kw["mail"] = MailTransport(settings)
        dispatcher_kw.setdefault("mail_rate", settings.smtp_rate)
        self.dispatcher = Dispatcher(db, clock, transport, rate=settings.broadcast_rate, **dispatcher_kw)
        self.leadership = Leadership(db)

    async def startup(self) -> None:
        """SQLite means one instance: whatever is still claimed or sending was cut by a crash."""
        if not self.db.is_postgres:
            await self.dispatcher.reap(everything=True)

    async def tick(self) -> TickStats | None:
        """Send what is due, if this instance is the sender (always on SQLite)."""
        async with self.leadership.hold() as granted:
            if not granted:
                return None
            stats = await self.dispatcher.tick()
        if stats.outcomes:
            logger.info("delivery tick: %s", stats.outcomes)
        return stats
