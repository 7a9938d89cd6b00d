"""A short conversational memory per person: «e a Pero?» after «la SUA è attiva a Rho?».

A follow-up names only a place or only a topic (a service or a theme); it takes the other half from
the same person's previous question, if that was asked less than `TTL` ago.

Where it lives: in the process, keyed by the person's Telegram id, bounded (least recently used
people go first). The database is the source of truth for what must survive a restart; this does not
need to: losing it (a restart, or a follow-up that reaches another webhook instance) only means the
follow-up is answered as a question of its own («e a Pero?» → the services for Pero), never wrongly.
Keeping it in the database would make every catalogue question a write (today one indexed read, the
arrival, and no write: the answers come from memory), which on SQLite serialises every writer and on
PostgreSQL adds a round trip and a WAL record per question, for something that expires in minutes.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.catalogue.index import COMUNE, SERVICE, THEME, ZONE, Entry
from bot.catalogue.intents import Intent, Parsed, intent_for

TTL = timedelta(minutes=5)
SIZE = 20_000
PLACES, TOPICS = (COMUNE, ZONE), (SERVICE, THEME)
# a place-only question asked again about another place: the same question, for a comune or for a zone
SAME_QUESTION = {
    Intent.COMUNE_ZONE: (Intent.COMUNE_ZONE, Intent.ZONE_COMUNI),
    Intent.ZONE_COMUNI: (Intent.COMUNE_ZONE, Intent.ZONE_COMUNI),
    Intent.ZONE_POPULATION: (Intent.COMUNE_ZONE, Intent.ZONE_POPULATION),
    Intent.COMUNE_SERVICES: (Intent.COMUNE_SERVICES, Intent.ZONE_SERVICES),
    Intent.ZONE_SERVICES: (Intent.COMUNE_SERVICES, Intent.ZONE_SERVICES),
}
REMEMBERED = frozenset({*SAME_QUESTION, Intent.SERVICE_CARD, Intent.SERVICE_CONTACT, Intent.SERVICE_PLACE,
                        Intent.THEME_SERVICES})


@dataclass(frozen=True)
class Context:
    """What the previous question was about."""

    intent: Intent
    place: Entry | None
    topic: Entry | None
    at: datetime


def _half(p: Parsed, kinds: tuple[str, ...]) -> Entry | None:
    return next((p.entities[k] for k in kinds if k in p.entities), None)


def complete(p: Parsed, previous: Context | None) -> Parsed:
    """The question with the previous question's other half, when it is a follow-up; else unchanged."""
    if previous is None or not p.followup or p.intent in (Intent.AMBIGUOUS, Intent.OUTSIDE, Intent.UNKNOWN):
        return p
    place, topic = _half(p, PLACES), _half(p, TOPICS)
    if place is not None and topic is None and previous.topic is not None:
        entities = {place.kind: place, previous.topic.kind: previous.topic}
        return replace(p, intent=intent_for(entities, p.cues), entities=entities)
    if place is not None and topic is None and previous.intent in SAME_QUESTION:
        for_comune, for_zone = SAME_QUESTION[previous.intent]
        return replace(p, intent=for_comune if place.kind == COMUNE else for_zone)
    if topic is not None and place is None and previous.place is not None:
        entities = {topic.kind: topic, previous.place.kind: previous.place}
        return replace(p, intent=intent_for(entities, p.cues), entities=entities)
    return p


class FollowUps:
    """The last question of each person, for `TTL`; in this process only (see the module's docstring)."""

    def __init__(self, ttl: timedelta = TTL, size: int = SIZE) -> None:
        self.ttl, self.size = ttl, size
        self._last: OrderedDict[int, Context] = OrderedDict()

    def recall(self, person: int | None, now: datetime) -> Context | None:
        context = self._last.get(person) if person is not None else None
        if context is None or now - context.at > self.ttl or now < context.at:
            return None
        return context

    def remember(self, person: int | None, p: Parsed, now: datetime) -> None:
        """Keep what a question that was understood was about (a question about nothing is forgotten)."""
        if person is None:
            return
        if p.intent not in REMEMBERED:
            self._last.pop(person, None)
            return
        self._last[person] = Context(p.intent, _half(p, PLACES), _half(p, TOPICS), now)
        self._last.move_to_end(person)
        while len(self._last) > self.size:
            self._last.popitem(last=False)

    def __len__(self) -> int:
        return len(self._last)
