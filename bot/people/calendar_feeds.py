"""A person's calendar feeds, as /calendario manages them: a new secret URL (of all their tavoli, or of one),
revoking them all, and the list. The feed itself (the .ics behind a URL) is bot/meetings/feeds.py.

A URL carries a random token; only its sha256 is stored, so a URL is shown once and, if lost, replaced
by a new one (which revokes the old one of the same scope). Helpers of PeopleService: the caller's
transaction, the policy already asked (`calendar_feed`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, NotParticipant
from bot.meetings.feed_models import CalendarFeed
from bot.meetings.models import Participant, Tavolo
from bot.people import audit
from bot.people.models import Person
from bot.people.web_login import digest, new_token


@dataclass(frozen=True)
class FeedInfo:
    """An active feed as the person sees it: which tavolo (None: all of theirs) and since when."""

    tavolo_id: int | None
    title: str | None
    created_at: datetime


async def issue(session: AsyncSession, person: Person, tavolo_id: int | None, *,
                now: datetime) -> tuple[str, str | None]:
    """A new feed token (the previous one of the same scope is revoked) and the tavolo's title, if any."""
    title = None
    if tavolo_id is not None:
        tavolo = await session.get(Tavolo, tavolo_id)
        if tavolo is None or not tavolo.active:
            raise NotFound("calendar", tavolo_id)
        if not await member(session, person, tavolo_id):
            raise NotParticipant("calendar", tavolo_id)
        title = tavolo.title
    scope = CalendarFeed.tavolo_id.is_(None) if tavolo_id is None else CalendarFeed.tavolo_id == tavolo_id
    await session.execute(update(CalendarFeed).where(CalendarFeed.person_id == person.id, scope,
                                                     CalendarFeed.revoked_at.is_(None)).values(revoked_at=now))
    token = new_token()
    feed = CalendarFeed(token_hash=digest(token), person_id=person.id, tavolo_id=tavolo_id, created_at=now)
    session.add(feed)
    await session.flush()
    await audit.record(session, person, "calendar.feed", f"calendar_feed:{feed.id}", {"tavolo_id": tavolo_id}, now=now)
    return token, title


async def revoke_all(session: AsyncSession, person: Person, *, now: datetime) -> int:
    """Revoke every active feed of the person; returns how many."""
    done = await session.execute(update(CalendarFeed).where(CalendarFeed.person_id == person.id,
                                                            CalendarFeed.revoked_at.is_(None)).values(revoked_at=now))
    if done.rowcount:
        await audit.record(session, person, "calendar.revoke", f"person:{person.id}", {"feeds": done.rowcount}, now=now)
    return done.rowcount or 0


async def overview(session: AsyncSession, person: Person) -> tuple[list[FeedInfo], list[Tavolo]]:
    """The person's active feeds, and the tavoli they take part in (each may get a feed of its own)."""
    rows = (await session.execute(
        select(CalendarFeed.tavolo_id, Tavolo.title, CalendarFeed.created_at)
        .outerjoin(Tavolo, Tavolo.id == CalendarFeed.tavolo_id)
        .where(CalendarFeed.person_id == person.id, CalendarFeed.revoked_at.is_(None)).order_by(CalendarFeed.id))).all()
    tavoli = list((await session.scalars(
        select(Tavolo).join(Participant, Participant.tavolo_id == Tavolo.id)
        .where(Participant.person_id == person.id, Tavolo.active.is_(True)).order_by(Tavolo.title))).all())
    return [FeedInfo(*row) for row in rows], tavoli


async def member(session: AsyncSession, person: Person, tavolo_id: int) -> bool:
    """True if the person takes part in the tavolo."""
    found = await session.scalar(select(Participant.person_id).where(Participant.tavolo_id == tavolo_id,
                                                                      Participant.person_id == person.id))
    return found is not None
