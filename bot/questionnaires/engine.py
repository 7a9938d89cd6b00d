"""The one generic step engine: any questionnaire, walked from the database at every step.

Each call runs inside the caller's transaction and returns the view to show; the handler sends it
only after the commit, so a respondent never sees an acknowledgement of an unsaved answer.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people import policy
from bot.people.models import Person
from bot.questionnaires import flow, picker, state, validate
from bot.questionnaires.definition import TYPED_INPUT
from bot.questionnaires.models import Campaign, Invitation, QuestionnaireVersion, Response
from bot.questionnaires.steps import ACTIONS
from bot.questionnaires.views import View
from bot.texts import common, render
from bot.texts import questionnaires as T

ROME = state.ROME
TYPING_WINDOW = timedelta(hours=6)


async def _invitation(session: AsyncSession, person: Person, campaign_id: int, *, lock: bool):
    """(invitation, campaign, version) of a person still to answer, or the View that says why not."""
    query = select(Invitation).where(Invitation.campaign_id == campaign_id, Invitation.person_id == person.id)
    inv = await session.scalar(query.with_for_update() if lock else query)
    campaign = await session.get(Campaign, campaign_id)
    if inv is None or campaign is None:
        return View(T.NOT_INVITED)
    version = await session.get(QuestionnaireVersion, campaign.version_id)
    if inv.status == "completed":
        return View(render(T.ALREADY_DONE, title=version.title))
    return inv, campaign, version


async def open_campaign(session: AsyncSession, person: Person, campaign_id: int, *, now: datetime,
                        update_id: int | None = None, tz: ZoneInfo = ROME) -> View:
    """Start, or resume exactly at the first unanswered question (invited and still in the audience)."""
    if not await policy.may_answer(session, person, campaign_id):
        policy.note_refusal(person, "answer_questionnaire")
        return View(T.NOT_INVITED)
    found = await _invitation(session, person, campaign_id, lock=True)
    if isinstance(found, View):
        return found
    inv, campaign, version = found
    refusal = state.gate(campaign, version.title, now, tz)
    if refusal is not None:
        return refusal
    if inv.response_id is None:
        resp = Response(campaign_id=campaign.id, version_id=campaign.version_id, status="started",
                        draft={}, rev=0, last_update_id=0)
        session.add(resp)
        await session.flush()
        inv.response_id = resp.id
        await session.flush()
    st = await state.load(session, person.id, inv.response_id)
    state.touch(st, now, None)
    state.move(st, flow.first_open(st.d, st.rows))
    await session.flush()
    return await state.render_state(session, st, intro=not st.rows)


def parse(data: str) -> tuple[int, int, str, int | None] | None:
    """`q:<campaign>:<rev>:<action>[:<arg>]` → its parts, or None if malformed."""
    parts = data.split(":")
    if len(parts) not in (4, 5) or parts[0] != "q":
        return None
    cid, rev = policy.valid_id(parts[1]), policy.valid_id(parts[2], minimum=0)
    arg = policy.valid_id(parts[4], minimum=0) if len(parts) == 5 else None
    if cid is None or rev is None or (len(parts) == 5 and arg is None):
        return None
    return cid, rev, parts[3], arg


async def press(session: AsyncSession, person: Person, data: str, *, now: datetime, update_id: int | None,
                tz: ZoneInfo = ROME) -> View:
    """A button of an answering step; old or repeated presses change nothing."""
    parsed = parse(data)
    if parsed is None:
        return View(toast=T.STALE)
    cid, rev, act, arg = parsed
    if not await policy.may_answer(session, person, cid):  # not invited, or no longer in the audience
        policy.refuse(person, "answer_questionnaire")
    inv = await session.scalar(select(Invitation).where(Invitation.campaign_id == cid,
                                                        Invitation.person_id == person.id))
    if inv is not None and inv.status == "completed" and inv.response_id is None:  # anonymous, sent
        version = await session.get(QuestionnaireVersion, (await session.get(Campaign, cid)).version_id)
        return View(toast=render(T.ALREADY_DONE, title=version.title))
    st = await state.load(session, person.id, inv.response_id) if inv and inv.response_id else None
    if st is None or act not in ACTIONS:
        return View(toast=T.STALE)
    if update_id and update_id <= st.resp.last_update_id:
        return View()  # redelivered update: already applied
    if st.resp.status == "completed":
        return View(toast=render(T.ALREADY_DONE, title=st.d.title))
    refusal = state.gate(st.campaign, st.d.title, now, tz)
    if refusal is not None:
        return refusal
    if rev != st.resp.rev:
        return View(toast=T.STALE)
    return await ACTIONS[act](session, st, arg, now=now, update_id=update_id)


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


async def typed(session: AsyncSession, person: Person, text: str, *, now: datetime, update_id: int | None,
                tz: ZoneInfo = ROME) -> View | None:
    """A typed answer, or None when the person's current step does not wait for typing."""
    rid = await active(session, person.id, now)
    if rid and not await policy.may_answer_response(session, person, rid):
        return await _no_longer_allowed(session, person, rid)
    st = await state.load(session, person.id, rid) if rid else None
    if st is None or st.resp.status != "started" or st.current is None:
        return None
    q, draft = st.current, st.resp.draft or {}
    if draft.get("other") is None and q.type not in TYPED_INPUT:
        return None
    if update_id and update_id <= st.resp.last_update_id:
        return View()
    refusal = state.gate(st.campaign, st.d.title, now, tz)
    if refusal is not None:
        return refusal
    try:
        if draft.get("other") is not None:
            other = validate.text(q, text, max_length=200)
            value = draft["other"] if not q.is_multi else list(draft.get("sel") or [])
            await state.save(session, st, q, value, other=other, now=now, update_id=update_id)
        elif q.type == "text":
            await state.save(session, st, q, validate.text(q, text), now=now, update_id=update_id)
        elif q.type == "number":
            await state.save(session, st, q, validate.number(q, text), now=now, update_id=update_id)
        elif q.type == "date":
            await state.save(session, st, q, validate.a_date(q, text), now=now, update_id=update_id)
        else:
            return await _search(session, st, text, now=now, update_id=update_id)
    except validate.Invalid as exc:
        return await state.render_state(session, st, error=exc.message)
    return await state.render_state(session, st)


async def _no_longer_allowed(session: AsyncSession, person: Person, response_id: int) -> View:
    """A revoked member typing an answer: refused once, and the invitation set aside (no reminders, and
    typed text is a catalogue question again); it resumes if the role comes back and they open it."""
    policy.note_refusal(person, "answer_questionnaire")
    inv = await session.scalar(select(Invitation).where(Invitation.response_id == response_id,
                                                        Invitation.person_id == person.id))
    if inv is not None:
        inv.status = "opted_out"
    return View(common.NOT_ALLOWED)


async def _search(session: AsyncSession, st: state.State, text: str, *, now: datetime, update_id: int | None) -> View:
    q = st.current
    found = await picker.search(session, q.type, text[:100])
    if not found:
        return await state.render_state(session, st, error=render(T.NO_MATCH, query=text[:60]))
    exact = [f for f in found if picker.normalise(f[1]) == picker.normalise(text)]
    if len(exact) == 1:
        from bot.questionnaires.steps import pick
        return await pick(session, st, exact[0], now=now, update_id=update_id)
    state.touch(st, now, update_id)
    state.set_draft(st, {**(st.resp.draft or {}), "cands": [list(f) for f in found], "query": text[:60]})
    return await state.render_state(session, st)


async def opt_out(session: AsyncSession, person: Person, campaign_id: int, *, now: datetime) -> View:
    """The person asks for no more reminders of this campaign."""
    found = await _invitation(session, person, campaign_id, lock=False)
    if isinstance(found, View):
        return found
    inv, _campaign, version = found
    inv.status = "opted_out"
    return View(render(T.OPTED_OUT, title=version.title))


