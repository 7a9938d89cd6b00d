"""Campaigns: launch to an audience with invitations, progress counts, reminders, a person's list."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.errors import BadDates
from bot.outbox.queue import Outgoing, enqueue
from bot.people import audience as audiences
from bot.people import audit
from bot.people.models import Person
from bot.questionnaires import registry
from bot.questionnaires.definition import Definition
from bot.questionnaires.models import (
    DEFAULT_REMINDER_OFFSETS,
    Answer,
    Campaign,
    Invitation,
    QuestionnaireVersion,
    Response,
)
from bot.questionnaires.state import ROME, fmt_when
from bot.questionnaires.views import View, _cut
from bot.texts import Markup, render
from bot.texts import questionnaires as T


@dataclass(frozen=True)
class Progress:
    invited: int
    started: int
    completed: int
    opted_out: int

    @property
    def total(self) -> int:
        return self.invited + self.started + self.completed + self.opted_out

    @property
    def rate(self) -> float:
        return self.completed / self.total if self.total else 0.0


def invitation_buttons(campaign_id: int) -> list[list[dict]]:
    return [[{"text": T.BUTTON_START, "data": f"q:go:{campaign_id}"}],
            [{"text": T.BUTTON_STOP, "data": f"q:no:{campaign_id}"}]]


async def launch(session: AsyncSession, definition: Definition, audience: audiences.Audience, *,
                 opens_at: datetime, closes_at: datetime, created_by: int | None, launch_key: str, now: datetime,
                 reminder_offsets: list[int] | None = None, tz: ZoneInfo = ROME,
                 actor: Person | str | None = None) -> tuple[Campaign, int | None]:
    """Create the campaign, one invitation per person in the audience, and their messages in the outbox.

    Launching again with the same `launch_key` (a double press) returns the campaign and None.
    Audited as `questionnaire.launch` by `actor` (default: `created_by`, else "system").
    """
    existing = await session.scalar(select(Campaign).where(Campaign.launch_key == launch_key))
    if existing is not None:
        return existing, None
    if closes_at <= opens_at or closes_at <= now:
        raise BadDates(launch_key)
    version = await registry.ensure_version(session, definition, now)
    campaign = Campaign(version_id=version.id, launch_key=launch_key, opens_at=opens_at, closes_at=closes_at,
                        audience={"kind": audience.kind, "zone_code": audience.zone_code,
                                  "theme_code": audience.theme_code, "person_ids": list(audience.person_ids)},
                        reminder_offsets=list(DEFAULT_REMINDER_OFFSETS if reminder_offsets is None else reminder_offsets),
                        reminders_done=[], created_by=created_by, created_at=now)
    session.add(campaign)
    await session.flush()
    people = await audiences.resolve(session, audience)
    await insert_ignore(session, Invitation.__table__, [
        {"campaign_id": campaign.id, "person_id": p.id, "status": "invited", "invited_at": now} for p in people],
        ["campaign_id", "person_id"])
    text = render(T.INVITATION, title=definition.title, introduction=definition.introduction,
                  anonymous=Markup(T.ANONYMOUS if definition.anonymous else ""), closes=fmt_when(closes_at, tz))
    await enqueue(session, [
        Outgoing(key=f"q:{campaign.id}:{p.id}:invite", round=f"q:{campaign.id}:invite", chat_id=p.chat_id,
                 text=text, due_at=max(now, opens_at), person_id=p.id, keyboard=invitation_buttons(campaign.id),
                 expires_at=closes_at)
        for p in people], now=now)
    who = actor if actor is not None else (created_by if created_by is not None else "system")
    await audit.record(session, who, "questionnaire.launch", f"campaign:{campaign.id}",
                       {"questionnaire": definition.id, "version": version.version, **audit.audience_detail(audience),
                        "invited": len(people), "closes_at": closes_at.isoformat()}, now=now)
    return campaign, len(people)


async def progress(session: AsyncSession, campaign_id: int) -> Progress:
    """Invited / started / completed / opted out, counted from the invitations."""
    rows = await session.execute(select(Invitation.status, func.count()).where(Invitation.campaign_id == campaign_id)
                                 .group_by(Invitation.status))
    counts = dict(rows.all())
    return Progress(*(counts.get(s, 0) for s in ("invited", "started", "completed", "opted_out")))


async def send_due_reminders(session: AsyncSession, now: datetime, tz: ZoneInfo = ROME) -> int:
    """Fan out the reminders now due to those who have not finished nor opted out; returns messages queued."""
    open_campaigns = (await session.scalars(select(Campaign).where(Campaign.opens_at <= now, Campaign.closes_at > now)
                                            .with_for_update())).all()
    queued = 0
    for campaign in open_campaigns:
        due = [o for o in campaign.reminder_offsets if o not in campaign.reminders_done
               and campaign.closes_at - timedelta(minutes=o) <= now]
        if not due:
            continue
        campaign.reminders_done = sorted(set(campaign.reminders_done) | set(due))
        offset = min(due)  # several due at once (late start, downtime): one reminder, the latest
        if campaign.closes_at - timedelta(minutes=offset) < campaign.opens_at:
            continue
        queued += await _remind(session, campaign, offset, now, tz)
    return queued


async def discard_unfinished(session: AsyncSession, now: datetime) -> int:
    """Delete the responses never sent of anonymous campaigns now closed: while started, a response is
    linked to its person (to resume it); after the closing nothing may stay linked. Returns how many."""
    unfinished = (select(Response.id).join(Campaign, Campaign.id == Response.campaign_id)
                  .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.version_id)
                  .where(QuestionnaireVersion.anonymous.is_(True), Campaign.closes_at <= now,
                         Response.status == "started"))
    ids = list((await session.scalars(unfinished)).all())
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        await session.execute(update(Invitation).where(Invitation.response_id.in_(chunk)).values(response_id=None)
                              .execution_options(synchronize_session=False))
        await session.execute(delete(Answer).where(Answer.response_id.in_(chunk)))
        await session.execute(delete(Response).where(Response.id.in_(chunk)))
    return len(ids)


async def _remind(session: AsyncSession, campaign: Campaign, offset: int, now: datetime, tz: ZoneInfo) -> int:
    version = await session.get(QuestionnaireVersion, campaign.version_id)
    rows = await session.execute(
        select(Person.id, Person.chat_id).join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.campaign_id == campaign.id, Invitation.status.in_(("invited", "started")),
               Person.chat_id.is_not(None)))
    text = render(T.REMINDER, title=version.title, closes=fmt_when(campaign.closes_at, tz))
    return await enqueue(session, [
        Outgoing(key=f"q:{campaign.id}:{pid}:rem{offset}", round=f"q:{campaign.id}:rem{offset}", chat_id=chat_id,
                 text=text, due_at=now, person_id=pid, keyboard=invitation_buttons(campaign.id),
                 expires_at=campaign.closes_at)
        for pid, chat_id in rows.all()], now=now)


async def my_list(session: AsyncSession, person: Person, now: datetime, tz: ZoneInfo = ROME) -> View:
    """The open questionnaires this person is invited to, with a button to start or resume each."""
    rows = (await session.execute(
        select(Invitation, Campaign, QuestionnaireVersion.title)
        .join(Campaign, Campaign.id == Invitation.campaign_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.version_id)
        .where(Invitation.person_id == person.id, Campaign.opens_at <= now, Campaign.closes_at > now)
        .order_by(Campaign.closes_at))).all()
    if not rows:
        return View(T.LIST_EMPTY)
    text, kb = T.LIST_HEAD, []
    for inv, campaign, title in rows:
        text += render(T.LIST_ITEM, title=title, state=T.STATE[inv.status], closes=fmt_when(campaign.closes_at, tz))
        if inv.status != "completed":
            label = T.BUTTON_RESUME if inv.status == "started" else T.BUTTON_START
            kb.append([{"text": f"{label}: {_cut(title, 50)}", "data": f"q:go:{campaign.id}"}])
    return View(text, kb)


@dataclass(frozen=True)
class Listed:
    """A campaign in an organiser's list: its questionnaire's title and its progress."""

    campaign: Campaign
    title: str
    progress: Progress


async def listing(session: AsyncSession, limit: int = 50) -> list[Listed]:
    """The latest campaigns, newest first, each with invited / started / completed counted in one query."""
    rows = (await session.execute(select(Campaign, QuestionnaireVersion.title)
                                  .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.version_id)
                                  .order_by(Campaign.id.desc()).limit(limit))).all()
    counts: dict[int, dict[str, int]] = {}
    if rows:
        tallies = await session.execute(select(Invitation.campaign_id, Invitation.status, func.count())
                                         .where(Invitation.campaign_id.in_([c.id for c, _ in rows]))
                                         .group_by(Invitation.campaign_id, Invitation.status))
        for cid, status, n in tallies.all():
            counts.setdefault(cid, {})[status] = n
    return [Listed(c, title, Progress(*(counts.get(c.id, {}).get(s, 0)
                                        for s in ("invited", "started", "completed", "opted_out"))))
            for c, title in rows]
