"""Campaigns: launch to an audience rule, keep the audience current, progress counts, reminders, a person's list.

The audience of a campaign is a rule (bot/people/audience.py), stored as launched and applied again at every
tick of the reminder job (`keep_current`): who entered the rule since is invited then, with a message saying
why (`Invitation.late`); who left it (a revoked member) gets nothing more: no reminder, and a message still
waiting in the outbox is withdrawn. The database is the only state, so this survives restarts and runs the
same with several instances (the campaign row is locked while its tick runs).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue.models import Comune, Theme, Zone
from bot.catalogue.normalize import fold
from bot.db.upsert import insert_ignore
from bot.errors import BadDates, BadInput
from bot.outbox.models import OutboxMessage
from bot.outbox.queue import EmailLink, Outgoing
from bot.people import audience as audiences
from bot.people import audit, channels
from bot.people.channels import enqueue
from bot.people.models import Person, PersonComune
from bot.questionnaires import callbacks as cb
from bot.questionnaires import registry, units, weblinks
from bot.questionnaires.definition import Definition
from bot.questionnaires.models import (
    DEFAULT_REMINDER_OFFSETS,
    Answer,
    Campaign,
    Invitation,
    QuestionnaireVersion,
    Response,
)
from bot.reply import Reply
from bot.texts import Markup, render, shorten
from bot.texts import questionnaires as T

STATUSES = ("invited", "started", "completed", "opted_out")


@dataclass(frozen=True)
class Progress:
    invited: int
    started: int
    completed: int
    opted_out: int
    late: int = 0  # of all these, invited after the launch (they joined the audience later)

    @property
    def total(self) -> int:
        return self.invited + self.started + self.completed + self.opted_out

    @property
    def rate(self) -> float:
        return self.completed / self.total if self.total else 0.0


def invitation_buttons(campaign_id: int) -> list[list[dict]]:
    return [[{"text": T.BUTTON_START, "data": cb.open_(campaign_id)}],
            [{"text": T.BUTTON_STOP, "data": cb.opt_out(campaign_id)}]]


def answer_links(campaign: Campaign) -> tuple[tuple[EmailLink, ...], ...]:
    """By e-mail, «Rispondi» opens the questionnaire on the web (/q/<token>), a personal link per person,
    valid as bot/questionnaires/weblinks.py issues them (a while after the closing)."""
    return ((EmailLink(T.BUTTON_START, weblinks.PURPOSE, weblinks.subject(campaign.id),
                       expires_at=campaign.closes_at + weblinks.GRACE),),)


def _invitation_text(definition: Definition, campaign: Campaign, tz: ZoneInfo, late: str = "") -> Markup:
    intro = Markup((render(T.INVITATION_LATE, audience=late) if late else "")
                   + (T.INVITATION_COMUNE if campaign.unit == "comune" else ""))
    return render(intro + T.INVITATION, title=definition.title, introduction=definition.introduction,
                  anonymous=Markup(T.ANONYMOUS if definition.anonymous else ""),
                  closes=timefmt.day_at(campaign.closes_at, tz))


async def launch(session: AsyncSession, definition: Definition, audience: audiences.Audience, *,
                 opens_at: datetime, closes_at: datetime, created_by: int | None, launch_key: str, now: datetime,
                 tz: ZoneInfo, reminder_offsets: list[int] | None = None, unit: str = "person",
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
    if unit == "comune" and (definition.anonymous or not units.suits(audience)):
        raise BadInput("unit")
    version = await registry.ensure_version(session, definition, now)
    campaign = Campaign(version_id=version.id, launch_key=launch_key, opens_at=opens_at, closes_at=closes_at,
                        audience=audiences.to_json(audience), unit=unit,
                        reminder_offsets=list(DEFAULT_REMINDER_OFFSETS if reminder_offsets is None else reminder_offsets),
                        reminders_done=[], created_by=created_by, created_at=now)
    session.add(campaign)
    await session.flush()
    people = await audiences.resolve(session, audience)
    await _invite(session, campaign, definition, people, now=now, tz=tz, late="")
    who = actor if actor is not None else (created_by if created_by is not None else "system")
    await audit.record(session, who, "questionnaire.launch", f"campaign:{campaign.id}",
                       {"questionnaire": definition.id, "version": version.version, **audit.audience_detail(audience),
                        "unit": unit, "invited": len(people), "closes_at": closes_at.isoformat()}, now=now)
    return campaign, len(people)


async def _invite(session: AsyncSession, campaign: Campaign, definition: Definition, people: list[Person], *,
                  now: datetime, tz: ZoneInfo, late: str) -> int:
    """Invitations (late ones: with why) and their messages; returns how many invitations are new."""
    added = await insert_ignore(session, Invitation.__table__, [
        {"campaign_id": campaign.id, "person_id": p.id, "status": "invited", "invited_at": now, "late": bool(late)}
        for p in people], ["campaign_id", "person_id"])
    kind = "late" if late else "invite"
    await enqueue(session, [
        Outgoing(key=f"q:{campaign.id}:{p.id}:invite", round=f"q:{campaign.id}:{kind}", chat_id=p.chat_id,
                 text=_invitation_text(definition, campaign, tz, late), due_at=max(now, campaign.opens_at),
                 person_id=p.id, keyboard=invitation_buttons(campaign.id), expires_at=campaign.closes_at,
                 email_links=answer_links(campaign))
        for p in people], now=now)
    return added


def member_ids(audience: audiences.Audience):
    """Who the rule covers now and can be written to in the chat: a subquery of person ids (the rule of
    `audience.resolve`, to filter other queries by it in SQL)."""
    return select(Person.id).where(audiences.reachable(), audiences.condition(audience))


async def describe(session: AsyncSession, audience: audiences.Audience) -> str:
    """The audience rule in words («i referenti della zona Nord Ovest oppure …»)."""
    if audience.kind == "union":
        return T.AUDIENCE_OR.join([await describe(session, p) for p in audience.parts])
    names: dict[str, str] = {}
    if audience.zone_code:
        names["zone"] = await session.scalar(select(Zone.name).where(Zone.code == audience.zone_code)) or audience.zone_code
    if audience.theme_code:
        names["theme"] = await session.scalar(select(Theme.name).where(Theme.code == audience.theme_code)) \
            or audience.theme_code
    if audience.comune_codes:
        found = (await session.scalars(select(Comune.name).where(Comune.istat_code.in_(audience.comune_codes))
                                       .order_by(Comune.name))).all()
        names["comuni"] = ", ".join(found or audience.comune_codes)
    return T.AUDIENCE_KIND[audience.kind].format(**names)


async def progress(session: AsyncSession, campaign_id: int, zone_id: int | None = None,
                   role: str | None = None) -> Progress:
    """Invited / started / completed / opted out (and how many joined late), counted from the invitations;
    with `zone_id` or `role`, of the people of that zone (their comuni) or with that role only."""
    query = (select(Invitation.status, Invitation.late, func.count()).where(Invitation.campaign_id == campaign_id)
             .group_by(Invitation.status, Invitation.late))
    if zone_id is not None:
        query = query.where(Invitation.person_id.in_(in_zone(zone_id)))
    if role is not None:
        query = query.where(Invitation.person_id.in_(select(Person.id).where(Person.role == role)))
    counts: dict[str, int] = {}
    late = 0
    for status, was_late, n in (await session.execute(query)).all():
        counts[status] = counts.get(status, 0) + n
        late += n if was_late else 0
    return Progress(*(counts.get(s, 0) for s in STATUSES), late=late)


def in_zone(zone_id: int):
    """The people with a comune in that zone (a subquery of person ids)."""
    return (select(PersonComune.person_id).join(Comune, Comune.id == PersonComune.comune_id)
            .where(Comune.zone_id == zone_id))


async def tick(session: AsyncSession, now: datetime, tz: ZoneInfo) -> tuple[int, int]:
    """The reminder job's work: the audience of every campaign not closed kept current, and the reminders due.
    Returns (people invited late, reminders queued). The rules are applied in SQL (subqueries of person ids),
    so a campaign costs a few queries however large its audience."""
    running = (await session.scalars(select(Campaign).where(Campaign.closes_at > now)
                                     .order_by(Campaign.id).with_for_update())).all()  # open, or opening later
    invited = queued = 0
    for campaign in running:
        version = await session.get(QuestionnaireVersion, campaign.version_id)
        definition = registry.definition_of(version)
        audience = audiences.from_json(campaign.audience)
        invited += await keep_current(session, campaign, definition, audience, now=now, tz=tz)
        if campaign.opens_at > now:
            continue
        due = [o for o in campaign.reminder_offsets if o not in campaign.reminders_done
               and campaign.closes_at - timedelta(minutes=o) <= now]
        if not due:
            continue
        campaign.reminders_done = sorted(set(campaign.reminders_done) | set(due))
        offset = min(due)  # several due at once (late start, downtime): one reminder, the latest
        if campaign.closes_at - timedelta(minutes=offset) < campaign.opens_at:
            continue
        text = render(T.REMINDER, title=definition.title, closes=timefmt.day_at(campaign.closes_at, tz))
        queued += await remind(session, campaign, text, f"rem{offset}", now=now)
    return invited, queued


async def keep_current(session: AsyncSession, campaign: Campaign, definition: Definition,
                       audience: audiences.Audience, *, now: datetime, tz: ZoneInfo) -> int:
    """Invite who entered the audience since the launch; withdraw what waits in the outbox for who left."""
    members = member_ids(audience)
    gone = (await session.execute(select(Person.id, Person.chat_id, Person.email)
                                  .join(Invitation, Invitation.person_id == Person.id)
                                  .where(Invitation.campaign_id == campaign.id,
                                         Invitation.status.in_(("invited", "started")),
                                         Person.id.not_in(members), channels.reachable()))).all()
    if gone:  # by chat or address (indexes of the outbox), then exactly: only this campaign's messages to them
        await session.execute(update(OutboxMessage).where(
            or_(OutboxMessage.chat_id.in_([g.chat_id for g in gone if g.chat_id is not None]),
                OutboxMessage.address.in_([g.email for g in gone if g.email])),
            OutboxMessage.person_id.in_([g.id for g in gone]),
            OutboxMessage.round.like(f"q:{campaign.id}:%"), OutboxMessage.status == "pending",
            OutboxMessage.expires_at > now).values(expires_at=now).execution_options(synchronize_session=False))
    invited = select(Invitation.person_id).where(Invitation.campaign_id == campaign.id)
    newcomers = list((await session.scalars(select(Person).where(Person.id.in_(members), Person.id.not_in(invited))
                                            .order_by(Person.id))).all())
    if not newcomers:
        return 0
    added = await _invite(session, campaign, definition, newcomers, now=now, tz=tz,
                          late=await describe(session, audience))
    await audit.record(session, "system", "questionnaire.invite_late", f"campaign:{campaign.id}",
                       {"people": [p.id for p in newcomers]}, now=now)
    return added


async def pending_people(session: AsyncSession, campaign: Campaign) -> list[tuple[int, int]]:
    """(person id, chat id) of whom a reminder goes to: invited and not finished, not opted out, still in the
    audience, reachable."""
    members = member_ids(audiences.from_json(campaign.audience))
    rows = await session.execute(
        select(Person.id, Person.chat_id).join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.campaign_id == campaign.id, Invitation.status.in_(("invited", "started")),
               Person.id.in_(members), channels.reachable()).order_by(Person.id))
    return [(pid, chat_id) for pid, chat_id in rows.all()]


async def remind(session: AsyncSession, campaign: Campaign, text: str, reason: str, *, now: datetime) -> int:
    """Queue `text` to everyone who has not finished; `reason` makes the outbox keys (a repeat queues nothing)."""
    return await enqueue(session, [
        Outgoing(key=f"q:{campaign.id}:{pid}:{reason}", round=f"q:{campaign.id}:{reason}", chat_id=chat_id,
                 text=text, due_at=now, person_id=pid, keyboard=invitation_buttons(campaign.id),
                 expires_at=campaign.closes_at, email_links=answer_links(campaign))
        for pid, chat_id in await pending_people(session, campaign)], now=now)


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


async def my_list(session: AsyncSession, person: Person | None, now: datetime, tz: ZoneInfo) -> Reply:
    """The open questionnaires this person is invited to (and still in the audience of), with a button each."""
    if person is None:
        return Reply(T.LIST_EMPTY)
    rows = (await session.execute(
        select(Invitation, Campaign, QuestionnaireVersion.title)
        .join(Campaign, Campaign.id == Invitation.campaign_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.version_id)
        .where(Invitation.person_id == person.id, Campaign.opens_at <= now, Campaign.closes_at > now)
        .order_by(Campaign.closes_at))).all()
    shown = [(inv, c, title) for inv, c, title in rows
             if await audiences.includes(session, audiences.from_json(c.audience), person.id)]
    if not shown:
        return Reply(T.LIST_EMPTY)
    text, kb = T.LIST_HEAD, []
    for inv, campaign, title in shown:
        text += render(T.LIST_ITEM, title=title, state=T.STATE[inv.status],
                       closes=timefmt.day_at(campaign.closes_at, tz))
        if inv.status != "completed":
            label = T.BUTTON_RESUME if inv.status == "started" else T.BUTTON_START
            kb.append([{"text": render(T.BUTTON_LIST_ITEM, label=label, title=shorten(title, 50)),
                        "data": cb.open_(campaign.id)}])
    return Reply(text, kb)


@dataclass(frozen=True)
class Listed:
    """A campaign in an organiser's list: its questionnaire's title and its progress."""

    campaign: Campaign
    title: str
    progress: Progress


async def listing(session: AsyncSession, limit: int = 50, offset: int = 0, words: str = "") -> list[Listed]:
    """Campaigns, newest first (those whose title has all `words`, folded), each with its progress counted
    in one query."""
    query = (select(Campaign, QuestionnaireVersion.title)
             .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.version_id).order_by(Campaign.id.desc()))
    rows = (await session.execute(query)).all() if words else \
        (await session.execute(query.limit(limit).offset(offset))).all()
    if words:  # titles are few hundred at most: folded in Python, the same on SQLite and PostgreSQL
        wanted = fold(words).split()
        rows = [(c, t) for c, t in rows if all(w in fold(t) for w in wanted)][offset:offset + limit]
    counts: dict[int, dict[str, int]] = {}
    if rows:
        tallies = await session.execute(select(Invitation.campaign_id, Invitation.status, func.count())
                                         .where(Invitation.campaign_id.in_([c.id for c, _ in rows]))
                                         .group_by(Invitation.campaign_id, Invitation.status))
        for cid, status, n in tallies.all():
            counts.setdefault(cid, {})[status] = n
    return [Listed(c, title, Progress(*(counts.get(c.id, {}).get(s, 0) for s in STATUSES))) for c, title in rows]


async def count(session: AsyncSession, words: str = "") -> int:
    """How many campaigns `listing` would page through."""
    if not words:
        return await session.scalar(select(func.count(Campaign.id))) or 0
    wanted = fold(words).split()
    titles = (await session.scalars(select(QuestionnaireVersion.title)
                                    .join(Campaign, Campaign.version_id == QuestionnaireVersion.id))).all()
    return sum(1 for t in titles if all(w in fold(t) for w in wanted))
