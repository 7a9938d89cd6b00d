"""From an understood question to its answer, over the in-memory catalogue (no database work)."""
from __future__ import annotations

from bot.catalogue import callbacks as cb
from bot.catalogue import figures, replies
from bot.catalogue.answers import Answer
from bot.catalogue.index import COMUNE, SERVICE, THEME, ZONE
from bot.catalogue.intents import ACCEPT, Intent, Parsed
from bot.catalogue.readmodel import ReadModel
from bot.catalogue.views import VIEWS
from bot.errors import NotFound

SIMPLE = {  # intents whose answer is the view of a button
    Intent.ZONE_LIST: lambda p: cb.zone_list(),
    Intent.SERVICE_LIST: lambda p: cb.all_services(),
    Intent.SERVICE_CARD: lambda p: cb.service_card(p.entity(SERVICE).id),
    Intent.SERVICE_CONTACT: lambda p: cb.service_contact(p.entity(SERVICE).id),
    Intent.COMUNE_ZONE: lambda p: cb.comune_zone(p.entity(COMUNE).id),
    Intent.COMUNE_SERVICES: lambda p: cb.comune_services(p.entity(COMUNE).id),
    Intent.ZONE_SERVICES: lambda p: cb.zone_services(p.entity(ZONE).id),
    Intent.ZONE_COMUNI: lambda p: cb.zone_comuni(p.entity(ZONE).id if p.entity(ZONE) else p.entity(COMUNE).info["zone_id"]),
}


def view(rm: ReadModel, data: str) -> Answer:
    """The answer behind a button; NotFound for forged or stale data."""
    action = cb.parse(data)
    answer = VIEWS[action.name](rm, action) if action is not None else None
    if answer is None:
        raise NotFound(data)
    return answer


def respond(rm: ReadModel, p: Parsed, text: str, zone_names: dict[int, str], registered: bool = True) -> Answer:
    """The answer to a parsed question."""
    if p.intent == Intent.AMBIGUOUS:
        return replies.candidates(text, p.candidates, p.candidate_intent, zone_names, p.confidence < ACCEPT,
                                  p.entities)
    if p.intent == Intent.OUTSIDE:
        return replies.outside(p.outside)
    if p.intent == Intent.UNKNOWN:
        return replies.unknown()
    if p.intent in (Intent.GREETING, Intent.THANKS, Intent.CAPABILITIES):
        return replies.small_talk(p.intent.value, registered)
    if p.intent in SIMPLE:
        return view(rm, SIMPLE[p.intent](p))
    if p.intent == Intent.TOTALS:
        return figures.totals(rm.zones_with_counts())
    if p.intent == Intent.ZONE_POPULATION:
        return figures.zone_population(rm.zones[p.entity(ZONE).id])
    if p.intent == Intent.SERVICE_PLACE:
        comune, zone = p.entity(COMUNE), p.entity(ZONE)
        kind, place = ((cb.IN_COMUNE, comune.id) if comune else (cb.IN_ZONE, zone.id) if zone else (cb.EVERYWHERE, 0))
        return view(rm, cb.service_place(p.entity(SERVICE).id, kind, place))
    if p.intent == Intent.THEME_SERVICES:
        theme, comune, zone = p.entity(THEME), p.entity(COMUNE), p.entity(ZONE)
        if comune is not None:
            return view(rm, cb.theme_comune(theme.id, comune.id))
        return view(rm, cb.theme_services(theme.id, zone.id if zone else 0))
    raise NotFound(p.intent)
