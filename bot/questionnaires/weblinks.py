"""Personal links to answer a questionnaire on the web (/q/<token>): purpose "answer", subject
"campaign:<id>" (bot/people/links.py keeps only the token's sha256).

A link works for any number of visits until GRACE after the campaign closes (an extended campaign keeps
its links working; a closed one shows a polite page, not a 404, for a while). It names the person, so
the page asks the same policy as the chat at every step: a link of someone no longer in the audience, or
erased, opens nothing. It never names the response: the engine finds it through the invitation, as the
chat does, so a response is one whatever the door."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.people import links
from bot.questionnaires.models import Campaign

PURPOSE = "answer"
PATH = "/q"
GRACE = timedelta(days=60)
SUBJECT = re.compile(r"campaign:(\d{1,10})")


def subject(campaign_id: int) -> str:
    return f"campaign:{campaign_id}"


async def issue(session: AsyncSession, person_id: int, campaign: Campaign, *, now: datetime) -> str:
    """A new answer link of this person for this campaign; the token (shown once: in an e-mail or the chat)."""
    return await links.issue(session, purpose=PURPOSE, person_id=person_id, subject=subject(campaign.id), now=now,
                             expires_at=max(campaign.closes_at, now) + GRACE)


async def resolve(session: AsyncSession, token: str | None, *, now: datetime) -> tuple[int, int] | None:
    """(person id, campaign id) of a usable answer link, else None (malformed, unknown, expired)."""
    link = await links.find(session, PURPOSE, token, now=now)
    found = SUBJECT.fullmatch(link.subject) if link is not None else None
    if link is None or found is None:
        return None
    return link.person_id, int(found[1])


def url(web_url: str | None, token: str) -> str | None:
    """The page's address (None where ZOBOT_WEB_URL is not set)."""
    return links.url(web_url, PATH, token)
