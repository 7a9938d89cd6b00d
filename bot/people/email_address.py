"""A person's e-mail address: given in the chat (/email) or by an operator, confirmed by a link, removed,
chosen as the preferred channel; and the web's single-purpose links that act on it (confirm, unsubscribe).

The address is stored as given (domain lower-cased) and counts as a channel only once confirmed
(bot/people/channels.py). A new address voids the confirmations of the old one; the confirmation e-mail
goes to the new address even though it is not confirmed yet (round CONFIRM_ROUND, which the outbox's claim
lets through for that reason only).
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox import claims
from bot.outbox.models import OutboxMessage
from bot.outbox.queue import PATHS, Outgoing
from bot.people import channels, links
from bot.people.models import Person
from bot.texts import email as t
from bot.texts import render

CONFIRM_HOURS = 48
CONFIRM_ROUND = claims.CONFIRM_ROUND


def fingerprint(address: str) -> str:
    """The confirm link's subject: which address it confirms, without writing the address again."""
    return hashlib.sha256(address.encode()).hexdigest()[:16]


async def set_address(session: AsyncSession, person: Person, address: str, *, now: datetime,
                      confirmed: bool = False) -> None:
    """Store a new address (unconfirmed) and queue the confirmation e-mail; `confirmed`: an operator vouches."""
    person.email = address
    person.email_refused_at = person.email_unsubscribed_at = None
    person.email_confirmed_at = now if confirmed else None
    await links.withdraw(session, person.id, "confirm")
    await session.execute(update(OutboxMessage).where(  # an older confirmation not sent yet would carry a dead link
        OutboxMessage.person_id == person.id, OutboxMessage.round == CONFIRM_ROUND,
        OutboxMessage.status == "pending").values(status="expired").execution_options(synchronize_session=False))
    if confirmed:
        return
    token = await links.issue(session, purpose="confirm", person_id=person.id, subject=fingerprint(address), now=now,
                              expires_at=now + timedelta(hours=CONFIRM_HOURS))
    await channels.enqueue(session, [Outgoing(
        key=f"{CONFIRM_ROUND}:{person.id}:{token[:12]}", round=CONFIRM_ROUND, chat_id=None, person_id=person.id,
        text=render(t.CONFIRM_TEXT, name=person.name or "—"), subject=t.CONFIRM_SUBJECT, due_at=now,
        expires_at=now + timedelta(hours=CONFIRM_HOURS),
        keyboard=[[{"text": t.CONFIRM_BUTTON, "link": f"{PATHS['confirm']}/{token}"}]])], now=now, to_address=address)


async def remove(session: AsyncSession, person: Person) -> bool:
    """Forget the address (and its links); messages still queued to it are not sent (the claim checks)."""
    had = person.email is not None
    person.email = person.email_confirmed_at = person.email_refused_at = person.email_unsubscribed_at = None
    person.channel = channels.TELEGRAM
    await links.withdraw(session, person.id, "confirm")
    await links.withdraw(session, person.id, "unsubscribe")
    return had


def choose(person: Person, channel: str) -> bool:
    """The preferred channel; e-mail only with a confirmed address not refused (choosing it again after an
    unsubscription subscribes again). False if e-mail cannot be chosen."""
    if channel == channels.EMAIL:
        if not person.email or person.email_confirmed_at is None or person.email_refused_at is not None:
            return False
        person.email_unsubscribed_at = None
    person.channel = channel
    return True


def state(person: Person) -> str:
    """unconfirmed | confirmed | refused | unsubscribed (of a person with an address)."""
    if person.email_refused_at is not None:
        return "refused"
    if person.email_confirmed_at is None:
        return "unconfirmed"
    if person.email_unsubscribed_at is not None:
        return "unsubscribed"
    return "confirmed"


async def confirm(session: AsyncSession, token: str | None, *, now: datetime, peek: bool = False) -> Person | None:
    """The person whose address the link confirms (spent unless `peek`); None if the link is unusable or the
    address changed since. Someone without a chat gets e-mail as their channel."""
    link = await (links.find if peek else links.spend)(session, "confirm", token, now=now)
    person = await session.get(Person, link.person_id) if link is not None else None
    if person is None or person.erased_at is not None or not person.email \
            or fingerprint(person.email) != link.subject:  # type: ignore[union-attr]
        return None
    if not peek:
        person.email_confirmed_at, person.email_refused_at = now, None
        if person.chat_id is None:
            person.channel = channels.EMAIL
    return person


async def unsubscribe(session: AsyncSession, token: str | None, *, now: datetime, peek: bool = False) -> Person | None:
    """The person the unsubscribe link names (unsubscribed now unless `peek`); the link works any number of
    times until it expires (each e-mail carries one)."""
    link = await links.find(session, "unsubscribe", token, now=now)
    person = await session.get(Person, link.person_id) if link is not None else None
    if person is None or person.erased_at is not None or not person.email:
        return None
    if not peek and person.email_unsubscribed_at is None:
        person.email_unsubscribed_at = now
    return person
