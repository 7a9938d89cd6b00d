"""The catalogue as open data, in the loader's own file format: a folder of these files reloads with
`zobot catalogue load DIR` to the same answers.

zones.csv, comuni.csv and coverage.csv have the loader's headers; themes, offices and services are
lists of records written as JSON (which the loader reads as YAML). Coverage is written to
coverage.csv with its «example» column, so example rows stay marked as examples.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from bot.catalogue import datafiles as files
from bot.catalogue.models import Comune, Coverage, Office, Service, Theme, Zone
from bot.catalogue.validate import COMUNE_HEADER, COVERAGE_HEADER, ZONE_HEADER

CSV_FILES = (files.ZONES, files.COMUNI, files.COVERAGE)
JSON_FILES = tuple(files.json_twin(n) for n in (files.THEMES, files.OFFICES, files.SERVICES))
FILES = CSV_FILES + JSON_FILES


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


def _json(records: list[dict]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


async def _zones(s: AsyncSession) -> bytes:
    rows = (await s.execute(select(Zone, func.count(Comune.id)).outerjoin(Comune, Comune.zone_id == Zone.id)
                            .group_by(Zone.id).order_by(Zone.code))).all()
    return _csv(ZONE_HEADER, [[z.code, z.name, _yes(z.is_capoluogo), z.reference_comune, n, "|".join(z.aliases or []),
                               z.source] for z, n in rows])


async def _comuni(s: AsyncSession) -> bytes:
    rows = (await s.scalars(select(Comune).options(joinedload(Comune.zone)).order_by(Comune.istat_code))).all()
    return _csv(COMUNE_HEADER, [[c.istat_code, c.name, c.zone.code, c.population, c.population_year, c.source]
                                for c in rows])


async def _coverage(s: AsyncSession) -> bytes:
    rows = (await s.scalars(select(Coverage).options(joinedload(Coverage.service), joinedload(Coverage.zone),
                                                     joinedload(Coverage.comune))
                            .order_by(Coverage.service_id, Coverage.scope_key))).all()
    return _csv(COVERAGE_HEADER, [[c.service.code, c.zone.code if c.zone else None,
                                   c.comune.istat_code if c.comune else None, c.comune.name if c.comune else None,
                                   c.status, c.since.isoformat() if c.since else None, c.note, c.recorded_by,
                                   _yes(c.is_example)] for c in rows])


async def _themes(s: AsyncSession) -> bytes:
    rows = (await s.scalars(select(Theme).order_by(Theme.code))).all()
    return _json([{"code": t.code, "name": t.name, "aliases": list(t.aliases or [])} for t in rows])


async def _offices(s: AsyncSession) -> bytes:
    rows = (await s.scalars(select(Office).order_by(Office.code))).all()
    return _json([{"code": o.code, "name": o.name, "area": o.area, "email": o.email, "phone": o.phone,
                   "source": o.source} for o in rows])


async def _services(s: AsyncSession) -> bytes:
    rows = (await s.scalars(select(Service).options(joinedload(Service.theme), joinedload(Service.office))
                            .order_by(Service.code))).all()
    return _json([{"code": x.code, "name": x.name, "description": x.description, "theme": x.theme.code,
                   "office": x.office.code if x.office else None, "status": x.status,
                   "legal_basis": x.legal_basis, "joining": x.joining, "contact": x.contact,
                   "synonyms": list(x.synonyms or []), "acronyms": list(x.acronyms or []), "source": x.source}
                  for x in rows])


WRITERS = {files.ZONES: _zones, files.COMUNI: _comuni, files.COVERAGE: _coverage,
           JSON_FILES[0]: _themes, JSON_FILES[1]: _offices, JSON_FILES[2]: _services}


async def one(session: AsyncSession, name: str) -> bytes:
    """One file of the export by name (KeyError for a name that is not one of FILES)."""
    return await WRITERS[name](session)


async def archive(session: AsyncSession, extra: dict[str, str]) -> bytes:
    """Every file in one ZIP, with `extra` text files (licence, read-me) beside them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in FILES:
            z.writestr(name, await one(session, name))
        for name, text in extra.items():
            z.writestr(name, text)
    return out.getvalue()
