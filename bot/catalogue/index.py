"""In-memory search index over the catalogue: every entry scores itself 0–100 against a piece of text.

rapidfuzz pre-selects candidates over pre-normalised names in bulk (C speed); each candidate then
scores itself with its own rules (exact name, typo ratio, leading words, acronym), in the manner
of rules-bot `components/entrytypes.py` `compare_to_query`.
"""
from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.catalogue.normalize import STOPWORDS, fold

COMUNE, ZONE, SERVICE, THEME, OUTSIDE = "comune", "zone", "service", "theme", "outside"
CMM_KINDS = (COMUNE, ZONE, SERVICE, THEME)
HEAD_FACTOR = 0.9   # "Trezzano" for "Trezzano sul Naviglio": good, never as good as the full name
WORDS_FACTOR = 0.88  # "specie invasive" inside a long service name
ONE_WORD_FACTOR = 0.8  # one word of a long service name: only a suggestion
FUZZY_CUTOFF = 75
STEM_SCORE = 86.0   # a theme named by an inflected form of its name
OUTSIDE_FUZZY = 94.0


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
        if self.kind == SERVICE and _wordy(span):
            factor = WORDS_FACTOR if " " in span else ONE_WORD_FACTOR
            best = max(best, factor * max(fuzz.token_set_ratio(span, n) for n in self.names))
        if self.kind == THEME and any(_same_stem(span, n) for n in self.names):
            best = max(best, STEM_SCORE)
        return best


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


def heads_of(name: str) -> tuple[str, ...]:
    """Leading parts of a multi-word folded name that end on a real word ("trezzano", "san donato")."""
    words = name.split()
    out = []
    for n in range(1, len(words)):
        if words[n - 1] not in STOPWORDS and len(" ".join(words[:n])) >= 4:
            out.append(" ".join(words[:n]))
    return tuple(out)


@dataclass
class Scored:
    entry: Entry
    score: float


class CatalogueIndex:
    """All entries, with lookup tables for exact names and bulk fuzzy pre-selection."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.cmm_count = sum(1 for e in entries if e.kind != OUTSIDE)
        self.by_key = {(e.kind, e.id): e for e in entries}
        self._exact: dict[str, list[Entry]] = defaultdict(list)
        self._choices: dict[str, tuple[list[str], list[Entry]]] = {}
        self._lengths: dict[str, list[int]] = {}
        for group in ("names", "heads"):  # sorted by length: a ratio cutoff bounds the lengths worth comparing
            pairs = sorted(((text, e) for e in entries for text in getattr(e, group)), key=lambda p: len(p[0]))
            self._choices[group] = ([t for t, _ in pairs], [e for _, e in pairs])
            self._lengths[group] = [len(t) for t, _ in pairs]
        services = [e for e in entries if e.kind == SERVICE]
        self._choices["services"] = ([" ".join(e.names) for e in services], services)
        for e in entries:
            for text in (*e.names, *e.exact):
                self._exact[text].append(e)

    def _window(self, group: str, n: int, cutoff: float) -> tuple[int, int]:
        """Slice of names whose length allows ratio ≥ cutoff: 2·min(a, b) / (a + b) ≥ cutoff."""
        lengths = self._lengths[group]
        shortest, longest = n * cutoff / (2 - cutoff), n * (2 - cutoff) / cutoff
        return bisect_left(lengths, shortest - 1e-9), bisect_right(lengths, longest + 1e-9)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def get(self, kind: str, id_) -> Entry | None:
        return self.by_key.get((kind, id_))

    def match(self, span: str, kinds: tuple[str, ...] | None = None) -> list[Scored]:
        """Entries that `span` (folded) may name, best first, each scored by the entry itself."""
        candidates: dict[int, Entry] = {id(e): e for e in self._exact.get(span, ())}
        for group, cutoff in (("names", FUZZY_CUTOFF), ("heads", FUZZY_CUTOFF / HEAD_FACTOR)):
            texts, owners = self._choices[group]
            lo, hi = self._window(group, len(span), cutoff / 100)
            for _, _, i in process.extract(span, texts[lo:hi], scorer=fuzz.ratio, score_cutoff=cutoff, limit=12):
                candidates[id(owners[lo + i])] = owners[lo + i]
        if _wordy(span):
            texts, owners = self._choices["services"]
            for _, _, i in process.extract(span, texts, scorer=fuzz.token_set_ratio,
                                           score_cutoff=FUZZY_CUTOFF / WORDS_FACTOR, limit=12):
                candidates[id(owners[i])] = owners[i]
        scored = [Scored(e, e.score(span)) for e in candidates.values() if kinds is None or e.kind in kinds]
        scored = [s for s in scored if s.score >= FUZZY_CUTOFF]
        scored.sort(key=lambda s: (-s.score, CMM_KINDS.index(s.entry.kind) if s.entry.kind in CMM_KINDS else 9,
                                   s.entry.names[0]))
        return scored


def build_entries(comuni, zones, services, themes, outside) -> list[Entry]:
    """Entries from plain rows (see queries.index_rows) plus outside-CMM entries; the capoluogo is a comune."""
    entries: list[Entry] = []
    capoluogo_aliases: list[str] = []
    for z in zones:
        if z["is_capoluogo"]:
            capoluogo_aliases += [fold(a) for a in z["aliases"]]
            continue
        names = _unique([fold(z["name"]), *(fold(a) for a in z["aliases"])])
        entries.append(Entry(ZONE, z["id"], z["name"], names, heads=heads_of(fold(z["name"])), info={"code": z["code"]}))
    for c in comuni:
        names = [fold(c["name"])]
        if c["is_capoluogo"]:
            names += capoluogo_aliases
        entries.append(Entry(COMUNE, c["id"], c["name"], _unique(names), heads=heads_of(fold(c["name"])),
                             info={"zone_id": c["zone_id"], "is_capoluogo": c["is_capoluogo"]}))
    for s in services:
        names = _unique([fold(s["name"]), *(fold(x) for x in s["synonyms"])])
        exact = _unique([fold(x) for x in s["acronyms"]] + [fold(s["code"])])
        entries.append(Entry(SERVICE, s["id"], s["name"], names, exact=exact, info={"theme_id": s["theme_id"]}))
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
