"""An organiser's free message to an audience: draft → audience → text → preview → confirmed fan-out.

The draft is a row (survives restarts); its audience is a rule (bot/people/audience.py), possibly a
union of several groups, applied again when the organiser confirms: who joined since is in, who was
revoked is out. Confirming enqueues one outbox row per recipient with the key `bc:<draft>:<person>`,
so pressing the confirm button twice creates nothing new.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.announcements.models import BroadcastDraft
from bot.catalogue.models import Comune, Theme, Zone
from bot.errors import EmptyAudience, NotFound, StaleAction, TextTooLong
from bot.outbox.queue import Outgoing
from bot.people import audit, channels
from bot.people.audience import Audience, from_json, resolve, to_json
from bot.people.channels import enqueue
from bot.people.models import Person
from bot.people.policy import require
from bot.texts import delivery as T
from bot.texts import plural, render

DRAFT_TTL = timedelta(hours=2)
MAX_TEXT = 4096 - len(T.BROADCAST_HEADER)
OPEN = ("audience", "comuni", "text", "preview")
TYPING = ("comuni", "text")  # steps that wait for typed text: comune names, the message


def round_name(draft_id: int) -> str:
    return f"bc:{draft_id}"


def audience_of(draft: BroadcastDraft) -> Audience:
    return from_json(draft.audience)


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
        raise NotFound("draft", draft_id)
    if draft.status not in statuses or draft.updated_at < now - DRAFT_TTL:
        raise StaleAction("draft", draft_id)
    return draft


async def channel_split(session: AsyncSession, draft: BroadcastDraft) -> dict[str, int]:
    """The draft's audience now, counted per channel (Telegram, e-mail)."""
    return channels.split(await resolve(session, audience_of(draft)))


async def choose(session: AsyncSession, author: Person, draft_id: int, audience: Audience, *,
                 now: datetime) -> tuple[BroadcastDraft, int]:
    """Set the audience (joined to the groups chosen before, after «aggiungi un gruppo»); the organiser
    is then asked for the text. EmptyAudience if nobody reachable is in it."""
    draft = await _own(session, author, draft_id, now=now)
    if draft.audience and draft.status in ("audience", "comuni"):  # after «aggiungi un gruppo»
        audience = Audience.union(audience_of(draft), audience)
    count = len(await resolve(session, audience))
    if count == 0:
        raise EmptyAudience(audience.kind)
    draft.audience = to_json(audience)
    draft.status, draft.recipients, draft.updated_at = "text", count, now
    return draft, count


async def add_group(session: AsyncSession, author: Person, draft_id: int, *, now: datetime) -> BroadcastDraft:
    """Back to the menu, keeping the groups chosen so far: the next choice joins them."""
    draft = await _own(session, author, draft_id, now=now, statuses=("text", "preview"))
    draft.status, draft.updated_at = "audience", now
    return draft


async def ask_comuni(session: AsyncSession, author: Person, draft_id: int, *, now: datetime) -> BroadcastDraft:
    """The organiser will type the comuni whose referents the announcement is for."""
    draft = await _own(session, author, draft_id, now=now, statuses=("audience",))
    draft.status, draft.updated_at = "comuni", now
    return draft


async def awaiting_text(session: AsyncSession, author: Person | None, *, now: datetime) -> BroadcastDraft | None:
    """The organiser's draft waiting for typed text (comune names or the message), if any."""
    if author is None:
        return None
    return await session.scalar(select(BroadcastDraft).where(
        BroadcastDraft.author_id == author.id, BroadcastDraft.status.in_(TYPING),
        BroadcastDraft.updated_at >= now - DRAFT_TTL).order_by(BroadcastDraft.id.desc()).limit(1))


def awaits_text(person_id):
    """EXISTS clause read with every update (bot/arrival.py): false means `awaiting_text` would find no draft.

    Built once; its value comes from `awaits_text_parameters(now)` at each execution."""
    waiting = or_(*(BroadcastDraft.status == step for step in TYPING))  # no IN list in a prepared read
    return select(BroadcastDraft.id).where(BroadcastDraft.author_id == person_id, waiting,
                                           BroadcastDraft.updated_at >= bindparam("b_updated_since")).exists()


def awaits_text_parameters(now: datetime) -> dict:
    return {"b_updated_since": now - DRAFT_TTL}


async def set_text(session: AsyncSession, author: Person, draft_id: int, html: str, *, now: datetime) -> BroadcastDraft:
    """Store the message (Telegram HTML from the organiser's formatting) and move to the preview."""
    draft = await _own(session, author, draft_id, now=now, statuses=("text", "preview"))
    if len(html) > MAX_TEXT:
        raise TextTooLong(len(html), MAX_TEXT)
    draft.text, draft.status, draft.updated_at = html, "preview", now
    return draft


def message_text(draft: BroadcastDraft) -> str:
    return T.BROADCAST_HEADER + (draft.text or "")


async def confirm(session: AsyncSession, author: Person, draft_id: int, *, now: datetime) -> int:
    """Fan out into the outbox; returns how many rows are new (0 when pressed again)."""
    require(author, "broadcast")
    draft = await session.get(BroadcastDraft, draft_id, with_for_update=True)
    if draft is None or draft.author_id != author.id:
        raise NotFound("draft", draft_id)
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
    """The audience in words, for the preview (a union: its groups joined by «+»)."""
    return " + ".join([await _describe(session, rule) for rule in audience.rules()])


async def _describe(session: AsyncSession, audience: Audience) -> str:
    if audience.kind == "zone_referents":
        name = await session.scalar(select(Zone.name).where(Zone.code == audience.zone_code))
        return render(T.AUDIENCE_ZONE, name=name or audience.zone_code)
    if audience.kind == "theme_po":
        name = await session.scalar(select(Theme.name).where(Theme.code == audience.theme_code))
        return render(T.AUDIENCE_THEME, name=name or audience.theme_code)
    if audience.kind == "comuni_referents":
        names = (await session.scalars(select(Comune.name).where(Comune.istat_code.in_(audience.comune_codes))
                                       .order_by(Comune.name))).all()
        return render(T.AUDIENCE_COMUNI, names=", ".join(names))
    if audience.kind == "tavolo":
        from bot.meetings.models import Tavolo  # the schema is one layer: a model, not meetings code
        name = await session.scalar(select(Tavolo.title).where(Tavolo.id == audience.tavolo_id))
        return render(T.AUDIENCE_TAVOLO, name=name or audience.tavolo_id)
    if audience.kind == "people":
        return plural(len(audience.person_ids), *T.AUDIENCE_PEOPLE)
    return T.AUDIENCE_LABELS.get(audience.kind, audience.kind)
