"""What each `cat:` button shows: one function per action, reading the database in the caller's session."""
from __future__ import annotations

from bot.catalogue import answers, cards, details, queries


async def _zone_pick(s, a):
    return answers.zone_pick(await queries.zones_with_counts(s))


async def _zone_list(s, a):
    return answers.zone_list(await queries.zones_with_counts(s))


async def _zone_services(s, a):
    zone = await queries.zone(s, a.arg(0))
    if zone is None:
        return None
    return answers.zone_services(zone, len(zone.comuni), await queries.coverage_in_zone(s, zone.id), a.arg(1))


async def _zone_comuni(s, a):
    zone = await queries.zone(s, a.arg(0))
    return answers.zone_comuni(zone) if zone else None


async def _comune_services(s, a):
    comune = await queries.comune(s, a.arg(0))
    return answers.comune_services(comune, await queries.coverage_for_comune(s, comune)) if comune else None


async def _comune_zone(s, a):
    comune = await queries.comune(s, a.arg(0))
    return answers.comune_zone(comune, await queries.count_comuni(s, comune.zone_id)) if comune else None


async def _service_card(s, a):
    service = await queries.service(s, a.arg(0))
    if service is None:
        return None
    return cards.service_card(service, await queries.coverage_of_service(s, service.id), a.arg(1), a.arg(2),
                              details=await details.of_service(s, service, service.office))


async def _service_contact(s, a):
    service = await queries.service(s, a.arg(0))
    return cards.service_contact(service, await details.of_service(s, service, service.office)) if service else None


async def _theme(s, a):
    theme = await queries.theme(s, a.arg(0))
    if theme is None:
        return None
    if a.arg(1):
        zone = await queries.zone(s, a.arg(1))
        if zone is None:
            return None
        return answers.theme_services(theme, [], zone.name, await queries.coverage_in_zone(s, zone.id, theme.id))
    return answers.theme_services(theme, await queries.services(s, theme.id), None, None)


async def _all_services(s, a):
    return answers.service_list(await queries.services(s), a.arg(0))


VIEWS = {"z": _zone_pick, "zl": _zone_list, "zs": _zone_services, "zc": _zone_comuni, "c": _comune_services,
          "cz": _comune_zone, "s": _service_card, "sc": _service_contact, "t": _theme, "sl": _all_services}
