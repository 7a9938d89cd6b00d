"""One response per comune (a campaign's `unit` "comune"): the referents of a comune share one response.

The first referent to start holds it (`ComuneShare.held_by`, their invitation linked to it while they answer);
the others see who is answering, and may take it over after TAKE_OVER_AFTER without progress (`held_at`),
continuing from the answers already given. A referent of several comuni answers for each in turn. The
comuni a campaign asks about are those its audience rule names (a zone, some comuni), else every comune.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue.models import Comune, Zone
from bot.db.upsert import insert_ignore
from bot.errors import BadInput, NotFound
from bot.outbox.queue import Outgoing
from bot.people import audit
from bot.people.audience import Audience, from_json
from bot.people.channels import enqueue
from bot.people.models import Person, PersonComune
from bot.questionnaires import callbacks as cb
from bot.questionnaires.models import Campaign, ComuneShare, Invitation, QuestionnaireVersion, Response
from bot.reply import Reply
from bot.texts import questionnaires as T
from bot.texts import render

TAKE_OVER_AFTER = timedelta(hours=48)
HOURS = int(TAKE_OVER_AFTER.total_seconds() // 3600)
REFERENT_KINDS = ("all_referents", "zone_referents", "comuni_referents")


def suits(audience: Audience) -> bool:
    """A per-comune campaign goes to referents only (their comuni are what it asks about)."""
    if audience.kind == "union":
        return all(suits(p) for p in audience.parts)
    return audience.kind in REFERENT_KINDS


def scope(audience: Audience):
    """The condition on Comune of the comuni a campaign asks about (None: every comune)."""
    if audience.kind == "zone_referents":
        return Comune.zone_id.in_(select(Zone.id).where(Zone.code == audience.zone_code))
    if audience.kind == "comuni_referents":
        return Comune.istat_code.in_(audience.comune_codes)
    if audience.kind == "union":
        parts = [scope(p) for p in audience.parts]
        return None if any(p is None for p in parts) else or_(*parts)
    return None


def _in_scope(query, campaign: Campaign, zone_id: int | None = None):
    condition = scope(from_json(campaign.audience))
    if condition is not None:
        query = query.where(condition)
    return query.where(Comune.zone_id == zone_id) if zone_id is not None else query


async def comuni_of(session: AsyncSession, campaign: Campaign, person_id: int) -> list[tuple[int, str]]:
    """(id, name) of the comuni this referent answers for in the campaign, by name."""
    query = (select(Comune.id, Comune.name).join(PersonComune, PersonComune.comune_id == Comune.id)
             .where(PersonComune.person_id == person_id).order_by(Comune.name))
    return [(cid, name) for cid, name in (await session.execute(_in_scope(query, campaign))).all()]


async def asked(session: AsyncSession, campaign: Campaign, zone_id: int | None = None) -> int:
    """How many comuni the campaign asks about (of the zone): «… su 133»."""
    return await session.scalar(_in_scope(select(func.count(Comune.id)), campaign, zone_id)) or 0


async def _holder_name(session: AsyncSession, share: ComuneShare) -> str:
    name = await session.scalar(select(Person.name).where(Person.id == share.held_by)) if share.held_by else None
    return name or "—"


async def hold(session: AsyncSession, person: Person, inv: Invitation, campaign: Campaign,
               version: QuestionnaireVersion, comune_id: int | None, *, now: datetime, tz: ZoneInfo) -> Reply | None:
    """Link the person to the response of their comune (None: go on answering it), or say why not."""
    comuni = await comuni_of(session, campaign, person.id)
    if not comuni:
        return Reply(T.COMUNE_NONE)
    names = dict(comuni)
    if comune_id is None:
        current = await session.get(ComuneShare, inv.response_id) if inv.response_id else None
        if current is not None and current.held_by == person.id and \
                await session.scalar(select(Response.status).where(Response.id == current.response_id)) == "started":
            return None
        if len(comuni) > 1:
            return await pick_screen(session, person, campaign, version, comuni)
        comune_id = comuni[0][0]
    if comune_id not in names:
        raise NotFound("invitation", campaign.id)
    share, resp = await _share(session, campaign, comune_id, person, now)
    if resp.status == "completed":
        return Reply(render(T.COMUNE_DONE, comune=names[comune_id], title=version.title,
                            name=await _holder_name(session, share)))
    if share.held_by is not None and share.held_by != person.id:
        free = share.held_at <= now - TAKE_OVER_AFTER
        text = render(T.HELD_FREE if free else T.HELD, comune=names[comune_id], name=await _holder_name(session, share),
                      when=timefmt.day_at(share.held_at, tz), hours=HOURS)
        rows = [[{"text": T.BUTTON_TAKE_OVER, "data": cb.take_over(campaign.id, comune_id)}]] if free else None
        return Reply(text, rows)
    await _link(session, inv, share, person, now)
    return None


async def _share(session: AsyncSession, campaign: Campaign, comune_id: int, person: Person,
                 now: datetime) -> tuple[ComuneShare, Response]:
    """The comune's response and its share, created (held by `person`) if nobody started it; locked."""
    query = select(ComuneShare).where(ComuneShare.campaign_id == campaign.id, ComuneShare.comune_id == comune_id)
    share = await session.scalar(query.with_for_update())
    if share is None:
        resp = Response(campaign_id=campaign.id, version_id=campaign.version_id, status="started", draft={}, rev=0,
                        last_message_id=0)
        session.add(resp)
        await session.flush()
        created = await insert_ignore(session, ComuneShare.__table__, [
            {"response_id": resp.id, "campaign_id": campaign.id, "comune_id": comune_id, "held_by": person.id,
             "held_at": now}], ["campaign_id", "comune_id"])
        if not created:  # another referent of the comune started it at the same moment: theirs it is
            await session.delete(resp)
            await session.flush()
        share = await session.scalar(query.with_for_update().execution_options(populate_existing=True))
    resp = await session.scalar(select(Response).where(Response.id == share.response_id).with_for_update())
    return share, resp


async def _link(session: AsyncSession, inv: Invitation, share: ComuneShare, person: Person, now: datetime) -> None:
    """The person holds the share: their invitation points at its response while they answer."""
    await session.execute(update(Invitation).where(Invitation.response_id == share.response_id,
                                                   Invitation.id != inv.id).values(response_id=None)
                          .execution_options(synchronize_session=False))
    share.held_by, share.held_at = person.id, now
    inv.response_id = share.response_id
    await session.flush()


async def pick_screen(session: AsyncSession, person: Person, campaign: Campaign, version: QuestionnaireVersion,
                      comuni: list[tuple[int, str]]) -> Reply:
    """A referent of several comuni: the state of each, a button for each still to send."""
    found = {share.comune_id: (share, status) for share, status in (await session.execute(
        select(ComuneShare, Response.status).join(Response, Response.id == ComuneShare.response_id)
        .where(ComuneShare.campaign_id == campaign.id, ComuneShare.comune_id.in_([c for c, _ in comuni])))).all()}
    text, rows = render(T.PICK_COMUNE, title=version.title), []
    for comune_id, name in comuni:
        share, status = found.get(comune_id, (None, None))
        if share is None:
            key, holder = "todo", ""
        elif status == "completed":
            key, holder = "done", ""
        else:
            key, holder = ("mine", "") if share.held_by == person.id else ("held", await _holder_name(session, share))
        text += render(T.COMUNE_ITEM, comune=name, state=render(T.COMUNE_STATE[key], name=holder))
        if key != "done":
            rows.append([{"text": render(T.COMUNE_BUTTON, comune=name), "data": cb.open_(campaign.id, comune_id)}])
    return Reply(text, rows)


async def take_over(session: AsyncSession, person: Person, inv: Invitation, campaign: Campaign,
                    version: QuestionnaireVersion, comune_id: int, *, now: datetime, tz: ZoneInfo) -> None:
    """Take over a comune's response idle for TAKE_OVER_AFTER; the previous holder is told (audited)."""
    names = dict(await comuni_of(session, campaign, person.id))
    if comune_id not in names:
        raise NotFound("invitation", campaign.id)
    share = await session.scalar(select(ComuneShare).where(ComuneShare.campaign_id == campaign.id,
                                                           ComuneShare.comune_id == comune_id).with_for_update())
    status = await session.scalar(select(Response.status).where(Response.id == share.response_id)) if share else None
    if share is None or status != "started":
        raise NotFound("invitation", campaign.id)
    previous = share.held_by
    if previous not in (None, person.id) and share.held_at > now - TAKE_OVER_AFTER:
        raise BadInput("not_yet_free", hours=HOURS)
    await _link(session, inv, share, person, now)
    if previous in (None, person.id):
        return
    await audit.record(session, person, "questionnaire.take_over", f"campaign:{campaign.id}",
                       {"comune_id": comune_id, "from": previous}, now=now)
    # enqueue picks the channel (or none)
    await enqueue(session, [Outgoing(
        key=f"q:{campaign.id}:{previous}:tk{comune_id}:{int(now.timestamp())}", round=f"q:{campaign.id}:takeover",
        chat_id=None, person_id=previous, due_at=now, expires_at=campaign.closes_at,
        text=render(T.TAKEN_OVER, name=person.name or "—", comune=names[comune_id], title=version.title,
                    hours=HOURS))], now=now)


def sent_comuni(campaign_id: int):
    """The comuni whose response was sent (a subquery of comune ids)."""
    return (select(ComuneShare.comune_id).join(Response, Response.id == ComuneShare.response_id)
            .where(ComuneShare.campaign_id == campaign_id, Response.status == "completed"))


async def settle(session: AsyncSession, campaign: Campaign) -> None:
    """After a comune's response is sent: referents whose every comune has answered are done (no reminders)."""
    open_comuni = _in_scope(select(PersonComune.person_id).join(Comune, Comune.id == PersonComune.comune_id)
                            .where(Comune.id.not_in(sent_comuni(campaign.id))), campaign)
    await session.execute(update(Invitation).where(
        Invitation.campaign_id == campaign.id, Invitation.status.in_(("invited", "started")),
        Invitation.person_id.not_in(open_comuni)).values(status="completed").execution_options(synchronize_session=False))
