"""Registration without an invitation: a person asks for a role, an organiser approves or refuses it once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import lookup
from bot.errors import BadInput, NotFound, StaleAction, UnknownName
from bot.outbox.queue import Outgoing
from bot.people import audit, callbacks, channels, membership, policy
from bot.people.channels import enqueue
from bot.people.models import Person, RegistrationRequest
from bot.texts import people as texts
from bot.texts import render

ROLE_WORDS = {"referente": "referente", "comune": "referente", "po": "po", "ufficio": "po"}


def parse(args: str) -> tuple[str, str, str]:
    """'referente Rho; Mario Rossi' -> (role, place, name); BadInput('usage') if it does not fit."""
    head, _, name = (args or "").partition(";")
    words = head.split()
    if len(words) < 2 or words[0].lower() not in ROLE_WORDS:
        raise BadInput("registrati_usage")
    return ROLE_WORDS[words[0].lower()], " ".join(words[1:]), name.strip()


async def ask(session: AsyncSession, person: Person, args: str, *, now: datetime) -> RegistrationRequest:
    """Record a request and tell every organiser (through the outbox: it is unsolicited for them)."""
    role, place, name = parse(args)
    if await session.scalar(select(RegistrationRequest.id).where(RegistrationRequest.person_id == person.id,
                                                                 RegistrationRequest.status == "pending")):
        raise BadInput("pending")
    comune = office = None
    if role == "referente":
        comune = await lookup.comune(session, place)
        if comune is None:
            raise UnknownName("comune", place)
    else:
        office = await lookup.office(session, place)
        if office is None:
            raise UnknownName("office", place)
    request = RegistrationRequest(person_id=person.id, role=role, comune_id=comune.id if comune else None,
                                  office_id=office.id if office else None, name=(name or person.name)[:200],
                                  status="pending", created_at=now)
    session.add(request)
    await session.flush()
    text = render(texts.REQUEST_FOR_ORGANISERS, name=request.name, role=texts.ROLE_NAMES[role],
                  place=comune.name if comune else office.name, id=request.id)
    await enqueue(session, [Outgoing(key=f"reg:{request.id}:to:{o.id}", round=f"registration:{request.id}",
                                     chat_id=o.chat_id, person_id=o.id, text=text, due_at=now,
                                     keyboard=approval_keyboard(request.id))
                            for o in await organisers(session)], now=now)
    return request


def approval_keyboard(request_id: int) -> list[list[dict]]:
    return [[{"text": texts.APPROVE, "data": callbacks.approve(request_id)},
             {"text": texts.REFUSE, "data": callbacks.refuse(request_id)}]]


async def organisers(session: AsyncSession) -> list[Person]:
    """Organisers and admins who have a private chat with the bot."""
    rows = await session.scalars(select(Person).where(Person.role.in_(policy.ORGANISER_ROLES),
                                                      channels.reachable()).order_by(Person.id))
    return list(rows)


async def decide(session: AsyncSession, actor: Person, request_id: int, approve: bool, *,
                 now: datetime) -> RegistrationRequest:
    """Approve or refuse a pending request once; a replayed or late button raises StaleAction."""
    policy.require(actor, "approve_registration")
    request = await session.get(RegistrationRequest, request_id)
    if request is None:
        raise NotFound("request", request_id)
    if request.status != "pending":
        raise StaleAction("decided", request_id)
    request.status = "approved" if approve else "refused"
    request.decided_at, request.decided_by = now, actor.id
    applicant = await session.get(Person, request.person_id)
    if approve and applicant is not None and applicant.erased_at is None:
        await membership.grant(session, applicant, request.role,
                               comune_ids=[request.comune_id] if request.comune_id else (),
                               office_id=request.office_id)
    if applicant is not None and applicant.chat_id is not None:
        await enqueue(session, [Outgoing(key=f"reg:{request.id}:result", round=f"registration:{request.id}",
                                         chat_id=applicant.chat_id, person_id=applicant.id, due_at=now,
                                         text=texts.REQUEST_APPROVED if approve else texts.REQUEST_REFUSED)],
                      now=now)
    await audit.record(session, actor, "registration." + request.status, f"request:{request.id}",
                       {"person_id": request.person_id, "role": request.role}, now=now)
    return request
