"""One answer per intent: Telegram HTML plus keyboard spec; the plain text for the terminal is derived from it."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bot.catalogue import callbacks as cb
from bot.catalogue import citations, provenance
from bot.catalogue.readmodel import Comune, Coverage, Zone
from bot.texts import Markup, common, plural, render, shorten
from bot.texts import catalogue as T

PAGE_SIZE = 8
_TAG = re.compile(r"<[^>]+>")
_POP_SOURCE = re.compile(r"pop:\s*([^|;\s]+)")


@dataclass
class Answer:
    """What the bot says: HTML text (every value escaped) and the keyboard spec."""

    text: Markup
    rows: list[list[dict]] = field(default_factory=list)
    menu: bool = False  # small talk: the chat adds its main menu (handlers/start.py)

    def plain(self) -> str:
        """The same answer for a terminal: tags removed, entities decoded."""
        return html.unescape(_TAG.sub("", self.text))


def lines(*parts) -> Markup:
    """Join rendered lines (Markup) with newlines; None is skipped, "" is a blank line."""
    return Markup("\n".join(p for p in parts if p is not None))


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def status(coverage_or_service) -> str:
    return T.STATUS.get(coverage_or_service.status, coverage_or_service.status)


# ---- zones and comuni -------------------------------------------------------------------------

def _population(comune: Comune) -> str | None:
    if not comune.population:
        return None
    return render(T.COMUNE_POPULATION, population=thousands(comune.population), source=population_source([comune]))


def population_source(comuni: list[Comune]) -> str:
    """Where the populations come from ("pop:ANPR-2026-01" in the rows' source), as a reader says it."""
    keys = sorted({m.group(1) for c in comuni if (m := _POP_SOURCE.search(c.source or ""))})
    return ", ".join(citations.population(k) for k in keys) or T.SOURCE_UNKNOWN


def comune_zone(comune: Comune, count: int) -> Answer:
    zone = comune.zone
    if zone.is_capoluogo:
        text = lines(render(T.COMUNE_IS_CAPOLUOGO, comune=comune.name), _population(comune))
        return Answer(text, [[{"text": shorten(render(T.BUTTON_COMUNE_SERVICES, comune=comune.name)),
                               "data": cb.comune_services(comune.id)}],
                             [{"text": T.BUTTON_ZONES, "data": cb.zone_list()}]])
    text = lines(render(T.COMUNE_IN_ZONE, comune=comune.name, zone=zone.name, comuni=plural(count, *T.COMUNI_COUNT)), _population(comune))
    return Answer(text, [
        [{"text": shorten(render(T.BUTTON_ZONE_COMUNI, zone=zone.name)), "data": cb.zone_comuni(zone.id)}],
        [{"text": shorten(render(T.BUTTON_ZONE_SERVICES, zone=zone.name)), "data": cb.zone_services(zone.id)}],
        [{"text": shorten(render(T.BUTTON_COMUNE_SERVICES, comune=comune.name)), "data": cb.comune_services(comune.id)}],
    ])


def zone_comuni(zone: Zone) -> Answer:
    """The comuni of a zone with population and its source year."""
    if zone.is_capoluogo and zone.comuni:
        return comune_zone(zone.comuni[0], 1)
    comuni = list(zone.comuni)
    out = [render(T.ZONE_COMUNI_HEAD, zone=zone.name, comuni=plural(len(comuni), *T.COMUNI_COUNT))]
    out += [render(T.COMUNE_LINE_POP, name=c.name, population=thousands(c.population)) if c.population
            else render(T.COMUNE_LINE, name=c.name) for c in comuni]
    known = [c for c in comuni if c.population]
    if known:
        out.append("")
        out.append(render(T.ZONE_POPULATION, population=thousands(sum(c.population for c in known)),
                          source=population_source(known)))
    rows = [[{"text": shorten(render(T.BUTTON_ZONE_SERVICES, zone=zone.name)), "data": cb.zone_services(zone.id)}],
            [{"text": common.BACK, "data": cb.zone_list()}]]
    return Answer(lines(*out[:1], "", *out[1:]), rows)


def zone_list(zones: list[tuple[Zone, int]]) -> Answer:
    real = [(z, n) for z, n in zones if not z.is_capoluogo]
    out = [plural(len(real), *T.ZONE_LIST_HEAD), ""]
    out += [render(T.ZONE_LIST_LINE, zone=z.name, comuni=plural(n, *T.COMUNI_COUNT)) for z, n in real]
    rows = [[{"text": shorten(z.name), "data": cb.zone_comuni(z.id)}] for z, _ in real]
    for z, _ in zones:
        if z.is_capoluogo:
            out += ["", render(T.ZONE_LIST_CAPOLUOGO, name=z.name)]
    rows.append([{"text": T.BUTTON_BROWSE, "data": cb.zone_pick()}])
    return Answer(lines(*out), rows)


def zone_pick(zones: list[tuple[Zone, int]]) -> Answer:
    rows = []
    for z, _ in zones:
        name = render(T.CAPOLUOGO_BUTTON, name=z.name) if z.is_capoluogo else z.name
        rows.append([{"text": shorten(name), "data": cb.zone_services(z.id)}])
    rows.append([{"text": T.BUTTON_ALL_SERVICES, "data": cb.all_services()}])
    return Answer(Markup(T.ZONE_PICK), rows)


# ---- services lists ---------------------------------------------------------------------------

def _coverage_lines(coverages: list[Coverage], *, by_comune_title: str, none: str = T.NO_SERVICES
                    ) -> tuple[list[str], bool]:
    whole = [c for c in coverages if c.zone_id is not None]
    single = [c for c in coverages if c.comune_id is not None]
    example = any(c.is_example for c in coverages)
    mark = lambda c: T.EXAMPLE_MARK if c.is_example else ""  # noqa: E731
    out: list[str] = []
    if whole:
        out += [T.SERVICES_FOR_ZONE] + [render(T.SERVICE_LINE, name=c.service.name, status=status(c)) + mark(c)
                                        for c in whole]
    if single:
        out += ([""] if out else []) + [by_comune_title]
        out += [render(T.SERVICE_LINE_COMUNE, name=c.service.name, comune=c.comune.name, status=status(c)) + mark(c)
                for c in single]
    sources = provenance.coverage_sources(coverages)  # where the real records come from
    return (out + ["", sources] if out and sources else out or [none]), example


def _service_buttons(coverages, zone_id: int, page: int, nav) -> list[list[dict]]:
    seen: dict[int, str] = {}
    for c in coverages:
        seen.setdefault(c.service_id, c.service.name)
    items = list(seen.items())
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    rows = [[{"text": shorten(name), "data": cb.service_card(sid, zone_id, page)}]
            for sid, name in items[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]]
    move = []
    if page > 0:
        move.append({"text": common.PREV_PAGE, "data": nav(page - 1)})
    if page < pages - 1:
        move.append({"text": common.NEXT_PAGE, "data": nav(page + 1)})
    return rows + ([move] if move else [])


def zone_services(zone: Zone, count: int, coverages: list[Coverage], page: int = 0) -> Answer:
    head = (render(T.CAPOLUOGO_SERVICES_HEAD, zone=zone.name) if zone.is_capoluogo
            else render(T.ZONE_SERVICES_HEAD, zone=zone.name, comuni=plural(count, *T.COMUNI_COUNT)))
    body, example = _coverage_lines(coverages, by_comune_title=T.SERVICES_FOR_COMUNI,
                                    none=render(T.NO_SERVICES_ZONE, zone=zone.name))
    rows = _service_buttons(coverages, zone.id, page, lambda p: cb.zone_services(zone.id, p))
    if not coverages:
        rows.append([{"text": T.BUTTON_ALL_SERVICES, "data": cb.all_services()}])
    if not zone.is_capoluogo:
        rows.append([{"text": shorten(render(T.BUTTON_ZONE_COMUNI, zone=zone.name)), "data": cb.zone_comuni(zone.id)}])
    rows.append([{"text": common.BACK, "data": cb.zone_pick()}])
    return Answer(lines(head, "", *body, "" if example else None, T.EXAMPLE_NOTE if example else None), rows)


def comune_services(comune: Comune, coverages: list[Coverage]) -> Answer:
    zone = comune.zone
    head = (render(T.CAPOLUOGO_COMUNE_HEAD, comune=comune.name) if zone.is_capoluogo
            else render(T.COMUNE_SERVICES_HEAD, comune=comune.name, zone=zone.name))
    body, example = _coverage_lines(coverages, by_comune_title=T.SERVICES_FOR_COMUNE,
                                    none=render(T.NO_SERVICES_CAPOLUOGO if zone.is_capoluogo else T.NO_SERVICES_COMUNE,
                                                comune=comune.name))
    rows = _service_buttons(coverages, 0, 0, lambda p: cb.comune_services(comune.id))[:PAGE_SIZE]
    if not coverages:
        rows.append([{"text": T.BUTTON_ALL_SERVICES, "data": cb.all_services()}])
    if not zone.is_capoluogo:
        rows.append([{"text": shorten(render(T.BUTTON_ZONE_SERVICES, zone=zone.name)), "data": cb.zone_services(zone.id)}])
    return Answer(lines(head, "", *body, "" if example else None, T.EXAMPLE_NOTE if example else None), rows)


def theme_services(theme, services: list, scope: str | None, coverages: list[Coverage] | None,
                   scope_is_comune: bool = False) -> Answer:
    """Services of a theme; with a scope, only those active there."""
    if scope is None:
        head = render(T.THEME_SERVICES_HEAD, theme=theme.name)
        body = [render(T.SERVICE_LINE, name=s.name, status=status(s)) for s in services] or [T.NO_SERVICES]
        rows = [[{"text": shorten(s.name), "data": cb.service_card(s.id)}] for s in services[:PAGE_SIZE]]
        return Answer(lines(head, "", *body), rows)
    head = render(T.THEME_SERVICES_SCOPED, theme=theme.name, scope=scope)
    title = T.SERVICES_FOR_COMUNE if scope_is_comune else T.SERVICES_FOR_COMUNI
    body, example = _coverage_lines(coverages or [], by_comune_title=title)
    rows = _service_buttons(coverages or [], 0, 0, lambda p: cb.theme_services(theme.id))[:PAGE_SIZE]
    return Answer(lines(head, "", *body, "" if example else None, T.EXAMPLE_NOTE if example else None), rows)


def service_list(services: list, page: int = 0) -> Answer:
    out = [render(T.SERVICE_LIST_HEAD, count=len(services))]
    theme = None
    for s in services:
        if s.theme.name != theme:
            theme = s.theme.name
            out += ["", render(T.THEME_GROUP, theme=theme)]
        out.append(render(T.SERVICE_LINE, name=s.name, status=status(s)))
    pages = max(1, -(-len(services) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    rows = [[{"text": shorten(s.name), "data": cb.service_card(s.id, 0, page)}]
            for s in services[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]]
    move = ([{"text": common.PREV_PAGE, "data": cb.all_services(page - 1)}] if page > 0 else []) + \
           ([{"text": common.NEXT_PAGE, "data": cb.all_services(page + 1)}] if page < pages - 1 else [])
    return Answer(lines(*out), rows + ([move] if move else []) + [[{"text": common.BACK, "data": cb.zone_pick()}]])
