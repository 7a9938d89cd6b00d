"""Answers that are not about one thing: "Intendevi…?" candidates, places outside CMM, not understood, notices."""
from __future__ import annotations

from bot.catalogue import callbacks as cb
from bot.catalogue.answers import Answer, label, lines
from bot.catalogue.index import COMUNE, SERVICE, THEME, ZONE, Entry
from bot.catalogue.intents import Intent
from bot.texts import Markup, render
from bot.texts import catalogue as T


def candidates(text: str, entries: list[Entry], intent: Intent | None, zone_names: dict[int, str],
               suggestion: bool) -> Answer:
    """"Intendevi…?": every candidate in the text (for the terminal) and as a button."""
    out = [render(T.SUGGEST_ONE if suggestion else T.AMBIGUOUS, text=text)]
    rows = []
    for e in entries:
        if e.kind == COMUNE:
            line = (render(T.CANDIDATE_CAPOLUOGO, name=e.label) if e.info.get("is_capoluogo")
                    else render(T.CANDIDATE_COMUNE, name=e.label, zone=zone_names.get(e.info["zone_id"], "?")))
        else:
            line = render({ZONE: T.CANDIDATE_ZONE, SERVICE: T.CANDIDATE_SERVICE, THEME: T.CANDIDATE_THEME}[e.kind],
                          name=e.label)
        out.append(line)
        rows.append([{"text": label(e.label), "data": candidate_data(e, intent)}])
    return Answer(lines(*out), rows)


def candidate_data(e: Entry, intent: Intent | None) -> str:
    """The button of a candidate answers the question that was asked, now about that entry."""
    if e.kind == COMUNE:
        return cb.comune_zone(e.id) if intent in (Intent.COMUNE_ZONE, Intent.ZONE_COMUNI) else cb.comune_services(e.id)
    if e.kind == ZONE:
        return cb.zone_comuni(e.id) if intent == Intent.ZONE_COMUNI else cb.zone_services(e.id)
    if e.kind == SERVICE:
        return cb.service_contact(e.id) if intent == Intent.SERVICE_CONTACT else cb.service_card(e.id)
    return cb.theme_services(e.id)


def outside(entry: Entry) -> Answer:
    return Answer(render(T.OUTSIDE, name=entry.label, provincia=entry.info.get("provincia", "?")),
                  [[{"text": T.BUTTON_ZONES, "data": cb.zone_list()}]])


def unknown() -> Answer:
    return Answer(Markup(T.UNKNOWN), [[{"text": T.BUTTON_BROWSE, "data": cb.zone_pick()},
                                       {"text": T.BUTTON_ZONES, "data": cb.zone_list()}]])


def notice(template: str, **values) -> Answer:
    return Answer(render(template, **values))
