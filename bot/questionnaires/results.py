"""Results of a campaign: response rate, counts per question, grouped free text, rows for export."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune
from bot.people.models import Person
from bot.questionnaires import campaigns, grouping, registry, units
from bot.questionnaires.definition import CATALOGUE_TYPES, Definition, Question
from bot.questionnaires.models import Answer, Campaign, ComuneShare, Invitation, QuestionnaireVersion, Response
from bot.questionnaires.views import show_answer


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # label, count; for charts
    texts: list[tuple[str, str | None]] = field(default_factory=list)  # free text (and "Altro"), with name
    numbers: list[float] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, int]]:
        return [(g.label, g.count) for g in self.text_groups]

    @property
    def text_groups(self) -> list[grouping.Group]:
        """The groups with the positions of their raw answers in `texts`."""
        return grouping.group_answers([t for t, _ in self.texts])

    def percent(self, count: int) -> str:
        return f"{count / self.answered:.0%}" if self.answered else "0%"


@dataclass
class Record:
    """One completed response, for the export (name and role only where allowed)."""

    response_id: int
    submitted_at: datetime | None
    name: str | None
    role: str | None
    answers: dict[str, Answer]
    comune: str | None = None  # a per-comune campaign: the comune the response answers for


@dataclass
class Results:
    campaign: Campaign
    definition: Definition
    progress: campaigns.Progress
    questions: list[QuestionResult]
    records: list[Record]
    named: bool
    comuni_asked: int = 0  # a per-comune campaign: the comuni it asks about (of the zone filtered by)
    comuni_started: int = 0

    @property
    def completed(self) -> int:
        return len(self.records)

    @property
    def per_comune(self) -> bool:
        return self.campaign.unit == "comune"


def group_texts(texts: list[str]) -> list[tuple[str, int]]:
    """Answers with the same meaning or near-identical spelling together, with counts, most frequent
    first (the rules: `bot.questionnaires.grouping`)."""
    return [(g.label, g.count) for g in grouping.group_answers(texts)]


async def compute(session: AsyncSession, campaign_id: int, *, zone_id: int | None = None, role: str | None = None,
                  named: bool = False) -> Results | None:
    """Everything organisers see; filters apply to named questionnaires only, and to the figures too (the
    invitations of that zone or role). A per-comune campaign counts comuni: one record per comune."""
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        return None
    d = registry.definition_of(await session.get(QuestionnaireVersion, campaign.version_id))
    named = named and not d.anonymous
    if d.anonymous:
        zone_id = role = None
    if campaign.unit == "comune":
        query = (select(Response.id, Response.submitted_at, Person.name, Person.role, Comune.name)
                 .join(ComuneShare, ComuneShare.response_id == Response.id)
                 .join(Comune, Comune.id == ComuneShare.comune_id).outerjoin(Person, Person.id == ComuneShare.held_by)
                 .where(Response.campaign_id == campaign_id, Response.status == "completed")
                 .order_by(Comune.name))
        if zone_id is not None:
            query = query.where(Comune.zone_id == zone_id)
    else:
        query = (select(Response.id, Response.submitted_at, Person.name, Person.role, literal(None))
                 .outerjoin(Invitation, Invitation.response_id == Response.id)
                 .outerjoin(Person, Person.id == Invitation.person_id)
                 .where(Response.campaign_id == campaign_id, Response.status == "completed")
                 .order_by(Response.submitted_at.asc().nulls_last(), Invitation.id.asc().nulls_last(),
                           Response.id))  # anonymous ones have neither: random key order
        if zone_id is not None:
            query = query.where(Person.id.in_(campaigns.in_zone(zone_id)))
    if role is not None:
        query = query.where(Person.role == role)
    heads = (await session.execute(query)).all()
    ids = [h[0] for h in heads]
    answers: dict[int, dict[str, Answer]] = {i: {} for i in ids}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for a in await session.scalars(select(Answer).where(Answer.response_id.in_(chunk))):
            answers[a.response_id][a.question_id] = a
    records = [Record(i, at, name if named else None, r if named else None, answers[i], comune)
               for i, at, name, r, comune in heads]
    result = Results(campaign, d, await campaigns.progress(session, campaign_id, zone_id, role),
                     [_tally(q, records) for q in d.questions], records, named)
    if campaign.unit == "comune":
        result.comuni_asked = await units.asked(session, campaign, zone_id)
        started = select(func.count(Response.id)).join(ComuneShare, ComuneShare.response_id == Response.id) \
            .join(Comune, Comune.id == ComuneShare.comune_id).where(
            Response.campaign_id == campaign_id, Response.status == "started")
        result.comuni_started = await session.scalar(
            started.where(Comune.zone_id == zone_id) if zone_id is not None else started) or 0
    return result


def _tally(q: Question, records: list[Record]) -> QuestionResult:
    result = QuestionResult(q)
    counter: Counter = Counter()
    for rec in records:
        row = rec.answers.get(q.id)
        if row is None or row.value is None:
            continue
        result.answered += 1
        value = row.value
        if row.other_text:
            result.texts.append((row.other_text, rec.name))
        if q.type == "text":
            result.texts.append((value, rec.name))
        elif q.type == "number":
            result.numbers.append(value)
            counter[show_answer(q, row)] += 1
        elif q.type in CATALOGUE_TYPES:
            counter.update(row.labels or (value if isinstance(value, list) else [value]))
        elif q.type == "multiple":
            counter.update(value)
        elif q.type == "date":
            counter[show_answer(q, row)] += 1
        else:
            counter[str(value)] += 1
    if q.options():
        result.counts = [(c.label, counter.get(c.value, 0)) for c in q.options()]
    elif q.type != "text":
        result.counts = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return result
