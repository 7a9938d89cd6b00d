"""Audiences as rules: who an announcement, a campaign or a tavolo is for, evaluated when they act.

A rule names a group, never a list taken once: "all PO", "the referents of zone X", "the referents of
comuni A, B", "the PO of theme T", "these people", "the participants of tavolo N", or a union of rules.
It is stored as JSON (`to_json`/`from_json`) and applied each time it is used (`resolve`, `includes`,
`members`), so a referent who joins later is in it and a revoked or erased person is out of every
audience at once: only people with a role are ever members («Tutte le persone registrate» means people
with a role), and only those with a private chat are reachable in the chat.

The API others build on (questionnaires, tavoli): `Audience(kind, …)`, `Audience.union(…)`, `to_json`,
`from_json`, `resolve`, `includes`, `members`, `KINDS`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune, Service, Theme, Zone
from bot.outbox import recipients
from bot.people.models import Person, PersonComune

KINDS = ("everyone", "all_po", "all_referents", "zone_referents", "comuni_referents", "theme_po", "people", "tavolo",
         "union")


@dataclass(frozen=True)
class Audience:
    """One rule (see the module's docstring). `comune_codes` are ISTAT codes (kind "comuni_referents"),
    `parts` the rules of a union."""

    kind: str
    zone_code: str | None = None
    theme_code: str | None = None
    person_ids: tuple[int, ...] = field(default_factory=tuple)
    tavolo_id: int | None = None  # kind "tavolo": the participants of that tavolo di lavoro
    comune_codes: tuple[str, ...] = field(default_factory=tuple)
    parts: tuple["Audience", ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        needs = {"zone_referents": self.zone_code, "theme_po": self.theme_code, "comuni_referents": self.comune_codes,
                 "union": self.parts}
        if self.kind not in KINDS:
            raise ValueError(f"unknown audience kind {self.kind!r}")
        if self.kind in needs and not needs[self.kind]:
            raise ValueError(f"{self.kind} needs its {'parts' if self.kind == 'union' else 'codes'}")
        if self.kind == "tavolo" and self.tavolo_id is None:
            raise ValueError("tavolo needs tavolo_id")

    @classmethod
    def union(cls, *rules: "Audience") -> "Audience":
        """Everyone in any of the rules (nested unions flattened, repeats dropped; one rule stays itself)."""
        flat: list[Audience] = []
        for rule in rules:
            for part in (rule.parts if rule.kind == "union" else (rule,)):
                if part not in flat:
                    flat.append(part)
        if not flat:
            raise ValueError("a union needs at least one rule")
        return flat[0] if len(flat) == 1 else cls("union", parts=tuple(flat))

    def rules(self) -> tuple["Audience", ...]:
        """The rules this audience joins (itself, unless a union)."""
        return self.parts if self.kind == "union" else (self,)


def to_json(audience: Audience) -> dict:
    """The rule as stored with a draft, campaign or tavolo (only the fields it uses)."""
    data: dict = {"kind": audience.kind}
    for name in ("zone_code", "theme_code", "tavolo_id"):
        if getattr(audience, name) is not None:
            data[name] = getattr(audience, name)
    if audience.person_ids:
        data["person_ids"] = list(audience.person_ids)
    if audience.comune_codes:
        data["comune_codes"] = list(audience.comune_codes)
    if audience.parts:
        data["parts"] = [to_json(p) for p in audience.parts]
    return data


def from_json(data: dict | None) -> Audience:
    """The rule stored with a campaign, draft or tavolo (JSON: lists for tuples, unknown keys ignored)."""
    data = dict(data or {})
    known = {k: data[k] for k in ("kind", "zone_code", "theme_code", "tavolo_id") if data.get(k) is not None}
    return Audience(**known, person_ids=tuple(data.get("person_ids") or ()),
                    comune_codes=tuple(data.get("comune_codes") or ()),
                    parts=tuple(from_json(p) for p in data.get("parts") or ()))


async def resolve(session: AsyncSession, audience: Audience) -> list[Person]:
    """Members of the audience reachable on some channel (a private chat with the bot, or a working e-mail
    address: bot/people/channels.py), ordered by id."""
    return list((await session.scalars(select(Person).where(reachable(), condition(audience))
                                       .order_by(Person.id))).all())


async def members(session: AsyncSession, audience: Audience) -> list[Person]:
    """Every member of the audience, reachable in the chat or not (other channels), ordered by id."""
    return list((await session.scalars(select(Person).where(condition(audience)).order_by(Person.id))).all())


async def includes(session: AsyncSession, audience: Audience, person_id: int) -> bool:
    """True if the person is (still) in the audience and reachable: the rule of `resolve`, for one person."""
    found = await session.scalar(select(Person.id).where(Person.id == person_id, reachable(), condition(audience)))
    return found is not None


def reachable():
    """SQL condition on `people`: reachable on some channel, the chat or e-mail (bot/outbox/recipients.py)."""
    return recipients.reachable()


def condition(audience: Audience):
    """SQL condition on `people`: a member of the audience now (a role, not erased, and the rule)."""
    return and_(Person.role.is_not(None), Person.erased_at.is_(None), or_(*(_rule(r) for r in audience.rules())))


def _rule(rule: Audience):
    if rule.kind == "everyone":
        return Person.role.is_not(None)
    if rule.kind == "all_po":
        return Person.role == "po"
    if rule.kind == "all_referents":
        return Person.role == "referente"
    if rule.kind == "zone_referents":
        return (Person.role == "referente") & Person.id.in_(
            select(PersonComune.person_id).join(Comune, Comune.id == PersonComune.comune_id)
            .join(Zone, Zone.id == Comune.zone_id).where(Zone.code == rule.zone_code))
    if rule.kind == "comuni_referents":
        return (Person.role == "referente") & Person.id.in_(
            select(PersonComune.person_id).join(Comune, Comune.id == PersonComune.comune_id)
            .where(Comune.istat_code.in_(rule.comune_codes)))
    if rule.kind == "theme_po":
        return (Person.role == "po") & Person.office_id.in_(
            select(Service.office_id).join(Theme, Theme.id == Service.theme_id).where(Theme.code == rule.theme_code))
    if rule.kind == "people":
        return Person.id.in_(rule.person_ids) if rule.person_ids else false()
    if rule.kind == "tavolo":
        from bot.meetings.models import Participant  # the schema is one layer: a model, not meetings code
        return Person.id.in_(select(Participant.person_id).where(Participant.tavolo_id == rule.tavolo_id))
    return or_(*(_rule(part) for part in rule.parts))  # a union built without Audience.union
