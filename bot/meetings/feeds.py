"""Calendar feeds: a secret, revocable URL per person (every tavolo they take part in) or per tavolo.

A URL carries a random token; only its sha256 is stored, so a URL is shown once and, if lost, replaced
by a new one (which revokes the old). A revoked URL, one of a person who may no longer have it (erased,
no role) or of a tavolo the person left, reads as "not found". The feed's events are the .ics files'
own (bot/meetings/ics.py): same UIDs, SEQUENCE bumped at every move or cancellation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.db.engine import Database
from bot.errors import NotFound, NotParticipant
from bot.meetings import ics
from bot.meetings.feed_models import CalendarFeed
from bot.meetings.models import Occurrence, Participant, Tavolo
from bot.people import audit, directory, policy
from bot.people.models import Person
from bot.people.web_login import digest, new_token
from bot.texts import web as texts

REFRESH = timedelta(hours=1)
PAST = timedelta(days=90)  # meetings older than this drop out of the feed


@dataclass(frozen=True)
class FeedInfo:
    """An active feed as the person sees it: which tavolo (None: all of theirs) and since when."""

    tavolo_id: int | None
    title: str | None
    created_at: datetime


async def _person(session, telegram_user_id: int) -> Person:
    person = await directory.by_telegram_id(session, telegram_user_id)
    policy.require(person, "calendar_feed")
    return person


async def issue(db: Database, telegram_user_id: int, tavolo_id: int | None, *, now: datetime) -> tuple[str, str | None]:
    """A new feed token (the previous one for the same scope is revoked) and the tavolo's title, if any."""
    async with db.session() as session:
        person = await _person(session, telegram_user_id)
        title = None
        if tavolo_id is not None:
            tavolo = await session.get(Tavolo, tavolo_id)
            if tavolo is None or not tavolo.active:
                raise NotFound(f"tavolo {tavolo_id}")
            if not await _member(session, person, tavolo_id):
                raise NotParticipant(str(tavolo_id))
            title = tavolo.title
        scope = CalendarFeed.tavolo_id.is_(None) if tavolo_id is None else CalendarFeed.tavolo_id == tavolo_id
        await session.execute(update(CalendarFeed).where(CalendarFeed.person_id == person.id, scope,
                                                         CalendarFeed.revoked_at.is_(None)).values(revoked_at=now))
        token = new_token()
        feed = CalendarFeed(token_hash=digest(token), person_id=person.id, tavolo_id=tavolo_id, created_at=now)
        session.add(feed)
        await session.flush()
        await audit.record(session, person, "calendar.feed", f"calendar_feed:{feed.id}",
                           {"tavolo_id": tavolo_id}, now=now)
    return token, title


async def revoke_all(db: Database, telegram_user_id: int, *, now: datetime) -> int:
    """Revoke every active feed of the person; returns how many."""
    async with db.session() as session:
        person = await _person(session, telegram_user_id)
        done = await session.execute(update(CalendarFeed).where(CalendarFeed.person_id == person.id,
                                                                CalendarFeed.revoked_at.is_(None))
                                     .values(revoked_at=now))
        if done.rowcount:
            await audit.record(session, person, "calendar.revoke", f"person:{person.id}",
                               {"feeds": done.rowcount}, now=now)
    return done.rowcount


async def overview(db: Database, telegram_user_id: int) -> tuple[list[FeedInfo], list[Tavolo]]:
    """The person's active feeds, and the tavoli they take part in (each may get a feed of its own)."""
    async with db.read() as session:
        person = await _person(session, telegram_user_id)
        rows = (await session.execute(
            select(CalendarFeed.tavolo_id, Tavolo.title, CalendarFeed.created_at)
            .outerjoin(Tavolo, Tavolo.id == CalendarFeed.tavolo_id)
            .where(CalendarFeed.person_id == person.id, CalendarFeed.revoked_at.is_(None))
            .order_by(CalendarFeed.id))).all()
        tavoli = list((await session.scalars(
            select(Tavolo).join(Participant, Participant.tavolo_id == Tavolo.id)
            .where(Participant.person_id == person.id, Tavolo.active.is_(True)).order_by(Tavolo.title))).all())
    return [FeedInfo(*row) for row in rows], tavoli


async def _member(session, person: Person, tavolo_id: int) -> bool:
    found = await session.scalar(select(Participant.person_id).where(Participant.tavolo_id == tavolo_id,
                                                                      Participant.person_id == person.id))
    return found is not None


async def calendar(db: Database, token: str, *, now: datetime) -> bytes:
    """The feed behind a token, as iCalendar; NotFound for anything that must not be read."""
    async with db.read() as session:
        feed = await session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == digest(token)))
        if feed is None or feed.revoked_at is not None:
            raise NotFound("feed")
        person = await session.get(Person, feed.person_id)
        if not policy.can(person, "calendar_feed"):
            raise NotFound("feed")
        if feed.tavolo_id is not None and not await _member(session, person, feed.tavolo_id):
            raise NotFound("feed")
        query = (select(Tavolo, Occurrence).join(Occurrence, Occurrence.tavolo_id == Tavolo.id)
                 .where(Tavolo.active.is_(True), Occurrence.start_at >= now - PAST)
                 .order_by(Occurrence.start_at, Occurrence.id))
        if feed.tavolo_id is not None:
            query = query.where(Tavolo.id == feed.tavolo_id)
            name = await session.scalar(select(Tavolo.title).where(Tavolo.id == feed.tavolo_id)) or texts.FEED_NAME
        else:
            query = query.where(Tavolo.id.in_(select(Participant.tavolo_id).where(Participant.person_id == person.id)))
            name = texts.FEED_NAME
        meetings = (await session.execute(query)).all()
    return ics.feed_ics(name, meetings, now=now, refresh=REFRESH)
