"""Calendar feeds: a secret, revocable URL per person (every tavolo they take part in) or per tavolo.
Issued and revoked in the chat (/calendario: bot/people/calendar_feeds.py); read here.

A URL carries a random token; only its sha256 is stored, so a URL is shown once and, if lost, replaced
by a new one (which revokes the old). A revoked URL, one of a person who may no longer have it (erased,
no role) or of a tavolo the person left, reads as "not found". The feed's events are the .ics files'
own (bot/meetings/ics.py): same UIDs, SEQUENCE bumped at every move or cancellation.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.db.engine import Database
from bot.errors import NotFound
from bot.meetings import ics
from bot.meetings.feed_models import CalendarFeed
from bot.meetings.models import Occurrence, Participant, Tavolo
from bot.people import policy
from bot.people.calendar_feeds import member
from bot.people.models import Person
from bot.people.web_login import digest
from bot.texts import web as texts

REFRESH = timedelta(hours=1)
PAST = timedelta(days=90)  # meetings older than this drop out of the feed


async def calendar(db: Database, token: str, *, now: datetime) -> bytes:
    """The feed behind a token, as iCalendar; NotFound for anything that must not be read."""
    async with db.read() as session:
        feed = await session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == digest(token)))
        if feed is None or feed.revoked_at is not None:
            raise NotFound("feed")
        person = await session.get(Person, feed.person_id)
        if not policy.can(person, "calendar_feed"):
            raise NotFound("feed")
        if feed.tavolo_id is not None and not await member(session, person, feed.tavolo_id):
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
