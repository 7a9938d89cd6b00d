"""Answers that are not about one thing: "Intendevi…?" candidates, places outside CMM, not understood, notices."""
from __future__ import annotations

from bot.catalogue import callbacks as cb
from bot.catalogue.answers import Answer, lines
from bot.catalogue.index import COMUNE, SERVICE, THEME, ZONE, Entry
from bot.catalogue.intents import Intent
from bot.texts import Markup, render, shorten
from bot.texts import catalogue as T


def candidates(text: str, entries: list[Entry], intent: Intent | None, zone_names: dict[int, str],
               suggestion: bool, known: dict[str, Entry] | None = None) -> Answer:
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
        rows.append([{"text": shorten(e.label), "data": candidate_data(e, intent, known or {})}])
    return Answer(lines(*out), rows)


def candidate_data(e: Entry, intent: Intent | None, known: dict[str, Entry] | None = None) -> str:
    """The button of a candidate answers the question that was asked, now about that entry (with the other
    names the question gave: "la SUA è attiva a Trezzano?" -> is the SUA active in this Trezzano)."""
    known = known or {}
    service, theme = known.get(SERVICE), known.get(THEME)
    if e.kind in (COMUNE, ZONE) and service is not None and intent == Intent.SERVICE_PLACE:
        return cb.service_place(service.id, cb.IN_COMUNE if e.kind == COMUNE else cb.IN_ZONE, e.id)
    if e.kind in (COMUNE, ZONE) and theme is not None:
        return cb.theme_comune(theme.id, e.id) if e.kind == COMUNE else cb.theme_services(theme.id, e.id)
    place = known.get(COMUNE) or known.get(ZONE)
    if e.kind == SERVICE and place is not None and intent == Intent.SERVICE_PLACE:
        return cb.service_place(e.id, cb.IN_COMUNE if place.kind == COMUNE else cb.IN_ZONE, place.id)
    if e.kind == THEME and place is not None:
        return cb.theme_comune(e.id, place.id) if place.kind == COMUNE else cb.theme_services(e.id, place.id)
    if e.kind == COMUNE:
        return cb.comune_zone(e.id) if intent in (Intent.COMUNE_ZONE, Intent.ZONE_COMUNI) else cb.comune_services(e.id)
    if e.kind == ZONE:
        return cb.zone_comuni(e.id) if intent == Intent.ZONE_COMUNI else cb.zone_services(e.id)
    if e.kind == SERVICE:
        return cb.service_contact(e.id) if intent == Intent.SERVICE_CONTACT else cb.service_card(e.id)
    return cb.theme_services(e.id)


# Italian areas named as they are called today: the metropolitan cities (L. 56/2014 art. 1 c. 5 and, for
# Sicily and Sardinia, their regional laws) and the two autonomous provinces; the gazetteer
# (catalogue_data/places_outside_cmm.csv) gives the provincia's plain name.
METROPOLITAN = {"Torino": "Torino", "Genova": "Genova", "Venezia": "Venezia", "Bologna": "Bologna",
                "Firenze": "Firenze", "Roma": "Roma Capitale", "Napoli": "Napoli", "Bari": "Bari",
                "Reggio Calabria": "Reggio Calabria", "Palermo": "Palermo", "Catania": "Catania",
                "Messina": "Messina", "Cagliari": "Cagliari"}
AUTONOMOUS = {"Trento": "Trento", "Bolzano/Bozen": "Bolzano"}
REGION_ONLY = {"Valle d'Aosta/Vallée d'Aoste": "Valle d'Aosta"}


def area(provincia: str) -> str:
    """"Città metropolitana di Roma Capitale", "provincia di Monza e della Brianza", "Valle d'Aosta"."""
    if provincia in METROPOLITAN:
        return render(T.AREA_METROPOLITAN, name=METROPOLITAN[provincia])
    if provincia in AUTONOMOUS:
        return render(T.AREA_AUTONOMOUS, name=AUTONOMOUS[provincia])
    if provincia in REGION_ONLY:
        return render(T.AREA_REGION, name=REGION_ONLY[provincia])
    return render(T.AREA_PROVINCE, name=provincia or "?")


def outside(entry: Entry) -> Answer:
    return Answer(render(T.OUTSIDE, name=entry.label, area=area(entry.info.get("provincia", ""))),
                  [[{"text": T.BUTTON_ZONES, "data": cb.zone_list()}]])


def unknown() -> Answer:
    return Answer(Markup(T.UNKNOWN), [[{"text": T.BUTTON_BROWSE, "data": cb.zone_pick()},
                                       {"text": T.BUTTON_ZONES, "data": cb.zone_list()}]])


def notice(template: str, **values) -> Answer:
    return Answer(render(template, **values))


def small_talk(kind: str, registered: bool) -> Answer:
    """Greetings, thanks, "cosa sai fare?": briefly, with the main menu; without a role, the way to get one."""
    text = {"greeting": T.GREETING, "thanks": T.THANKS, "capabilities": T.CAPABILITIES}[kind]
    if not registered and kind != "thanks":
        text = text + "\n\n" + T.NO_ROLE
    return Answer(Markup(text), menu=True)
