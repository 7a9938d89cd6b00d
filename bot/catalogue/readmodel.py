"""The catalogue in memory, one snapshot per catalogue version: answers are built from it, not from SQL.

Seven plain SELECTs: the six catalogue tables and the managed contacts and details (catalogue_details).

The whole catalogue is small (133 comuni, 8 zones, a few dozen services, a few hundred coverage rows;
tens of thousands at national scale), so one read of six tables gives every answer without a query.
The snapshot is read in one transaction together with the catalogue's version (bot/catalogue/version.py)
and replaced when an update arrives with a newer version, so an answer is never older than the last
committed catalogue change on any instance. Objects mirror the ORM models' attribute names
(bot/catalogue/models.py), so answers read the same whichever they are given; they are never written.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import models as m
from bot.catalogue.details import Detail, Details
from bot.catalogue.version import current


@dataclass(eq=False)
class Zone:
    id: int
    code: str
    name: str
    aliases: list
    is_capoluogo: bool
    reference_comune: str | None
    source: str
    comuni: list[Comune] = field(default_factory=list)


@dataclass(eq=False)
class Comune:
    id: int
    istat_code: str
    name: str
    zone_id: int
    population: int | None
    population_year: int | None
    source: str
    zone: Zone | None = None


@dataclass(eq=False)
class Theme:
    id: int
    code: str
    name: str
    aliases: list


@dataclass(eq=False)
class Office:
    id: int
    code: str
    name: str
    area: str | None
    email: str | None
    phone: str | None
    source: str


@dataclass(eq=False)
class Service:
    id: int
    code: str
    name: str
    description: str
    theme_id: int
    office_id: int | None
    status: str
    legal_basis: str | None
    joining: str | None
    contact: str | None
    synonyms: list
    acronyms: list
    source: str
    theme: Theme | None = None
    office: Office | None = None


@dataclass(eq=False)
class Coverage:
    id: int
    service_id: int
    scope_key: str
    zone_id: int | None
    comune_id: int | None
    status: str
    since: date | None
    note: str | None
    recorded_by: str | None
    is_example: bool
    updated_at: datetime | None
    source: str | None  # where the record comes from (a questionnaire, /copertura, a file)
    service: Service | None = None
    zone: Zone | None = None
    comune: Comune | None = None


_LINKS = {"comuni", "zone", "theme", "office", "service", "comune"}


class ReadModel:
    """Every catalogue row, linked as the ORM would link them, with the look-ups the answers need."""

    def __init__(self, version: int, zones, comuni, themes, offices, services, coverage, details=()) -> None:
        self.version = version
        self.details: dict[tuple[str, str], dict[str, Detail]] = {}  # (kind, code) -> field -> managed value
        for kind, code, name, value, source in details:
            self.details.setdefault((kind, code), {})[name] = Detail(value, source)
        self.zones = {z.id: z for z in zones}
        self.comuni = {c.id: c for c in comuni}
        self.themes = {t.id: t for t in themes}
        self.offices = {o.id: o for o in offices}
        self.services = {s.id: s for s in services}
        for c in sorted(comuni, key=lambda c: c.name):
            c.zone = self.zones.get(c.zone_id)
            if c.zone is not None:
                c.zone.comuni.append(c)
        for s in services:
            s.theme, s.office = self.themes.get(s.theme_id), self.offices.get(s.office_id)
        for c in coverage:
            c.service, c.zone, c.comune = self.services.get(c.service_id), self.zones.get(c.zone_id), \
                self.comuni.get(c.comune_id)
        coverage = sorted((c for c in coverage if c.service is not None), key=lambda c: (c.service.name, c.scope_key))
        self.coverage = coverage
        self._by_service: dict[int, list[Coverage]] = {}
        self._by_zone: dict[int, list[Coverage]] = {}     # rows for the whole zone or a comune in it
        self._by_comune: dict[int, list[Coverage]] = {}   # rows for the comune itself
        for c in coverage:
            self._by_service.setdefault(c.service_id, []).append(c)
            zone_id = c.zone_id if c.zone_id is not None else (c.comune.zone_id if c.comune else None)
            if zone_id is not None:
                self._by_zone.setdefault(zone_id, []).append(c)
            if c.comune_id is not None:
                self._by_comune.setdefault(c.comune_id, []).append(c)
        self._services_sorted = sorted(services, key=lambda s: (s.theme.name if s.theme else "", s.name))
        self._zones_sorted = sorted(zones, key=lambda z: (z.is_capoluogo, z.name))

    # ---- the reads the answers make (same results and order as bot/catalogue/queries.py) ----
    def zones_with_counts(self) -> list[tuple[Zone, int]]:
        """Every zone with its number of comuni; the capoluogo last."""
        return [(z, len(z.comuni)) for z in self._zones_sorted]

    def coverage_in_zone(self, zone_id: int, theme_id: int | None = None) -> list[Coverage]:
        """Coverage of the whole zone and of single comuni in it, by service name."""
        rows = self._by_zone.get(zone_id, [])
        return [c for c in rows if theme_id is None or c.service.theme_id == theme_id]

    def coverage_for_comune(self, comune: Comune, theme_id: int | None = None) -> list[Coverage]:
        """Coverage reaching one comune: through its zone, or for the comune itself."""
        rows = [c for c in self._by_zone.get(comune.zone_id, []) if c.zone_id is not None or c.comune_id == comune.id]
        return [c for c in rows if theme_id is None or c.service.theme_id == theme_id]

    def coverage_of_service(self, service_id: int) -> list[Coverage]:
        return sorted(self._by_service.get(service_id, []), key=lambda c: c.scope_key)

    def services_of(self, theme_id: int | None = None) -> list[Service]:
        """Services (of one theme), by theme then name."""
        return [s for s in self._services_sorted if theme_id is None or s.theme_id == theme_id]

    def comuni_count(self) -> int:
        return len(self.comuni)

    def details_of(self, service: Service) -> Details:
        """What the card of `service` shows besides its columns: its managed details and its office's, each
        with its source (as bot/catalogue/details.py `of_service`). Values the files gave in the columns
        carry no source of their own here: the card cites the service's source once, for all of them."""
        columns = {k: Detail(v, "") for k, v in (("legal_basis", service.legal_basis), ("joining", service.joining)) if v}
        result = Details(service={**columns, **self.details.get(("service", service.code), {})})
        office = service.office
        if office is not None:
            columns = {k: Detail(v, "") for k, v in (("email", office.email), ("phone", office.phone)) if v}
            result.office = {**columns, **self.details.get(("office", office.code), {})}
            result.office_name = office.name
        return result


async def load(session: AsyncSession) -> ReadModel:
    """Six plain SELECTs and the version, in the caller's (read) transaction: one consistent snapshot."""
    version = await session.scalar(select(current())) or 0

    async def rows(model, cls):
        names = [f.name for f in fields(cls) if f.name not in _LINKS]
        result = await session.execute(select(*(model.__table__.c[n] for n in names)))
        return [cls(**dict(zip(names, row))) for row in result.all()]

    detail = m.CatalogueDetail
    details = (await session.execute(select(detail.kind, detail.code, detail.field, detail.value, detail.source)
                                     .order_by(detail.kind, detail.code, detail.field))).all()
    return ReadModel(version, await rows(m.Zone, Zone), await rows(m.Comune, Comune), await rows(m.Theme, Theme),
                     await rows(m.Office, Office), await rows(m.Service, Service), await rows(m.Coverage, Coverage),
                     details)
