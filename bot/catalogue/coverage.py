"""Writing coverage: one row per service × place, one history row per change, each with its source.

Both ways in use these: a PO's /copertura (bot/people/coverage_updates.py, bot/people/monitoring.py) and
the organiser's application of questionnaire proposals (bot/questionnaires/review.py). The caller owns
the transaction and bumps the catalogue version once (bot/catalogue/version.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune, Coverage, Service, Zone
from bot.people.models import CoverageChange, Person

ENDED = "cessato"  # the history's word for a coverage row removed


@dataclass(frozen=True)
class Scope:
    """A place a service reaches: a whole zone or one comune."""

    key: str  # "zone:<code>" | "comune:<istat>"
    zone_id: int | None
    comune_id: int | None
    name: str

    @classmethod
    def of_zone(cls, zone: Zone) -> "Scope":
        return cls(f"zone:{zone.code}", zone.id, None, zone.name)

    @classmethod
    def of_comune(cls, comune: Comune) -> "Scope":
        return cls(f"comune:{comune.istat_code}", None, comune.id, comune.name)


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    place: str
    old: str | None
    new: str
    since: date | None
    source: str | None


def _actor(actor: Person | str | None) -> tuple[int | None, str]:
    if isinstance(actor, Person):
        return actor.id, (actor.name or actor.role or "")[:200]
    return None, (actor or "")[:200]


async def write(session: AsyncSession, service: Service, scope: Scope, status: str, *, since: date | None,
                note: str | None, source: str, recorded_by: str, actor: Person | str | None,
                now: datetime) -> CoverageChange:
    """Set the coverage of `service` at `scope` (a real record: an example row there is replaced)."""
    row = await session.scalar(select(Coverage).where(Coverage.service_id == service.id,
                                                      Coverage.scope_key == scope.key))
    old = row.status if row is not None else None
    if row is None:
        row = Coverage(service_id=service.id, scope_key=scope.key, zone_id=scope.zone_id, comune_id=scope.comune_id)
        session.add(row)
    row.status, row.since, row.note, row.source = status, since, note, source[:1000]
    row.recorded_by, row.is_example, row.updated_at = recorded_by[:200], False, now
    return _history(session, service.id, scope.key, old, status, since, note, source, actor, now)


async def end(session: AsyncSession, service: Service, scope_key: str, *, source: str, actor: Person | str | None,
              now: datetime) -> CoverageChange | None:
    """The service no longer reaches that place: its row goes, the history keeps it (None: nothing to end)."""
    row = await session.scalar(select(Coverage).where(Coverage.service_id == service.id,
                                                      Coverage.scope_key == scope_key))
    if row is None:
        return None
    old = row.status
    await session.delete(row)
    return _history(session, service.id, scope_key, old, ENDED, None, None, source, actor, now)


def _history(session, service_id, scope_key, old, new, since, note, source, actor, now) -> CoverageChange:
    actor_id, label = _actor(actor)
    change = CoverageChange(service_id=service_id, scope_key=scope_key, old_status=old, new_status=new, since=since,
                            note=note, actor_id=actor_id, actor=label, at=now, source=source[:1000])
    session.add(change)
    return change


async def real(session: AsyncSession, service_ids: list[int]) -> dict[tuple[int, str], Coverage]:
    """The real (non-example) coverage rows of these services, by (service id, scope key)."""
    if not service_ids:
        return {}
    rows = await session.scalars(select(Coverage).where(Coverage.service_id.in_(service_ids),
                                                        Coverage.is_example.is_(False)))
    return {(c.service_id, c.scope_key): c for c in rows}


async def place_names(session: AsyncSession, keys: set[str]) -> dict[str, str]:
    """Readable names of scope keys ("zone:nord-ovest" → "Nord Ovest")."""
    zones = [k.split(":", 1)[1] for k in keys if k.startswith("zone:")]
    comuni = [k.split(":", 1)[1] for k in keys if k.startswith("comune:")]
    names = {}
    if zones:
        names.update({f"zone:{c}": n for c, n in await session.execute(
            select(Zone.code, Zone.name).where(Zone.code.in_(zones)))})
    if comuni:
        names.update({f"comune:{c}": n for c, n in await session.execute(
            select(Comune.istat_code, Comune.name).where(Comune.istat_code.in_(comuni)))})
    return {k: names.get(k, k) for k in keys}


async def history(session: AsyncSession, service_id: int, *, limit: int = 10) -> tuple[list[HistoryLine], int]:
    """The latest changes of a service's coverage (newest first) and how many there are in all."""
    total = await session.scalar(select(func.count()).select_from(CoverageChange)
                                 .where(CoverageChange.service_id == service_id)) or 0
    rows = list(await session.scalars(select(CoverageChange).where(CoverageChange.service_id == service_id)
                                      .order_by(CoverageChange.at.desc(), CoverageChange.id.desc()).limit(limit)))
    names = await place_names(session, {r.scope_key for r in rows})
    return [HistoryLine(r.at, names[r.scope_key], r.old_status, r.new_status, r.since, r.source) for r in rows], total
