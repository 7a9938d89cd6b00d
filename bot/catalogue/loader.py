"""Loading catalogue_data into the database: validate first, then one all-or-nothing idempotent upsert.

Rows are matched on their natural key (code, ISTAT code, service × scope). Zones, comuni, themes,
offices and services missing from the files are kept (other tables may point at them) and only
counted as "not in files"; coverage rows missing from the file are removed, because the coverage
file is the whole truth about where services are active.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, select, tuple_

from bot.catalogue import datafiles
from bot.catalogue.models import Comune, Coverage, Office, Service, Theme, Zone
from bot.catalogue.validate import Catalogue, Problem, is_yes, read_catalogue, zone_lookup
from bot.clock import Clock
from bot.db.engine import Database
from bot.db.upsert import upsert
from bot.errors import DomainError

logger = logging.getLogger(__name__)
TABLES = ("zones", "comuni", "themes", "offices", "services", "coverage")
LABELS = {"zones": "zone", "comuni": "comuni", "themes": "temi", "offices": "uffici",
          "services": "servizi", "coverage": "coperture"}


class CatalogueInvalid(DomainError):
    """The catalogue files have problems; nothing was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the catalogue files")
        self.problems = problems


@dataclass
class TableChanges:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    not_in_files: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@dataclass
class LoadReport:
    """What a load did, per table."""

    source: str
    coverage_file: str | None
    tables: dict[str, TableChanges] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tables.values())

    def summary(self) -> str:
        """One line for logs: totals per kind of change."""
        total = TableChanges()
        for t in self.tables.values():
            for name in ("created", "updated", "unchanged", "removed"):
                setattr(total, name, getattr(total, name) + getattr(t, name))
        return (f"catalogo da {self.source}: {total.created} creati, {total.updated} aggiornati, "
                f"{total.unchanged} invariati, {total.removed} rimossi")

    def details(self) -> str:
        """A few lines for the command line, one per table."""
        lines = [self.summary()]
        for name in TABLES:
            t = self.tables.get(name, TableChanges())
            line = (f"  {LABELS[name]:<10} creati {t.created:>4}  aggiornati {t.updated:>4}  "
                    f"invariati {t.unchanged:>4}  rimossi {t.removed:>4}")
            if t.not_in_files:
                line += f"  (nel database ma non nei file: {t.not_in_files}, lasciati)"
            lines.append(line)
        if self.coverage_file == datafiles.COVERAGE_EXAMPLE:
            lines.append(f"  attenzione: le coperture vengono da {datafiles.COVERAGE_EXAMPLE}, "
                         "dati di ESEMPIO (sostituirlo con coverage.csv)")
        return "\n".join(lines)


async def is_empty(db: Database) -> bool:
    """True when no zone was ever loaded (a fresh database)."""
    async with db.session() as s:
        return not await s.scalar(select(exists().where(Zone.id.isnot(None))))


async def load(db: Database, directory: Path | None = None, *, clock: Clock | None = None) -> LoadReport:
    """Validate `directory` (None: the shipped catalogue) and upsert it in one transaction."""
    where = Path(directory) if directory is not None else datafiles.shipped_directory()
    catalogue, problems = read_catalogue(where)
    if problems:
        raise CatalogueInvalid(problems)
    now = (clock or Clock()).now()
    report = LoadReport(source=str(directory) if directory is not None else "catalogo incluso nel pacchetto",
                        coverage_file=catalogue.coverage_file)
    async with db.session() as s:
        report.tables["themes"] = await _sync(s, Theme, ["code"], _themes(catalogue))
        report.tables["offices"] = await _sync(s, Office, ["code"], _offices(catalogue))
        report.tables["zones"] = await _sync(s, Zone, ["code"], _zones(catalogue))
        zone_ids = await _ids(s, Zone.code, Zone.id)
        report.tables["comuni"] = await _sync(s, Comune, ["istat_code"], _comuni(catalogue, zone_ids))
        theme_ids, office_ids = await _ids(s, Theme.code, Theme.id), await _ids(s, Office.code, Office.id)
        report.tables["services"] = await _sync(s, Service, ["code"], _services(catalogue, theme_ids, office_ids))
        ids = (await _ids(s, Service.code, Service.id), zone_ids, await _ids(s, Comune.istat_code, Comune.id))
        report.tables["coverage"] = await _sync(s, Coverage, ["service_id", "scope_key"],
                                                _coverage(catalogue, *ids), stamp=now, remove=True)
    logger.info("catalogue loaded: %s", report.summary())
    return report


async def _ids(session, key_col, id_col) -> dict[str, int]:
    return dict((await session.execute(select(key_col, id_col))).all())


async def _sync(session, model, key: list[str], rows: list[dict[str, Any]], *,
                stamp=None, remove: bool = False) -> TableChanges:
    """Upsert the rows that are new or differ; count the rest; optionally delete rows not in `rows`."""
    table = model.__table__
    existing = {tuple(r[k] for k in key): r for r in (await session.execute(select(table))).mappings()}
    changes, to_write = TableChanges(), []
    for row in rows:
        old = existing.pop(tuple(row[k] for k in key), None)
        if old is not None and all(old[c] == v for c, v in row.items()):
            changes.unchanged += 1
            continue
        if old is None:
            changes.created += 1
        else:
            changes.updated += 1
        to_write.append(row | ({"updated_at": stamp} if stamp is not None else {}))
    for start in range(0, len(to_write), 200):
        await upsert(session, table, to_write[start:start + 200], key)
    if remove and existing:
        cols = tuple_(*(table.c[k] for k in key))
        await session.execute(delete(table).where(cols.in_(list(existing))))
        changes.removed = len(existing)
    elif existing:
        changes.not_in_files = len(existing)
    return changes


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _themes(cat: Catalogue) -> list[dict]:
    return [{"code": t["code"], "name": _text(t["name"]), "aliases": t.get("aliases") or []} for t in cat.themes]


def _offices(cat: Catalogue) -> list[dict]:
    return [{"code": o["code"], "name": _text(o["name"]), "area": _text(o.get("area")),
             "email": _text(o.get("email")), "phone": _text(o.get("phone")),
             "source": _text(o.get("source")) or ""} for o in cat.offices]


def _zones(cat: Catalogue) -> list[dict]:
    return [{"code": z["code"], "name": z["name"], "is_capoluogo": is_yes(z["is_capoluogo"]),
             "aliases": [a.strip() for a in z["aliases"].split("|") if a.strip()],
             "reference_comune": z["reference_comune"] or None, "source": z["source"]} for z in cat.zones]


def _comuni(cat: Catalogue, zone_ids: dict[str, int]) -> list[dict]:
    zones = zone_lookup(cat)
    return [{"istat_code": c["istat_code"], "name": c["name"],
             "zone_id": zone_ids[zones[c["zona_omogenea"].casefold()]["code"]],
             "population": int(c["population"]) if c["population"] else None,
             "population_year": int(c["population_year"]) if c["population_year"] else None,
             "source": c["source"]} for c in cat.comuni]


def _services(cat: Catalogue, theme_ids: dict[str, int], office_ids: dict[str, int]) -> list[dict]:
    return [{"code": s["code"], "name": _text(s["name"]), "description": _text(s["description"]) or "",
             "theme_id": theme_ids[s["theme"]], "office_id": office_ids.get(s.get("office")),
             "status": s["status"], "legal_basis": _text(s.get("legal_basis")),
             "joining": _text(s.get("joining")), "contact": _text(s.get("contact")),
             "synonyms": s.get("synonyms") or [], "acronyms": s.get("acronyms") or [],
             "source": _text(s["source"]) or ""} for s in cat.services]


def _coverage(cat: Catalogue, service_ids: dict, zone_ids: dict, comune_ids: dict) -> list[dict]:
    rows = []
    for c in cat.coverage:
        rows.append({"service_id": service_ids[c["service"]],
                     "scope_key": f"zone:{c['zone']}" if c["zone"] else f"comune:{c['comune']}",
                     "zone_id": zone_ids[c["zone"]] if c["zone"] else None,
                     "comune_id": comune_ids[c["comune"]] if c["comune"] else None,
                     "status": c["status"], "since": date.fromisoformat(c["since"]) if c["since"] else None,
                     "note": c["note"] or None, "recorded_by": c["recorded_by"] or None,
                     "is_example": is_yes(c["example"])})
    return rows
