"""In-memory search index over the catalogue's entries (bot/catalogue/entries.py): exact names, and names
by their words for fuzzy pre-selection with rapidfuzz (in C) over pre-normalised names, abbreviated names
lined up word by word (bot/catalogue/abbrev.py); each candidate then scores itself."""
from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

from bot.catalogue.abbrev import FULL, align, anchor, worth_aligning
from bot.catalogue.entries import (  # noqa: F401  (the names other modules import from here)
    CMM_KINDS,
    COMUNE,
    FUZZY_CUTOFF,
    HEAD_FACTOR,
    ONE_WORD_FACTOR,
    OUTSIDE,
    OUTSIDE_FUZZY,
    SERVICE,
    STEM_SCORE,
    THEME,
    WORDS_FACTOR,
    ZONE,
    Entry,
    Scored,
    build_entries,
    heads_of,
    outside_entries,
    wordy,
)
from bot.catalogue.normalize import STOPWORDS

WORD_CUTOFF = 70         # a word of the question like a word of a name: pre-selection only, never a score
SIMILAR_CACHE = 50_000   # words and blocks remembered
MATCH_CACHE = 100_000    # spans remembered with their matches (a few hundred bytes each)
COMMON = 200             # a word in more names than this gets its block built with the index
ABBREVIATED = 95.0       # "Trezzano s/N": every word of the span lines up with the name's words
ABBREVIATED_HEAD = 88.0  # "S. Donato": the leading words of a longer name
ABBREVIATION_FITS = 40   # more places than this fit an abbreviation: it names none of them


class CatalogueIndex:
    """All entries, with look-up tables: exact names, and names by their words for fuzzy pre-selection.

    A span is compared (rapidfuzz, in C) only with the names that have a word like one of its words
    (or, for glued words, the same first three letters), so the cost of a question depends on how many
    names share its words, not on the size of the catalogue: 8,000 comuni cost about what 133 do.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.cmm_count = sum(1 for e in entries if e.kind != OUTSIDE)
        self.by_key = {(e.kind, e.id): e for e in entries}
        self._by_kind: dict[str, list[Entry]] = defaultdict(list)
        self._exact: dict[str, list[Entry]] = defaultdict(list)
        self._by_word: dict[str, list[tuple[str, str, Entry]]] = defaultdict(list)   # word -> (group, text, entry)
        self._by_prefix: dict[str, list[tuple[str, str, Entry]]] = defaultdict(list)  # first 3 letters
        self._places_by_word: dict[str, list[Entry]] = defaultdict(list)             # for abbreviations
        self._services_by_word: dict[str, list[Entry]] = defaultdict(list)
        self._service_text: dict[int, str] = {}
        for e in entries:
            self._by_kind[e.kind].append(e)
            for text in (*e.names, *e.exact):
                self._exact[text].append(e)
            for group in ("names", "heads"):
                for text in getattr(e, group):
                    item = (group, text, e)
                    for w in set(text.split()) - STOPWORDS:
                        self._by_word[w].append(item)
                    self._by_prefix[text[:3]].append(item)
            if e.kind in (COMUNE, ZONE, OUTSIDE):
                for w in {w for n in e.names for w in n.split()}:
                    self._places_by_word[w].append(e)
            if e.kind == SERVICE:
                self._service_text[id(e)] = " ".join(e.names)
                for w in {w for n in e.names for w in n.split()} - STOPWORDS:
                    self._services_by_word[w].append(e)
        self._word_buckets = _buckets(self._by_word)
        self._service_buckets = _buckets(self._services_by_word)
        self._known = frozenset(self._places_by_word)
        self._word_beginnings = frozenset(w[:n] for w in self._known for n in range(4, len(w) + 1))
        self._described: dict[str, list[Entry]] = defaultdict(list)  # word of a description -> services
        for e in self._by_kind[SERVICE]:
            for w in e.info.get("words", ()):
                self._described[w].append(e)
        self._similar: dict[tuple[str, bool], list[str]] = {}
        self._blocks: dict[str, tuple] = {}
        self._matches: dict[tuple, list[Scored]] = {}
        for e in entries:
            e.info["tokens"] = tuple({w for n in e.names for w in n.split()})
        # the blocks of words that begin hundreds of names ("san", "monte", "villa") are built with the index
        self._common_blocks = {w: self._make_block(w) for w, items in self._by_word.items() if len(items) > COMMON}
        self._siblings = _siblings(self._by_kind[COMUNE]) | _siblings(self._by_kind[ZONE])

    def forget(self) -> None:
        """Drop what was remembered from earlier questions (bench/catalogue_search.py measures without it)."""
        self._similar.clear()
        self._blocks.clear()
        self._matches.clear()

    def of_kind(self, kind: str) -> list[Entry]:
        return list(self._by_kind.get(kind, ()))

    def get(self, kind: str, id_) -> Entry | None:
        return self.by_key.get((kind, id_))

    def siblings(self, entry: Entry) -> list[Entry]:
        """Other comuni (or zones) whose name starts with the same word ("Cerro al Lambro", "Cerro Maggiore")."""
        return self._siblings.get(id(entry), [])

    def similar_words(self, word: str, services: bool = False) -> list[str]:
        """Words of names (or of services' names) like `word`: itself if it is one, else those one or two typos
        away; cached."""
        if word in (self._services_by_word if services else self._by_word):
            return [word]  # a word of some name as written: a typo of another name is not worth a look
        key = (word, services)
        found = self._similar.get(key)
        if found is None:
            first, second = self._service_buckets if services else self._word_buckets
            # a typo in the first two letters still leaves one of them where it was, or one place off
            pool = [*first.get(word[:1], ()), *second.get(word[:1], ())]
            if len(word) > 1:
                pool += [*first.get(word[1], ()), *second.get(word[1], ())]
            found = list(dict.fromkeys(w for w, _, _ in process.extract(word, pool, scorer=fuzz.ratio,
                                                                         score_cutoff=WORD_CUTOFF, limit=None)))
            if len(self._similar) > SIMILAR_CACHE:
                self._similar.clear()
            self._similar[key] = found
        return found

    def match(self, span: str, kinds: tuple[str, ...] | None = None) -> list[Scored]:
        """Entries that `span` (folded) may name, best first, each scored by the entry itself.

        Remembered per span (the index never changes): questions asked in other words share their names."""
        key = (span, kinds)
        found = self._matches.get(key)
        if found is None:
            found = self._match(span, kinds)
            if len(self._matches) > MATCH_CACHE:
                self._matches.clear()
            self._matches[key] = found
        return found

    def _match(self, span: str, kinds: tuple[str, ...] | None) -> list[Scored]:
        words = span.split()
        candidates: dict[int, Entry] = {id(e): e for e in self._exact.get(span, ())}
        if words:
            self._fuzzy(span, words[0], candidates)
        if wordy(span):
            self._services(span, words, candidates)
        scored = [Scored(e, e.score(span)) for e in candidates.values() if kinds is None or e.kind in kinds]
        scored = [s for s in scored if s.score >= FUZZY_CUTOFF]
        if worth_aligning(words, self._known):
            scored = self._abbreviated(words, scored, kinds)
        scored.sort(key=lambda s: (-s.score, CMM_KINDS.index(s.entry.kind) if s.entry.kind in CMM_KINDS else 9,
                                   s.entry.names[0]))
        return scored

    def described(self, words: list[str], limit: int = 5) -> list[Entry]:
        """Services whose description, name or synonyms hold most of these (content) words, best first:
        for questions that name nothing, never taken as an answer without asking."""
        wanted = [w for w in dict.fromkeys(words) if len(w) >= 4 and w not in STOPWORDS][:12]
        if not wanted:
            return []
        counts: dict[int, list] = {}
        for w in wanted:
            hits = {id(e): e for d in self._described_like(w) for e in self._described[d]}
            for key, e in hits.items():
                counts.setdefault(key, [e, 0])[1] += 1
        need = max(1, -(-len(wanted) // 2))  # at least half the words
        ranked = sorted((c for c in counts.values() if c[1] >= need), key=lambda c: (-c[1], c[0].label))
        return [e for e, _ in ranked[:limit]]

    def _described_like(self, word: str) -> list[str]:
        """Description words of the same stem ("dipendenti", "dipendente"; "formazione", "formativo")."""
        if word in self._described:
            return [word]
        stem = word[:max(5, len(word) - 3)]
        return [w for w in self._described if w.startswith(stem)] if len(word) >= 5 else []

    def _block(self, first: str) -> tuple:
        """(texts, owners) of names and of leading words with a word like `first` or its first three
        letters: the only ones a span starting with `first` can match; cached per word."""
        block = self._common_blocks.get(first) or self._blocks.get(first)
        if block is None:
            block = self._make_block(first)
            if len(self._blocks) > SIMILAR_CACHE:
                self._blocks.clear()
            self._blocks[first] = block
        return block

    def _make_block(self, first: str) -> tuple:
        items = {id(item): item for w in self.similar_words(first) for item in self._by_word[w]}
        items.update((id(item), item) for item in self._by_prefix.get(first[:3], ()))
        return tuple(([t for g, t, _ in items.values() if g == group], [e for g, _, e in items.values() if g == group])
                     for group in ("names", "heads"))

    def _fuzzy(self, span: str, first: str, candidates: dict[int, Entry]) -> None:
        """Names and leading words with a word like the span's first word, compared as whole strings."""
        for (texts, owners), cutoff in zip(self._block(first), (FUZZY_CUTOFF, FUZZY_CUTOFF / HEAD_FACTOR)):
            for _, _, i in process.extract(span, texts, scorer=fuzz.ratio, score_cutoff=cutoff, limit=12):
                candidates[id(owners[i])] = owners[i]

    def _services(self, span: str, words: list[str], candidates: dict[int, Entry]) -> None:
        """Services with a word like one of the span's words, compared word set to word set."""
        services = {id(e): e for w in words if w not in STOPWORDS
                    for similar in self.similar_words(w, services=True) for e in self._services_by_word[similar]}
        chosen = list(services.values())
        for _, _, i in process.extract(span, [self._service_text[id(e)] for e in chosen], scorer=fuzz.token_set_ratio,
                                       score_cutoff=FUZZY_CUTOFF / WORDS_FACTOR, limit=12):
            candidates[id(chosen[i])] = chosen[i]

    def _abbreviated(self, words: list[str], scored: list[Scored], kinds) -> list[Scored]:
        """Places the span names in abbreviated form: they score ABBREVIATED (whole name) or
        ABBREVIATED_HEAD (its leading words), above any fuzzy score of a name the words do not fit."""
        key = anchor(words, self._known)
        if key is None:
            return scored
        # a word of more than three letters must begin some word of the name ("Legn." of "Legnano"): cheap test first
        longer = [w for w in words if len(w) > 3 and w != key]
        if not all(w in self._word_beginnings for w in longer):
            return scored
        fits = [e for e in self._places_by_word.get(key, ()) if (kinds is None or e.kind in kinds)
                and all(any(t.startswith(w) for t in e.info["tokens"]) for w in longer)]
        found: dict[int, Scored] = {}
        # a CMM name that fits wins over any place outside; more fits than ABBREVIATION_FITS name no place
        for group in ([e for e in fits if e.kind != OUTSIDE], [e for e in fits if e.kind == OUTSIDE]):
            if found or len(group) > ABBREVIATION_FITS:
                break
            for entry in group:
                for name in entry.names:
                    how = align(words, name.split())
                    if how is not None:
                        score = ABBREVIATED if how == FULL else ABBREVIATED_HEAD
                        if id(entry) not in found or found[id(entry)].score < score:
                            found[id(entry)] = Scored(entry, score, abbreviated=True)
        if not found:
            return scored
        return list(found.values()) + [s for s in scored if id(s.entry) not in found]


def _buckets(words) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Words by their first letter and by their second letter (fuzzy look-ups compare a word with few)."""
    first: dict[str, list[str]] = defaultdict(list)
    second: dict[str, list[str]] = defaultdict(list)
    for w in words:
        first[w[:1]].append(w)
        if len(w) > 1:
            second[w[1]].append(w)
    return first, second


def _siblings(entries: list[Entry]) -> dict[int, list[Entry]]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        groups[e.names[0].split()[0]].append(e)
    return {id(e): [o for o in group if o is not e] for group in groups.values() if len(group) > 1 for e in group}
