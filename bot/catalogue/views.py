"""What each `cat:` button shows: one function per action, reading the in-memory catalogue (readmodel.py)."""
from __future__ import annotations

from bot.catalogue import answers, availability, cards
from bot.catalogue import callbacks as cb
from bot.catalogue.answers import Answer
from bot.catalogue.readmodel import ReadModel


def _zone_pick(rm: ReadModel, a):
    return answers.zone_pick(rm.zones_with_counts())


def _zone_list(rm: ReadModel, a):
    return answers.zone_list(rm.zones_with_counts())


def _zone_services(rm: ReadModel, a):
    zone = rm.zones.get(a.arg(0))
    if zone is None:
        return None
    return answers.zone_services(zone, len(zone.comuni), rm.coverage_in_zone(zone.id), a.arg(1))


def _zone_comuni(rm: ReadModel, a):
    zone = rm.zones.get(a.arg(0))
    return answers.zone_comuni(zone) if zone else None


def _comune_services(rm: ReadModel, a):
    comune = rm.comuni.get(a.arg(0))
    return answers.comune_services(comune, rm.coverage_for_comune(comune)) if comune else None


def _comune_zone(rm: ReadModel, a):
    comune = rm.comuni.get(a.arg(0))
    return answers.comune_zone(comune, len(comune.zone.comuni)) if comune else None


def _service_card(rm: ReadModel, a):
    service = rm.services.get(a.arg(0))
    if service is None:
        return None
    return cards.service_card(service, rm.coverage_of_service(service.id), a.arg(1), a.arg(2),
                              details=rm.details_of(service))


def _service_contact(rm: ReadModel, a):
    service = rm.services.get(a.arg(0))
    return cards.service_contact(service, rm.details_of(service)) if service else None


def _theme(rm: ReadModel, a):
    theme = rm.themes.get(a.arg(0))
    if theme is None:
        return None
    if a.arg(1):
        zone = rm.zones.get(a.arg(1))
        if zone is None:
            return None
        return theme_here(rm, theme, zone.name, rm.coverage_in_zone(zone.id, theme.id), zone.is_capoluogo)
    return answers.theme_services(theme, rm.services_of(theme.id), None, None)


def _all_services(rm: ReadModel, a):
    return answers.service_list(rm.services_of(), a.arg(0))


def _service_place(rm: ReadModel, a) -> Answer | None:
    """`cat:sp:<service>:<kind>:<place>`: is the service active there."""
    service = rm.services.get(a.arg(0))
    if service is None:
        return None
    if a.arg(1) == cb.IN_COMUNE:
        comune = rm.comuni.get(a.arg(2))
        return availability.at_comune(rm, service, comune) if comune else None
    if a.arg(1) == cb.IN_ZONE:
        zone = rm.zones.get(a.arg(2))
        if zone is None:
            return None
        if zone.is_capoluogo and zone.comuni:
            return availability.at_comune(rm, service, zone.comuni[0])
        return availability.at_zone(rm, service, zone)
    return availability.everywhere(rm, service) if a.arg(1) == cb.EVERYWHERE else None


def theme_here(rm: ReadModel, theme, place: str, coverages: list, for_comune: bool) -> Answer:
    """A theme's services active in a place; when none is, what the place could join."""
    if not coverages:
        return availability.theme_nothing_here(theme, rm.services_of(theme.id), place, for_comune)
    return answers.theme_services(theme, [], place, coverages, scope_is_comune=for_comune)


def _theme_comune(rm: ReadModel, a) -> Answer | None:
    """`cat:tc:<theme>:<comune>`."""
    theme, comune = rm.themes.get(a.arg(0)), rm.comuni.get(a.arg(1))
    if theme is None or comune is None:
        return None
    return theme_here(rm, theme, comune.name, rm.coverage_for_comune(comune, theme.id), True)



VIEWS = {"z": _zone_pick, "zl": _zone_list, "zs": _zone_services, "zc": _zone_comuni, "c": _comune_services,
         "cz": _comune_zone, "s": _service_card, "sc": _service_contact, "t": _theme, "sl": _all_services,
         "sp": _service_place, "tc": _theme_comune}
