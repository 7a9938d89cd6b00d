"""The catalogue's version: every write to what catalogue answers read bumps it in its own transaction.

Readers get the number with the rest of what an update needs (bot/arrival.py) and keep answers cached
per version (bot/catalogue/service.py), so an answer is never older than the last committed change, on
any instance. The writers are the loader (`zobot catalogue load`) and PO coverage updates
(bot/people/monitoring.py); tests/test_catalogue_version.py checks both.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import CatalogueVersion

ROW = 1


def current():
    """The version as a scalar subquery, to be read together with other things in one statement."""
    return select(CatalogueVersion.version).where(CatalogueVersion.id == ROW).scalar_subquery()


async def read(session: AsyncSession) -> int:
    return await session.scalar(select(current())) or 0


async def bump(session: AsyncSession) -> None:
    """Call in the transaction that changes the catalogue: readers see the change and the new number together."""
    await session.execute(update(CatalogueVersion).where(CatalogueVersion.id == ROW)
                          .values(version=CatalogueVersion.version + 1))
