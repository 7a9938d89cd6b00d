"""Picking a comune, zona or service by name: a small rapidfuzz match over the catalogue tables."""
from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune, Service, Zone

LIMIT = 6
CUTOFF = 62


def normalise(text: str) -> str:
    """Lower case, accents and apostrophes folded, single spaces."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


async def entries(session: AsyncSession, kind: str) -> list[tuple[str, str]]:
    """(code, name) of every comune, zona or service, ordered by name."""
    model, code = {"comune": (Comune, Comune.istat_code), "zona": (Zone, Zone.code),
                   "service": (Service, Service.code)}[kind]
    rows = await session.execute(select(code, model.name).order_by(model.name))
    return [(c, n) for c, n in rows.all()]


async def search(session: AsyncSession, kind: str, query: str) -> list[tuple[str, str]]:
    """Best matches for a typed name: exact and prefix matches first, then fuzzy ones."""
    items = await entries(session, kind)
    q = normalise(query)
    if not q:
        return []
    names = {i: normalise(name) for i, (_, name) in enumerate(items)}
    exact = [i for i, n in names.items() if n == q]
    if exact:
        return [items[i] for i in exact]
    prefix = [i for i, n in names.items() if n.startswith(q) or f" {q}" in f" {n}"]
    scored = process.extract(q, names, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=CUTOFF)
    order = list(dict.fromkeys(prefix + [i for _, _, i in scored]))
    return [items[i] for i in order[:LIMIT]]
