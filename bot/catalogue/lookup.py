"""Finding the comuni, zones and offices a person names when registering, inviting or recording coverage."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune, Office, Service, Zone


def fold(text: str) -> str:
    """Lower case, accents and apostrophes folded, spaces collapsed: 'Cassano d’Adda' ~ 'cassano d adda'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[\W_]+", " ", text).strip()


async def comune(session: AsyncSession, name: str) -> Comune | None:
    """The comune with that name (folded) or ISTAT code, or None."""
    key = fold(name)
    if not key:
        return None
    for c in await session.scalars(select(Comune)):
        if fold(c.name) == key or c.istat_code == name.strip():
            return c
    return None


async def zone(session: AsyncSession, name: str) -> Zone | None:
    """The zone with that code, name or alias (folded), or None."""
    key = fold(name)
    if not key:
        return None
    for z in await session.scalars(select(Zone)):
        if key in {fold(z.code), fold(z.name), *(fold(a) for a in (z.aliases or []))}:
            return z
    return None


async def office(session: AsyncSession, name: str) -> Office | None:
    """The office with that code or name (folded), or None."""
    key = fold(name)
    if not key:
        return None
    for o in await session.scalars(select(Office)):
        if key in (fold(o.code), fold(o.name)):
            return o
    return None


async def service(session: AsyncSession, name: str) -> Service | None:
    """The service with that code or name (folded), or None."""
    key = fold(name)
    if not key:
        return None
    for s in await session.scalars(select(Service)):
        if key in (fold(s.code), fold(s.name), *(fold(a) for a in (s.acronyms or []))):
            return s
    return None
