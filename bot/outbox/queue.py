"""Putting messages in the outbox. Fan-out may run twice: the unique key makes it create nothing new.

The channel of each row is decided here, from the recipient's row (bot/outbox/recipients.py): producers
write one `Outgoing` per person and never ask how the person is reached. An e-mail row keeps the chat's
text; its callback buttons (which cannot work in a mail) give way to personal links (`email_links`), and
every e-mail carries the person's unsubscribe link.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.outbox import recipients as channels
from bot.outbox.models import OutboxMessage
from bot.people.models import Person
from bot.reply import plain
from bot.texts import shorten

LINK_DAYS = 30  # personal links of a message without an expiry
UNSUBSCRIBE_DAYS = 365
PATHS = {"answer": "/q", "rsvp": "/rsvp", "confirm": "/email", "unsubscribe": "/disiscrizione"}


@dataclass(frozen=True)
class EmailLink:
    """A button of the e-mail: a personal link (bot/people/links.py) issued for the recipient at enqueue."""

    text: str
    purpose: str  # a key of links.PURPOSES (and of PATHS: the web page that opens it)
    subject: str
    expires_at: datetime | None = None  # default: the message's expiry (or LINK_DAYS)


@dataclass(frozen=True)
class Outgoing:
    """One message for one recipient. `keyboard` rows hold {"text", "data"} or {"text", "url"}; by e-mail the
    "data" buttons are dropped and `email_links` (rows of EmailLink) take their place."""

    key: str
    round: str
    chat_id: int | None
    text: str
    due_at: datetime
    person_id: int | None = None
    keyboard: list[list[dict]] | None = None
    kind: str = "text"
    filename: str | None = None
    content: bytes | None = None
    expires_at: datetime | None = None
    extra: dict = field(default_factory=dict)
    email_links: tuple[tuple[EmailLink, ...], ...] = ()
    subject: str | None = None  # the e-mail's subject; by default the text's first line


def subject_of(text: str) -> str:
    """The first non-empty line of the text, plain, within the column."""
    for line in plain(text).splitlines():
        if line.strip():
            return shorten(line.strip(), 120)
    return "zobot"


async def _reach(session: AsyncSession, messages: list[Outgoing]) -> dict[int, channels.Reach]:
    ids = sorted({m.person_id for m in messages if m.person_id is not None})
    found: dict[int, channels.Reach] = {}
    for start in range(0, len(ids), 500):
        rows = await session.scalars(select(Person).where(Person.id.in_(ids[start:start + 500])))
        for p in rows:
            found[p.id] = channels.reach_of(p)
    return found


async def _existing(session: AsyncSession, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found |= set((await session.scalars(select(OutboxMessage.key)
                                            .where(OutboxMessage.key.in_(keys[start:start + 500])))).all())
    return found


IssueLink = Callable[[str, int, str, datetime], Awaitable[str]]  # (purpose, person id, subject, expiry) -> token


async def _email_keyboard(issue: IssueLink | None, m: Outgoing, person_id: int, now: datetime) -> list[list[dict]]:
    """The mail's links: url buttons (and "link": a path of the web pages) kept, personal links issued, the
    unsubscribe link last ("footer")."""
    if issue is None:  # a row to a person by e-mail needs their links: bot/people/channels.enqueue gives them
        raise ValueError("e-mail rows need personal links: queue them with bot.people.channels.enqueue")
    until = m.expires_at or now + timedelta(days=LINK_DAYS)
    rows: list[list[dict]] = [[b for b in row if "url" in b or "link" in b] for row in (m.keyboard or [])]
    rows = [row for row in rows if row]
    for spec_row in m.email_links:
        row = []
        for spec in spec_row:
            token = await issue(spec.purpose, person_id, spec.subject, spec.expires_at or until)
            row.append({"text": spec.text, "link": f"{PATHS[spec.purpose]}/{token}"})
        rows.append(row)
    token = await issue("unsubscribe", person_id, "email", now + timedelta(days=UNSUBSCRIBE_DAYS))
    rows.append([{"text": "unsubscribe", "link": f"{PATHS['unsubscribe']}/{token}", "footer": True}])
    return rows


async def enqueue(session: AsyncSession, messages: list[Outgoing], *, now: datetime,
                  to_address: str | None = None, issue_link: IssueLink | None = None) -> int:
    """Add messages to the outbox in the caller's transaction; returns how many were new. A recipient
    reachable on no channel gets no row. `to_address`: e-mail to this address whatever the channel (the
    confirmation of a new address, bot/people/email_address.py). `issue_link` makes the personal links of
    e-mail rows (the people layer's: features queue through bot/people/channels.enqueue)."""
    reach = await _reach(session, messages)
    existing = await _existing(session, [m.key for m in messages]) if messages else set()
    rows = []
    for m in messages:
        if m.key in existing:
            continue
        who = reach.get(m.person_id) if m.person_id is not None else None
        row = {
            "key": m.key, "round": m.round, "person_id": m.person_id, "channel": channels.TELEGRAM,
            "chat_id": m.chat_id, "address": None, "subject": None,
            "kind": m.kind, "text": m.text, "keyboard": m.keyboard, "filename": m.filename,
            "content": m.content, "due_at": m.due_at, "expires_at": m.expires_at,
            "status": "pending", "attempts": 0, "next_attempt_at": m.due_at, "created_at": now,
        }
        if who is not None and (to_address or channels.channel_of(who) == channels.EMAIL):
            row.update(channel=channels.EMAIL, chat_id=None, address=to_address or who.email,
                       subject=shorten(m.subject or subject_of(m.text), 200),
                       keyboard=await _email_keyboard(issue_link, m, who.person_id, now))
        elif row["chat_id"] is None:
            if who is None or who.chat_id is None:
                continue  # no chat and no working address: nothing can carry it
            row["chat_id"] = who.chat_id
        rows.append(row)
    created = 0
    for start in range(0, len(rows), 500):
        created += await insert_ignore(session, OutboxMessage.__table__, rows[start:start + 500], ["key"])
    return created
