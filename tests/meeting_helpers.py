"""Small builders for the tavoli tests: people, a zone and theme from the catalogue, a tavolo."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.catalogue.models import Comune, Theme, Zone
from bot.meetings import tavoli
from bot.meetings.tavoli import TavoloSpec
from bot.people.models import Person, PersonComune


async def zone(session, code: str = "adda-martesana", name: str = "Adda Martesana") -> Zone:
    """The catalogue's zone (created if the catalogue is not loaded)."""
    found = await session.scalar(select(Zone).where(Zone.code == code))
    if found is None:
        found = Zone(code=code, name=name, aliases=[], is_capoluogo=False, source="test")
        session.add(found)
        await session.flush()
    return found


async def theme(session, code: str = "ambiente", name: str = "Ambiente") -> Theme:
    found = await session.scalar(select(Theme).where(Theme.code == code))
    if found is None:
        found = Theme(code=code, name=name, aliases=[])
        session.add(found)
        await session.flush()
    return found


async def comune_in(session, zone_row: Zone) -> Comune:
    found = await session.scalar(select(Comune).where(Comune.zone_id == zone_row.id).order_by(Comune.name).limit(1))
    if found is None:
        found = Comune(istat_code=f"9{zone_row.id:05d}", name=f"Comune di {zone_row.name}", zone_id=zone_row.id, source="t")
        session.add(found)
        await session.flush()
    return found


async def person(session, telegram_id: int, *, name: str, role: str | None = "referente", now: datetime,
                 zone_row: Zone | None = None) -> Person:
    p = Person(telegram_user_id=telegram_id, chat_id=telegram_id, name=name, role=role, created_at=now, reachable=True)
    session.add(p)
    await session.flush()
    if zone_row is not None:
        session.add(PersonComune(person_id=p.id, comune_id=(await comune_in(session, zone_row)).id))
        await session.flush()
    return p


async def monthly_tavolo(session, *, now: datetime, slug: str = "ambiente-am", zone_row: Zone | None = None,
                         offsets: list[int] | None = None, rule: str = "FREQ=MONTHLY;BYDAY=1TU",
                         start: str = "2027-01-05T10:00"):
    z = zone_row or await zone(session)
    spec = TavoloSpec(slug=slug, title="Tavolo Ambiente", theme_id=(await theme(session)).id, zone_ids=[z.id],
                      place="Palazzo Isimbardi", video_link="https://meet.example.org/t", rrule=rule,
                      dtstart_local=start)
    if offsets is not None:
        spec.reminder_offsets = offsets
    tavolo, _ = await tavoli.save(session, spec, now=now)
    return tavolo
