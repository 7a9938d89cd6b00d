"""Picking a comune, zona or service by name, with the catalogue's own search index (same matching
as the catalogue questions: aliases, acronyms, typos)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import queries
from bot.catalogue.index import COMUNE, SERVICE, CatalogueIndex, build_entries
from bot.catalogue.models import Comune, Service, Zone
from bot.catalogue.normalize import fold

LIMIT = 6
MODELS = {"comune": (Comune, Comune.istat_code), "zona": (Zone, Zone.code), "service": (Service, Service.code)}


def normalise(text: str) -> str:
    """Lower case, accents and apostrophes folded, single spaces (the catalogue's `fold`)."""
    return fold(text)


async def entries(session: AsyncSession, kind: str) -> list[tuple[str, str]]:
    """(code, name) of every comune, zona or service, ordered by name."""
    model, code = MODELS[kind]
    rows = await session.execute(select(code, model.name).order_by(model.name))
    return [(c, n) for c, n in rows.all()]


async def search(session: AsyncSession, kind: str, query: str) -> list[tuple[str, str]]:
    """Best (code, name) matches for a typed comune or service name, best first."""
    span = fold(query)
    if not span or kind not in ("comune", "service"):
        return []
    rows = await queries.index_rows(session)
    index = CatalogueIndex(build_entries(rows["comuni"] if kind == "comune" else [], [],
                                         rows["services"] if kind == "service" else [], [], []))
    scored = index.match(span, kinds=(COMUNE if kind == "comune" else SERVICE,))[:LIMIT]
    if not scored:
        return []
    model, code = MODELS[kind]
    ids = [s.entry.id for s in scored]
    codes = dict((await session.execute(select(model.id, code).where(model.id.in_(ids)))).all())
    return [(codes[s.entry.id], s.entry.label) for s in scored if s.entry.id in codes]
