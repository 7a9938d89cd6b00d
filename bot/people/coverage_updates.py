"""The PO's /copertura, step by step with buttons: service (by name, fuzzy, among their office's) →
comune or zone (by name, fuzzy, «Intendevi…?») → status → since when → confirm. The step and what
was chosen live in `coverage_drafts`, so a restart resumes; buttons name the step they belong to
(bot/people/coverage_callbacks.py) and a press from another step changes nothing.

The one-line form `/copertura servizio; luogo; stato; [data]; [nota]` keeps working (bot/people/monitoring.py).
Every use case is one transaction, takes a `Who`, asks the policy (`update_coverage`) before reading
anything and returns a `Reply` (bot/people/coverage_views.py).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Callable
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from sqlalchemy import bindparam, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.coverage import ENDED, Scope
from bot.catalogue.index import COMUNE, SERVICE, ZONE, CatalogueIndex, build_entries
from bot.catalogue.intents import ACCEPT, CLOSE
from bot.catalogue.models import Comune, CoverageDraft, Zone
from bot.catalogue.normalize import fold
from bot.clock import Clock
from bot.errors import BadInput, NotFound, StaleAction
from bot.people import coverage_callbacks as cb
from bot.people import coverage_views as views
from bot.people import monitoring, policy
from bot.people.models import Person
from bot.people.who import Who
from bot.reply import Reply

TYPING_STEPS = ("service", "place", "since")
WINDOW = timedelta(minutes=30)  # after this, typed text is a catalogue question again
MAX_CANDIDATES = 6
LOOSE = 80  # rapidfuzz partial_ratio over an office's few service names


def awaits_text(person_id):
    """EXISTS clause read with every update (bot/arrival.py): a /copertura step waits for typed text."""
    return (select(CoverageDraft.person_id).where(CoverageDraft.person_id == person_id,
                                                  or_(*(CoverageDraft.step == s for s in TYPING_STEPS)),
                                                  CoverageDraft.updated_at >= bindparam("cv_since")).exists())


def awaits_text_parameters(now: datetime) -> dict:
    return {"cv_since": now - WINDOW}


def pick(hits, text: str) -> tuple[object | None, list]:
    """The entry a typed name means (clear winner at ≥ ACCEPT), else the candidates to offer."""
    if hits and hits[0].score >= ACCEPT and (len(hits) == 1 or hits[1].score < hits[0].score - CLOSE):
        return hits[0].entry, []
    return None, [h.entry for h in hits if h.score >= hits[0].score - CLOSE][:MAX_CANDIDATES]


def loose(entries: list, span: str) -> list:
    """Entries a part of whose names resembles `span` (a word of a long name, a typo in it), best first."""
    if len(span) < 3:
        return []
    scored = [(max(fuzz.partial_ratio(span, n) for n in e.names), e) for e in entries]
    return [e for score, e in sorted(scored, key=lambda p: (-p[0], p[1].label)) if score >= LOOSE][:MAX_CANDIDATES]


class CoverageUpdates:
    """The dialogue over one database; `index` gives the catalogue's current search index (places)."""

    def __init__(self, db, clock: Clock, index: Callable[[], CatalogueIndex], tz: ZoneInfo) -> None:
        self.db, self.clock, self.index, self.tz = db, clock, index, tz

    async def _person(self, session: AsyncSession, who: Who) -> Person:
        person = await who.person(session)
        policy.require(person, "update_coverage")  # NotAllowed before anything that depends on the input
        return person

    async def command(self, who: Who, args: str) -> Reply:
        """/copertura: the list; /copertura <nome>: that service; with «;» the one-line form."""
        now = self.clock.now()
        async with self.db.session() as s:
            person = await self._person(s, who)
            if ";" in args:
                await s.execute(delete(CoverageDraft).where(CoverageDraft.person_id == person.id))
                return await self._one_line(s, person, args, now)
            draft = await self._restart(s, person, now)
            if not args.strip():
                return views.service_list(await monitoring.services_of(s, person))
            return await self._service_named(s, person, draft, args, now)

    async def press(self, who: Who, action: cb.Action) -> Reply:
        """A `cv:` button (parsed by bot/people/coverage_callbacks.py); StaleAction for one of another step."""
        now = self.clock.now()
        async with self.db.session() as s:
            person = await self._person(s, who)
            draft = await s.get(CoverageDraft, person.id, with_for_update=True)
            if action.name == "x":
                if draft is not None:
                    await s.delete(draft)
                return views.left()
            if action.name == "l":
                await self._restart(s, person, now)
                return views.service_list(await monitoring.services_of(s, person))
            if action.name == "h":
                return await self._card(s, person, action.arg(), None)
            if action.name == "s":
                draft = draft or await self._restart(s, person, now)
                return await self._chose_service(s, person, draft, action.arg(), now)
            if draft is None or draft.step != action.step or draft.updated_at < now - WINDOW:
                raise StaleAction("coverage_step", action.name)
            return await self._step(s, person, draft, action, now)

    async def typed(self, who: Who, text: str) -> Reply | None:
        """Typed text for the current step, or None when no step waits for it (the text goes on)."""
        now = self.clock.now()
        async with self.db.session() as s:
            person = await who.person(s)
            draft = await s.get(CoverageDraft, person.id, with_for_update=True) if person else None
            if draft is None or draft.step not in TYPING_STEPS or draft.updated_at < now - WINDOW:
                return None
            if not policy.can(person, "update_coverage"):  # the role went away mid-dialogue: drop it
                await s.delete(draft)
                return None
            text = text.strip()[:200]
            if draft.step == "service":
                return await self._service_named(s, person, draft, text, now)
            if draft.step == "place":
                return await self._place_named(s, person, draft, text, now)
            try:
                when = monitoring.parse_date(text)
            except BadInput:
                return views.ask_since(error=True)
            return await self._chose_since(s, draft, when, now)

    # ---- steps -----------------------------------------------------------------------------

    async def _restart(self, s: AsyncSession, person: Person, now: datetime) -> CoverageDraft:
        await s.execute(delete(CoverageDraft).where(CoverageDraft.person_id == person.id))
        draft = CoverageDraft(person_id=person.id, step="service", data={}, updated_at=now)
        s.add(draft)
        await s.flush()
        return draft

    def _save(self, draft: CoverageDraft, step: str, now: datetime, **data) -> None:
        draft.data = {**(draft.data or {}), **data}  # a new dict, so the JSON column is seen as changed
        draft.step, draft.updated_at = step, now

    async def _service_named(self, s, person, draft, text: str, now) -> Reply:
        own = await monitoring.services_of(s, person)
        rows = [{"id": x.id, "code": x.code, "name": x.name, "synonyms": list(x.synonyms or []),
                 "acronyms": list(x.acronyms or []), "theme_id": x.theme_id} for x in own]
        index = CatalogueIndex(build_entries([], [], rows, [], []))
        hits = index.match(fold(text), kinds=(SERVICE,))
        chosen, candidates = pick(hits, text)
        if chosen is None and not candidates:  # a handful of names: a looser match still offers «Intendevi…?»
            candidates = loose(index.of_kind(SERVICE), fold(text))
        if chosen is not None:
            return await self._chose_service(s, person, draft, chosen.id, now)
        self._save(draft, "service", now)
        return views.service_candidates(text, candidates, own)

    async def _chose_service(self, s, person, draft, service_id: int, now) -> Reply:
        service = await monitoring.service_by_id(s, service_id)
        policy.require(person, "update_coverage", service)
        self._save(draft, "place", now, service_id=service.id, place=None, status=None, since=None)
        return await self._card(s, person, service.id, views.ask_place(await self._zones(s)))

    async def _card(self, s, person, service_id: int, then: Reply | None) -> Reply:
        service = await monitoring.service_by_id(s, service_id)
        policy.require(person, "update_coverage", service)
        return await views.card(s, service, self.tz, then)

    async def _zones(self, s) -> list[Zone]:
        return list(await s.scalars(select(Zone).where(Zone.is_capoluogo.is_(False)).order_by(Zone.name)))

    async def _place_named(self, s, person, draft, text: str, now) -> Reply:
        hits = self.index().match(fold(text), kinds=(COMUNE, ZONE))
        chosen, candidates = pick(hits, text)
        if chosen is None:
            draft.updated_at = now
            return views.place_candidates(text, candidates, await self._zones(s))
        scope = await self._scope(s, chosen.kind, chosen.id)
        return await self._chose_place(s, draft, scope, now)

    async def _scope(self, s, kind: str, place_id: int) -> Scope:
        if kind == COMUNE:
            found = await s.get(Comune, place_id)
            if found is None:
                raise NotFound(place_id)
            return Scope.of_comune(found)
        zone = await s.get(Zone, place_id)
        if zone is None:
            raise NotFound(place_id)
        return Scope.of_zone(zone)

    async def _chose_place(self, s, draft, scope: Scope, now) -> Reply:
        service = await monitoring.service_by_id(s, draft.data["service_id"])
        self._save(draft, "status", now, place=[scope.key, scope.zone_id, scope.comune_id, scope.name])
        current = await views.current_status(s, service.id, scope.key)
        return views.ask_status(service.name, scope.name, current)

    async def _step(self, s, person, draft, action, now) -> Reply:
        if action.name in ("pz", "pc"):
            scope = await self._scope(s, COMUNE if action.name == "pc" else ZONE, action.arg())
            return await self._chose_place(s, draft, scope, now)
        if action.name == "t":
            status = cb.STATUSES[action.arg()]
            self._save(draft, "since", now, status=status)
            if status == ENDED:
                return await self._chose_since(s, draft, None, now)
            return views.ask_since()
        if action.name == "d":
            today = now.astimezone(self.tz).date()
            return await self._chose_since(s, draft, today if action.arg() else None, now)
        return await self._confirm(s, person, draft, now)

    async def _chose_since(self, s, draft, when: date | None, now) -> Reply:
        self._save(draft, "confirm", now, since=when.isoformat() if when else None)
        service = await monitoring.service_by_id(s, draft.data["service_id"])
        return views.ask_confirm(service.name, draft.data["place"][3], draft.data["status"], when)

    async def _confirm(self, s, person, draft, now) -> Reply:
        data = draft.data
        service = await monitoring.service_by_id(s, data["service_id"])
        key, zone_id, comune_id, name = data["place"]
        since = date.fromisoformat(data["since"]) if data.get("since") else None
        change = monitoring.Change(service.code, name, data["status"], since)
        try:
            await monitoring.record_at(s, person, service, Scope(key, zone_id, comune_id, name), change, now=now,
                                       tz=self.tz)
        except BadInput:  # «cessato» where nothing is recorded
            self._save(draft, "status", now)
            return views.ask_status(service.name, name, None, nothing_to_end=True)
        self._save(draft, "place", now, place=None, status=None, since=None)
        return await views.card(s, service, self.tz, None, head=views.saved(service, name, change.status, since))

    async def _one_line(self, s, person, args: str, now) -> Reply:
        change = monitoring.parse(args, today=now.astimezone(self.tz).date())
        service, place, history = await monitoring.record(s, person, change, now=now, tz=self.tz)
        return views.saved_line(service.name, place, change.status, history.since)
