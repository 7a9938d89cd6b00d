"""Logging in to the web pages without a password: /web sends a single-use link, the link opens a session.

Only the sha256 of every token is stored (a copy of the database opens nothing). A link works once,
for LINK_MINUTES; a session ends at logout, after `idle` without a request, or at its absolute
expiry. Who may log in is the policy's `web_login`, asked again when the link is used (a role may
have changed in between). Every issued link, login, refusal and logout is in the audit log.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import Database
from bot.errors import InvalidLink, NotAllowed
from bot.people import audit, policy
from bot.people.models import Person
from bot.people.web_models import WebLoginLink, WebSession

LINK_MINUTES = 10
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often (reads stay reads)


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    absolute: timedelta

    @classmethod
    def of(cls, settings) -> "Lifetimes":
        return cls(timedelta(minutes=settings.web_idle_minutes), timedelta(hours=settings.web_session_hours))


@dataclass(frozen=True)
class Visitor:
    """Who is behind a valid session cookie."""

    person: Person
    session_id: int
    csrf: str


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_for(session_token: str) -> str:
    """The CSRF token of a session: derived from its secret, so it needs no storage and no one else has it."""
    return hmac.new(session_token.encode(), b"zobot-csrf", hashlib.sha256).hexdigest()


async def issue_link(session: AsyncSession, person: Person, *, now: datetime) -> str:
    """A new login link token for the person (the caller asked the policy for `web_login`), audited."""
    token = new_token()
    link = WebLoginLink(token_hash=digest(token), person_id=person.id, created_at=now,
                        expires_at=now + timedelta(minutes=LINK_MINUTES))
    session.add(link)
    await session.flush()
    await audit.record(session, person, "web.link", f"web_link:{link.id}", {"minutes": LINK_MINUTES}, now=now)
    return token


async def check_link(db: Database, token: str, *, now: datetime) -> None:
    """Raise InvalidLink if the link cannot be used (shown before the person presses «Accedi»)."""
    async with db.read() as session:
        link = await session.scalar(select(WebLoginLink).where(WebLoginLink.token_hash == digest(token)))
        _usable(link, now)


def _usable(link: WebLoginLink | None, now: datetime) -> WebLoginLink:
    if link is None:
        raise InvalidLink("unknown")
    if link.used_at is not None:
        raise InvalidLink("used")
    if link.expires_at <= now:
        raise InvalidLink("expired")
    return link


async def log_in(db: Database, token: str, *, now: datetime, lifetimes: Lifetimes) -> str:
    """Use the link once and open a session; returns the session's secret (the cookie's value).

    InvalidLink for an unknown, used or expired link; NotAllowed (audited as a refusal) if the
    person may no longer log in — the link is used up either way.
    """
    refused: tuple[int, str | None] | None = None
    async with db.session() as session:
        link = _usable(await session.scalar(select(WebLoginLink).where(WebLoginLink.token_hash == digest(token))), now)
        taken = await session.execute(update(WebLoginLink).where(WebLoginLink.id == link.id,
                                                                  WebLoginLink.used_at.is_(None)).values(used_at=now))
        if taken.rowcount != 1:  # another request used it a moment ago
            raise InvalidLink("used")
        person = await session.get(Person, link.person_id)
        if policy.can(person, "web_login"):
            secret = new_token()
            row = WebSession(token_hash=digest(secret), person_id=person.id, created_at=now, last_seen_at=now,
                             expires_at=now + lifetimes.absolute)
            session.add(row)
            await session.flush()
            await audit.record(session, person, "web.login", f"web_session:{row.id}", {"link": link.id}, now=now)
            return secret
        refused = (person.id, person.role)
    await audit.refused(db, refused[0], "web_login", now=now, role=refused[1], target="web")
    raise NotAllowed("web_login")


async def visitor(db: Database, secret: str | None, *, now: datetime, lifetimes: Lifetimes) -> Visitor | None:
    """The person behind a session cookie, or None (no cookie, unknown, ended, idle too long, expired)."""
    if not secret:
        return None
    async with db.read() as session:
        row = await session.scalar(select(WebSession).where(WebSession.token_hash == digest(secret)))
        person = None if row is None else await session.get(Person, row.person_id)
    if row is None or row.ended_at is not None:
        return None
    reason = _ending(row, person, now, lifetimes)
    if reason is not None:
        await _end(db, row.id, now=now, reason=reason)
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        async with db.session() as session:
            await session.execute(update(WebSession).where(WebSession.id == row.id).values(last_seen_at=now))
    return Visitor(person, row.id, csrf_for(secret))


def _ending(row: WebSession, person: Person | None, now: datetime, lifetimes: Lifetimes) -> str | None:
    if person is None or person.erased_at is not None:
        return "revoked"
    if now >= row.expires_at:
        return "expired"
    if now - row.last_seen_at > lifetimes.idle:
        return "idle"
    return None


async def _end(db: Database, session_id: int, *, now: datetime, reason: str) -> bool:
    async with db.session() as session:
        ended = await session.execute(update(WebSession).where(WebSession.id == session_id,
                                                               WebSession.ended_at.is_(None))
                                      .values(ended_at=now, end_reason=reason))
    return ended.rowcount == 1


async def log_out(db: Database, visitor: Visitor, *, now: datetime) -> None:
    """End the visitor's session (audited); a second logout changes nothing."""
    async with db.session() as session:
        ended = await session.execute(update(WebSession).where(WebSession.id == visitor.session_id,
                                                               WebSession.ended_at.is_(None))
                                      .values(ended_at=now, end_reason="logout"))
        if ended.rowcount == 1:
            await audit.record(session, visitor.person.id, "web.logout", f"web_session:{visitor.session_id}",
                               now=now)
