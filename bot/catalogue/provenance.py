"""Lines that show where the catalogue's data comes from: a service's contacts and details with their
source (the card, «Chi contattare») and the sources of the coverage an answer lists."""
from __future__ import annotations

from bot.catalogue import citations
from bot.catalogue.details import CONTACT_FIELDS, Detail, Details
from bot.catalogue.models import Coverage, Service
from bot.texts import Markup, render
from bot.texts import catalogue as C
from bot.texts import curation as T

MAX_SOURCES = 3


def _line(template: str, name: str, detail) -> Markup:
    """A detail with its source; a law in a legal basis is linked to its text (bot/catalogue/citations.py).
    A value without a source of its own (the files' columns, read by bot/catalogue/readmodel.py) is shown
    plain: the card's «Fonte» line cites the service's source."""
    value = citations.law_text(detail.value) if name == "legal_basis" else detail.value
    if not detail.source:
        return render(C.SERVICE_FIELD, label=C.SERVICE_FIELDS.get(name, T.FIELD_NAMES[name]), value=value)
    return render(template, label=T.FIELD_NAMES[name], value=value, source=detail.source)


def card_lines(service: Service, details: Details | None) -> list[Markup]:
    """Legal basis, how to join, contact text and the service's own contacts, each with its source."""
    if details is None:  # a caller without details: the columns, as the files gave them
        return [render(C.SERVICE_FIELD, label=C.SERVICE_FIELDS[k], value=v)
                for k, v in (("legal_basis", service.legal_basis), ("joining", service.joining),
                             ("contact", service.contact)) if v]
    out = [_line(T.CARD_DETAIL, name, details.service[name]) for name in ("legal_basis", "joining")
           if name in details.service]
    if service.contact:
        out.append(render(C.SERVICE_FIELD, label=C.SERVICE_FIELDS["contact"], value=service.contact))
    out += [_line(T.CARD_DETAIL, name, details.service[name]) for name in CONTACT_FIELDS if name in details.service]
    return out


def contact_lines(service: Service, details: Details | None) -> list[Markup]:
    """«Chi contattare»: the service's own contacts, then its office's, and where they come from."""
    if details is None:  # a caller without details: the office's columns, as the files gave them
        office = service.office
        details = Details(office={k: Detail(v, "") for k, v in (("email", office and office.email),
                                                                 ("phone", office and office.phone)) if v})
    out: list[Markup] = []
    sources: list[str] = []
    for found in (details.service, details.office):
        for name in CONTACT_FIELDS:
            detail = found.get(name)
            if detail is None:
                continue
            out.append(render(T.CONTACT_DETAIL, label=T.FIELD_NAMES[name], value=detail.value))
            if detail.source and detail.source not in sources:
                sources.append(detail.source)
    if sources:
        out.append(render(T.CONTACT_SOURCES, sources="; ".join(s[:200] for s in sources[:MAX_SOURCES])))
    return out


def coverage_sources(coverages: list[Coverage]) -> Markup | None:
    """«Fonte: …» of the real records an answer lists (examples say «(esempio)» instead)."""
    found = list(dict.fromkeys(c.source for c in coverages if c.source and not c.is_example))
    if not found:
        return None
    shown = "; ".join(s[:200] for s in found[:MAX_SOURCES]) + ("; …" if len(found) > MAX_SOURCES else "")
    return render(T.COVERAGE_SOURCES, sources=shown)
