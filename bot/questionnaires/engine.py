"""The one generic step engine: any questionnaire, walked from the database at every step.

Each call runs inside the caller's transaction and returns the reply to show; the service commits before the
door shows it, so a respondent never sees an acknowledgement of an unsaved answer.

Stale and repeated input, without Telegram's update numbers (which restart after a week of silence): a
button carries the response's revision when it was shown (the step token, bumped by every change), so an
older or repeated press changes nothing; a typed answer carries its chat message id, and one not newer
than the last applied is a redelivery and changes nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, StaleAction
from bot.people import policy
from bot.people.models import Person
from bot.questionnaires import callbacks as cb
from bot.questionnaires import flow, picker, registry, state, units, validate, views
from bot.questionnaires.definition import TYPED_INPUT
from bot.questionnaires.models import Campaign, Invitation, QuestionnaireVersion, Response
from bot.questionnaires.steps import ACTIONS, choose, pick
from bot.reply import Reply, plain
from bot.texts import common, render
from bot.texts import questionnaires as T

TYPING_WINDOW = timedelta(hours=6)


async def _invitation(session: AsyncSession, person: Person, campaign_id: int, *, lock: bool):
    """(invitation, campaign, version) of an invited person (NotFound: not invited, or no campaign)."""
    query = select(Invitation).where(Invitation.campaign_id == campaign_id, Invitation.person_id == person.id)
    inv = await session.scalar(query.with_for_update() if lock else query)
    campaign = await session.get(Campaign, campaign_id)
    if inv is None or campaign is None:
        raise NotFound("invitation", campaign_id)
    return inv, campaign, await session.get(QuestionnaireVersion, campaign.version_id)


async def _allowed(session: AsyncSession, person: Person | None, campaign_id: int) -> Person:
    """Invited and still in the campaign's audience, else NotFound (the refusal noted for the audit)."""
    if person is None or not await policy.may_answer(session, person, campaign_id):
        policy.note_refusal(person, "answer_questionnaire")
        raise NotFound("invitation", campaign_id)
    return person


async def open_campaign(session: AsyncSession, person: Person | None, campaign_id: int, comune_id: int | None = None,
                        *, now: datetime, tz: ZoneInfo) -> Reply:
    """Start, or resume exactly at the first unanswered question (invited and still in the audience)."""
    person = await _allowed(session, person, campaign_id)
    inv, campaign, version = await _invitation(session, person, campaign_id, lock=True)
    if campaign.unit == "person" and inv.status == "completed":
        return Reply(render(T.ALREADY_DONE, title=version.title))
    refusal = state.gate(campaign, version.title, now, tz)
    if refusal is not None:
        return refusal
    if campaign.unit == "comune":
        held = await units.hold(session, person, inv, campaign, version, comune_id, now=now, tz=tz)
        if isinstance(held, Reply):
            return held
    elif inv.response_id is None:
        resp = Response(campaign_id=campaign.id, version_id=campaign.version_id, status="started",
                        draft={}, rev=0, last_message_id=0)
        session.add(resp)
        await session.flush()
        inv.response_id = resp.id
        await session.flush()
    return await resume(session, person, inv.response_id, now=now)


async def resume(session: AsyncSession, person: Person, response_id: int, *, now: datetime) -> Reply:
    """The first unanswered question of a response the person holds (the summary when all are answered)."""
    st = await state.load(session, person.id, response_id)
    if st is None:
        raise StaleAction("q_step")
    state.touch(st, now)
    state.move(st, flow.first_open(st.d, st.rows))
    await session.flush()
    return await state.render_state(session, st, intro=not st.rows)


async def press(session: AsyncSession, person: Person | None, step: cb.Step, *, now: datetime, tz: ZoneInfo) -> Reply:
    """A button of an answering step; old or repeated presses (another revision) change nothing."""
    st = await _step_state(session, person, step.campaign, step.rev, now=now, tz=tz)
    if isinstance(st, Reply):
        return st
    return await ACTIONS[step.act](session, st, step.arg, now=now)


async def _step_state(session: AsyncSession, person: Person | None, campaign_id: int, rev: int, *, now: datetime,
                      tz: ZoneInfo) -> state.State | Reply:
    """The state a step of revision `rev` acts on (policy asked, campaign open), or what to say instead;
    StaleAction for a step of another revision (an old button, a form of an earlier page)."""
    if person is None or not await policy.may_answer(session, person, campaign_id):
        policy.refuse(person, "answer_questionnaire")  # not invited, or no longer in the audience
    inv = await session.scalar(select(Invitation).where(Invitation.campaign_id == campaign_id,
                                                        Invitation.person_id == person.id))
    campaign = await session.get(Campaign, campaign_id)
    if inv is not None and inv.status == "completed" and inv.response_id is None and campaign.unit == "person":
        version = await session.get(QuestionnaireVersion, campaign.version_id)  # anonymous, sent
        return Reply.toast_only(render(T.ALREADY_DONE, title=version.title))
    st = await state.load(session, person.id, inv.response_id) if inv and inv.response_id else None
    if st is None:
        raise StaleAction("q_step")
    if st.resp.status == "completed":
        return Reply.toast_only(render(T.ALREADY_DONE, title=st.d.title))
    refusal = state.gate(st.campaign, st.d.title, now, tz)
    if refusal is not None:
        return refusal
    if rev != st.resp.rev:
        raise StaleAction("q_step")
    return st


async def active(session: AsyncSession, person_id: int, now: datetime) -> int | None:
    """The response this person touched last, if still being answered in an open campaign and
    touched within TYPING_WINDOW (later, free text is a catalogue question again; /questionari resumes)."""
    return await session.scalar(
        select(Invitation.response_id).join(Campaign, Campaign.id == Invitation.campaign_id)
        .where(Invitation.person_id == person_id, Invitation.status == "started", Invitation.response_id.is_not(None),
               Invitation.touched_at >= now - TYPING_WINDOW, Campaign.opens_at <= now, Campaign.closes_at > now)
        .order_by(Invitation.touched_at.desc(), Invitation.id.desc()).limit(1))


def may_be_typing(person_id):
    """EXISTS clause read with every update (bot/arrival.py): false means `typed` would answer None.

    Built once; its values come from `typing_parameters(now)` at each execution."""
    now = bindparam("q_now")
    return (select(Invitation.id).join(Campaign, Campaign.id == Invitation.campaign_id)
            .where(Invitation.person_id == person_id, Invitation.status == "started",
                   Invitation.response_id.is_not(None), Invitation.touched_at >= bindparam("q_touched_since"),
                   Campaign.opens_at <= now, Campaign.closes_at > now).exists())


def typing_parameters(now: datetime) -> dict:
    return {"q_now": now, "q_touched_since": now - TYPING_WINDOW}


async def typed(session: AsyncSession, person: Person | None, text: str, *, message_id: int | None, now: datetime,
                tz: ZoneInfo) -> Reply | None:
    """A typed answer, or None when the person's current step does not wait for typing."""
    if person is None:
        return None
    rid = await active(session, person.id, now)
    if rid and not await policy.may_answer_response(session, person, rid):
        return await _no_longer_allowed(session, person, rid)
    st = await state.load(session, person.id, rid) if rid else None
    if st is None or st.resp.status != "started" or st.current is None:
        return None
    q, draft = st.current, st.resp.draft or {}
    if draft.get("other") is None and q.type not in TYPED_INPUT:
        return None
    if message_id and message_id <= (st.resp.last_message_id or 0):
        return Reply(notice_only=True)  # the same message again (a redelivery): already applied
    refusal = state.gate(st.campaign, st.d.title, now, tz)
    if refusal is not None:
        return refusal
    return await apply_text(session, st, text, now=now, message_id=message_id)


async def apply_text(session: AsyncSession, st: state.State, text: str, *, now: datetime,
                     message_id: int | None = None) -> Reply:
    """Typed text at the current step, whatever the door: the text of «Altro», a typed answer (validated:
    an error leaves the answers unchanged) or a comune/service search."""
    q, draft = st.current, st.resp.draft or {}
    if q is None or (draft.get("other") is None and q.type not in TYPED_INPUT):
        raise StaleAction("q_step")
    try:
        if draft.get("other") is not None:
            other = validate.text(q, text, max_length=200)
            value = draft["other"] if not q.is_multi else list(draft.get("sel") or [])
            await state.save(session, st, q, value, other=other, now=now, message_id=message_id)
        elif q.type == "text":
            await state.save(session, st, q, validate.text(q, text), now=now, message_id=message_id)
        elif q.type == "number":
            await state.save(session, st, q, validate.number(q, text), now=now, message_id=message_id)
        elif q.type == "date":
            await state.save(session, st, q, validate.a_date(q, text), now=now, message_id=message_id)
        else:
            return await _search(session, st, text, now=now, message_id=message_id)
    except validate.Invalid as exc:
        state.touch(st, now, message_id)
        return await state.render_state(session, st, error=exc.message)
    return await state.render_state(session, st)


async def _no_longer_allowed(session: AsyncSession, person: Person, response_id: int) -> Reply:
    """A revoked member typing an answer: refused once, and the invitation set aside (no reminders, and
    typed text is a catalogue question again); it resumes if the role comes back and they open it."""
    policy.note_refusal(person, "answer_questionnaire")
    inv = await session.scalar(select(Invitation).where(Invitation.response_id == response_id,
                                                        Invitation.person_id == person.id))
    if inv is not None:
        inv.status = "opted_out"
    return Reply(common.NOT_ALLOWED)


async def _search(session: AsyncSession, st: state.State, text: str, *, now: datetime, message_id: int | None) -> Reply:
    q = st.current
    found = await picker.search(session, q.type, text[:100])
    if not found:
        state.touch(st, now, message_id)
        return await state.render_state(session, st, error=render(T.NO_MATCH, query=text[:60]))
    exact = [f for f in found if picker.normalise(f[1]) == picker.normalise(text)]
    if len(exact) == 1:
        return await pick(session, st, exact[0], now=now, message_id=message_id)
    state.touch(st, now, message_id)
    state.set_draft(st, {**(st.resp.draft or {}), "cands": [list(f) for f in found], "query": text[:60]})
    return await state.render_state(session, st)


async def opt_out(session: AsyncSession, person: Person | None, campaign_id: int) -> Reply:
    """The person asks for no more reminders of this campaign (their own invitation, even if revoked since)."""
    if person is None:
        raise NotFound("invitation", campaign_id)
    inv, _campaign, version = await _invitation(session, person, campaign_id, lock=False)
    if inv.status == "completed":
        return Reply(render(T.ALREADY_DONE, title=version.title))
    inv.status = "opted_out"
    return Reply(render(T.OPTED_OUT, title=version.title))


async def take_over(session: AsyncSession, person: Person | None, campaign_id: int, comune_id: int, *,
                    now: datetime, tz: ZoneInfo) -> Reply:
    """«Subentra»: a referent takes over their comune's response left idle, and goes on from its answers."""
    person = await _allowed(session, person, campaign_id)
    inv, campaign, version = await _invitation(session, person, campaign_id, lock=True)
    refusal = state.gate(campaign, version.title, now, tz)
    if refusal is not None:
        return refusal
    if campaign.unit != "comune":
        raise StaleAction("q_step")
    await units.take_over(session, person, inv, campaign, version, comune_id, now=now, tz=tz)
    return await resume(session, person, inv.response_id, now=now)


async def peek(session: AsyncSession, person: Person | None, campaign_id: int, *, now: datetime,
               tz: ZoneInfo, error: str | None = None) -> Reply:
    """What a GET of the web page shows, changing nothing: the step a started response is at, else the
    introduction with «Rispondi» (its POST starts, as the chat's button does). A link fetched by a mail
    scanner or a preview thus neither starts a response nor takes a comune's share."""
    person = await _allowed(session, person, campaign_id)
    inv, campaign, version = await _invitation(session, person, campaign_id, lock=False)
    if campaign.unit == "person" and inv.status == "completed":
        return Reply(render(T.ALREADY_DONE, title=version.title))
    refusal = state.gate(campaign, version.title, now, tz)
    if refusal is not None:
        return refusal
    st = await state.load(session, person.id, inv.response_id) if inv.response_id else None
    if st is not None and st.resp.status == "started" and (st.current is not None or
                                                           flow.first_open(st.d, st.rows) is None):
        return await state.render_state(session, st, intro=not st.rows, error=error)
    return views.start(registry.definition_of(version), campaign_id, per_comune=campaign.unit == "comune", error=error)


async def show(session: AsyncSession, person: Person | None, campaign_id: int, *, error: str, now: datetime,
               tz: ZoneInfo) -> Reply:
    """The page as it stands (nothing moves, nothing starts), with a message: the web's answer to a refused
    form."""
    return await peek(session, person, campaign_id, now=now, tz=tz, error=error)


async def submit_form(session: AsyncSession, person: Person | None, campaign_id: int, pressed: cb.Press | None,
                      rev: int | None, *, text: str | None = None, other: str | None = None,
                      chosen: list[int] | None = None, now: datetime, tz: ZoneInfo) -> Reply:
    """One form of the web page, through the chat's own steps: `pressed` is the verb of the button or
    choice (the chat's step data, with its revision), `text` a typed answer or search (for the step of
    revision `rev`), `chosen` the ticked boxes of a multiple choice, `other` the text of «Altro» sent with
    it. A verb of another campaign than the link's, or of another revision, is stale."""
    if isinstance(pressed, cb.Open) and pressed.campaign == campaign_id:
        return await open_campaign(session, person, campaign_id, pressed.comune, now=now, tz=tz)
    if isinstance(pressed, cb.TakeOver) and pressed.campaign == campaign_id:
        return await take_over(session, person, campaign_id, pressed.comune, now=now, tz=tz)
    if isinstance(pressed, cb.Step) and pressed.campaign == campaign_id:
        st = await _step_state(session, person, campaign_id, pressed.rev, now=now, tz=tz)
        if isinstance(st, Reply):
            return st
        if pressed.act == "c" and chosen is not None and st.current is not None \
                and st.current.type not in ("comune", "service"):
            await choose(session, st, chosen, now=now)
        reply = await ACTIONS[pressed.act](session, st, pressed.arg, now=now)
        if reply.notice_only:  # a selection refused (too few, too many): the page says why
            return await state.render_state(session, st, error=plain(reply.toast or reply.text))
        if other is not None and other.strip() and st.current is not None and (st.resp.draft or {}).get("other"):
            return await apply_text(session, st, other, now=now)
        return reply
    if pressed is None and rev is not None and text is not None:
        st = await _step_state(session, person, campaign_id, rev, now=now, tz=tz)
        if isinstance(st, Reply):
            return st
        return await apply_text(session, st, text[:4000], now=now)
    raise StaleAction("q_step")
