"""A respondent's state loaded under a row lock, and the few ways it changes (each bumps `rev`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue.models import Comune
from bot.questionnaires import flow, picker, proposals, registry, units, views
from bot.questionnaires.definition import CATALOGUE_TYPES, Definition, Question
from bot.questionnaires.models import Answer, Campaign, ComuneShare, Invitation, QuestionnaireVersion, Response
from bot.reply import Reply
from bot.texts import questionnaires as T
from bot.texts import render


@dataclass
class State:
    resp: Response
    inv: Invitation
    campaign: Campaign
    d: Definition
    rows: dict[str, Answer]
    share: ComuneShare | None = None  # a per-comune campaign: the comune this response answers for

    @property
    def current(self) -> Question | None:
        return self.d.question(self.resp.cursor) if self.resp.cursor else None


async def load(session: AsyncSession, person_id: int, response_id: int) -> State | None:
    """The response (locked for update) if it belongs to this person, else None."""
    resp = await session.scalar(select(Response).where(Response.id == response_id).with_for_update())
    if resp is None:
        return None
    inv = await session.scalar(select(Invitation).where(Invitation.response_id == response_id,
                                                        Invitation.person_id == person_id))
    if inv is None:
        return None
    campaign = await session.get(Campaign, resp.campaign_id)
    version = await session.get(QuestionnaireVersion, resp.version_id)
    answers = await session.scalars(select(Answer).where(Answer.response_id == response_id))
    share = await session.get(ComuneShare, response_id) if campaign.unit == "comune" else None
    return State(resp, inv, campaign, registry.definition_of(version), {a.question_id: a for a in answers}, share)


def gate(campaign: Campaign, title: str, now: datetime, tz: ZoneInfo) -> Reply | None:
    """A polite refusal when the campaign is not open, else None."""
    if now >= campaign.closes_at:
        return Reply(render(T.CLOSED, title=title, closed=timefmt.day_at(campaign.closes_at, tz)))
    if now < campaign.opens_at:
        return Reply(render(T.NOT_OPEN, title=title, opens=timefmt.day_at(campaign.opens_at, tz)))
    return None


def touch(st: State, now: datetime, message_id: int | None = None) -> None:
    """Record activity: the chat message a typed answer came in (so a redelivery of it is a no-op: message
    ids only grow within a chat, unlike update ids) and the invitation's status."""
    if message_id:
        st.resp.last_message_id = max(st.resp.last_message_id or 0, message_id)
    st.inv.touched_at = now
    if st.share is not None:  # a comune's shared response: its holder's progress
        st.share.held_at = now
    if st.inv.status in ("invited", "opted_out"):
        st.inv.status = "started"


def set_draft(st: State, draft: dict) -> None:
    st.resp.draft = draft
    st.resp.rev += 1


def move(st: State, q: Question | None) -> None:
    """Show q next (None: the summary), its draft seeded from any earlier answer."""
    st.resp.cursor = q.id if q else None
    draft: dict[str, Any] = {"q": q.id} if q else {}
    row = st.rows.get(q.id) if q else None
    if q is not None and q.is_multi and row is not None and row.value:
        draft["sel"] = list(row.value)
        if q.type in CATALOGUE_TYPES:
            draft["names"] = dict(zip(row.value, row.labels or row.value))
    set_draft(st, draft)


async def save(session: AsyncSession, st: State, q: Question, value: Any, *, now: datetime,
               message_id: int | None = None, other: str | None = None, labels: list[str] | None = None) -> None:
    """Write the answer (one row per question, replaced on change) and move on."""
    row = st.rows.get(q.id)
    if row is None:
        row = Answer(response_id=st.resp.id, question_id=q.id)
        session.add(row)
        st.rows[q.id] = row
    row.value, row.other_text, row.labels = value, other, labels
    row.source_message_id, row.answered_at = message_id, now
    touch(st, now, message_id)
    move(st, flow.after(st.d, q.id, st.rows))
    await session.flush()


def day_of(moment: datetime) -> datetime:
    """The UTC midnight of a moment: what an anonymous invitation keeps of its completion time."""
    return moment.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


async def submit(session: AsyncSession, st: State, now: datetime) -> None:
    """Complete the response; answers of questions no longer shown go; anonymous ones are unlinked; a
    questionnaire bound to the catalogue gets its proposals (bot/questionnaires/proposals.py).

    Anonymous: the invitation keeps its completion flag (no duplicate, no more reminders) and the day;
    the response and its answers keep no time, no update id and no link back (their keys are random)."""
    shown = {q.id for q in flow.visible(st.d, st.rows)}
    hidden = [qid for qid in st.rows if qid not in shown]
    if hidden:
        await session.execute(delete(Answer).where(Answer.response_id == st.resp.id, Answer.question_id.in_(hidden)))
    st.resp.status, st.resp.cursor, st.resp.draft = "completed", None, {}
    st.resp.rev += 1
    st.inv.status = "completed"
    st.inv.touched_at = now
    if st.d.anonymous:
        for row in st.rows.values():
            row.source_message_id, row.answered_at = None, None
        st.inv.response_id = None
        st.inv.touched_at = day_of(now)
        st.resp.submitted_at, st.resp.last_message_id, st.resp.rev = None, 0, 0  # alike for every respondent
    else:
        st.resp.submitted_at = now
        if st.share is not None:  # the referent may answer for another comune of theirs next
            st.inv.response_id, st.inv.status = None, "started"
            await session.flush()
            await units.settle(session, st.campaign)
        if st.d.binding is not None:  # the catalogue's proposals exist exactly when the response is complete
            await proposals.propose(session, st.d, campaign_id=st.campaign.id, response_id=st.resp.id,
                                    person_id=st.inv.person_id, now=now,
                                    rows={qid: row for qid, row in st.rows.items() if qid in shown})
    await session.flush()


async def render_state(session: AsyncSession, st: State, *, intro: bool = False, error: str | None = None) -> Reply:
    """What the respondent sees of where they are now."""
    q = st.current
    if q is None:
        return views.summary(st.d, st.resp, st.rows)
    options = await picker.entries(session, "zona") if q.type == "zona" else None
    comune = await session.scalar(select(Comune.name).where(Comune.id == st.share.comune_id)) \
        if intro and st.share is not None else None
    return views.question(st.d, st.resp, q, st.rows, options=options, intro=intro, error=error, comune=comune)
