"""Is a service active here? Yes / no / in attivazione, for a comune, a zone or the whole Città metropolitana,
with the record's date and source and the card one tap away; and, when a theme has nothing registered
in a place, the theme's services that place could join and how."""
from __future__ import annotations

from datetime import date, datetime

from bot.catalogue import callbacks as cb
from bot.catalogue.answers import Answer, lines, status
from bot.catalogue.cards import where
from bot.catalogue.readmodel import Comune, Coverage, ReadModel, Service, Theme, Zone
from bot.texts import Markup, render, shorten
from bot.texts import catalogue as T

ORDER = {"attivato": 0, "in attivazione": 1, "sospeso": 2}


def _day(value: date | datetime | None) -> str | None:
    return value.strftime("%d/%m/%Y") if value else None


def record(c: Coverage) -> str:
    """When and on whose word the catalogue says so."""
    parts = []
    if c.since:
        parts.append(render(T.RECORD_SINCE, date=_day(c.since)))
    source = T.RECORD_EXAMPLE if c.is_example else (c.source or c.recorded_by or T.SOURCE_UNKNOWN)
    parts.append(render(T.RECORD_SOURCE, source=source))
    if c.updated_at and not c.is_example:
        parts.append(render(T.RECORD_UPDATED, date=_day(c.updated_at)))
    return render(T.RECORD, parts=Markup(" · ".join(parts)))


def _mark(c: Coverage) -> str:
    return T.EXAMPLE_MARK if c.is_example else ""


def _state(service: Service) -> str | None:
    return None if service.status == "attivo" else render(T.SERVICE_STATE, status=status(service))


def _join_line(service: Service) -> str:
    if service.joining:
        return render(T.HOW_TO_JOIN, joining=service.joining)
    if service.office is not None:
        return render(T.HOW_TO_JOIN_ASK, office=service.office.name)
    return T.HOW_TO_JOIN_UNKNOWN


def _how(service: Service) -> str:
    """How a comune joins, as the rest of a line."""
    if service.joining:
        return render("{x}", x=service.joining)
    if service.office is not None:
        return render(T.JOIN_ASK_OFFICE, office=service.office.name)
    return T.JOIN_NOT_GIVEN


def _buttons(service: Service, place_button: dict | None = None) -> list[list[dict]]:
    rows = [[{"text": T.BUTTON_CARD, "data": cb.service_card(service.id)},
             {"text": T.BUTTON_CONTACT, "data": cb.service_contact(service.id)}]]
    if place_button:
        rows.append([place_button])
    return rows


def _finish(out: list, shown: list[Coverage]) -> list:
    if any(c.is_example for c in shown):
        out += ["", T.EXAMPLE_NOTE]
    return out


def at_comune(rm: ReadModel, service: Service, comune: Comune) -> Answer:
    """The rows of this service reaching this comune: its own, or its zone's."""
    zone = comune.zone
    rows = sorted((c for c in rm.coverage_of_service(service.id)
                   if c.comune_id == comune.id or (c.zone_id is not None and c.zone_id == comune.zone_id)),
                  key=lambda c: (c.comune_id is None, ORDER.get(c.status, 9)))
    button = {"text": shorten(render(T.BUTTON_PLACE_SERVICES, place=comune.name)), "data": cb.comune_services(comune.id)}
    if not rows:
        no = (render(T.AVAILABLE_NO_CAPOLUOGO, service=service.name, place=comune.name) if zone.is_capoluogo
              else render(T.AVAILABLE_NO, service=service.name, place=comune.name, zone=zone.name))
        elsewhere = rm.coverage_of_service(service.id)
        out = [no, _state(service), render(T.ELSEWHERE, where=where(elsewhere)) if elsewhere else None,
               _join_line(service)]
        return Answer(lines(*_finish(out, elsewhere)), _buttons(service, button))
    out = []
    for c in rows:
        if c.comune_id is not None:
            via = render(T.VIA_COMUNE, comune=comune.name)
        elif zone.is_capoluogo:
            via = T.VIA_CAPOLUOGO
        else:
            via = render(T.VIA_ZONE, zone=zone.name, comune=comune.name)
        head = render(T.AVAILABLE.get(c.status, T.AVAILABLE["attivato"]), service=service.name, place=comune.name)
        out += [head + via + _mark(c) + ".", record(c)]
    out.append(_state(service))
    return Answer(lines(*_finish(out, rows)), _buttons(service, button))


def at_zone(rm: ReadModel, service: Service, zone: Zone) -> Answer:
    """For a zone: the whole zone, or which of its comuni."""
    mine = [c for c in rm.coverage_of_service(service.id)
            if c.zone_id == zone.id or (c.comune is not None and c.comune.zone_id == zone.id)]
    whole = sorted((c for c in mine if c.zone_id is not None), key=lambda c: ORDER.get(c.status, 9))
    single = sorted((c for c in mine if c.comune_id is not None), key=lambda c: c.comune.name)
    button = {"text": shorten(render(T.BUTTON_ZONE_SERVICES, zone=zone.name)), "data": cb.zone_services(zone.id)}
    out: list = []
    for c in whole:
        head = render(T.AVAILABLE_ZONE.get(c.status, T.AVAILABLE_ZONE["attivato"]), service=service.name,
                      place=zone.name)
        out += [head + _mark(c) + ".", record(c)]
    if single:
        if not whole:
            out.append(render(T.AVAILABLE_IN_SOME, service=service.name, zone=zone.name))
        out += [render(T.AVAILABLE_ALL_LINE, scope=c.comune.name, status=status(c)) + _mark(c) for c in single]
    if not mine:
        elsewhere = rm.coverage_of_service(service.id)
        out = [render(T.AVAILABLE_NO_ZONE, service=service.name, zone=zone.name),
               render(T.ELSEWHERE, where=where(elsewhere)) if elsewhere else None, _join_line(service)]
        return Answer(lines(*_finish(out, elsewhere), _state(service)), _buttons(service, button))
    out.append(_state(service))
    return Answer(lines(*_finish(out, mine)), _buttons(service, button))


def everywhere(rm: ReadModel, service: Service) -> Answer:
    """Across the Città metropolitana: every zone and comune with a record, and how many comuni that reaches."""
    rows = rm.coverage_of_service(service.id)
    if not rows:
        out = [render(T.AVAILABLE_NOWHERE, service=service.name), _state(service), _join_line(service)]
        return Answer(lines(*out), _buttons(service))
    out = [render(T.AVAILABLE_ALL_HEAD, service=service.name)]
    reached: set[int] = set()
    for c in sorted(rows, key=lambda c: (ORDER.get(c.status, 9), c.scope_key)):
        if c.zone is not None:
            scope = render(T.COVERAGE_CAPOLUOGO if c.zone.is_capoluogo else T.COVERAGE_ZONE, name=c.zone.name)
            if c.status == "attivato":
                reached |= {m.id for m in c.zone.comuni}
        else:
            scope = render(T.COVERAGE_COMUNE, name=c.comune.name)
            if c.status == "attivato":
                reached.add(c.comune_id)
        out.append(render(T.AVAILABLE_ALL_LINE, scope=scope, status=status(c)) + _mark(c))
    out += [render(T.AVAILABLE_ALL_REACHED, reached=len(reached), total=rm.comuni_count()), _state(service)]
    return Answer(lines(*_finish(out, rows)), _buttons(service))


def theme_nothing_here(theme: Theme, services: list[Service], place: str, for_comune: bool) -> Answer:
    """Nothing registered for the theme here: say so for this place, then what it could join and how."""
    out = [render(T.THEME_NONE_HERE if for_comune else T.THEME_NONE_HERE_ZONE, place=place, theme=theme.name), ""]
    if services:
        out.append(render(T.THEME_CAN_JOIN_COMUNE, place=place) if for_comune else T.THEME_CAN_JOIN_ZONE)
        for s in services:
            out.append(render(T.THEME_JOIN_LINE, name=s.name, status=status(s)))
            out.append(render(T.THEME_JOIN_HOW, joining=_how(s)))
    rows = [[{"text": shorten(s.name), "data": cb.service_card(s.id)}] for s in services[:8]]
    return Answer(lines(*out), rows)
