"""Giving and taking roles: the one place where a person's role, comuni and office change.

Two sources, kept apart: invitations and approved requests give the *member role* (referente, po,
organizzatore: `Person.member_role`); ZOBOT_ADMINS alone makes an admin. `Person.role` is the role
that applies now: "admin" while the person is listed, their member role otherwise. `follow_admins`
keeps it so at every update (bot/people/directory.py) and at start-up (`sync_admins`); every change
it makes is written to the audit log.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.outbox.models import OutboxMessage
from bot.people import audit
from bot.people.models import Person, PersonComune

RANK = {None: 0, "referente": 1, "po": 1, "organizzatore": 2, "admin": 3}
MEMBER_ROLES = ("referente", "po", "organizzatore")
ADMINS_SOURCE = "ZOBOT_ADMINS"  # the audit log's actor for changes that follow the setting


def member_role(person: Person) -> str | None:
    """The role the person holds apart from admin: what they are when not (or no longer) in ZOBOT_ADMINS."""
    if person.member_role is not None:
        return person.member_role
    return person.role if person.role in MEMBER_ROLES else None


async def grant(session: AsyncSession, person: Person, role: str, *, comune_ids: list[int] | tuple = (),
                office_id: int | None = None) -> None:
    """Apply an invitation or an approved request; never a step down (an organiser stays organiser and
    only gains the comuni or office). An admin stays admin while listed in ZOBOT_ADMINS and falls back
    to this role when removed from it."""
    if role not in MEMBER_ROLES:
        raise ValueError(f"not a member role: {role!r}")  # admin comes from ZOBOT_ADMINS only
    current = member_role(person)
    if RANK[role] >= RANK[current]:
        if current != role:
            await session.execute(delete(PersonComune).where(PersonComune.person_id == person.id))
            person.office_id = None
        person.member_role = role
    else:
        person.member_role = current
    if person.role != "admin":
        person.role = person.member_role
    if comune_ids:
        await insert_ignore(session, PersonComune.__table__,
                            [{"person_id": person.id, "comune_id": c} for c in comune_ids],
                            ["person_id", "comune_id"])
    if office_id is not None:
        person.office_id = office_id
    await session.flush()


async def revoke(session: AsyncSession, person: Person, *, actor: Person | str | None, now: datetime) -> None:
    """Take every role away (the person stays known, as any unregistered user) and the tavoli they had
    joined with it. An admin listed in ZOBOT_ADMINS is admin again at their next update: take them
    out of the setting too."""
    old = person.role
    person.role = None
    person.member_role = None
    person.office_id = None
    left = await _leave_everything(session, person)
    await audit.record(session, actor, "member.revoke", f"person:{person.id}", {"old_role": old, "tavoli": left},
                       now=now)
    await session.flush()


async def follow_admins(session: AsyncSession, person: Person, admins: frozenset[int], *, now: datetime) -> bool:
    """Make the person's role agree with ZOBOT_ADMINS (admin if listed, else their member role);
    True if it changed. A demotion to no role at all also leaves the tavoli, as a revocation does."""
    listed = person.telegram_user_id is not None and person.telegram_user_id in admins \
        and person.erased_at is None
    if listed == (person.role == "admin"):
        return False
    old = person.role
    person.member_role = member_role(person)
    person.role = "admin" if listed else person.member_role
    detail = {"from": old, "to": person.role, "source": ADMINS_SOURCE}
    if person.role is None:
        detail["tavoli"] = await _leave_everything(session, person)
    await audit.record(session, ADMINS_SOURCE, "role.admin" if listed else "role.demote", f"person:{person.id}",
                       detail, now=now)
    return True


async def sync_admins(session: AsyncSession, admins: frozenset[int], *, now: datetime) -> int:
    """At start-up: every known person's role agrees with ZOBOT_ADMINS (one that was removed while the bot
    was stopped is demoted now, not at their next message); returns how many changed."""
    query = select(Person).where(Person.erased_at.is_(None), or_(
        Person.role == "admin", Person.telegram_user_id.in_(admins) if admins else Person.id.is_(None)))
    changed = 0
    for person in (await session.scalars(query.order_by(Person.id))).all():
        changed += await follow_admins(session, person, admins, now=now)
    await session.flush()
    return changed


async def _leave_everything(session: AsyncSession, person: Person) -> int:
    """No comuni, out of every tavolo (reminders with places and links are for members) and of every
    audience: what was queued for them and not sent yet is not sent (the sender skips expired rows).
    Returns how many tavoli they left."""
    from bot.meetings.models import Participant  # the schema is one layer: a model, not meetings code

    await session.execute(update(OutboxMessage).where(OutboxMessage.person_id == person.id,
                                                      OutboxMessage.status == "pending").values(status="expired"))
    await session.execute(delete(PersonComune).where(PersonComune.person_id == person.id))
    result = await session.execute(delete(Participant).where(Participant.person_id == person.id))
    return result.rowcount or 0
