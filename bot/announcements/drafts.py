"""An organiser's free message to an audience: draft → audience → text → preview → confirmed fan-out.

The draft is a row (survives restarts). Confirming enqueues one outbox row per recipient with the
key `bc:<draft>:<person>`, so pressing the confirm button twice creates nothing new.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.announcements.models import BroadcastDraft
from bot.catalogue.models import Theme, Zone
from bot.errors import EmptyAudience, NotFound, StaleAction, TextTooLong
from bot.outbox.queue import Outgoing, enqueue
from bot.people import audit
from bot.people.audience import Audience, resolve
from bot.people.models import Person
from bot.people.policy import require
from bot.texts import delivery as T
from bot.texts import render

DRAFT_TTL = timedelta(hours=2)
MAX_TEXT = 4096 - len(T.BROADCAST_HEADER)
OPEN = ("audience", "text", "preview")




def round_name(draft_id: int) -> str:
    return f"bc:{draft_id}"


def audience_of(draft: BroadcastDraft) -> Audience:
    data = dict(draft.audience or {})
    data["person_ids"] = tuple(data.get("person_ids") or ())
    return Audience(**data)


async def start(session: AsyncSession, author: Person, *, now: datetime) -> BroadcastDraft:
    """A new draft; any other open draft of the same organiser is abandoned."""
    require(author, "broadcast")
    await session.execute(update(BroadcastDraft).where(BroadcastDraft.author_id == author.id,
                                                       BroadcastDraft.status.in_(OPEN)).values(status="cancelled"))
    draft = BroadcastDraft(author_id=author.id, status="audience", recipients=0, created_at=now, updated_at=now)
    session.add(draft)
    await session.flush()
    return draft


async def _own(session: AsyncSession, author: Person, draft_id: int, *, now: datetime,
               statuses=OPEN) -> BroadcastDraft:
    require(author, "broadcast")
    draft = await session.get(BroadcastDraft, draft_id)
    if draft is None or draft.author_id != author.id:
        raise NotFound(draft_id)
    if draft.status not in statuses or draft.updated_at < now - DRAFT_TTL:
        raise StaleAction(draft_id)
    return draft


async def choose(session: AsyncSession, author: Person, draft_id: int, audience: Audience, *,
                 now: datetime) -> tuple[BroadcastDraft, int]:
    """Set the audience; the organiser is then asked for the text."""
    draft = await _own(session, author, draft_id, now=now)
    count = len(await resolve(session, audience))
    if count == 0:
        raise EmptyAudience(audience.kind)
    draft.audience = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(audience).items()}
    draft.status, draft.recipients, draft.updated_at = "text", count, now
    return draft, count


async def awaiting_text(session: AsyncSession, author: Person | None, *, now: datetime) -> BroadcastDraft | None:
    """The organiser's draft waiting for its text, if any (so typed text goes to it)."""
    if author is None:
        return None
    return await session.scalar(select(BroadcastDraft).where(
        BroadcastDraft.author_id == author.id, BroadcastDraft.status == "text",
        BroadcastDraft.updated_at >= now - DRAFT_TTL).order_by(BroadcastDraft.id.desc()).limit(1))


def awaits_text(person_id):
    """EXISTS clause read with every update (bot/arrival.py): false means `awaiting_text` would find no draft.

    Built once; its value comes from `awaits_text_parameters(now)` at each execution."""
    return select(BroadcastDraft.id).where(BroadcastDraft.author_id == person_id, BroadcastDraft.status == "text",
                                           BroadcastDraft.updated_at >= bindparam("b_updated_since")).exists()


def awaits_text_parameters(now: datetime) -> dict:
    return {"b_updated_since": now - DRAFT_TTL}


async def set_text(session: AsyncSession, author: Person, draft_id: int, html: str, *, now: datetime) -> BroadcastDraft:
    """Store the message (Telegram HTML from the organiser's formatting) and move to the preview."""
    draft = await _own(session, author, draft_id, now=now, statuses=("text", "preview"))
    if len(html) > MAX_TEXT:
        raise TextTooLong(len(html))
    draft.text, draft.status, draft.updated_at = html, "preview", now
    return draft


def message_text(draft: BroadcastDraft) -> str:
    return T.BROADCAST_HEADER + (draft.text or "")


async def confirm(session: AsyncSession, author: Person, draft_id: int, *, now: datetime) -> int:
    """Fan out into the outbox; returns how many rows are new (0 when pressed again)."""
    require(author, "broadcast")
    draft = await session.get(BroadcastDraft, draft_id, with_for_update=True)
    if draft is None or draft.author_id != author.id:
        raise NotFound(draft_id)
    if draft.status == "sent":
        return 0
    draft = await _own(session, author, draft_id, now=now, statuses=("preview",))
    people = await resolve(session, audience_of(draft))
    text = message_text(draft)
    created = await enqueue(session, [
        Outgoing(key=f"bc:{draft.id}:{p.id}", round=round_name(draft.id), chat_id=p.chat_id, text=text,
                 due_at=now, person_id=p.id) for p in people], now=now)
    draft.status, draft.recipients, draft.updated_at = "sent", len(people), now
    await audit.record(session, author, "broadcast.send", f"broadcast:{draft.id}",
                       {**audit.audience_detail(audience_of(draft)), "recipients": len(people), "queued": created},
                       now=now)
    return created


async def cancel(session: AsyncSession, author: Person, draft_id: int | None, *, now: datetime) -> bool:
    """Abandon one draft (or the organiser's open ones); True if something was open."""
    require(author, "broadcast")
    query = update(BroadcastDraft).where(BroadcastDraft.author_id == author.id, BroadcastDraft.status.in_(OPEN))
    if draft_id is not None:
        query = query.where(BroadcastDraft.id == draft_id)
    result = await session.execute(query.values(status="cancelled", updated_at=now))
    return bool(result.rowcount)


async def abandon(session: AsyncSession, author: Person, *, now: datetime) -> None:
    """Drop every open draft of this person, without asking the policy: for one who may no longer send."""
    await session.execute(update(BroadcastDraft).where(BroadcastDraft.author_id == author.id,
                                                       BroadcastDraft.status.in_(OPEN))
                          .values(status="cancelled", updated_at=now))


async def describe(session: AsyncSession, audience: Audience) -> str:
    """The audience in words, for the preview."""
    if audience.kind == "zone_referents":
        name = await session.scalar(select(Zone.name).where(Zone.code == audience.zone_code))
        return render(T.AUDIENCE_ZONE, name=name or audience.zone_code)
    if audience.kind == "theme_po":
        name = await session.scalar(select(Theme.name).where(Theme.code == audience.theme_code))
        return render(T.AUDIENCE_THEME, name=name or audience.theme_code)
    if audience.kind == "tavolo":
        from bot.meetings.models import Tavolo
        name = await session.scalar(select(Tavolo.title).where(Tavolo.id == audience.tavolo_id))
        return render(T.AUDIENCE_TAVOLO, name=name or audience.tavolo_id)
    return T.AUDIENCE_LABELS.get(audience.kind, audience.kind)
