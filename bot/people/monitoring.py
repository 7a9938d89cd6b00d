"""PO monitoring: which comuni or zones receive each service of the PO's office, with its history.

Writes the catalogue's Coverage rows (what the catalogue answers read) and a CoverageChange row
per change (who, when, what), in one transaction, so answers change at once and history is whole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue import coverage, lookup, version
from bot.catalogue.models import Comune, Coverage, Office, Service, Zone
from bot.errors import BadInput, NotFound, UnknownName
from bot.people import audit, policy
from bot.people.models import CoverageChange, Person
from bot.texts import curation as T
from bot.texts import render

NOTE_LIMIT = 500
STATUS_WORDS = {"attivato": "attivato", "attivo": "attivato", "attiva": "attivato", "in attivazione": "in attivazione",
                "attivazione": "in attivazione", "sospeso": "sospeso", "sospesa": "sospeso",
                "cessato": coverage.ENDED, "cessata": coverage.ENDED}


@dataclass(frozen=True)
class Change:
    """A PO's request, parsed from `/copertura servizio; luogo; stato; data; nota`."""

    service: str
    place: str
    status: str
    since: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class LastUpdate:
    """For the service card: when, for which comune/zone, which status; `office` is the service's office
    name (never a person's name, so the card can be shown anywhere)."""

    at: datetime
    office: str | None
    scope_key: str
    status: str


def parse(args: str, *, today: date) -> Change:
    """Split and check the fields; BadInput('copertura_usage' | 'status' | 'date' | 'note')."""
    parts = [p.strip() for p in (args or "").split(";")]
    if len(parts) < 3 or not all(parts[:3]):
        raise BadInput("copertura_usage")
    status = STATUS_WORDS.get(lookup.fold(parts[2]))
    if status is None:
        raise BadInput("status")
    since = parse_date(parts[3]) if len(parts) > 3 and parts[3] else today
    note = ";".join(parts[4:]).strip() or None if len(parts) > 4 else None
    if note and len(note) > NOTE_LIMIT:
        raise BadInput("note", limit=NOTE_LIMIT)
    return Change(parts[0], parts[1], status, since, note)


def parse_date(text: str) -> date:
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text.strip())
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput("date") from None


async def services_of(session: AsyncSession, person: Person) -> list[Service]:
    """The services a person may record coverage for: their office's (an admin: all)."""
    query = select(Service).order_by(Service.name)
    if person.role != "admin":
        query = query.where(Service.office_id == person.office_id, Service.office_id.is_not(None))
    return list(await session.scalars(query))


async def _scope(session: AsyncSession, place: str) -> coverage.Scope:
    found = await lookup.comune(session, place)
    if found is not None:
        return coverage.Scope.of_comune(found)
    zone = await lookup.zone(session, place)
    if zone is not None:
        return coverage.Scope.of_zone(zone)
    raise UnknownName("place", place)


def source_of(office: Office | None, now: datetime, tz: ZoneInfo | None = None) -> tuple[str, str]:
    """(source, recorded_by) of a PO's own record: the office's name, never a person's."""
    name = office.name if office else T.SOURCE_CMM
    return render(T.SOURCE_PO, office=name, date=timefmt.day(now, tz or now.tzinfo)), name


async def record(session: AsyncSession, person: Person, change: Change, *, now: datetime, tz: ZoneInfo | None = None
                 ) -> tuple[Service, str, CoverageChange]:
    """Check the PO owns the service, upsert its Coverage row, keep the history and audit it."""
    service = await lookup.service(session, change.service)
    if service is None:
        raise UnknownName("service", change.service)
    policy.require(person, "update_coverage", service)
    scope = await _scope(session, change.place)
    return service, scope.name, await record_at(session, person, service, scope, change, now=now, tz=tz)


async def record_at(session: AsyncSession, person: Person, service: Service, scope: coverage.Scope, change: Change, *,
                    now: datetime, tz: ZoneInfo | None = None) -> CoverageChange:
    """Record an already resolved change (the /copertura dialogue resolves service and place by name)."""
    policy.require(person, "update_coverage", service)
    office = await session.get(Office, service.office_id) if service.office_id else None
    source, recorded_by = source_of(office, now, tz)
    if change.status == coverage.ENDED:
        history = await coverage.end(session, service, scope.key, source=source, actor=person, now=now)
        if history is None:
            raise BadInput("nothing")
    else:
        history = await coverage.write(session, service, scope, change.status, since=change.since, note=change.note,
                                       source=source, recorded_by=recorded_by, actor=person, now=now)
    await version.bump(session)  # catalogue answers cached on any instance must show this change
    await session.flush()
    await audit.record(session, person, "coverage.update", f"service:{service.code}",
                       {"scope": scope.key, "old": history.old_status, "new": change.status}, now=now)
    return history


async def coverage_of(session: AsyncSession, service_id: int) -> list[tuple[Coverage, str]]:
    """The service's coverage rows with a readable place name, zones first."""
    rows = await session.execute(
        select(Coverage, func.coalesce(Zone.name, Comune.name))
        .outerjoin(Zone, Zone.id == Coverage.zone_id).outerjoin(Comune, Comune.id == Coverage.comune_id)
        .where(Coverage.service_id == service_id).order_by(Coverage.zone_id.is_(None), Coverage.scope_key))
    return [(c, name or c.scope_key) for c, name in rows.all()]


async def last_update(session: AsyncSession, service_id: int) -> LastUpdate | None:
    """The latest recorded coverage change of a service, for the card's "ultimo aggiornamento"."""
    found = (await session.execute(
        select(CoverageChange, Office.name).join(Service, Service.id == CoverageChange.service_id)
        .outerjoin(Office, Office.id == Service.office_id).where(CoverageChange.service_id == service_id)
        .order_by(CoverageChange.at.desc(), CoverageChange.id.desc()).limit(1))).first()
    if found is None:
        return None
    change, office = found
    return LastUpdate(change.at, office, change.scope_key, change.new_status)


async def service_by_id(session: AsyncSession, service_id: int) -> Service:
    service = await session.get(Service, service_id)
    if service is None:
        raise NotFound(service_id)
    return service

