"""How a recipient is reached: the Telegram chat, e-mail, or both (issue 17 item 1), read from the
`people` row (a table: any layer may read it).

The one rule: `reachable()` (some channel works) filters audiences, `channel_of` picks the channel of one
message at enqueue time (bot/outbox/queue.py), and the claim checks an e-mail row's address still works.
E-mail counts once the address is confirmed by a link, and stops with an unsubscription or a hard bounce
(the server refused it). The people feature re-exports these (bot/people/channels.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_

from bot.people.models import Person

TELEGRAM, EMAIL = "telegram", "email"


def by_telegram():
    """SQL condition on `people`: a private chat with the bot is known."""
    return and_(Person.chat_id.is_not(None), Person.telegram_user_id.is_not(None))


def by_email():
    """SQL condition on `people`: a confirmed address, not unsubscribed, not refused by the server."""
    return and_(Person.email.is_not(None), Person.email_confirmed_at.is_not(None),
                Person.email_unsubscribed_at.is_(None), Person.email_refused_at.is_(None))


def reachable():
    """SQL condition on `people`: reachable on some channel (the chat or e-mail)."""
    return or_(by_telegram(), by_email())


@dataclass(frozen=True)
class Reach:
    """What enqueue needs to know of a recipient (one query per batch)."""

    person_id: int
    chat_id: int | None
    telegram_user_id: int | None
    email: str | None
    email_ok: bool
    channel: str
    blocked_bot: bool = False  # Telegram said 403: the chat does not work until they come back


def email_ok(person) -> bool:
    """The rule of `by_email`, on a loaded row."""
    return bool(person.email and person.email_confirmed_at is not None and person.email_unsubscribed_at is None
                and person.email_refused_at is None)


def reach_of(person) -> Reach:
    """The Reach of a loaded person row."""
    return Reach(person.id, person.chat_id, person.telegram_user_id, person.email, email_ok(person),
                 person.channel or TELEGRAM, person.reachable is False)


def split(people) -> dict[str, int]:
    """How many of these people a message would reach on each channel (organisers see it before sending)."""
    counts = {TELEGRAM: 0, EMAIL: 0}
    for person in people:
        counts[channel_of(reach_of(person))] += 1
    return counts


def channel_of(reach: Reach) -> str:
    """E-mail when preferred and possible, or when the chat does not work (none, or the bot is blocked) but
    e-mail does; else Telegram."""
    if reach.email_ok and (reach.channel == EMAIL or reach.chat_id is None or reach.blocked_bot):
        return EMAIL
    return TELEGRAM
