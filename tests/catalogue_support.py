"""Helpers for catalogue tests: ids of shipped rows by their natural key (they differ between databases)."""
from __future__ import annotations

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
