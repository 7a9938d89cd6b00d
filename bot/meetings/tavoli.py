"""Tavoli: creating them from a spec, who sees which, subscriptions and whole audiences."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Theme, Zone
from bot.db.upsert import insert_ignore
from bot.errors import NotFound
from bot.meetings.models import DEFAULT_OFFSETS, Occurrence, Participant, Tavolo, TavoloZone
from bot.meetings.recurrence import materialise, retire_unplanned
from bot.people import audit, policy
from bot.people.audience import Audience, resolve
from bot.people.models import Person


@dataclass
class TavoloSpec:
    """Everything needed to create or update a tavolo (from the chat dialogue or a YAML file)."""

    slug: str
    title: str
    theme_id: int | None = None
    zone_ids: list[int] = field(default_factory=list)
    all_zones: bool = False
    description: str = ""
    organiser_id: int | None = None
    place: str | None = None
    video_link: str | None = None
    duration_minutes: int = 120
    timezone: str = "Europe/Rome"
    rrule: str | None = None
    dtstart_local: str | None = None
    dates_local: list[str] = field(default_factory=list)
    reminder_offsets: list[int] = field(default_factory=lambda: list(DEFAULT_OFFSETS))
    is_example: bool = False


SPEC_FIELDS = ("title", "theme_id", "all_zones", "description", "organiser_id", "place", "video_link",
               "duration_minutes", "timezone", "rrule", "dtstart_local", "dates_local", "reminder_offsets",
               "is_example")


async def save(session: AsyncSession, spec: TavoloSpec, *, now: datetime, actor: Person | str = "system",
               source: str = "chat") -> tuple[Tavolo, bool]:
    """Create the tavolo or update the one with the same slug; occurrences follow the schedule.

    Audited in the same transaction: `tavolo.create` or `tavolo.update` (the names of the changed
    fields) by `actor`, and one `occurrence.cancel` per meeting the new schedule no longer plans.
    """
    tavolo = await session.scalar(select(Tavolo).where(Tavolo.slug == spec.slug))
    created = tavolo is None
    if created:
        tavolo = Tavolo(slug=spec.slug, created_at=now, active=True)
        session.add(tavolo)
        changed = []
    else:
        old_zones = set(await session.scalars(select(TavoloZone.zone_id).where(TavoloZone.tavolo_id == tavolo.id)))
        changed = [name for name in SPEC_FIELDS if getattr(tavolo, name) != getattr(spec, name)]
        if not spec.all_zones and old_zones != set(spec.zone_ids):
            changed.append("zones")
    for name in SPEC_FIELDS:
        setattr(tavolo, name, getattr(spec, name))
    await session.flush()
    await session.execute(delete(TavoloZone).where(TavoloZone.tavolo_id == tavolo.id))
    if not spec.all_zones:
        await insert_ignore(session, TavoloZone.__table__,
                            [{"tavolo_id": tavolo.id, "zone_id": z} for z in spec.zone_ids], ["tavolo_id", "zone_id"])
    retired = [] if created else await _retire(session, tavolo, now=now)
    added = await materialise(session, tavolo, now=now)
    detail = {"source": source, "occurrences_added": added}
    if source == "file":
        detail["slug"] = tavolo.slug  # the file's own key for it (a chat tavolo's slug holds its title)
    if created:
        await audit.record(session, actor, "tavolo.create", f"tavolo:{tavolo.id}", detail, now=now)
    else:
        await audit.record(session, actor, "tavolo.update", f"tavolo:{tavolo.id}",
                           {**detail, "changed": changed, "occurrences_cancelled": len(retired)}, now=now)
    for occurrence_id in retired:
        await audit.record(session, actor, "occurrence.cancel", f"occurrence:{occurrence_id}",
                           {"tavolo_id": tavolo.id, "source": source, "reason": "schedule"}, now=now)
    return tavolo, created


async def _retire(session: AsyncSession, tavolo: Tavolo, *, now: datetime) -> list[int]:
    """`retire_unplanned`, and the ids of the meetings it cancelled (for the audit log)."""
    future = select(Occurrence.id).where(Occurrence.tavolo_id == tavolo.id, Occurrence.status == "scheduled",
                                         Occurrence.original_start > now)
    before = set(await session.scalars(future))
    if not await retire_unplanned(session, tavolo, now=now):
        return []
    return sorted(before - set(await session.scalars(future)))


async def get(session: AsyncSession, tavolo_id: int) -> Tavolo:
    tavolo = await session.get(Tavolo, tavolo_id)
    if tavolo is None or not tavolo.active:
        raise NotFound("tavolo", tavolo_id)
    return tavolo


async def zone_names(session: AsyncSession, tavolo: Tavolo) -> list[str]:
    if tavolo.all_zones:
        return []
    return list((await session.scalars(select(Zone.name).join(TavoloZone, TavoloZone.zone_id == Zone.id)
                                       .where(TavoloZone.tavolo_id == tavolo.id).order_by(Zone.name))).all())


async def theme_name(session: AsyncSession, tavolo: Tavolo) -> str | None:
    return None if tavolo.theme_id is None else await session.scalar(select(Theme.name).where(Theme.id == tavolo.theme_id))


async def next_occurrence(session: AsyncSession, tavolo_id: int, now: datetime) -> Occurrence | None:
    return await session.scalar(select(Occurrence).where(
        Occurrence.tavolo_id == tavolo_id, Occurrence.status == "scheduled", Occurrence.start_at > now)
        .order_by(Occurrence.start_at).limit(1))


async def visible(session: AsyncSession, person: Person) -> list[Tavolo]:
    """The tavoli the person may see (the policy's rule: all for organisers; else their zones and
    themes, those open to all zones, and those they joined)."""
    query = select(Tavolo).where(policy.tavolo_visibility(person))
    return list((await session.scalars(query.order_by(Tavolo.title, Tavolo.id))).all())


async def get_visible(session: AsyncSession, tavolo_id: int, person: Person) -> Tavolo:
    """The tavolo, if this person may see it: the policy is asked before anything else is read."""
    await policy.require_tavolo(session, person, tavolo_id)
    return await get(session, tavolo_id)


async def get_managed(session: AsyncSession, tavolo_id: int, organiser: Person) -> Tavolo:
    """The tavolo, for an organiser's tool (the role is checked before it is read)."""
    policy.require(organiser, "manage_tavoli")
    return await get(session, tavolo_id)


async def subscribed_ids(session: AsyncSession, person_id: int) -> set[int]:
    return set((await session.scalars(select(Participant.tavolo_id).where(Participant.person_id == person_id))).all())


async def subscribe(session: AsyncSession, tavolo_id: int, person: Person, *, now: datetime) -> Tavolo:
    """Join a tavolo the person may see; joining twice changes nothing."""
    tavolo = await get_visible(session, tavolo_id, person)
    await insert_ignore(session, Participant.__table__, [
        {"tavolo_id": tavolo.id, "person_id": person.id, "source": "self", "created_at": now}],
        ["tavolo_id", "person_id"])
    return tavolo


async def unsubscribe(session: AsyncSession, tavolo_id: int, person: Person) -> Tavolo:
    tavolo = await get_visible(session, tavolo_id, person)
    await session.execute(delete(Participant).where(Participant.tavolo_id == tavolo.id,
                                                    Participant.person_id == person.id))
    return tavolo


async def add_audience(session: AsyncSession, tavolo_id: int, audience: Audience, organiser: Person, *,
                       now: datetime, actor: str | None = None) -> tuple[Tavolo, int, int]:
    """Subscribe a whole audience (e.g. all referents of a zone); returns (tavolo, added, already there).

    Audited as `tavolo.audience` by the organiser (or `actor`, e.g. "cli" for a file load)."""
    policy.require(organiser, "manage_tavoli")
    tavolo = await get(session, tavolo_id)
    people = await resolve(session, audience)
    added = await insert_ignore(session, Participant.__table__, [
        {"tavolo_id": tavolo.id, "person_id": p.id, "source": f"audience:{audience.kind}"[:40], "created_at": now}
        for p in people], ["tavolo_id", "person_id"])
    await audit.record(session, actor or organiser, "tavolo.audience", f"tavolo:{tavolo.id}",
                       {**audit.audience_detail(audience), "added": added, "already": len(people) - added}, now=now)
    return tavolo, added, len(people) - added


async def participants(session: AsyncSession, tavolo_id: int) -> list[Person]:
    return list((await session.scalars(select(Person).join(Participant, Participant.person_id == Person.id)
                                       .where(Participant.tavolo_id == tavolo_id).order_by(Person.name, Person.id))).all())


async def audience_options(session: AsyncSession, tavolo: Tavolo) -> tuple[list[Zone], Theme | None]:
    """Zones and theme the organiser may add as audiences for this tavolo."""
    query = select(Zone).order_by(Zone.name)
    if not tavolo.all_zones:
        query = query.join(TavoloZone, TavoloZone.zone_id == Zone.id).where(TavoloZone.tavolo_id == tavolo.id)
    zones = list((await session.scalars(query)).all())
    theme = await session.get(Theme, tavolo.theme_id) if tavolo.theme_id else None
    return zones, theme


async def audience_from_button(session: AsyncSession, kind: str, ref: int, organiser: Person) -> Audience:
    """The audience an organiser's button names: z = a zone's referents, t = a theme's PO, r = all referents."""
    policy.require(organiser, "manage_tavoli")
    if kind == "r":
        return Audience("all_referents")
    model = {"z": Zone, "t": Theme}.get(kind)
    found = await session.get(model, ref) if model is not None else None
    if found is None:
        raise NotFound(f"{kind}:{ref}")
    if kind == "z":
        return Audience("zone_referents", zone_code=found.code)
    return Audience("theme_po", theme_code=found.code)
