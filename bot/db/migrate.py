"""Run Alembic migrations programmatically (the package ships its migrations)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision of every branch (`alembic upgrade heads`)."""
    cfg = alembic_config()

    def run(connection) -> None:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")

    async with engine.begin() as conn:
        await conn.run_sync(run)


async def current_heads(engine: AsyncEngine) -> set[str]:
    """Revisions the database is at (empty before the first upgrade)."""
    def read(connection) -> set[str]:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        return {r[0] for r in connection.exec_driver_sql("SELECT version_num FROM alembic_version")}

    async with engine.connect() as conn:
        return await conn.run_sync(read)
