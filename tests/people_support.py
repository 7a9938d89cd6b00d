"""Helpers for the people tests: members with a role, made through the domain as an organiser would."""
from __future__ import annotations

from sqlalchemy import select

from bot.catalogue.models import Comune, Office, Service
from bot.people import directory, membership
from bot.people.models import AuditEntry, Person

ORGANISER_ID, REFERENT_ID, PO_ID, OTHER_PO_ID, STRANGER_ID, REVOKED_ID = 5001, 5002, 5003, 5004, 5005, 5006


async def member(db, clock, telegram_id: int, role: str | None, *, comuni: tuple[str, ...] = (),
                 office_code: str | None = None, name: str = "Test Persona") -> int:
    """A person with a private chat and the given role; returns people.id."""
    async with db.session() as s:
        person = await directory.touch(s, telegram_user_id=telegram_id, chat_id=telegram_id, name=name,
                                       username=None, now=clock.now())
        if role is not None:
            ids = [c.id for c in await s.scalars(select(Comune).where(Comune.name.in_(comuni)))]
            office = await s.scalar(select(Office).where(Office.code == office_code)) if office_code else None
            await membership.grant(s, person, role, comune_ids=ids, office_id=office.id if office else None)
        return person.id


async def cast(db, clock) -> dict[str, int]:
    """The usual people: an organiser, a referent of Rho, two PO of different offices, a stranger, a revoked one."""
    ids = {
        "organiser": await member(db, clock, ORGANISER_ID, "organizzatore", name="Olga Organizza"),
        "referent": await member(db, clock, REFERENT_ID, "referente", comuni=("Rho",), name="Remo Referente"),
        "po": await member(db, clock, PO_ID, "po", office_code="sua", name="Paola Pi"),
        "other_po": await member(db, clock, OTHER_PO_ID, "po", office_code="ambiente", name="Otto Altro"),
        "stranger": await member(db, clock, STRANGER_ID, None, name="Sara Sconosciuta"),
        "revoked": await member(db, clock, REVOKED_ID, "referente", comuni=("Pero",), name="Rita Revocata"),
    }
    async with db.session() as s:
        await membership.revoke(s, await s.get(Person, ids["revoked"]), actor="test", now=clock.now())
    return ids


async def service_of(db, office_code: str) -> Service:
    async with db.session() as s:
        return await s.scalar(select(Service).join(Office, Office.id == Service.office_id)
                              .where(Office.code == office_code).order_by(Service.code))


async def audit_actions(db) -> list[tuple[int | None, str, dict]]:
    async with db.session() as s:
        return [(e.actor_id, e.action, e.detail) for e in await s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
