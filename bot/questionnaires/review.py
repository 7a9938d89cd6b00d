"""Reviewing and applying the coverage a questionnaire's responses propose (bot/questionnaires/proposals.py).

The use cases the chat (/proposte) and the command line (`zobot catalogue proposals|review|apply`) share,
one transaction each, the policy asked first in the chat (the command line is the operator's own):
- `diff`: every proposal of a campaign, grouped by service, compared with the coverage now;
- `decide`: accept or reject some (or all pending) proposals; audited;
- `apply`: write the accepted ones, with their source, in one transaction that bumps the catalogue
  version (every answer changes at once); `dry_run` says what would happen and writes nothing.
A proposal whose place has a different record than when the PO answered (a newer manual record) is a
conflict: shown, never overwritten. Of two accepted proposals for the same service and place, the later
response wins and the earlier is "superseded".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import timefmt
from bot.catalogue import coverage, version
from bot.catalogue.coverage import Scope
from bot.catalogue.models import Office, Service
from bot.errors import NotFound, StaleAction
from bot.people import audit, policy
from bot.people.models import Person
from bot.people.who import Who
from bot.questionnaires.models import Campaign, CoverageProposal, QuestionnaireVersion
from bot.texts import curation as CT
from bot.texts import render

ACTION = "review_proposals"


@dataclass
class Item:
    """One proposal as the organiser sees it now."""

    proposal: CoverageProposal
    service: str
    place: str
    office: str | None
    current: str | None  # the real record now (None: none)
    current_source: str | None
    state: str  # pending | accepted | rejected | applied | unchanged | conflict | superseded | blocked

    @property
    def id(self) -> int:
        return self.proposal.id

    @property
    def conflict(self) -> bool:
        """The record changed after the PO answered, and not to what they propose."""
        p = self.proposal
        return p.outcome is None and self.current != p.old_status and self.current != p.new_status


@dataclass
class Diff:
    campaign_id: int
    title: str
    items: list[Item] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for i in self.items if i.state == state)


@dataclass
class ApplyReport:
    dry_run: bool
    outcomes: dict[str, list[Item]] = field(default_factory=dict)  # applied | unchanged | conflict | …

    def of(self, outcome: str) -> list[Item]:
        return self.outcomes.get(outcome, [])


async def actor_of(session: AsyncSession, who: Who) -> Person:
    """The organiser acting; NotAllowed for anyone else (before anything is read)."""
    person = await who.person(session)
    policy.require(person, ACTION)
    return person


async def campaigns(session: AsyncSession) -> list[tuple[int, str, int, int]]:
    """(campaign id, title, proposals, pending) of every campaign with proposals, newest first."""
    pending = func.sum(case((CoverageProposal.decision == "pending", 1), else_=0))
    rows = await session.execute(
        select(Campaign.id, QuestionnaireVersion.title, func.count(CoverageProposal.id), pending)
        .join(CoverageProposal, CoverageProposal.campaign_id == Campaign.id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Campaign.version_id)
        .group_by(Campaign.id, QuestionnaireVersion.title).order_by(Campaign.id.desc()))
    return [(cid, title, total, int(waiting or 0)) for cid, title, total, waiting in rows.all()]


async def _title(session: AsyncSession, campaign_id: int) -> str:
    title = await session.scalar(select(QuestionnaireVersion.title).join(
        Campaign, Campaign.version_id == QuestionnaireVersion.id).where(Campaign.id == campaign_id))
    if title is None:
        raise NotFound("proposals_campaign", campaign_id)
    return title


async def diff(session: AsyncSession, campaign_id: int) -> Diff:
    """Every proposal of the campaign, by service then place, with the coverage now; NotFound: no campaign."""
    result = Diff(campaign_id, await _title(session, campaign_id))
    rows = (await session.execute(
        select(CoverageProposal, Service.name, Office.name).join(Service, Service.id == CoverageProposal.service_id)
        .outerjoin(Office, Office.id == CoverageProposal.office_id)
        .where(CoverageProposal.campaign_id == campaign_id)
        .order_by(Service.name, CoverageProposal.scope_key, CoverageProposal.submitted_at, CoverageProposal.id))).all()
    current = await coverage.real(session, sorted({p.service_id for p, _, _ in rows}))
    places = await coverage.place_names(session, {p.scope_key for p, _, _ in rows})
    for p, service, office in rows:
        row = current.get((p.service_id, p.scope_key))
        result.items.append(Item(p, service, places[p.scope_key], office, row.status if row else None,
                                 row.source if row else None, p.outcome or p.decision))
    return result


async def decide(session: AsyncSession, actor: Person | str, campaign_id: int, *, accept: list[int] = (),
                 reject: list[int] = (), accept_all: bool = False, now: datetime) -> dict[str, list[int]]:
    """Record decisions (StaleAction for ids not of this campaign or already applied); audited."""
    if isinstance(actor, Person):
        policy.require(actor, ACTION)
    await _title(session, campaign_id)
    wanted = {i: "accepted" for i in accept} | {i: "rejected" for i in reject}
    query = select(CoverageProposal).where(CoverageProposal.campaign_id == campaign_id).with_for_update()
    found = {p.id: p for p in await session.scalars(query)}
    if accept_all:
        wanted |= {pid: "accepted" for pid, p in found.items() if p.decision == "pending" and p.outcome is None}
    if any(pid not in found or found[pid].outcome is not None for pid in wanted):
        raise StaleAction("proposal", *[pid for pid in wanted if pid not in found or found[pid].outcome is not None])
    done: dict[str, list[int]] = {"accepted": [], "rejected": []}
    for pid, decision in sorted(wanted.items()):
        p = found[pid]
        p.decision, p.decided_at = decision, now
        p.decided_by = actor.id if isinstance(actor, Person) else None
        done[decision].append(pid)
    if wanted:
        await audit.record(session, actor, "catalogue.proposals.decide", f"campaign:{campaign_id}", done, now=now)
    return done


async def apply(session: AsyncSession, actor: Person | str, campaign_id: int, *, now: datetime, tz: ZoneInfo,
                dry_run: bool = False) -> ApplyReport:
    """Apply the accepted proposals not yet applied (dry_run: only say what would happen)."""
    if isinstance(actor, Person):
        policy.require(actor, ACTION)
    found = await diff(session, campaign_id)
    report = ApplyReport(dry_run)
    todo = [i for i in found.items if i.proposal.decision == "accepted" and i.proposal.outcome is None]
    todo.sort(key=lambda i: (i.proposal.submitted_at, i.proposal.id))  # ids: the order they were made
    last = {(i.proposal.service_id, i.proposal.scope_key): i for i in todo}
    services = {s.id: s for s in await session.scalars(select(Service).where(
        Service.id.in_({i.proposal.service_id for i in todo})))} if todo else {}
    for item in todo:
        p = item.proposal
        if last[(p.service_id, p.scope_key)] is not item:
            outcome = "superseded"
        elif item.current == p.new_status:
            outcome = "unchanged"
        elif item.conflict:
            outcome = "conflict"
        elif p.new_status == "attivato" and services[p.service_id].status == "proposto":
            outcome = "blocked"  # the catalogue lists the service as only proposed: fix the service first
        else:
            outcome = "applied"
            if not dry_run:
                await _write(session, actor, services[p.service_id], item, found.title, now=now, tz=tz)
                item.current = p.new_status
        report.outcomes.setdefault(outcome, []).append(item)
        if not dry_run:
            p.outcome, p.applied_at = outcome, now
            item.state = outcome
    if not dry_run and todo:
        if report.of("applied"):
            await version.bump(session)  # every instance's cached answers are now out of date
        await audit.record(session, actor, "catalogue.proposals.apply", f"campaign:{campaign_id}",
                           {k: [i.id for i in v] for k, v in sorted(report.outcomes.items())}, now=now)
    return report


def source_of(title: str, office: str | None, submitted_at: datetime, tz: ZoneInfo) -> str:
    """«questionario X, risposta di <ufficio> del <data>»: the source a record applied from a response keeps."""
    return render(CT.SOURCE_QUESTIONNAIRE, title=title, office=office or "PO senza ufficio",
                  date=timefmt.day(submitted_at, tz))


async def _write(session, actor, service: Service, item: Item, title: str, *, now: datetime, tz: ZoneInfo) -> None:
    p = item.proposal
    source = str(source_of(title, item.office, p.submitted_at, tz))
    if p.new_status is None:
        await coverage.end(session, service, p.scope_key, source=source, actor=actor, now=now)
        return
    scope = Scope(p.scope_key, p.zone_id, p.comune_id, item.place)
    await coverage.write(session, service, scope, p.new_status, since=p.since, note=p.note, source=source,
                         recorded_by=item.office or "Città Metropolitana di Milano", actor=actor, now=now)
