"""In-memory search index over the catalogue: every entry scores itself 0–100 against a piece of text.

rapidfuzz pre-selects candidates over pre-normalised names in bulk (C speed); each candidate then
scores itself with its own rules (exact name, typo ratio, leading words, acronym), in the manner
of rules-bot `components/entrytypes.py` `compare_to_query`.
"""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.catalogue.abbrev import FULL, align, anchor, worth_aligning
from bot.catalogue.normalize import STOPWORDS, fold

COMUNE, ZONE, SERVICE, THEME, OUTSIDE = "comune", "zone", "service", "theme", "outside"
CMM_KINDS = (COMUNE, ZONE, SERVICE, THEME)
HEAD_FACTOR = 0.9   # "Trezzano" for "Trezzano sul Naviglio": good, never as good as the full name
WORDS_FACTOR = 0.88  # "specie invasive" inside a long service name
ONE_WORD_FACTOR = 0.8  # one word of a long service name: only a suggestion
FUZZY_CUTOFF = 75
STEM_SCORE = 86.0   # a theme named by an inflected form of its name
OUTSIDE_FUZZY = 94.0
COVER_RATIO = 80     # a word of a span "is" a word of a service name (typos allowed)
WORD_CUTOFF = 70     # a word of the question like a word of a name: pre-selection only, never a score
SIMILAR_CACHE = 50_000
MATCH_CACHE = 100_000
COMMON = 200          # a word in more names than this gets its block built with the index  # spans remembered with their matches (a few hundred bytes each)
ABBREVIATED = 95.0   # "Trezzano s/N": every word of the span lines up with the name's words
ABBREVIATED_HEAD = 88.0
ABBREVIATION_FITS = 40  # more places than this fit an abbreviation: it names none of them  # "S. Donato": the leading words of a longer name


@dataclass(eq=False)
class Entry:
    """One thing a question can name: a comune, a zone, a service, a theme or a place outside CMM."""

    kind: str
    id: int | str
    label: str
    names: tuple[str, ...]                   # folded names and aliases: typo-tolerant
    exact: tuple[str, ...] = ()              # folded acronyms: only an exact match counts
    heads: tuple[str, ...] = ()              # folded leading words of multi-word names
    info: dict = field(default_factory=dict)

    def score(self, span: str) -> float:
        """How well the folded text `span` names this entry, 0–100."""
        if span in self.names or span in self.exact:
            return 100.0
        if self.kind == OUTSIDE:
            return _outside_score(span, self.names)
        best = max((fuzz.ratio(span, n) for n in self.names), default=0.0)
        if self.heads:
            best = max(best, HEAD_FACTOR * max(fuzz.ratio(span, h) for h in self.heads))
        if self.kind == SERVICE and _wordy(span) and self._covers(span):
            factor = WORDS_FACTOR if " " in span else ONE_WORD_FACTOR
            best = max(best, factor * max(fuzz.token_set_ratio(span, n) for n in self.names))
        if self.kind == THEME and any(_same_stem(span, n) for n in self.names):
            best = max(best, STEM_SCORE)
        return best


    def _covers(self, span: str) -> bool:
        """Every word of the span is (about) a word of this service's names: "specie invasive" inside a long
        name counts, "stazione unica appaltante a melegnano" does not swallow the comune."""
        words = self.info.get("name_words") or {w for n in self.names for w in n.split()}
        return all(w in words or any(fuzz.ratio(w, x) >= COVER_RATIO for x in words)
                   for w in span.split() if w not in STOPWORDS)


def _outside_score(span: str, names: tuple[str, ...]) -> float:
    """Places outside CMM: exact names, or one typo in a long name; never a loose match."""
    if len(span) < 10:
        return 0.0
    best = max(fuzz.ratio(span, n) for n in names)
    return best if best >= OUTSIDE_FUZZY else 0.0


def _same_stem(span: str, name: str) -> bool:
    """One inflected word for another ("ambientali", "ambiente"): a long shared beginning."""
    if " " in span or " " in name:
        return False
    shared = len(os.path.commonprefix([span, name]))
    return shared >= 5 and shared >= min(len(span), len(name)) - 3


def _wordy(span: str) -> bool:
    """Enough text to look for it inside a longer name."""
    words = [w for w in span.split() if w not in STOPWORDS]
    return len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 6)


def heads_of(name: str, shortest: int = 4) -> tuple[str, ...]:
    """Leading parts of a multi-word folded name that end on a real word ("trezzano", "san donato")."""
    words = name.split()
    out = []
    for n in range(1, len(words)):
        if words[n - 1] not in STOPWORDS and len(" ".join(words[:n])) >= shortest:
            out.append(" ".join(words[:n]))
    return tuple(out)


@dataclass
class Scored:
    entry: Entry
    score: float
    abbreviated: bool = False  # matched as an abbreviated form ("Trezzano s/N"): the words lined up


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
        if _wordy(span):
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


def build_entries(comuni, zones, services, themes, outside) -> list[Entry]:
    """Entries from plain rows (see queries.index_rows) plus outside-CMM entries; the capoluogo is a comune."""
    entries: list[Entry] = []
    capoluogo_aliases: list[str] = []
    for z in zones:
        if z["is_capoluogo"]:
            capoluogo_aliases += [fold(a) for a in z["aliases"]]
            continue
        names = _unique([fold(z["name"]), *(fold(a) for a in z["aliases"])])
        # a zone's first word alone, even of three letters ("zona sud"), is a leading word: it may name two zones
        entries.append(Entry(ZONE, z["id"], z["name"], names, heads=heads_of(fold(z["name"]), shortest=3),
                             info={"code": z["code"]}))
    for c in comuni:
        names = [fold(c["name"])]
        if c["is_capoluogo"]:
            names += capoluogo_aliases
        entries.append(Entry(COMUNE, c["id"], c["name"], _unique(names), heads=heads_of(fold(c["name"])),
                             info={"zone_id": c["zone_id"], "is_capoluogo": c["is_capoluogo"]}))
    for s in services:
        names = _unique([fold(s["name"]), *(fold(x) for x in s["synonyms"])])
        exact = _unique([fold(x) for x in s["acronyms"]] + [fold(s["code"])])
        words = {w for text in (s["name"], s.get("description") or "", *s["synonyms"]) for w in fold(text).split()
                 if len(w) >= 4 and w not in STOPWORDS}
        entries.append(Entry(SERVICE, s["id"], s["name"], names, exact=exact,
                             info={"theme_id": s["theme_id"], "words": frozenset(words),
                                   "name_words": frozenset(w for n in names for w in n.split())}))
    for t in themes:
        names = _unique([fold(t["name"]), *(fold(a) for a in t["aliases"])])
        entries.append(Entry(THEME, t["id"], t["name"], names))
    cmm_names = {n for e in entries for n in e.names}
    entries += [e for e in outside if e.names[0] not in cmm_names]
    return entries


def outside_entries(rows) -> tuple[Entry, ...]:
    """Entries of places outside CMM from gazetteer rows (name, provincia, istat_code, common_word)."""
    return tuple(Entry(OUTSIDE, p["istat_code"], p["name"], (fold(p["name"]),),
                       info={"provincia": p["provincia"], "common_word": p.get("common_word") == "yes"})
                 for p in rows)


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))
