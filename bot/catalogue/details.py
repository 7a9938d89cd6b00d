"""Contacts and details of offices and services, managed by organisers, never invented: each value has
its source and is validated (e-mail, PEC, Italian phone number, http(s) URL) before it is stored.

A value lives in `catalogue_details`, keyed by the office's or service's code, so reloading the files
keeps it (the files may also carry details of their own, loaded into the same table: see loader.py).
What a card shows is that value, else the column the files gave (office e-mail and phone, service
legal basis and "how to join"), with the record's own source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import lookup, version
from bot.catalogue.models import CatalogueDetail, Office, Service
from bot.errors import BadDetail

KINDS = ("office", "service")
CONTACT_FIELDS = ("email", "pec", "phone", "web")
FIELDS = {"office": CONTACT_FIELDS, "service": (*CONTACT_FIELDS, "legal_basis", "joining")}
KIND_WORDS = {"office": "office", "ufficio": "office", "service": "service", "servizio": "service"}
FIELD_WORDS = {"email": "email", "e-mail": "email", "mail": "email", "pec": "pec", "phone": "phone",
               "telefono": "phone", "tel": "phone", "web": "web", "sito": "web", "url": "web",
               "legal_basis": "legal_basis", "base_giuridica": "legal_basis", "normativa": "legal_basis",
               "joining": "joining", "adesione": "joining", "come_aderire": "joining"}
CLEAR = "-"  # the value that removes a detail
TEXT_LIMIT, SOURCE_LIMIT, EMAIL_LIMIT, URL_LIMIT = 1000, 300, 254, 500
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                   r"[A-Za-z]{2,}$")
# Certified e-mail (PEC) is only offered by AgID-accredited providers; their domains (and the
# domains administrations register with them) name the service: pec.*, *cert*, legalmail.it, …
PEC_MARKERS = ("pec", "cert", "legalmail", "sicurezzapostale", "postacert")
PHONE_JUNK = re.compile(r"[\s./()-]")


@dataclass(frozen=True)
class Detail:
    value: str
    source: str


@dataclass
class Details:
    """What a card shows for a service: its own details and its office's (name included)."""

    service: dict[str, Detail] = field(default_factory=dict)
    office: dict[str, Detail] = field(default_factory=dict)
    office_name: str | None = None

    def get(self, name: str) -> Detail | None:
        return self.service.get(name)


def kind_of(word: str) -> str:
    kind = KIND_WORDS.get(lookup.fold(word))
    if kind is None:
        raise BadDetail("kind", word)
    return kind


def field_of(kind: str, word: str) -> str:
    name = FIELD_WORDS.get(lookup.fold(word).replace(" ", "_"))
    if name is None or name not in FIELDS[kind]:
        raise BadDetail("field", word)
    return name


def clean(name: str, raw: str) -> str:
    """The value as stored, or BadDetail(name) with the field whose rule it breaks."""
    value = " ".join((raw or "").split())
    if name in ("email", "pec"):
        value = value.removeprefix("mailto:")
        if len(value) > EMAIL_LIMIT or not EMAIL.match(value):
            raise BadDetail(name, raw)
        local, domain = value.rsplit("@", 1)
        if name == "pec" and not any(m in domain.lower() for m in PEC_MARKERS):
            raise BadDetail("pec", raw)
        return f"{local}@{domain.lower()}"
    if name == "phone":
        return _phone(value, raw)
    if name == "web":
        parts = urlsplit(value)
        if (parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname
                or " " in value or len(value) > URL_LIMIT):
            raise BadDetail("web", raw)
        return value
    if not 3 <= len(value) <= TEXT_LIMIT:
        raise BadDetail("text", raw)
    return value


def _phone(value: str, raw: str) -> str:
    """An Italian number: landline (0…, 6–11 digits), mobile (3…, 9–10), numero verde (80…, 6–10),
    optionally after +39 or 0039; kept as written, spaces tidied."""
    digits = PHONE_JUNK.sub("", value)
    national = digits[3:] if digits.startswith("+39") else digits[4:] if digits.startswith("0039") else digits
    ok = national.isdigit() and (
        (national[:1] == "0" and 6 <= len(national) <= 11) or (national[:1] == "3" and 9 <= len(national) <= 10)
        or (national[:2] == "80" and 6 <= len(national) <= 10))
    if not ok:
        raise BadDetail("phone", raw)
    return value


def clean_source(raw: str) -> str:
    source = " ".join((raw or "").split())
    if not 3 <= len(source) <= SOURCE_LIMIT:
        raise BadDetail("source", raw)
    return source


async def target(session: AsyncSession, kind: str, name: str) -> Office | Service:
    """The office or service with that code or name (folded), else BadDetail('code')."""
    found = await (lookup.office if kind == "office" else lookup.service)(session, name)
    if found is None:
        raise BadDetail("code", name)
    return found


@dataclass(frozen=True)
class Change:
    """What `set_detail` did: the office or service, the field, the value stored (None: removed), the one
    it replaced and its source."""

    kind: str
    thing: Office | Service
    field: str
    value: str | None
    old: str | None
    source: str


async def set_detail(session: AsyncSession, by: str, kind: str, code: str, name: str, raw: str, source: str, *,
                     now: datetime) -> Change:
    """Set (or, with "-", remove) one detail after checking it (BadDetail otherwise); answers change at
    once. `by` is who, as the row keeps it ("cli", a role): the caller asks the policy and audits."""
    kind = kind_of(kind)
    name = field_of(kind, name)
    thing = await target(session, kind, code)
    removing = (raw or "").strip() == CLEAR
    value = None if removing else clean(name, raw)
    source = clean_source(source) if not removing else ""
    row = await session.scalar(select(CatalogueDetail).where(CatalogueDetail.kind == kind,
                                                             CatalogueDetail.code == thing.code,
                                                             CatalogueDetail.field == name))
    old = row.value if row is not None else None
    if removing:
        if row is not None:
            await session.delete(row)
    elif row is None:
        session.add(CatalogueDetail(kind=kind, code=thing.code, field=name, value=value, source=source,
                                    updated_at=now, updated_by=by))
    else:
        row.value, row.source, row.updated_at, row.updated_by = value, source, now, by
    await version.bump(session)  # cards and «chi contattare» cached on any instance must show it
    return Change(kind, thing, name, value, old, source)


async def stored(session: AsyncSession, kind: str, codes: list[str] | None = None) -> dict[str, dict[str, Detail]]:
    """code -> field -> Detail of the managed values (all codes of `kind` when `codes` is None)."""
    query = select(CatalogueDetail).where(CatalogueDetail.kind == kind)
    if codes is not None:
        query = query.where(CatalogueDetail.code.in_(codes))
    found: dict[str, dict[str, Detail]] = {}
    for row in await session.scalars(query.order_by(CatalogueDetail.code, CatalogueDetail.field)):
        found.setdefault(row.code, {})[row.field] = Detail(row.value, row.source)
    return found


async def replace_from_files(session: AsyncSession, kind: str, rows: dict[str, dict[str, Detail]], *,
                             now: datetime) -> tuple[int, int, int]:
    """The loader's part: the details the files name win; details the files do not name are kept.
    Returns how many were (created, updated, unchanged)."""
    created = updated = unchanged = 0
    current = await stored(session, kind, list(rows))
    for code, fields in rows.items():
        for name, detail in fields.items():
            old = current.get(code, {}).get(name)
            if old == detail:
                unchanged += 1
                continue
            await session.execute(delete(CatalogueDetail).where(CatalogueDetail.kind == kind,
                                                                CatalogueDetail.code == code,
                                                                CatalogueDetail.field == name))
            session.add(CatalogueDetail(kind=kind, code=code, field=name, value=detail.value, source=detail.source,
                                        updated_at=now, updated_by="file"))
            created, updated = created + (old is None), updated + (old is not None)
    await session.flush()
    return created, updated, unchanged


def _with_columns(own: dict[str, Detail], columns: dict[str, str | None], source: str) -> dict[str, Detail]:
    merged = {k: Detail(v, source) for k, v in columns.items() if v}
    merged.update(own)
    return merged


async def of_service(session: AsyncSession, service: Service, office: Office | None) -> Details:
    """The details a card of `service` shows, with those of its `office` (None: no office)."""
    own = (await stored(session, "service", [service.code])).get(service.code, {})
    result = Details(service=_with_columns(own, {"legal_basis": service.legal_basis, "joining": service.joining},
                                           service.source))
    if office is not None:
        office_own = (await stored(session, "office", [office.code])).get(office.code, {})
        result.office = _with_columns(office_own, {"email": office.email, "phone": office.phone}, office.source)
        result.office_name = office.name
    return result


async def describe(session: AsyncSession, kind: str, name: str) -> tuple[Office | Service, dict[str, Detail]]:
    """An office's or service's details with their sources (the chat's /dettagli without a value)."""
    thing = await target(session, kind_of(kind), name)
    if isinstance(thing, Service):
        return thing, (await of_service(session, thing, None)).service
    own = (await stored(session, "office", [thing.code])).get(thing.code, {})
    return thing, _with_columns(own, {"email": thing.email, "phone": thing.phone}, thing.source)


def check_details(filename: str, raw) -> list[str]:
    """Problems of a `details:` mapping in offices.yaml or services.yaml (field: {value, source})."""
    from bot.catalogue.datafiles import LINE
    from bot.texts import curation as T

    if raw is None:
        return []
    kind = "office" if filename.startswith("office") else "service"
    if not isinstance(raw, dict):
        return [T.FILE_DETAILS_MAPPING]
    out = []
    for name, item in raw.items():
        if name == LINE:
            continue
        if name not in FIELDS[kind]:
            out.append(T.FILE_DETAIL_FIELD.format(field=name, allowed=", ".join(FIELDS[kind])))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("value"), str) or \
                not isinstance(item.get("source"), str) or set(item) - {"value", "source", LINE}:
            out.append(T.FILE_DETAIL_SHAPE.format(field=name))
            continue
        try:
            clean(name, item["value"])
            clean_source(item["source"])
        except BadDetail as exc:
            out.append(T.FILE_DETAIL_VALUE.format(field=name, reason=T.DETAIL_INVALID[exc.reason]))
    return out


def from_file(row: dict) -> dict[str, Detail]:
    """The details of one parsed office or service row (already checked), as stored."""
    return {name: Detail(clean(name, item["value"]), clean_source(item["source"]))
            for name, item in (row.get("details") or {}).items() if isinstance(item, dict)}
