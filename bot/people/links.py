"""Personal links: what an e-mail (or the chat) hands a person to act on the web without logging in.

One table for every purpose (PURPOSES). The token is random (`secrets`, 256 bits) and only its sha256 is
stored, so a copy of the database opens nothing; the link names a person and a `subject`, never carries
it. `find` checks a link for a purpose without spending it (a questionnaire link works until the campaign
closes, from any number of e-mails); `spend` uses a single-purpose link once, atomically (two presses
of an RSVP link record one choice). Erasure deletes a person's links (ERASURE in bot/people/privacy.py).
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.web_login import digest, new_token
from bot.people.web_models import PersonalLink

# purpose -> what the link does (the web route that opens it)
PURPOSES = {
    "answer": "answer a questionnaire on the web (/q/<token>); subject campaign:<id>",
    "rsvp": "record «partecipo / non partecipo» (/rsvp/<token>); subject occurrence:<id>:yes|no",
    "confirm": "confirm an e-mail address (/email/<token>); subject the address's sha256 prefix",
    "unsubscribe": "stop e-mail from zobot (/disiscrizione/<token>); subject email",
}
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def well_formed(token: str | None) -> bool:
    """A token from a URL, checked before it is hashed or looked up (anything else reads nothing)."""
    return bool(token) and TOKEN_SHAPE.fullmatch(token or "") is not None


async def issue(session: AsyncSession, *, purpose: str, person_id: int, subject: str, now: datetime,
                expires_at: datetime) -> str:
    """A new link for the person; returns the token (shown once: in the e-mail or the chat)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    token = new_token()
    session.add(PersonalLink(token_hash=digest(token), purpose=purpose, person_id=person_id, subject=subject,
                             created_at=now, expires_at=expires_at))
    await session.flush()
    return token


async def find(session: AsyncSession, purpose: str, token: str | None, *, now: datetime) -> PersonalLink | None:
    """The link if it exists for this purpose, has not expired and was not used; None otherwise."""
    if not well_formed(token):
        return None
    link = await session.scalar(select(PersonalLink).where(PersonalLink.token_hash == digest(token or ""),
                                                           PersonalLink.purpose == purpose))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    return link


async def spend(session: AsyncSession, purpose: str, token: str | None, *, now: datetime) -> PersonalLink | None:
    """Use a single-purpose link once: the link if this call used it, None if it was unusable or already used
    (by a concurrent request too: the UPDATE only succeeds while used_at is NULL)."""
    link = await find(session, purpose, token, now=now)
    if link is None:
        return None
    done = await session.execute(update(PersonalLink).where(PersonalLink.id == link.id, PersonalLink.used_at.is_(None))
                                 .values(used_at=now))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return None
    link.used_at = now
    return link


async def used(session: AsyncSession, purpose: str, token: str | None) -> bool:
    """Whether this link existed and was already used (a page says so instead of «not valid»)."""
    if not well_formed(token):
        return False
    at = await session.scalar(select(PersonalLink.used_at).where(PersonalLink.token_hash == digest(token or ""),
                                                                 PersonalLink.purpose == purpose))
    return at is not None


async def withdraw(session: AsyncSession, person_id: int, purpose: str, subject: str | None = None) -> int:
    """Void a person's links of one purpose (and subject): a new address voids the old confirmations."""
    query = delete(PersonalLink).where(PersonalLink.person_id == person_id, PersonalLink.purpose == purpose)
    if subject is not None:
        query = query.where(PersonalLink.subject == subject)
    return (await session.execute(query)).rowcount  # type: ignore[attr-defined]


def url(base: str | None, path: str, token: str) -> str | None:
    """The absolute link (ZOBOT_WEB_URL + path + token), or None where no web address is configured."""
    if not base:
        return None
    return f"{base.rstrip('/')}/{path.strip('/')}/{token}"
