"""The audit log: every organiser and admin action, and every refusal, with who and when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.models import AuditEntry, Person
from bot.spreadsheet import csv_bytes

CSV_COLUMNS = ("id", "at_utc", "actor_id", "actor", "action", "target", "detail")


def _actor(actor: Person | int | str | None) -> tuple[int | None, str]:
    if isinstance(actor, Person):
        return actor.id, actor.role or "utente"
    if isinstance(actor, int):
        return actor, ""
    return None, actor or ""


async def record(session: AsyncSession, actor: Person | int | str | None, action: str, target: Any = "",
                 detail: dict | None = None, *, now: datetime | None = None) -> AuditEntry:
    """Add one entry in the caller's transaction (so it exists exactly when the action does).

    `actor`: the Person, a person id, or a label such as "cli"; pass `now=services.now`.
    """
    actor_id, label = _actor(actor)
    entry = AuditEntry(at=now or datetime.now(timezone.utc), actor_id=actor_id, actor=label[:200],
                       action=action[:60], target=str(target)[:200], detail=detail or {})
    session.add(entry)
    await session.flush()
    return entry


async def refused(db, person_id: int | None, action: str, *, now: datetime, role: str | None = None,
                  target: Any = "") -> None:
    """Record a refusal in a transaction of its own: the refused use case itself rolled back.

    Take `person_id`/`role` before the refused transaction ends (its objects expire with the rollback).
    """
    async with db.session() as session:
        entry = await record(session, person_id, "refused", target or action, {"action": action, "role": role},
                             now=now)
        entry.actor = role or "utente"


def audience_detail(audience) -> dict:
    """An audience for an entry's detail: its kind and the code or id it names (a list of people: how many)."""
    detail = {"audience": audience.kind}
    if audience.zone_code:
        detail["zone"] = audience.zone_code
    if audience.theme_code:
        detail["theme"] = audience.theme_code
    if audience.tavolo_id is not None:
        detail["tavolo_id"] = audience.tavolo_id
    if audience.person_ids:
        detail["people"] = len(audience.person_ids)
    return detail


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int


async def recent(session: AsyncSession, *, limit: int = 20, offset: int = 0) -> AuditPage:
    """Newest entries first, for the admins' /audit view."""
    total = await session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    rows = await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset))
    return AuditPage(list(rows), total)


@dataclass(frozen=True)
class Filters:
    """What the web page's audit log is narrowed to: an action, an actor (a person id, or a label such as
    "cli"), and a range of instants [since, until)."""

    action: str = ""
    actor_id: int | None = None
    actor_label: str = ""
    since: datetime | None = None
    until: datetime | None = None

    def where(self, query):
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.actor_id is not None:
            query = query.where(AuditEntry.actor_id == self.actor_id)
        if self.actor_label:
            query = query.where(AuditEntry.actor_id.is_(None), AuditEntry.actor == self.actor_label)
        if self.since is not None:
            query = query.where(AuditEntry.at >= self.since)
        if self.until is not None:
            query = query.where(AuditEntry.at < self.until)
        return query


async def search(session: AsyncSession, filters: Filters, *, limit: int = 50, offset: int = 0) -> AuditPage:
    """Newest entries first that match `filters`, and how many match."""
    total = await session.scalar(filters.where(select(func.count()).select_from(AuditEntry))) or 0
    rows = await session.scalars(filters.where(select(AuditEntry)).order_by(AuditEntry.id.desc())
                                 .limit(limit).offset(offset))
    return AuditPage(list(rows), total)


async def actions(session: AsyncSession) -> list[str]:
    """Every action written so far (the page's choice of filter)."""
    return list(await session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


async def export_csv(session: AsyncSession, filters: Filters | None = None) -> bytes:
    """The log (what matches `filters`) as CSV (UTF-8 with BOM, so spreadsheet programs read the accents;
    formula-safe cells)."""
    rows = [CSV_COLUMNS]
    query = select(AuditEntry).order_by(AuditEntry.id)
    for e in await session.scalars(filters.where(query) if filters else query):
        rows.append([e.id, e.at.isoformat(), e.actor_id or "", e.actor, e.action, e.target, _detail(e.detail)])
    return csv_bytes(rows)


def _detail(detail: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in sorted((detail or {}).items()))
