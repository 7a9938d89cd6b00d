"""The catalogue use cases the chat and `zobot ask` share: one question in, one Answer out."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.catalogue import answers, cards, details, queries, replies, search
from bot.catalogue import callbacks as cb
from bot.catalogue.answers import Answer
from bot.catalogue.cache import AnswerCache
from bot.catalogue.index import COMUNE, SERVICE, THEME, ZONE, CatalogueIndex, build_entries
from bot.catalogue.intents import ACCEPT, Intent, Parsed, parse
from bot.catalogue.normalize import fold
from bot.catalogue.places import outside_entries
from bot.catalogue.version import read as read_version
from bot.catalogue.views import VIEWS
from bot.db.engine import Database
from bot.errors import NotFound
from bot.texts import catalogue as T

logger = logging.getLogger(__name__)
MAX_QUESTION = 500


@dataclass
class InlineItem:
    """One inline-mode result: an id, a title, a one-line description and the message it sends."""

    id: str
    title: str
    description: str
    answer: Answer


class CatalogueService:
    """The search index (rebuilt by `reload`) and the answers, over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.index = CatalogueIndex([])
        self._rows: dict | None = None
        self.cache = AnswerCache()
        self._index_version: int | None = None
        self._following = asyncio.Lock()

    async def reload(self) -> None:
        """Rebuild the index from the database (at start-up and after the catalogue is loaded again)."""
        async with self.db.read() as s:
            rows = await queries.index_rows(s)
            self._index_version = await read_version(s)
        self._build(rows)

    async def refresh(self) -> bool:
        """Rebuild the index only if the names in the database changed (e.g. `zobot catalogue load`)."""
        async with self.db.read() as s:
            rows = await queries.index_rows(s)
        if rows == self._rows:
            return False
        self._build(rows)
        return True

    def _build(self, rows: dict) -> None:
        entries = build_entries(rows["comuni"], rows["zones"], rows["services"], rows["themes"], outside_entries())
        self.index = CatalogueIndex(entries)
        self._rows = rows
        logger.info("catalogue index: %d entries", len(entries))

    async def _cached(self, version: int | None, key, compute) -> Answer:
        """The answer for `key` at catalogue `version` (read with the update's arrival); None: not cached."""
        await self._follow(version)
        answer = self.cache.get(version, key)
        if answer is None:
            answer = await compute()
            self.cache.put(version, key, answer)
        return answer

    async def _follow(self, version: int | None) -> None:
        """A new catalogue version may rename things: rebuild the index now, not at the next refresh tick."""
        if version is None or version == self._index_version:
            return
        async with self._following:
            if version != self._index_version:
                await self.refresh()
                self._index_version = version

    def parse(self, text: str) -> Parsed:
        return parse(self.index, text)

    async def ask(self, text: str | None, version: int | None = None) -> Answer:
        """Answer one free-text question (chat, /cerca without a match, `zobot ask`); cached at `version`."""
        text = (text or "").strip()
        return await self._cached(version, ("ask", text), lambda: self._ask(text))

    async def _ask(self, text: str) -> Answer:
        if not fold(text):
            return replies.notice(T.EMPTY)
        if len(text) > MAX_QUESTION:
            return replies.notice(T.TOO_LONG, length=len(text), limit=MAX_QUESTION)
        if not self.index.cmm_count:
            return replies.notice(T.EMPTY_CATALOGUE)
        return await self.answer(self.parse(text), text)

    async def answer(self, p: Parsed, text: str) -> Answer:
        """The answer for a parsed question."""
        if p.intent == Intent.AMBIGUOUS:
            return replies.candidates(text, p.candidates, p.candidate_intent, self.zone_names(),
                                      p.confidence < ACCEPT)
        if p.intent == Intent.OUTSIDE:
            return replies.outside(p.outside)
        if p.intent == Intent.UNKNOWN:
            return replies.unknown()
        if p.intent == Intent.ZONE_LIST:
            return await self.view(cb.zone_list())
        if p.intent == Intent.SERVICE_LIST:
            return await self.view(cb.all_services())
        if p.intent == Intent.THEME_SERVICES:
            return await self.theme(p.entity(THEME).id, p.entity(ZONE), p.entity(COMUNE))
        comune, zone, service = p.entity(COMUNE), p.entity(ZONE), p.entity(SERVICE)
        data = {
            Intent.SERVICE_CARD: lambda: cb.service_card(service.id),
            Intent.SERVICE_CONTACT: lambda: cb.service_contact(service.id),
            Intent.COMUNE_ZONE: lambda: cb.comune_zone(comune.id),
            Intent.COMUNE_SERVICES: lambda: cb.comune_services(comune.id),
            Intent.ZONE_SERVICES: lambda: cb.zone_services(zone.id),
            Intent.ZONE_COMUNI: lambda: cb.zone_comuni(zone.id) if zone else cb.zone_comuni(comune.info["zone_id"]),
        }[p.intent]()
        return await self.view(data)

    def _capoluogo_zone_names(self) -> dict[int, str]:
        return {e.info["zone_id"]: e.label for e in self.index.of_kind(COMUNE) if e.info.get("is_capoluogo")}

    async def view(self, data: str, version: int | None = None) -> Answer:
        """The answer behind a button (or an intent resolved to one); NotFound for forged or stale data."""
        return await self._cached(version, ("view", data), lambda: self._view(data))

    async def _view(self, data: str) -> Answer:
        action = cb.parse(data)
        if action is None:
            raise NotFound(data)
        async with self.db.read() as s:
            answer = await VIEWS[action.name](s, action)
        if answer is None:
            raise NotFound(data)
        return answer

    async def theme(self, theme_id: int, zone=None, comune=None) -> Answer:
        async with self.db.read() as s:
            theme = await queries.theme(s, theme_id)
            if theme is None:
                raise NotFound(theme_id)
            if comune is not None:
                c = await queries.comune(s, comune.id)
                return answers.theme_services(theme, [], c.name, await queries.coverage_for_comune(s, c, theme.id),
                                              scope_is_comune=True)
            if zone is not None:
                return answers.theme_services(theme, [], zone.label,
                                              await queries.coverage_in_zone(s, zone.id, theme.id))
            return answers.theme_services(theme, await queries.services(s, theme.id), None, None)

    def zone_names(self) -> dict[int, str]:
        names = {e.id: e.label for e in self.index.of_kind(ZONE)}
        names.update(self._capoluogo_zone_names())
        return names

    def _check(self, text: str | None, usage: str) -> tuple[str, Answer | None]:
        text = (text or "").strip()
        if not fold(text):
            return text, replies.notice(usage)
        if len(text) > MAX_QUESTION:
            return text, replies.notice(T.TOO_LONG, length=len(text), limit=MAX_QUESTION)
        return text, None

    async def find(self, text: str | None) -> Answer:
        """/cerca: every catalogue name the text may mean, as buttons."""
        text, refusal = self._check(text, T.SEARCH_USAGE)
        if refusal is not None:
            return refusal
        return search.results(text, search.search(self.index, text), self.zone_names())

    async def comune(self, text: str | None, version: int | None = None) -> Answer:
        """/comune <nome>: the services for a comune (or candidates, or why not); cached at `version`."""
        return await self._cached(version, ("comune", (text or "").strip()), lambda: self._comune(text))

    async def _comune(self, text: str | None) -> Answer:
        text, refusal = self._check(text, T.COMUNE_USAGE)
        if refusal is not None:
            return refusal
        p = self.parse(text)
        if p.intent == Intent.OUTSIDE:
            return replies.outside(p.outside)
        if p.intent == Intent.AMBIGUOUS and p.candidates[0].kind == COMUNE:
            return replies.candidates(text, p.candidates, Intent.COMUNE_SERVICES, self.zone_names(),
                                      p.confidence < ACCEPT)
        if p.entity(COMUNE) is not None:
            return await self.view(cb.comune_services(p.entity(COMUNE).id))
        return replies.notice(T.COMUNE_NOT_FOUND, text=text)

    async def inline(self, text: str | None, limit: int = 20) -> list[InlineItem]:
        """Inline mode: the services the text names, directly or through their theme."""
        text = (text or "").strip()[:MAX_QUESTION]
        if not fold(text):
            return []
        hits = search.search(self.index, text, limit)
        ids = [h.entry.id for h in hits if h.entry.kind == SERVICE]
        themes = [h.entry.id for h in hits if h.entry.kind == THEME]
        async with self.db.session() as s:
            for theme_id in themes:
                ids += [x.id for x in await queries.services(s, theme_id) if x.id not in ids]
            items = []
            for sid in ids[:limit]:
                service = await queries.service(s, sid)
                card = cards.service_card(service, await queries.coverage_of_service(s, sid),
                                          details=await details.of_service(s, service, service.office))
                items.append(InlineItem(f"s{sid}", service.name, service.description[:100] or service.theme.name,
                                        Answer(card.text)))
        return items
