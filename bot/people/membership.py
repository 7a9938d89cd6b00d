"""Giving and taking roles: the one place where a person's role, comuni and office change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.people import audit
from bot.people.models import Person, PersonComune

RANK = {None: 0, "referente": 1, "po": 1, "organizzatore": 2, "admin": 3}


async def grant(session: AsyncSession, person: Person, role: str, *, comune_ids: list[int] | tuple = (),
                office_id: int | None = None) -> None:
    """Apply an invitation or an approved request; never a step down (an admin stays admin, an organiser
    stays organiser and only gains the comuni or office)."""
    if RANK.get(role, 0) >= RANK.get(person.role, 0):
        if person.role != role:
            await session.execute(delete(PersonComune).where(PersonComune.person_id == person.id))
            person.office_id = None
        person.role = role
    if comune_ids:
        await insert_ignore(session, PersonComune.__table__,
                            [{"person_id": person.id, "comune_id": c} for c in comune_ids],
                            ["person_id", "comune_id"])
    if office_id is not None:
        person.office_id = office_id
    await session.flush()


async def revoke(session: AsyncSession, person: Person, *, actor: Person | str | None, now: datetime) -> None:
    """Take every role away (the person stays known, as any unregistered user)."""
    await session.execute(delete(PersonComune).where(PersonComune.person_id == person.id))
    old = person.role
    person.role = None
    person.office_id = None
    await audit.record(session, actor, "member.revoke", f"person:{person.id}", {"old_role": old}, now=now)
    await session.flush()
