"""Tavoli: creating them from a spec, who sees which, subscriptions and whole audiences."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Theme, Zone
from bot.config import Settings
from bot.db.upsert import insert_ignore
from bot.errors import NotFound
from bot.meetings import changes, notices, skipping
from bot.meetings.changes import Changes
from bot.meetings.models import DEFAULT_OFFSETS, RSVP_CHASE, Occurrence, OptOut, Participant, Tavolo, TavoloZone
from bot.meetings.recurrence import materialise
from bot.outbox.models import OutboxMessage
from bot.people import audit, policy
from bot.people.audience import Audience
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
    timezone: str | None = None  # None: the configured zone (settings.timezone)
    rrule: str | None = None
    dtstart_local: str | None = None
    dates_local: list[str] = field(default_factory=list)
    reminder_offsets: list[int] = field(default_factory=lambda: list(DEFAULT_OFFSETS))
    is_example: bool = False
    skip: dict = field(default_factory=dict)  # bot/meetings/skipping.py
    rsvp_chase_minutes: int | None = RSVP_CHASE


SPEC_FIELDS = ("title", "theme_id", "all_zones", "description", "organiser_id", "place", "video_link",
               "duration_minutes", "timezone", "rrule", "dtstart_local", "dates_local", "reminder_offsets",
               "is_example", "skip", "rsvp_chase_minutes")
SCHEDULE_FIELDS = ("timezone", "rrule", "dtstart_local", "dates_local", "skip")


@dataclass
class Outcome:
    """What saving a spec did: the tavolo, whether it is new, what happened to its coming meetings and how
    many participants were told. An archived tavolo is left as it is (`archived`)."""

    tavolo: Tavolo
    created: bool
    changes: Changes = field(default_factory=Changes)
    notified: int = 0
    archived: bool = False


async def save(session: AsyncSession, spec: TavoloSpec, *, now: datetime, actor: Person | str = "system",
               source: str = "chat", tz: ZoneInfo | None = None) -> tuple[Tavolo, bool]:
    """`store`, for callers that only need the tavolo and whether it is new."""
    outcome = await store(session, spec, now=now, actor=actor, source=source, tz=tz)
    return outcome.tavolo, outcome.created


async def store(session: AsyncSession, spec: TavoloSpec, *, now: datetime, actor: Person | str = "system",
                source: str = "chat", tz: ZoneInfo | None = None) -> Outcome:
    """Create the tavolo or update the one with the same slug, its coming meetings edited to follow
    (bot/meetings/changes.py) and its participants told (one notice each).

    Audited in the same transaction: `tavolo.create` or `tavolo.update` (the names of the changed
    fields and what happened to the meetings) by `actor`, and one `occurrence.cancel` per meeting the
    new schedule no longer plans."""
    zone = tz or Settings.timezone
    tavolo = await session.scalar(select(Tavolo).where(Tavolo.slug == spec.slug))
    created = tavolo is None
    if tavolo is not None and not tavolo.active:
        return Outcome(tavolo, False, archived=True)
    spec.timezone = spec.timezone or zone.key
    spec.skip = skipping.clean(spec.skip)
    if created:
        tavolo = Tavolo(slug=spec.slug, created_at=now, active=True)
        session.add(tavolo)
        changed: list[str] = []
    else:
        old_zones = set(await session.scalars(select(TavoloZone.zone_id).where(TavoloZone.tavolo_id == tavolo.id)))
        changed = [name for name in SPEC_FIELDS if _stored(tavolo, name) != getattr(spec, name)]
        if not spec.all_zones and old_zones != set(spec.zone_ids):
            changed.append("zones")
    for name in SPEC_FIELDS:
        setattr(tavolo, name, getattr(spec, name))
    await session.flush()
    await session.execute(delete(TavoloZone).where(TavoloZone.tavolo_id == tavolo.id))
    if not spec.all_zones:
        await insert_ignore(session, TavoloZone.__table__,
                            [{"tavolo_id": tavolo.id, "zone_id": z} for z in spec.zone_ids], ["tavolo_id", "zone_id"])
    outcome = Outcome(tavolo, created)
    if created:
        added = await materialise(session, tavolo, now=now)
    else:
        outcome.changes = await changes.apply(session, tavolo, now=now, fields=changed)
        outcome.notified = await notices.announce(session, tavolo, outcome.changes, now=now, tz=zone)
        added = len(outcome.changes.added)
    await _audit(session, outcome, actor, source, changed, added, now)
    return outcome


def _stored(tavolo: Tavolo, name: str):
    return skipping.clean(tavolo.skip) if name == "skip" else getattr(tavolo, name)


async def _audit(session: AsyncSession, outcome: Outcome, actor, source: str, changed: list[str], added: int,
                 now: datetime) -> None:
    tavolo, done = outcome.tavolo, outcome.changes
    detail: dict = {"source": source, "occurrences_added": added}
    if source == "file":
        detail["slug"] = tavolo.slug  # the file's own key for it (a chat tavolo's slug holds its title)
    if outcome.created:
        await audit.record(session, actor, "tavolo.create", f"tavolo:{tavolo.id}", detail, now=now)
        return
    await audit.record(session, actor, "tavolo.update", f"tavolo:{tavolo.id}",
                       {**detail, "changed": changed, "occurrences_cancelled": len(done.cancelled),
                        "occurrences_moved": len(done.moved), "occurrences_restored": len(done.restored),
                        "notified": outcome.notified}, now=now)
    for occurrence in done.cancelled:
        await audit.record(session, actor, "occurrence.cancel", f"occurrence:{occurrence.id}",
                           {"tavolo_id": tavolo.id, "source": source, "reason": "schedule"}, now=now)
    for occurrence, old in done.moved:
        await audit.record(session, actor, "occurrence.move", f"occurrence:{occurrence.id}",
                           {"tavolo_id": tavolo.id, "source": source, "from": old.isoformat(),
                            "to": occurrence.start_at.isoformat()}, now=now)


async def edit(session: AsyncSession, tavolo: Tavolo, organiser: Person, *, now: datetime, tz: ZoneInfo,
               **values) -> Outcome:
    """Change some fields of a tavolo from the chat: the same path as a file load (edits, notices, audit)."""
    policy.require(organiser, "manage_tavoli")
    spec = await spec_of(session, tavolo)
    for name, value in values.items():
        setattr(spec, name, value)
    return await store(session, spec, now=now, actor=organiser, source="chat", tz=tz)


async def spec_of(session: AsyncSession, tavolo: Tavolo) -> TavoloSpec:
    """The spec a tavolo was saved from (to change a few fields of it)."""
    zone_ids = list(await session.scalars(select(TavoloZone.zone_id).where(TavoloZone.tavolo_id == tavolo.id)))
    values = {name: getattr(tavolo, name) for name in SPEC_FIELDS}
    values["dates_local"] = list(values["dates_local"] or [])
    values["reminder_offsets"] = list(values["reminder_offsets"] or [])
    values["skip"] = dict(values["skip"] or {})
    return TavoloSpec(slug=tavolo.slug, zone_ids=sorted(zone_ids), **values)


async def archive(session: AsyncSession, tavolo_id: int, organiser: Person, *, now: datetime,
                  tz: ZoneInfo) -> Outcome:
    """Archive a tavolo: it leaves every list, its coming meetings are cancelled and its participants told."""
    policy.require(organiser, "manage_tavoli")
    tavolo = await get(session, tavolo_id)
    done = await changes.archive(session, tavolo, now=now)
    notified = await notices.announce(session, tavolo, done, now=now, tz=tz, archived=True)
    await audit.record(session, organiser, "tavolo.archive", f"tavolo:{tavolo.id}",
                       {"occurrences_cancelled": len(done.cancelled), "notified": notified}, now=now)
    return Outcome(tavolo, False, done, notified)


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
    """Join a tavolo the person may see; joining twice changes nothing (and undoes an earlier leaving)."""
    tavolo = await get_visible(session, tavolo_id, person)
    await insert_ignore(session, Participant.__table__, [
        {"tavolo_id": tavolo.id, "person_id": person.id, "source": "self", "created_at": now}],
        ["tavolo_id", "person_id"])
    await session.execute(delete(OptOut).where(OptOut.tavolo_id == tavolo.id, OptOut.person_id == person.id))
    return tavolo


async def unsubscribe(session: AsyncSession, tavolo_id: int, person: Person, *, now: datetime | None = None) -> Tavolo:
    """Leave a tavolo; its audience rules do not add the person again (an opt-out is kept)."""
    tavolo = await get_visible(session, tavolo_id, person)
    await leave(session, tavolo.id, person.id, now=now)
    return tavolo


async def leave(session: AsyncSession, tavolo_id: int, person_id: int, *, now: datetime | None) -> None:
    """The person is out of the tavolo, nothing of it waits in the outbox for them, and (given `now`: they
    left or were removed) they stay out whatever its rules say, until they join again."""
    await session.execute(delete(Participant).where(Participant.tavolo_id == tavolo_id,
                                                    Participant.person_id == person_id))
    await session.execute(update(OutboxMessage).where(
        OutboxMessage.person_id == person_id, OutboxMessage.status == "pending",
        OutboxMessage.round.startswith(f"m:{tavolo_id}:", autoescape=True)).values(status="expired"))
    if now is not None:
        await insert_ignore(session, OptOut.__table__, [{"tavolo_id": tavolo_id, "person_id": person_id, "at": now}],
                            ["tavolo_id", "person_id"])


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
