"""One campaign as the organisers' web page shows it: the results, the figures by zone, role and comune, who
has not finished and how many a «Sollecita ora» would reach. Plain data: the page renders it; the chat shows
the same figures through its filters (report.py) and follow-up screens (followup.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune, Zone
from bot.people.models import ROLES, PersonComune
from bot.questionnaires import campaigns, followup
from bot.questionnaires.campaigns import STATUSES, Progress
from bot.questionnaires.models import Invitation
from bot.questionnaires.results import Results


@dataclass(frozen=True)
class Row:
    """One line of a breakdown table: a zone, a role or a comune, and its figures."""

    label: str
    progress: Progress


@dataclass
class Overview:
    results: Results
    open: bool
    by_zone: list[Row] = field(default_factory=list)  # empty for anonymous questionnaires (as the chat's filters)
    by_role: list[Row] = field(default_factory=list)
    by_comune: list[Row] = field(default_factory=list)
    waiting: list[followup.Waiting] = field(default_factory=list)  # names; anonymous: statuses only
    comuni: followup.ComuniWaiting | None = None  # a per-comune campaign: what is waited for is comuni
    nudge: str = ""  # the reminder's text (Telegram HTML, as the chat's preview shows it)
    remind_count: int = 0  # how many «Sollecita ora» would reach now
    nonce: str = ""  # a second press of the same form queues nothing more (as the chat's button)
    via: dict[int, str] = field(default_factory=dict)  # person id -> how the campaign reached them (telegram | email)

    @property
    def not_started(self) -> list[followup.Waiting]:
        return [w for w in self.waiting if w.status == "invited"]

    @property
    def started(self) -> list[followup.Waiting]:
        return [w for w in self.waiting if w.status == "started"]


async def by_zone(session: AsyncSession, campaign_id: int) -> list[Row]:
    """The figures of each zone with someone invited (people count in every zone of their comuni)."""
    zones = (await session.execute(
        select(Zone.id, Zone.name).where(Zone.id.in_(
            select(Comune.zone_id).join(PersonComune, PersonComune.comune_id == Comune.id)
            .join(Invitation, Invitation.person_id == PersonComune.person_id)
            .where(Invitation.campaign_id == campaign_id))).order_by(Zone.name))).all()
    return [Row(name, await campaigns.progress(session, campaign_id, zone_id=zid)) for zid, name in zones]


async def by_role(session: AsyncSession, campaign_id: int) -> list[Row]:
    """The figures of each role with someone invited."""
    rows = [Row(role, await campaigns.progress(session, campaign_id, role=role)) for role in ROLES]
    return [r for r in rows if r.progress.total]


async def by_comune(session: AsyncSession, campaign_id: int) -> list[Row]:
    """The invitations of the people of each comune, by status (a referent of two comuni counts in both)."""
    found = (await session.execute(
        select(Comune.name, Invitation.status, func.count()).join(PersonComune, PersonComune.comune_id == Comune.id)
        .join(Invitation, Invitation.person_id == PersonComune.person_id)
        .where(Invitation.campaign_id == campaign_id).group_by(Comune.name, Invitation.status))).all()
    counts: dict[str, dict[str, int]] = {}
    for name, status, n in found:
        counts.setdefault(name, {})[status] = n
    return [Row(name, Progress(*(counts[name].get(s, 0) for s in STATUSES))) for name in sorted(counts)]
