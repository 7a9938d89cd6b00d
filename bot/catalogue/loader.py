"""Loading catalogue_data into the database: validate first, then one all-or-nothing idempotent upsert.

Rows are matched on their natural key (code, ISTAT code, service × scope) and the files win.
Zones, comuni, themes, offices and services missing from the files are kept (other tables point at
them) and only counted as "not in files". Coverage: example rows (is_example) belong to the files,
so those no longer in the file are removed; real coverage (recorded in the chat by a PO, or loaded
from coverage.csv) is never removed by a load, and never overwritten by example data.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, select, tuple_

from bot.catalogue import datafiles, details, records, version
from bot.catalogue.datafiles import Problem
from bot.catalogue.models import Comune, Coverage, Office, Service, Theme, Zone
from bot.catalogue.validate import read_catalogue
from bot.clock import Clock
from bot.db.engine import Database
from bot.db.upsert import upsert
from bot.errors import DomainError
from bot.texts import catalogue as T
from bot.texts import plural_text

logger = logging.getLogger(__name__)
TABLES = ("zones", "comuni", "themes", "offices", "services", "coverage", "details")


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
    kept_real: int = 0  # coverage: example rows in the file not applied over real data

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@dataclass
class LoadReport:
    """What a load did, per table."""

    source: str
    coverage_file: str | None
    tables: dict[str, TableChanges] = field(default_factory=dict)
    examples: bool = True  # False: example coverage was left out (ZOBOT_CATALOGUE_EXAMPLES=no)

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tables.values())

    def totals(self) -> TableChanges:
        """Rows created, updated, unchanged and removed over all tables."""
        total = TableChanges()
        for t in self.tables.values():
            for name in ("created", "updated", "unchanged", "removed"):
                setattr(total, name, getattr(total, name) + getattr(t, name))
        return total

    def log_line(self) -> str:
        """The totals for a log (English, numbers only)."""
        t = self.totals()
        return f"created={t.created} updated={t.updated} unchanged={t.unchanged} removed={t.removed}"

    def summary(self) -> str:
        """One line for the operator: totals per kind of change."""
        total = self.totals()
        return T.LOAD_SUMMARY.format(source=self.source, created=plural_text(total.created, *T.LOAD_CREATED),
                                     updated=plural_text(total.updated, *T.LOAD_UPDATED),
                                     unchanged=plural_text(total.unchanged, *T.LOAD_UNCHANGED),
                                     removed=plural_text(total.removed, *T.LOAD_REMOVED))

    def details(self) -> str:
        """A few lines for the command line, one per table."""
        lines = [self.summary()]
        for name in TABLES:
            t = self.tables.get(name, TableChanges())
            line = T.LOAD_TABLE.format(label=T.LOAD_LABELS[name], created=t.created, updated=t.updated,
                                       unchanged=t.unchanged, removed=t.removed)
            if t.not_in_files:
                line += T.LOAD_NOT_IN_FILES.format(n=t.not_in_files)
            if t.kept_real:
                line += T.LOAD_KEPT_REAL.format(n=t.kept_real)
            lines.append(line)
        if self.coverage_file == datafiles.COVERAGE_EXAMPLE and self.examples:
            lines.append(T.LOAD_EXAMPLES.format(file=datafiles.COVERAGE_EXAMPLE))
        return "\n".join(lines)


async def is_empty(db: Database) -> bool:
    """True when no zone was ever loaded (a fresh database)."""
    async with db.session() as s:
        return not await s.scalar(select(exists().where(Zone.id.isnot(None))))


async def load(db: Database, directory: Path | None = None, *, clock: Clock | None = None,
               examples: bool = True) -> LoadReport:
    """Validate `directory` (None: the shipped catalogue) and upsert it in one transaction.

    `examples=False` (a production install, ZOBOT_CATALOGUE_EXAMPLES=no): example coverage rows of the
    files are not loaded and those already in the database are removed."""
    where = Path(directory) if directory is not None else datafiles.shipped_directory()
    catalogue, problems = read_catalogue(where)
    if problems:
        raise CatalogueInvalid(problems)
    now = (clock or Clock()).now()
    report = LoadReport(source=str(directory) if directory is not None else T.CLI_SHIPPED,
                        coverage_file=catalogue.coverage_file, examples=examples)
    async with db.session() as s:
        report.tables["themes"] = await _sync(s, Theme, ["code"], records.themes(catalogue))
        report.tables["offices"] = await _sync(s, Office, ["code"], records.offices(catalogue))
        report.tables["zones"] = await _sync(s, Zone, ["code"], records.zones(catalogue))
        zone_ids = await _ids(s, Zone.code, Zone.id)
        report.tables["comuni"] = await _sync(s, Comune, ["istat_code"], records.comuni(catalogue, zone_ids))
        theme_ids, office_ids = await _ids(s, Theme.code, Theme.id), await _ids(s, Office.code, Office.id)
        report.tables["services"] = await _sync(s, Service, ["code"],
                                                records.services(catalogue, theme_ids, office_ids))
        ids = (await _ids(s, Service.code, Service.id), zone_ids, await _ids(s, Comune.istat_code, Comune.id))
        coverage = [r for r in records.coverage(catalogue, *ids) if examples or not r["is_example"]]
        report.tables["coverage"] = await _sync(s, Coverage, ["service_id", "scope_key"], coverage, stamp=now)
        found = await _details(s, catalogue, now)
        if found.created or found.updated or found.unchanged:  # files with details of their own (an export)
            report.tables["details"] = found
        if any(t.changed for t in report.tables.values()):
            await version.bump(s)  # cached answers on every instance are now out of date
    logger.info("catalogue loaded: %s", report.log_line())
    return report


async def drop_examples(db: Database) -> int:
    """Remove every example coverage row (a production install at start-up); answers change at once."""
    async with db.session() as s:
        removed = (await s.execute(delete(Coverage).where(Coverage.is_example.is_(True)))).rowcount or 0
        if removed:
            await version.bump(s)
    if removed:
        logger.info("removed %s example coverage rows (ZOBOT_CATALOGUE_EXAMPLES=no)", removed)
    return removed


async def _details(session, catalogue, now) -> TableChanges:
    changes = TableChanges()
    for kind in ("office", "service"):
        created, updated, unchanged = await details.replace_from_files(session, kind, records.details(catalogue, kind),
                                                                       now=now)
        changes.created, changes.updated = changes.created + created, changes.updated + updated
        changes.unchanged += unchanged
    return changes


async def _ids(session, key_col, id_col) -> dict[str, int]:
    return dict((await session.execute(select(key_col, id_col))).all())


async def _sync(session, model, key: list[str], rows: list[dict[str, Any]], *, stamp=None) -> TableChanges:
    """Upsert the rows that are new or differ and count the rest; coverage also gets its own rules."""
    table, coverage = model.__table__, model is Coverage
    existing = {tuple(r[k] for k in key): r for r in (await session.execute(select(table))).mappings()}
    changes, to_write = TableChanges(), []
    for row in rows:
        old = existing.pop(tuple(row[k] for k in key), None)
        if old is not None and all(old[c] == v for c, v in row.items()):
            changes.unchanged += 1
        elif coverage and old is not None and row["is_example"] and not old["is_example"]:
            changes.kept_real += 1
        else:
            changes.created += old is None
            changes.updated += old is not None
            to_write.append(row | ({"updated_at": stamp} if coverage else {}))
    for start in range(0, len(to_write), 200):
        await upsert(session, table, to_write[start:start + 200], key)
    stale = [k for k, r in existing.items() if coverage and r["is_example"]]
    if stale:
        await session.execute(delete(table).where(tuple_(*(table.c[k] for k in key)).in_(stale)))
    changes.removed, changes.not_in_files = len(stale), len(existing) - len(stale)
    return changes
