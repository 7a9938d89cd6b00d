"""Helpers for catalogue tests: ids of shipped rows by their natural key (they differ between databases)."""
from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.catalogue.models import Comune, Service, Theme, Zone


async def zone_id(db, code: str) -> int:
    async with db.session() as s:
        return await s.scalar(select(Zone.id).where(Zone.code == code))


async def comune_id(db, name: str) -> int:
    async with db.session() as s:
        return await s.scalar(select(Comune.id).where(Comune.name == name))


async def service_id(db, code: str) -> int:
    async with db.session() as s:
        return await s.scalar(select(Service.id).where(Service.code == code))


async def theme_id(db, code: str) -> int:
    async with db.session() as s:
        return await s.scalar(select(Theme.id).where(Theme.code == code))


def shipped_index(database_templates):
    """The search index of the shipped catalogue as the real loader stored it (build once per module)."""
    from bot.catalogue.service import CatalogueService
    from bot.db.engine import Database

    if database_templates["kind"] == "postgresql":
        url = database_templates["urls"]["catalogue"]
    else:
        url = f"sqlite+aiosqlite:///{database_templates['paths']['catalogue']}"

    async def build():
        db = Database(url)
        try:
            service = CatalogueService(db)
            await service.reload()
            return service.index
        finally:
            await db.dispose()

    return asyncio.run(build())
