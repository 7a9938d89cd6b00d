"""The catalogue use cases the chat and `zobot ask` share: one question in, one Answer out.

The catalogue is read once per catalogue version into memory (bot/catalogue/readmodel.py); a question
costs parsing and building the answer from that snapshot, never a query. An update that arrives with a
newer version (read with its arrival, bot/arrival.py) first brings the snapshot up to date.
"""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from bot.catalogue import callbacks as cb
from bot.catalogue import cards, readmodel, replies, search
from bot.catalogue.answers import Answer
from bot.catalogue.cache import AnswerCache
from bot.catalogue.followups import FollowUps, complete
from bot.catalogue.index import COMUNE, SERVICE, THEME, ZONE, CatalogueIndex, build_entries
from bot.catalogue.intents import ACCEPT, SMALL_TALK, Intent, Parsed, parse
from bot.catalogue.normalize import fold
from bot.catalogue.places import outside_entries
from bot.catalogue.readmodel import ReadModel
from bot.catalogue.respond import respond, view
from bot.catalogue.version import read as read_version
from bot.db.engine import Database
from bot.texts import catalogue as T
from bot.texts import shorten

logger = logging.getLogger(__name__)
MAX_QUESTION = 500
PARSED_CACHE = 4096  # the same text parses the same way for one index: repeated questions skip the parser


@dataclass
class InlineItem:
    """One inline-mode result: an id, a title, a one-line description and the message it sends."""

    id: str
    title: str
    description: str
    answer: Answer


def index_rows(rm: ReadModel) -> dict[str, list[dict]]:
    """Plain rows for building the search index, from the snapshot (the same as queries.index_rows)."""
    capoluogo = {z.id for z in rm.zones.values() if z.is_capoluogo}
    return {
        "zones": [{"id": z.id, "code": z.code, "name": z.name, "aliases": list(z.aliases or []),
                   "is_capoluogo": z.is_capoluogo} for z in sorted(rm.zones.values(), key=lambda z: z.name)],
        "comuni": [{"id": c.id, "name": c.name, "zone_id": c.zone_id, "is_capoluogo": c.zone_id in capoluogo}
                   for c in rm.comuni.values()],
        "services": [{"id": s.id, "code": s.code, "name": s.name, "synonyms": list(s.synonyms or []),
                      "acronyms": list(s.acronyms or []), "theme_id": s.theme_id, "description": s.description}
                     for s in sorted(rm.services.values(), key=lambda s: s.name)],
        "themes": [{"id": t.id, "name": t.name, "aliases": list(t.aliases or [])}
                   for t in sorted(rm.themes.values(), key=lambda t: t.name)],
    }


class CatalogueService:
    """The catalogue snapshot and its search index (rebuilt by `reload`), the answers, the follow-up memory."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.model = ReadModel(-1, [], [], [], [], [], [])
        self.index = CatalogueIndex([])
        self._rows: dict | None = None
        self.cache = AnswerCache()
        self.followups = FollowUps()
        self._parsed: OrderedDict[str, Parsed] = OrderedDict()
        self._following = asyncio.Lock()

    async def reload(self) -> bool:
        """Read the catalogue into memory; rebuild the index if the names changed (at start-up, after a load).
        True when the index was rebuilt."""
        async with self.db.read() as s:
            model = await readmodel.load(s)
        rows = index_rows(model)
        rebuilt = rows != self._rows
        if rebuilt:
            entries = build_entries(rows["comuni"], rows["zones"], rows["services"], rows["themes"], outside_entries())
            self.index, self._rows = CatalogueIndex(entries), rows
            self._parsed.clear()
            logger.info("catalogue index: %d entries", len(entries))
        self.model = model
        return rebuilt

    async def refresh(self) -> bool:
        """Follow a change made elsewhere (`zobot catalogue load`, another instance; the refresh tick, every
        minute, also catches rows written without a version bump); True if the names or the version changed."""
        before = self.model.version
        rebuilt = await self.reload()
        if rebuilt:
            self.cache = AnswerCache(self.cache.size)  # answers built on the old names
        return rebuilt or self.model.version != before

    async def _follow(self, version: int | None) -> None:
        """An update saw a newer catalogue than this snapshot: read it before answering. A caller that read
        no version (`zobot ask`, a test, a script) gets one read here: every answer is as new as the database."""
        if version is None:
            async with self.db.read() as s:
                version = await read_version(s)
        if version <= self.model.version:
            return
        async with self._following:
            if version > self.model.version:
                await self.reload()

    def _cached(self, version: int | None, key, compute) -> Answer:
        """The answer for `key` from the current snapshot; cached only when the update read a version."""
        if version is None:
            return compute()
        answer = self.cache.get(self.model.version, key)
        if answer is None:
            answer = compute()
            self.cache.put(self.model.version, key, answer)
        return answer

    def parse(self, text: str) -> Parsed:
        p = self._parsed.get(text)
        if p is None:
            p = parse(self.index, text)
            self._parsed[text] = p
            if len(self._parsed) > PARSED_CACHE:
                self._parsed.popitem(last=False)
        return p

    async def ask(self, text: str | None, version: int | None = None, *, person: int | None = None,
                  now: datetime | None = None, registered: bool = True) -> Answer:
        """Answer one free-text question (chat, `zobot ask`); `person` and `now` enable follow-ups."""
        await self._follow(version)
        text = (text or "").strip()
        refusal = self._refusal(text, T.EMPTY)
        if refusal is not None:
            return refusal
        if not self.index.cmm_count:
            return replies.notice(T.EMPTY_CATALOGUE)
        p = self.parse(text)
        if now is not None:
            p = complete(p, self.followups.recall(person, now))
            self.followups.remember(person, p, now)
        # the same question in other words has the same answer; only "Intendevi…?" repeats the text
        key = ("ask", text if p.intent == Intent.AMBIGUOUS else None, p.intent,
               tuple(sorted((k, e.id) for k, e in p.entities.items())),
               p.outside.id if p.outside is not None else None, registered if p.intent in SMALL_TALK else None)
        return self._cached(version, key, lambda: respond(self.model, p, text, self.zone_names(), registered))

    async def view(self, data: str, version: int | None = None) -> Answer:
        """The answer behind a button; NotFound for forged or stale data."""
        await self._follow(version)
        return self._cached(version, ("view", data), lambda: view(self.model, data))

    def zone_names(self) -> dict[int, str]:
        return {z.id: (z.comuni[0].name if z.is_capoluogo and z.comuni else z.name) for z in self.model.zones.values()}

    def _refusal(self, text: str, usage: str) -> Answer | None:
        if not fold(text):
            return replies.notice(usage)
        if len(text) > MAX_QUESTION:
            return replies.notice(T.TOO_LONG, length=len(text), limit=MAX_QUESTION)
        return None

    async def find(self, text: str | None, version: int | None = None) -> Answer:
        """/cerca: every catalogue name the text may mean, as buttons."""
        await self._follow(version)
        text = (text or "").strip()
        refusal = self._refusal(text, T.SEARCH_USAGE)
        if refusal is not None:
            return refusal
        return search.results(text, search.search(self.index, text), self.zone_names())

    async def comune(self, text: str | None, version: int | None = None) -> Answer:
        """/comune <nome>: the services for a comune (or candidates, or why not)."""
        await self._follow(version)
        text = (text or "").strip()
        return self._cached(version, ("comune", text), lambda: self._comune(text))

    def _comune(self, text: str) -> Answer:
        refusal = self._refusal(text, T.COMUNE_USAGE)
        if refusal is not None:
            return refusal
        p = self.parse(text)
        if p.intent == Intent.OUTSIDE:
            return replies.outside(p.outside)
        if p.intent == Intent.AMBIGUOUS and p.candidates[0].kind == COMUNE:
            return replies.candidates(text, p.candidates, Intent.COMUNE_SERVICES, self.zone_names(),
                                      p.confidence < ACCEPT)
        if p.entity(COMUNE) is not None:
            return view(self.model, cb.comune_services(p.entity(COMUNE).id))
        return replies.notice(T.COMUNE_NOT_FOUND, text=text)

    async def inline(self, text: str | None, version: int | None = None, limit: int = 20) -> list[InlineItem]:
        """Inline mode: the comuni, zones and services the text names (a theme brings its services)."""
        await self._follow(version)
        text = (text or "").strip()[:MAX_QUESTION]
        if not fold(text):
            return []
        rm, items, seen = self.model, [], set()
        for hit in search.search(self.index, text, limit):
            e = hit.entry
            if e.kind == THEME:
                services = [s.id for s in rm.services_of(e.id)]
            elif e.kind == SERVICE:
                services = [e.id]
            else:
                services = []
            if e.kind == COMUNE and e.id in rm.comuni:
                comune = rm.comuni[e.id]
                answer = view(rm, cb.comune_services(comune.id))
                zone = comune.zone.name if comune.zone else ""
                items.append(InlineItem(f"c{comune.id}", comune.name, shorten(zone), Answer(answer.text)))
            elif e.kind == ZONE and e.id in rm.zones:
                zone = rm.zones[e.id]
                answer = view(rm, cb.zone_comuni(zone.id))
                items.append(InlineItem(f"z{zone.id}", zone.name, T.INLINE_ZONE, Answer(answer.text)))
            for sid in services:
                if sid in seen or sid not in rm.services:
                    continue
                seen.add(sid)
                service = rm.services[sid]
                card = cards.service_card(service, rm.coverage_of_service(sid), details=rm.details_of(service))
                items.append(InlineItem(f"s{sid}", service.name,
                                        service.description[:100] or (service.theme.name if service.theme else ""),
                                        Answer(card.text)))
        return items[:limit]
