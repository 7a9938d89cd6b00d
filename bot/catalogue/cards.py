"""The card of one service and who to contact for it."""
from __future__ import annotations

from bot.catalogue import callbacks as cb
from bot.catalogue import citations, provenance
from bot.catalogue.answers import Answer, lines, status
from bot.catalogue.details import Details
from bot.catalogue.readmodel import Coverage, Service
from bot.texts import Markup, common, render
from bot.texts import catalogue as T


def where(coverages: list[Coverage]) -> str:
    """"zona Adda Martesana (attivato) (esempio), Abbiategrasso (in attivazione)": where a service is recorded."""
    items = []
    for c in coverages:
        if c.zone is not None:
            scope = render(T.COVERAGE_CAPOLUOGO if c.zone.is_capoluogo else T.COVERAGE_ZONE, name=c.zone.name)
        elif c.comune is not None:
            scope = render(T.COVERAGE_COMUNE, name=c.comune.name)
        else:
            continue
        items.append(render(T.COVERAGE_ITEM, scope=scope, status=status(c)) + (T.EXAMPLE_MARK if c.is_example else ""))
    return ", ".join(items) if items else T.NOT_ACTIVE_ANYWHERE


def _field(key: str, value) -> str | None:
    if value in (None, ""):
        return None
    return render(T.SERVICE_FIELD, label=T.SERVICE_FIELDS[key], value=value)


def service_card(service: Service, coverages: list[Coverage], back_zone: int = 0, back_page: int = 0,
                 details: Details | None = None) -> Answer:
    """Everything the catalogue knows about a service, with its source (contacts: bot/catalogue/provenance.py)."""
    acronyms = ", ".join(service.acronyms or [])
    title = (render(T.SERVICE_TITLE_ACRONYM, name=service.name, acronyms=acronyms) if acronyms
             else render(T.SERVICE_TITLE, name=service.name))
    where_ = where(coverages)
    text = lines(
        title,
        render(T.SERVICE_DESCRIPTION, description=service.description) if service.description else None,
        "",
        _field("theme", service.theme.name if service.theme else None),
        _field("status", status(service)),
        _field("office", service.office.name if service.office else None),
        *provenance.card_lines(service, details),
        render(T.SERVICE_FIELD, label=T.SERVICE_FIELDS["coverage"], value=Markup(where_)),
        provenance.coverage_sources(coverages),
        _field("source", citations.survey(service.source)),
        "" if any(c.is_example for c in coverages) else None,
        T.EXAMPLE_NOTE if any(c.is_example for c in coverages) else None,
    )
    rows = [[{"text": T.BUTTON_CONTACT, "data": cb.service_contact(service.id)}]]
    if back_zone:
        rows.append([{"text": common.BACK, "data": cb.zone_services(back_zone, back_page)}])
    else:
        rows.append([{"text": T.BUTTON_ALL_SERVICES, "data": cb.all_services(back_page)}])
    return Answer(text, rows)


def service_contact(service: Service, details: Details | None = None) -> Answer:
    office = service.office
    out = [render(T.CONTACT_HEAD, service=service.name), ""]
    if office is not None:
        out.append(render(T.CONTACT_OFFICE, office=office.name))
    contacts = provenance.contact_lines(service, details)
    out += contacts
    if service.contact:
        out.append(render(T.CONTACT_TEXT, contact=service.contact))
    if not (service.contact or contacts):
        out.append(T.CONTACT_NONE)
    return Answer(lines(*out), [[{"text": T.BUTTON_CARD, "data": cb.service_card(service.id)}]])

