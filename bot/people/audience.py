"""Who an organiser's message or questionnaire goes to: audiences resolved to reachable people."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune, Service, Theme, Zone
from bot.people.models import Person, PersonComune

KINDS = ("everyone", "all_po", "all_referents", "zone_referents", "comuni_referents", "theme_po", "people", "tavolo",
         "union")


@dataclass(frozen=True)
class Audience:
    kind: str
    zone_code: str | None = None
    theme_code: str | None = None
    person_ids: tuple[int, ...] = field(default_factory=tuple)
    tavolo_id: int | None = None  # kind "tavolo": the participants of that tavolo di lavoro
    comune_codes: tuple[str, ...] = field(default_factory=tuple)  # kind "comuni_referents": ISTAT codes
    parts: tuple["Audience", ...] = field(default_factory=tuple)  # kind "union": anyone in any of them

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown audience kind {self.kind!r}")
        if self.kind == "zone_referents" and not self.zone_code:
            raise ValueError("zone_referents needs zone_code")
        if self.kind == "theme_po" and not self.theme_code:
            raise ValueError("theme_po needs theme_code")
        if self.kind == "tavolo" and self.tavolo_id is None:
            raise ValueError("tavolo needs tavolo_id")
        if self.kind == "comuni_referents" and not self.comune_codes:
            raise ValueError("comuni_referents needs comune_codes")
        if self.kind == "union" and not self.parts:
            raise ValueError("union needs parts")

    def to_json(self) -> dict:
        """What a campaign or a draft stores (read back by `from_json`)."""
        data: dict = {"kind": self.kind, "zone_code": self.zone_code, "theme_code": self.theme_code,
                      "person_ids": list(self.person_ids)}
        if self.tavolo_id is not None:
            data["tavolo_id"] = self.tavolo_id
        if self.comune_codes:
            data["comune_codes"] = list(self.comune_codes)
        if self.parts:
            data["parts"] = [p.to_json() for p in self.parts]
        return data


def from_json(data: dict | None) -> Audience:
    """The audience stored with a campaign or a draft (JSON: lists for tuples, unknown keys ignored)."""
    data = dict(data or {})
    known = {k: data[k] for k in ("kind", "zone_code", "theme_code", "tavolo_id") if data.get(k) is not None}
    return Audience(**known, person_ids=tuple(data.get("person_ids") or ()),
                    comune_codes=tuple(data.get("comune_codes") or ()),
                    parts=tuple(from_json(p) for p in data.get("parts") or ()))


async def resolve(session: AsyncSession, audience: Audience) -> list[Person]:
    """People in the audience who have a private chat with the bot, ordered by id."""
    return list((await session.scalars(_query(audience).order_by(Person.id))).all())


def member_ids(audience: Audience):
    """The same rule as `resolve`, as a subquery of person ids (to filter other queries by it)."""
    return _query(audience).with_only_columns(Person.id)


async def includes(session: AsyncSession, audience: Audience, person_id: int) -> bool:
    """True if the person is (still) in the audience: the same rule as `resolve`, for one person."""
    return await session.scalar(_query(audience).with_only_columns(Person.id).where(Person.id == person_id)) is not None


def _query(audience: Audience):
    query = select(Person).where(Person.chat_id.is_not(None), Person.telegram_user_id.is_not(None))
    if audience.kind == "all_po":
        query = query.where(Person.role == "po")
    elif audience.kind == "all_referents":
        query = query.where(Person.role == "referente")
    elif audience.kind == "zone_referents":
        query = query.where(Person.role == "referente", Person.id.in_(
            select(PersonComune.person_id).join(Comune, Comune.id == PersonComune.comune_id)
            .join(Zone, Zone.id == Comune.zone_id).where(Zone.code == audience.zone_code)))
    elif audience.kind == "comuni_referents":
        query = query.where(Person.role == "referente", Person.id.in_(
            select(PersonComune.person_id).join(Comune, Comune.id == PersonComune.comune_id)
            .where(Comune.istat_code.in_(audience.comune_codes))))
    elif audience.kind == "union":
        query = query.where(or_(*(Person.id.in_(_query(p).with_only_columns(Person.id)) for p in audience.parts)))
    elif audience.kind == "theme_po":
        query = query.where(Person.role == "po", Person.office_id.in_(
            select(Service.office_id).join(Theme, Theme.id == Service.theme_id)
            .where(Theme.code == audience.theme_code)))
    elif audience.kind == "people":
        query = query.where(Person.id.in_(audience.person_ids))
    elif audience.kind == "tavolo":
        from bot.meetings.models import Participant  # late: meetings builds on people, not the reverse
        query = query.where(Person.id.in_(
            select(Participant.person_id).where(Participant.tavolo_id == audience.tavolo_id)))
    return query
