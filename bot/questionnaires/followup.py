"""Following a running campaign: its status, who has not finished, «Sollecita ora», extend, close, reopen one
person's response. The chat (`q:S`, `q:F` buttons) and `zobot questionnaire …` share these; each change is
audited, the policy is asked by the service before any of them runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue.models import Comune
from bot.errors import BadDates, BadInput, NotFound
from bot.outbox.models import OutboxMessage
from bot.outbox.queue import Outgoing
from bot.people import audience as audiences
from bot.people import audit
from bot.people.channels import enqueue
from bot.people.models import Person, PersonComune
from bot.questionnaires import callbacks as cb
from bot.questionnaires import campaigns, registry, units
from bot.questionnaires.definition import Definition
from bot.questionnaires.models import (
    Campaign,
    ComuneShare,
    CoverageProposal,
    Invitation,
    QuestionnaireVersion,
    Response,
)
from bot.reply import Reply
from bot.texts import Markup, plural, render
from bot.texts import questionnaires as T

Actor = Person | str  # a Person in the chat, "cli" on the command line
SHOWN = 40  # names listed per group; the rest counted


async def campaign_of(session: AsyncSession, campaign_id: int, *, lock: bool = False) -> tuple[Campaign, Definition]:
    query = select(Campaign).where(Campaign.id == campaign_id)
    campaign = await session.scalar(query.with_for_update() if lock else query)
    if campaign is None:
        raise NotFound("campaign", campaign_id)
    return campaign, registry.definition_of(await session.get(QuestionnaireVersion, campaign.version_id))


def _closing(campaign: Campaign, now: datetime, tz: ZoneInfo) -> Markup:
    template = T.CLOSES if campaign.closes_at > now else T.CLOSED_ON
    return render(template, when=timefmt.day_at(campaign.closes_at, tz))


def members(campaign: Campaign):
    """Who the campaign's audience rule covers now (reachable): a subquery of person ids."""
    return campaigns.member_ids(audiences.from_json(campaign.audience))


async def status(session: AsyncSession, campaign_id: int, tz: ZoneInfo, now: datetime) -> Reply:
    """Invited (at the launch and since) / started / completed / opted out, comuni answered, and the actions."""
    campaign, d = await campaign_of(session, campaign_id)
    p = await campaigns.progress(session, campaign_id)
    late = render(T.STATUS_LATE, launched=p.total - p.late, added=p.late) if p.late else ""
    text = render(T.STATUS, title=d.title, filter="", total=p.total, late=late, invited=p.invited,
                  started=p.started, completed=p.completed, rate=f"{p.rate:.0%}", opted_out=p.opted_out,
                  closing=_closing(campaign, now, tz))
    if campaign.unit == "comune":
        text += await comuni_line(session, campaign)
    left = await _left(session, campaign)
    if left:
        text += render(T.STATUS_LEFT, n=left)
    rows = [[{"text": T.BUTTON_REFRESH, "data": cb.status(campaign_id)},
             {"text": T.BUTTON_RESULTS, "data": cb.results(campaign_id)}],
            [{"text": T.BUTTON_PENDING, "data": cb.follow_up(campaign_id, "p")},
             {"text": T.BUTTON_EXTEND, "data": cb.follow_up(campaign_id, "e")}]]
    if campaign.closes_at > now:
        rows.append([{"text": T.BUTTON_REMIND, "data": cb.follow_up(campaign_id, "r")},
                     {"text": T.BUTTON_CLOSE, "data": cb.follow_up(campaign_id, "c")}])
    return Reply(text, rows)


async def comuni_line(session: AsyncSession, campaign: Campaign, zone_id: int | None = None) -> Markup:
    """«Comuni che hanno risposto: 12 su 133»."""
    done, started = await comuni_counts(session, campaign, zone_id)
    of = await units.asked(session, campaign, zone_id)
    return render(T.STATUS_COMUNI, done=done, of=of, rate=f"{done / of:.0%}" if of else "0%", started=started)


async def comuni_counts(session: AsyncSession, campaign: Campaign, zone_id: int | None = None) -> tuple[int, int]:
    query = (select(Response.status, func.count()).join(ComuneShare, ComuneShare.response_id == Response.id)
             .join(Comune, Comune.id == ComuneShare.comune_id)
             .where(Response.campaign_id == campaign.id).group_by(Response.status))
    if zone_id is not None:
        query = query.where(Comune.zone_id == zone_id)
    counts = dict((await session.execute(query)).all())
    return counts.get("completed", 0), counts.get("started", 0)


async def _left(session: AsyncSession, campaign: Campaign) -> int:
    """Invited, not finished, and no longer in the audience (revoked, moved)."""
    return await session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.campaign_id == campaign.id, Invitation.status.in_(("invited", "started")),
        Invitation.person_id.not_in(members(campaign)))) or 0


@dataclass(frozen=True)
class Waiting:
    """Someone invited who has not finished: status "invited" (not started) or "started"."""

    status: str
    late: bool
    id: int
    name: str | None


async def waiting(session: AsyncSession, campaign: Campaign) -> list[Waiting]:
    """Who has not finished, by name; revoked people are out of the audience: not waited for."""
    rows = (await session.execute(
        select(Invitation.status, Invitation.late, Person.id, Person.name).join(Person, Person.id == Invitation.person_id)
        .where(Invitation.campaign_id == campaign.id, Invitation.status.in_(("invited", "started")),
               Person.id.in_(members(campaign))).order_by(Person.name))).all()
    return [Waiting(*row) for row in rows]


async def reached_by(session: AsyncSession, campaign_id: int) -> dict[int, str]:
    """person id -> the channel of the latest message of this campaign to them (telegram | email)."""
    rows = await session.execute(select(OutboxMessage.person_id, OutboxMessage.channel)
                                 .where(OutboxMessage.round.startswith(f"q:{campaign_id}:", autoescape=True),
                                        OutboxMessage.person_id.is_not(None)).order_by(OutboxMessage.id))
    return {pid: channel for pid, channel in rows}


async def pending(session: AsyncSession, campaign_id: int, *, ids: bool = False) -> Reply:
    """Who has not started and who has not finished: names (and who joined late) unless the campaign is
    anonymous (then counts); per comune: the comuni without a response, and who holds those in progress.
    `ids`: each name with the person's id (the command line, for `reopen --person`)."""
    campaign, d = await campaign_of(session, campaign_id)
    rows = await waiting(session, campaign)
    text = render(T.PENDING_HEAD, title=d.title, filter="", n=len(rows))
    if not rows and campaign.unit == "person":
        text += T.PENDING_NONE
    elif d.anonymous:
        text += render(T.PENDING_ANONYMOUS, invited=sum(r.status == "invited" for r in rows),
                       started=sum(r.status == "started" for r in rows))
    elif campaign.unit == "comune":
        text += await _pending_comuni(session, campaign)
    else:
        via = await reached_by(session, campaign_id)
        for status, heading in (("invited", T.PENDING_NOT_STARTED), ("started", T.PENDING_STARTED)):
            group = [r for r in rows if r.status == status]
            if group:
                text += render(heading, n=len(group))
                text += "".join(render(T.PENDING_PERSON, name=_name(r.name, r.id, ids),
                                       late=Markup((T.PENDING_LATE if r.late else "") + T.PENDING_VIA[via.get(r.id)]))
                                for r in group[:SHOWN])
                if len(group) > SHOWN:
                    text += plural(len(group) - SHOWN, *T.PENDING_MORE)
    rows = [[{"text": T.BUTTON_REMIND, "data": cb.follow_up(campaign_id, "r")},
             {"text": T.BUTTON_BACK_STATUS, "data": cb.status(campaign_id)}]]
    if not d.anonymous:
        rows.insert(0, [{"text": T.BUTTON_SENT, "data": cb.follow_up(campaign_id, "d")}])
    return Reply(text, rows)


@dataclass(frozen=True)
class ComuniWaiting:
    """A per-comune campaign's comuni without a response: with someone invited to answer (`todo`), with
    nobody invited (`nobody`, a count), and those in progress with who holds them (`held`)."""

    todo: list[str]
    nobody: int
    held: list[tuple[str, str | None]]


async def comuni_waiting(session: AsyncSession, campaign: Campaign) -> ComuniWaiting:
    comuni = units._in_scope(select(Comune.id, Comune.name).order_by(Comune.name), campaign)
    names = dict((await session.execute(comuni)).all())
    found = (await session.execute(select(ComuneShare.comune_id, Response.status, Person.name)
                                   .join(Response, Response.id == ComuneShare.response_id)
                                   .outerjoin(Person, Person.id == ComuneShare.held_by)
                                   .where(ComuneShare.campaign_id == campaign.id))).all()
    held = {cid: name for cid, status, name in found if status == "started"}
    done = {cid for cid, status, _ in found if status == "completed"}
    invited = set((await session.scalars(select(PersonComune.comune_id).join(
        Invitation, Invitation.person_id == PersonComune.person_id).where(Invitation.campaign_id == campaign.id))).all())
    todo = [name for cid, name in names.items() if cid not in done and cid not in held and cid in invited]
    nobody = sum(1 for cid in names if cid not in done and cid not in held and cid not in invited)
    return ComuniWaiting(todo, nobody, [(names.get(cid, "?"), name)
                                        for cid, name in sorted(held.items(), key=lambda kv: names.get(kv[0], ""))])


async def _pending_comuni(session: AsyncSession, campaign: Campaign) -> Markup:
    found = await comuni_waiting(session, campaign)
    text = Markup("")
    if found.todo:
        text += render(T.PENDING_COMUNI_UNANSWERED, n=len(found.todo))
        text += "".join(render(T.PENDING_COMUNE, comune=c) for c in found.todo[:SHOWN])
        if len(found.todo) > SHOWN:
            text += plural(len(found.todo) - SHOWN, *T.PENDING_MORE)
    if found.nobody:
        text += plural(found.nobody, *T.PENDING_COMUNI_NOBODY)
    if found.held:
        text += render(T.PENDING_COMUNE_HELD, n=len(found.held))
        text += "".join(render(T.PENDING_COMUNE_BY, comune=comune, name=name or "—") for comune, name in found.held)
    return Markup(text or T.PENDING_NONE)


def nudge_text(d: Definition, campaign: Campaign, tz: ZoneInfo) -> Markup:
    return render(T.NUDGE, title=d.title, closes=timefmt.day_at(campaign.closes_at, tz))


async def remind_preview(session: AsyncSession, campaign_id: int, tz: ZoneInfo, now: datetime) -> Reply:
    """«Sollecita ora»: how many will get it, and the message, before anything is sent."""
    campaign, d = await campaign_of(session, campaign_id)
    if campaign.closes_at <= now:
        raise BadInput("closed_campaign")
    people = await campaigns.pending_people(session, campaign)
    back = [{"text": T.BUTTON_BACK_STATUS, "data": cb.status(campaign_id)}]
    if not people:
        return Reply(render(T.REMIND_NOBODY, title=d.title), [back])
    nonce = format(int(now.timestamp()), "x")
    return Reply(render(T.REMIND_PREVIEW, title=d.title, people=plural(len(people), *T.PEOPLE),
                        text=nudge_text(d, campaign, tz)),
                 [[{"text": T.BUTTON_SEND_REMINDER, "data": cb.follow_up(campaign_id, "rs", nonce)}], back])


async def remind_now(session: AsyncSession, actor: Actor, campaign_id: int, nonce: str, *, tz: ZoneInfo,
                     now: datetime) -> int:
    """Queue the reminder to whoever has not finished; the same `nonce` (a double press) queues nothing more."""
    campaign, d = await campaign_of(session, campaign_id, lock=True)
    if campaign.closes_at <= now:
        raise BadInput("closed_campaign")
    queued = await campaigns.remind(session, campaign, nudge_text(d, campaign, tz), f"nudge{nonce}", now=now)
    await audit.record(session, actor, "questionnaire.remind", f"campaign:{campaign_id}", {"queued": queued}, now=now)
    return queued


def extend_pick(campaign: Campaign, d: Definition, tz: ZoneInfo) -> Reply:
    since = format(int(campaign.closes_at.timestamp()), "x")
    return Reply(render(T.EXTEND_PICK, title=d.title, closes=timefmt.day_at(campaign.closes_at, tz)),
                 [[{"text": plural(n, *T.BUTTON_EXTEND_DAYS), "data": cb.follow_up(campaign.id, "ex", n, since)}
                   for n in cb.EXTEND_DAYS],
                  [{"text": T.BUTTON_BACK_STATUS, "data": cb.status(campaign.id)}]])


async def extend(session: AsyncSession, actor: Actor, campaign_id: int, until: datetime, *, now: datetime,
                 since: int | None = None) -> Campaign:
    """Move the closing to `until` (also of a campaign already closed); reminders not yet due are armed again,
    messages waiting in the outbox live as long. `since`: the closing the chat's button was made for (a
    second press of it changes nothing)."""
    campaign, _ = await campaign_of(session, campaign_id, lock=True)
    if since is not None and int(campaign.closes_at.timestamp()) != since:
        raise BadInput("stale_extend")
    if until <= now or until <= campaign.opens_at:
        raise BadDates(campaign_id)
    before = campaign.closes_at
    campaign.closes_at = until
    campaign.reminders_done = [o for o in campaign.reminders_done if until - timedelta(minutes=o) <= now]
    await session.execute(update(OutboxMessage).where(
        OutboxMessage.round.like(f"q:{campaign_id}:%"), OutboxMessage.status == "pending",
        OutboxMessage.expires_at == before).values(expires_at=until).execution_options(synchronize_session=False))
    await audit.record(session, actor, "questionnaire.extend", f"campaign:{campaign_id}",
                       {"from": before.isoformat(), "until": until.isoformat()}, now=now)
    return campaign


def close_confirm(campaign: Campaign, d: Definition) -> Reply:
    return Reply(render(T.CLOSE_CONFIRM, title=d.title),
                 [[{"text": T.BUTTON_CLOSE_CONFIRM, "data": cb.follow_up(campaign.id, "cy")}],
                  [{"text": T.BUTTON_BACK_STATUS, "data": cb.status(campaign.id)}]])


async def close(session: AsyncSession, actor: Actor, campaign_id: int, *, now: datetime) -> Campaign:
    """Close now: nobody may answer any more, nothing waiting in the outbox goes out; anonymous responses not
    sent are deleted (as at any closing)."""
    campaign, _ = await campaign_of(session, campaign_id, lock=True)
    if campaign.closes_at <= now:
        raise BadInput("closed_campaign")
    before = campaign.closes_at
    campaign.closes_at, campaign.opens_at = now, min(campaign.opens_at, now)
    await session.execute(update(OutboxMessage).where(
        OutboxMessage.round.like(f"q:{campaign_id}:%"), OutboxMessage.status == "pending")
        .values(expires_at=now).execution_options(synchronize_session=False))
    await session.flush()
    await campaigns.discard_unfinished(session, now)
    await audit.record(session, actor, "questionnaire.close", f"campaign:{campaign_id}",
                       {"was_closing_at": before.isoformat()}, now=now)
    return campaign


def _name(name: str | None, person_id: int, ids: bool) -> str:
    return f"{name or '—'} (#{person_id})" if ids or not name else name


async def sent(session: AsyncSession, campaign_id: int, *, ids: bool = False) -> Reply:
    """Who sent a response (not anonymous), each with «riapri»."""
    campaign, d = await campaign_of(session, campaign_id)
    if d.anonymous:
        raise BadInput("anonymous_reopen")
    people = (await session.execute(
        select(Person.id, Person.name).join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.campaign_id == campaign_id, Invitation.status == "completed")
        .order_by(Person.name))).all()
    rows = [[{"text": render(T.BUTTON_REOPEN, name=_name(name, pid, ids))[:60], "data": cb.follow_up(campaign_id, "o", pid)}]
            for pid, name in people[:SHOWN]]
    rows.append([{"text": T.BUTTON_BACK_STATUS, "data": cb.status(campaign_id)}])
    text = render(T.SENT_HEAD, title=d.title, n=len(people))
    text += "".join(render(T.PENDING_PERSON, name=_name(name, pid, ids), late="") for pid, name in people)
    return Reply(text, rows)


async def reopen(session: AsyncSession, actor: Actor, campaign_id: int, person_id: int, *, tz: ZoneInfo,
                 now: datetime) -> Person:
    """Reopen the response a person sent: they may change and send it again (told so); not-yet-applied
    catalogue proposals it made go (it will make them again when sent)."""
    campaign, d = await campaign_of(session, campaign_id, lock=True)
    if d.anonymous:
        raise BadInput("anonymous_reopen")
    if campaign.closes_at <= now:
        raise BadInput("closed_campaign")
    person = await session.get(Person, person_id)
    inv = await session.scalar(select(Invitation).where(Invitation.campaign_id == campaign_id,
                                                        Invitation.person_id == person_id).with_for_update())
    if person is None or inv is None:
        raise BadInput("nothing_to_reopen")
    if campaign.unit == "comune":
        resp = await session.scalar(select(Response).join(ComuneShare, ComuneShare.response_id == Response.id).where(
            Response.campaign_id == campaign_id, ComuneShare.held_by == person_id, Response.status == "completed")
            .order_by(Response.submitted_at.desc()).limit(1))
    else:
        resp = await session.get(Response, inv.response_id) if inv.response_id else None
    if resp is None or resp.status != "completed":
        raise BadInput("nothing_to_reopen")
    resp.status, resp.submitted_at, resp.cursor, resp.draft = "started", None, None, {}
    resp.rev += 1
    if campaign.unit == "comune":
        (await session.get(ComuneShare, resp.id)).held_at = now
        await session.execute(update(Invitation).where(Invitation.response_id == resp.id)
                              .values(response_id=None).execution_options(synchronize_session=False))
    inv.status, inv.response_id, inv.touched_at = "started", resp.id, now
    await session.execute(delete(CoverageProposal).where(CoverageProposal.response_id == resp.id,
                                                         CoverageProposal.outcome.is_(None)))
    # enqueue picks the channel (or none)
    await enqueue(session, [Outgoing(
        key=f"q:{campaign_id}:{person_id}:reopen:{int(now.timestamp())}", round=f"q:{campaign_id}:reopen",
        chat_id=person.chat_id, person_id=person_id, due_at=now, expires_at=campaign.closes_at,
        text=render(T.REOPENED, title=d.title, closes=timefmt.day_at(campaign.closes_at, tz)),
        keyboard=[[{"text": T.BUTTON_RESUME, "data": cb.open_(campaign_id)}]],
        email_links=campaigns.answer_links(campaign))], now=now)
    await audit.record(session, actor, "questionnaire.reopen", f"campaign:{campaign_id}", {"person": person_id},
                       now=now)
    return person
