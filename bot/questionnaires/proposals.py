"""From a completed response to proposed coverage changes, in the submission's own transaction.

Why at submission: the response is complete exactly then, and the coverage the PO saw is the coverage
of that moment, so each proposal keeps `old_status` (the real record when the PO answered). At review
and at apply the proposals are compared with the coverage *then current* (bot/questionnaires/review.py):
a record made after the response is a newer manual record and is shown as a conflict, never overwritten.
Computing at review instead would lose that moment, and give proposals no stable number to accept.

What a response proposes (binding in bot/questionnaires/binding.py), for the respondent's office:
- status "cessato": every real coverage row of the services named (none named: of the office's services),
  within the places named if any, is proposed *ended*;
- any other status: each service named × each place named is proposed *new* (no real record there) or
  *changed* (another status); places where a named service is recorded but that the response leaves
  out are proposed *ended*; with `unlisted: end`, so are the rows of the office's services not named.
Example coverage never counts as a record: the real data replaces it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import coverage
from bot.catalogue.coverage import ENDED, Scope
from bot.catalogue.models import Comune, Service, Zone
from bot.people.models import Person
from bot.questionnaires.binding import Binding
from bot.questionnaires.definition import Definition
from bot.questionnaires.models import CoverageProposal

NOTE_LIMIT = 500


@dataclass(frozen=True)
class Said:
    """What a response says, in the catalogue's terms."""

    status: str
    services: list[Service]
    scopes: list[Scope]
    since: date | None
    note: str | None


def _codes(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _note(d: Definition, b: Binding, rows: dict) -> str | None:
    row = rows.get(b.note) if b.note else None
    if row is None or row.value in (None, "", []):
        return None
    question = d.question(b.note)
    if question.type == "single":
        choice = question.choice(str(row.value))
        return (row.other_text or (choice.label if choice else str(row.value)))[:NOTE_LIMIT]
    return str(row.value)[:NOTE_LIMIT]


async def read(session: AsyncSession, d: Definition, rows: dict) -> Said | None:
    """The response's statement (None: the status question was not answered or not mapped)."""
    b = d.binding
    status_row = rows.get(b.status_question)
    status = b.status_values.get(str(status_row.value)) if status_row is not None and status_row.value is not None \
        else None
    if status is None:
        return None
    codes = [c for qid in b.services for c in _codes(rows[qid].value if qid in rows else None)]
    services = list(await session.scalars(select(Service).where(Service.code.in_(codes)).order_by(Service.name))) \
        if codes else []
    scopes: list[Scope] = []
    zone_codes = _codes(rows[b.zones].value) if b.zones and b.zones in rows else []
    if zone_codes:
        scopes += [Scope.of_zone(z) for z in await session.scalars(select(Zone).where(Zone.code.in_(zone_codes))
                                                                    .order_by(Zone.name))]
    istat = _codes(rows[b.comuni].value) if b.comuni and b.comuni in rows else []
    if istat:
        scopes += [Scope.of_comune(c) for c in await session.scalars(select(Comune).where(Comune.istat_code.in_(istat))
                                                                      .order_by(Comune.name))]
    since_row = rows.get(b.since) if b.since else None
    since = date.fromisoformat(since_row.value) if since_row is not None and since_row.value else None
    return Said(status, services, scopes, since, _note(d, b, rows))


async def propose(session: AsyncSession, d: Definition, *, campaign_id: int, response_id: int, person_id: int,
                  rows: dict, now: datetime) -> int:
    """Store the proposals of one completed response (its visible answers `rows`); returns how many."""
    if d.binding is None or d.anonymous:
        return 0
    said = await read(session, d, rows)
    if said is None:
        return 0
    person = await session.get(Person, person_id)
    office_id = person.office_id if person is not None else None
    office_services = list(await session.scalars(select(Service).where(Service.office_id == office_id))) \
        if office_id is not None else []
    named = {s.id for s in said.services}
    current = await coverage.real(session, sorted(named | {s.id for s in office_services}))
    keys = {s.key for s in said.scopes}
    found: dict[tuple[int, str], CoverageProposal] = {}

    def add(service_id: int, scope: Scope | None, key: str, kind: str, old: str | None, new: str | None) -> None:
        found[(service_id, key)] = CoverageProposal(
            campaign_id=campaign_id, response_id=response_id, person_id=person_id, office_id=office_id,
            service_id=service_id, scope_key=key, zone_id=scope.zone_id if scope else None,
            comune_id=scope.comune_id if scope else None, kind=kind, old_status=old, new_status=new,
            since=said.since if new else None, note=said.note if new else None, submitted_at=now,
            decision="pending")

    def end_rows(service_ids: set[int], within: set[str] | None) -> None:
        for (sid, key), row in current.items():
            if sid in service_ids and (within is None or key in within) and (sid, key) not in found:
                add(sid, None, key, "ended", row.status, None)

    if said.status == ENDED:
        end_rows(named or {s.id for s in office_services}, keys or None)
    else:
        for service in said.services:
            for scope in said.scopes:
                row = current.get((service.id, scope.key))
                if row is None or row.status != said.status:
                    add(service.id, scope, scope.key, "new" if row is None else "changed",
                        row.status if row else None, said.status)
        if keys:
            end_rows(named, {k for (_, k) in current} - keys)
        if d.binding.unlisted == "end":
            end_rows({s.id for s in office_services} - named, None)
    ordered = [found[k] for k in sorted(found)]  # numbered by service, then place
    await _fill_places(session, ordered)
    session.add_all(ordered)
    await session.flush()
    return len(found)


async def _fill_places(session: AsyncSession, proposals) -> None:
    """Ended proposals name their place by key only: give them the zone or comune id too."""
    for p in proposals:
        if p.zone_id is None and p.comune_id is None:
            kind, code = p.scope_key.split(":", 1)
            if kind == "zone":
                p.zone_id = await session.scalar(select(Zone.id).where(Zone.code == code))
            else:
                p.comune_id = await session.scalar(select(Comune.id).where(Comune.istat_code == code))
