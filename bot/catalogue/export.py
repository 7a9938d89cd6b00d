"""The catalogue as open data: the loader's own files (CSV and YAML) plus one JSON document, with sources.

`zobot catalogue load` reads the files back to the same answers (tests/test_catalogue_export.py):
zones.csv, comuni.csv, themes.yaml, offices.yaml, services.yaml and coverage.csv in the formats of
docs/data-formats.md, contacts and details under `details:` with their source, every coverage row with
its source. catalogue.json holds the same content for programs. Example coverage (invented, flagged
`example=yes`) is included only while the install shows examples (ZOBOT_CATALOGUE_EXAMPLES).

`files(db)` returns {file name: bytes} (the web page's download uses it); `write(db, directory)` saves them.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.catalogue import datafiles, details, version
from bot.catalogue.models import Comune, Coverage, Office, Service, Theme, Zone
from bot.catalogue.validate import COMUNE_HEADER, COVERAGE_HEADER, COVERAGE_OPTIONAL, ZONE_HEADER
from bot.db.engine import Database

JSON_FILE = "catalogue.json"
FORMAT = "zobot-catalogue/1"
FILES = (datafiles.ZONES, datafiles.COMUNI, datafiles.THEMES, datafiles.OFFICES, datafiles.SERVICES,
         datafiles.COVERAGE, JSON_FILE)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


def _yaml(items: list[dict]) -> bytes:
    return yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=120).encode("utf-8")


def _details(found: dict[str, details.Detail]) -> dict | None:
    return {k: {"value": d.value, "source": d.source} for k, d in sorted(found.items())} or None


async def snapshot(session: AsyncSession, *, examples: bool = True) -> dict[str, list[dict]]:
    """Everything the catalogue holds, as plain records in the files' terms (codes, not ids)."""
    zones = list(await session.scalars(select(Zone).options(selectinload(Zone.comuni)).order_by(Zone.id)))
    zone_code = {z.id: z.code for z in zones}
    themes = {t.id: t for t in await session.scalars(select(Theme).order_by(Theme.id))}
    offices = {o.id: o for o in await session.scalars(select(Office).order_by(Office.id))}
    office_details, service_details = await details.stored(session, "office"), await details.stored(session, "service")
    services = list(await session.scalars(select(Service).order_by(Service.id)))
    service_code = {s.id: s.code for s in services}
    comuni = list(await session.scalars(select(Comune).order_by(Comune.istat_code)))
    comune_of = {c.id: c for c in comuni}
    query = select(Coverage).order_by(Coverage.service_id, Coverage.scope_key)
    if not examples:
        query = query.where(Coverage.is_example.is_(False))
    coverage = list(await session.scalars(query))
    return {
        "zones": [{"code": z.code, "name": z.name, "is_capoluogo": z.is_capoluogo,
                   "reference_comune": z.reference_comune, "n_comuni": len(z.comuni), "aliases": list(z.aliases or []),
                   "source": z.source} for z in zones],
        "comuni": [{"istat_code": c.istat_code, "name": c.name, "zone": zone_code[c.zone_id],
                    "population": c.population, "population_year": c.population_year, "source": c.source}
                   for c in comuni],
        "themes": [{"code": t.code, "name": t.name, "aliases": list(t.aliases or [])} for t in themes.values()],
        "offices": [{"code": o.code, "name": o.name, "area": o.area, "email": o.email, "phone": o.phone,
                     "source": o.source, "details": _details(office_details.get(o.code, {}))}
                    for o in offices.values()],
        "services": [{"code": s.code, "name": s.name, "description": s.description, "theme": themes[s.theme_id].code,
                      "office": offices[s.office_id].code if s.office_id else None, "status": s.status,
                      "legal_basis": s.legal_basis, "joining": s.joining, "contact": s.contact,
                      "synonyms": list(s.synonyms or []), "acronyms": list(s.acronyms or []), "source": s.source,
                      "details": _details(service_details.get(s.code, {}))} for s in services],
        "coverage": [{"service": service_code[c.service_id], "zone": zone_code.get(c.zone_id),
                      "comune": comune_of[c.comune_id].istat_code if c.comune_id else None,
                      "comune_name": comune_of[c.comune_id].name if c.comune_id else None, "status": c.status,
                      "since": c.since.isoformat() if c.since else None, "note": c.note,
                      "recorded_by": c.recorded_by, "example": c.is_example, "source": c.source,
                      "updated_at": c.updated_at.isoformat() if c.updated_at else None} for c in coverage],
    }


def _no_details(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "details" or v}


def render(data: dict[str, list[dict]], *, exported_at: datetime, catalogue_version: int) -> dict[str, bytes]:
    """The files of one snapshot, by name."""
    zone_name = {z["code"]: z["name"] for z in data["zones"]}
    return {
        datafiles.ZONES: _csv(ZONE_HEADER, [[z["code"], z["name"], _yes(z["is_capoluogo"]), z["reference_comune"],
                                             z["n_comuni"], "|".join(z["aliases"]), z["source"]]
                                            for z in data["zones"]]),
        datafiles.COMUNI: _csv(COMUNE_HEADER, [[c["istat_code"], c["name"], zone_name[c["zone"]], c["population"],
                                                c["population_year"], c["source"]] for c in data["comuni"]]),
        datafiles.THEMES: _yaml(data["themes"]),
        datafiles.OFFICES: _yaml([_no_details(o) for o in data["offices"]]),
        datafiles.SERVICES: _yaml([_no_details(s) for s in data["services"]]),
        datafiles.COVERAGE: _csv(COVERAGE_HEADER + COVERAGE_OPTIONAL, [
            [c["service"], c["zone"], c["comune"], c["comune_name"], c["status"], c["since"], c["note"],
             c["recorded_by"], _yes(c["example"]), c["source"]] for c in data["coverage"]]),
        JSON_FILE: json.dumps({"format": FORMAT, "exported_at": exported_at.isoformat(),
                               "catalogue_version": catalogue_version, **data},
                              ensure_ascii=False, indent=1).encode("utf-8"),
    }


async def files(db: Database, *, examples: bool = True, now: datetime | None = None) -> dict[str, bytes]:
    """The open-data files of the catalogue as it is now (one consistent read)."""
    async with db.read() as s:
        data = await snapshot(s, examples=examples)
        number = await version.read(s)
    return render(data, exported_at=now or datetime.now(timezone.utc), catalogue_version=number)


async def write(db: Database, directory: Path, *, examples: bool = True, now: datetime | None = None) -> list[Path]:
    """Write the files into `directory` (created if needed); returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in (await files(db, examples=examples, now=now)).items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written
