"""INSERT … ON CONFLICT for SQLite and PostgreSQL alike."""
from __future__ import annotations

from typing import Any, Iterable, cast

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession


def _insert(session: AsyncSession, table):
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def insert_ignore(session: AsyncSession, table, rows: list[dict[str, Any]], conflict: Iterable[str]) -> int:
    """Insert rows, skipping those that clash on `conflict`; returns how many were new."""
    if not rows:
        return 0
    stmt = _insert(session, table).values(rows).on_conflict_do_nothing(index_elements=list(conflict))
    result = cast(CursorResult, await session.execute(stmt))  # an INSERT's result is a cursor result
    return result.rowcount or 0


async def upsert(session: AsyncSession, table, rows: list[dict[str, Any]], conflict: Iterable[str]) -> None:
    """Insert rows or update every non-key column of the existing ones."""
    if not rows:
        return
    conflict = list(conflict)
    stmt = _insert(session, table).values(rows)
    update = {c: stmt.excluded[c] for c in rows[0] if c not in conflict}
    stmt = stmt.on_conflict_do_update(index_elements=conflict, set_=update) if update else \
        stmt.on_conflict_do_nothing(index_elements=conflict)
    await session.execute(stmt)
