"""Figures from the data: how many comuni and residents in the whole Città metropolitana and in a zone."""
from __future__ import annotations

from bot.catalogue import callbacks as cb
from bot.catalogue.answers import Answer, comune_zone, lines, population_source, thousands
from bot.catalogue.readmodel import Zone
from bot.texts import catalogue as T
from bot.texts import render, shorten


def totals(zones: list[tuple[Zone, int]]) -> Answer:
    """How many comuni and people in the whole Città metropolitana, and each zone's population."""
    comuni = [c for z, _ in zones for c in z.comuni]
    capoluogo = next((z for z, _ in zones if z.is_capoluogo), None)
    known = [c for c in comuni if c.population]
    out = [T.TOTALS_HEAD,
           render(T.TOTALS_COMUNI, comuni=len(comuni), capoluogo=capoluogo.name if capoluogo else "?",
                  in_zones=len(comuni) - (len(capoluogo.comuni) if capoluogo else 0)),
           render(T.TOTALS_ZONES, zones=sum(1 for z, _ in zones if not z.is_capoluogo))]
    if known:
        out.append(render(T.TOTALS_POPULATION, population=thousands(sum(c.population for c in known)),
                          source=population_source(known)))
        out += ["", T.TOTALS_BY_ZONE]
        for z, _ in zones:
            people = thousands(sum(c.population or 0 for c in z.comuni))
            out.append(render(T.TOTALS_CAPOLUOGO_LINE if z.is_capoluogo else T.TOTALS_ZONE_LINE,
                              zone=z.name, population=people))
    rows = [[{"text": T.BUTTON_ZONES, "data": cb.zone_list()}, {"text": T.BUTTON_BROWSE, "data": cb.zone_pick()}]]
    return Answer(lines(*out), rows)


def zone_population(zone: Zone) -> Answer:
    """A zone's comuni and residents, and its most populous comune."""
    if zone.is_capoluogo and zone.comuni:
        return comune_zone(zone.comuni[0], 1)
    known = [c for c in zone.comuni if c.population]
    out = [render(T.ZONE_POPULATION_HEAD, zone=zone.name), render(T.ZONE_POPULATION_COMUNI, count=len(zone.comuni))]
    if known:
        largest = max(known, key=lambda c: c.population)
        out += [render(T.ZONE_POPULATION_LINE, population=thousands(sum(c.population for c in known)),
                       source=population_source(known)),
                render(T.ZONE_POPULATION_LARGEST, comune=largest.name, population=thousands(largest.population))]
    return Answer(lines(*out), [
        [{"text": shorten(render(T.BUTTON_ZONE_COMUNI, zone=zone.name)), "data": cb.zone_comuni(zone.id)}],
        [{"text": shorten(render(T.BUTTON_ZONE_SERVICES, zone=zone.name)), "data": cb.zone_services(zone.id)}]])
