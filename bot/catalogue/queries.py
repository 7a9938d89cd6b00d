"""Read-only catalogue queries for the index and the answers; callers own the session."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from bot.catalogue.models import Comune, Coverage, Service, Theme, Zone


async def index_rows(session: AsyncSession) -> dict[str, list[dict]]:
    """Plain rows for building the search index."""
    zones = (await session.scalars(select(Zone).order_by(Zone.name))).all()
    capoluogo_zones = {z.id for z in zones if z.is_capoluogo}
    comuni = (await session.execute(select(Comune.id, Comune.name, Comune.zone_id))).all()
    services = (await session.scalars(select(Service).order_by(Service.name))).all()
    themes = (await session.scalars(select(Theme).order_by(Theme.name))).all()
    return {
        "zones": [{"id": z.id, "code": z.code, "name": z.name, "aliases": list(z.aliases or []),
                   "is_capoluogo": z.is_capoluogo} for z in zones],
        "comuni": [{"id": c.id, "name": c.name, "zone_id": c.zone_id, "is_capoluogo": c.zone_id in capoluogo_zones}
                   for c in comuni],
        "services": [{"id": s.id, "code": s.code, "name": s.name, "synonyms": list(s.synonyms or []),
                      "acronyms": list(s.acronyms or []), "theme_id": s.theme_id, "description": s.description}
                     for s in services],
        "themes": [{"id": t.id, "name": t.name, "aliases": list(t.aliases or [])} for t in themes],
    }


async def zones_with_counts(session: AsyncSession) -> list[tuple[Zone, int]]:
    """Every zone with its number of comuni; the capoluogo last."""
    rows = (await session.execute(
        select(Zone, func.count(Comune.id)).outerjoin(Comune, Comune.zone_id == Zone.id)
        .group_by(Zone.id).order_by(Zone.is_capoluogo, Zone.name))).all()
    return [(z, n) for z, n in rows]


async def zone(session: AsyncSession, zone_id: int) -> Zone | None:
    """A zone with its comuni loaded."""
    return await session.scalar(select(Zone).where(Zone.id == zone_id).options(selectinload(Zone.comuni)))


async def comune(session: AsyncSession, comune_id: int) -> Comune | None:
    return await session.scalar(select(Comune).where(Comune.id == comune_id).options(joinedload(Comune.zone)))


async def count_comuni(session: AsyncSession, zone_id: int) -> int:
    return await session.scalar(select(func.count(Comune.id)).where(Comune.zone_id == zone_id)) or 0


def _coverage():
    """Coverage rows with service, theme, comune and zone in one query (many-to-one joins, no N+1)."""
    return (select(Coverage).join(Service, Coverage.service_id == Service.id)
            .options(contains_eager(Coverage.service).joinedload(Service.theme), joinedload(Coverage.comune),
                     joinedload(Coverage.zone)))


async def coverage_in_zone(session: AsyncSession, zone_id: int, theme_id: int | None = None) -> list[Coverage]:
    """Coverage of the whole zone and of single comuni in it, by service name."""
    in_zone = select(Comune.id).where(Comune.zone_id == zone_id)
    stmt = _coverage().where(or_(Coverage.zone_id == zone_id, Coverage.comune_id.in_(in_zone)))
    if theme_id is not None:
        stmt = stmt.where(Service.theme_id == theme_id)
    return list((await session.scalars(stmt.order_by(Service.name, Coverage.scope_key))).all())


async def coverage_for_comune(session: AsyncSession, comune: Comune, theme_id: int | None = None) -> list[Coverage]:
    """Coverage reaching one comune: through its zone, or for the comune itself."""
    stmt = _coverage().where(or_(Coverage.zone_id == comune.zone_id, Coverage.comune_id == comune.id))
    if theme_id is not None:
        stmt = stmt.where(Service.theme_id == theme_id)
    return list((await session.scalars(stmt.order_by(Service.name, Coverage.scope_key))).all())


async def service(session: AsyncSession, service_id: int) -> Service | None:
    """A service with theme and office."""
    return await session.scalar(select(Service).where(Service.id == service_id)
                                .options(joinedload(Service.theme), joinedload(Service.office)))


async def coverage_of_service(session: AsyncSession, service_id: int) -> list[Coverage]:
    stmt = _coverage().where(Coverage.service_id == service_id).order_by(Coverage.scope_key)
    return list((await session.scalars(stmt)).all())


async def services(session: AsyncSession, theme_id: int | None = None) -> list[Service]:
    """Services (of one theme), with their theme, by theme then name."""
    stmt = (select(Service).join(Theme, Service.theme_id == Theme.id).options(contains_eager(Service.theme))
            .order_by(Theme.name, Service.name))
    if theme_id is not None:
        stmt = stmt.where(Service.theme_id == theme_id)
    return list((await session.scalars(stmt)).all())


async def theme(session: AsyncSession, theme_id: int) -> Theme | None:
    return await session.get(Theme, theme_id)
