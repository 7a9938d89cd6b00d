"""How a person is reached, for the features that write to people: the chat, e-mail, or both (issue 17).

`reachable()` (some channel works) is the one clause audiences filter by, and `enqueue` is how every
feature puts messages in the outbox: the outbox picks each row's channel from the person's row
(bot/outbox/recipients.py holds the rule, below the people layer so the claim can check it too), and this
module gives it the people's personal links (bot/people/links.py) an e-mail carries instead of the chat's
buttons. An address is checked here before it is stored (`normal_address`).
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox import queue
from bot.outbox.queue import Outgoing
from bot.outbox.recipients import (  # noqa: F401  the people feature's names for the one rule
    EMAIL,
    TELEGRAM,
    Reach,
    by_email,
    by_telegram,
    channel_of,
    email_ok,
    reach_of,
    reachable,
    split,
)
from bot.people import links

MAX_ADDRESS = 254
# a reasonable check, not RFC 5322: one @, no spaces or quotes, a dotted domain of letters, digits and dashes
_LOCAL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}")
_DOMAIN = re.compile(r"(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def normal_address(raw: str | None) -> str | None:
    """The address as stored (domain lower-cased), or None when it does not look like an e-mail address."""
    text = (raw or "").strip()
    if len(text) > MAX_ADDRESS or text.count("@") != 1:
        return None
    local, domain = text.split("@")
    domain = domain.lower()
    if not _LOCAL.fullmatch(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        return None
    if not _DOMAIN.fullmatch(domain):
        return None
    return f"{local}@{domain}"


async def enqueue(session: AsyncSession, messages: list[Outgoing], *, now: datetime,
                  to_address: str | None = None) -> int:
    """Queue messages to people, each on their channel (the outbox's `enqueue` with the personal links of
    e-mails issued here); returns how many rows are new."""
    async def issue(purpose: str, person_id: int, subject: str, expires_at: datetime) -> str:
        return await links.issue(session, purpose=purpose, person_id=person_id, subject=subject, now=now,
                                 expires_at=expires_at)

    return await queue.enqueue(session, messages, now=now, to_address=to_address, issue_link=issue)
