"""Getting the embedded SQLite default ready with no extra step; PostgreSQL stays explicit."""
from __future__ import annotations

import logging

from bot.config import Settings
from bot.db.engine import Database
from bot.db.migrate import current_heads, upgrade

logger = logging.getLogger(__name__)


async def prepare(settings: Settings) -> None:
    """On SQLite: migrate and load the shipped catalogue if empty. On PostgreSQL: check migrations ran."""
    from bot.catalogue import loader

    db = Database(settings.database_url)
    try:
        if db.dialect == "sqlite":
            await upgrade(db.engine)
            if await loader.is_empty(db):
                report = await loader.load(db, None, examples=settings.catalogue_examples)
                logger.info("loaded the shipped catalogue: %s", report.log_line())
        elif not await current_heads(db.engine):
            from bot.config import ConfigError
            from bot.texts.config import NO_SCHEMA
            raise ConfigError(NO_SCHEMA)
    finally:
        await db.dispose()
