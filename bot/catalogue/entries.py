"""What a question can name: entries (comuni, zones, services, themes, places outside CMM), each scoring itself
0–100 against a piece of folded text, in the manner of rules-bot `components/entrytypes.py` `compare_to_query`;
and the entries built from the catalogue's plain rows."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.catalogue.normalize import STOPWORDS, fold

COMUNE, ZONE, SERVICE, THEME, OUTSIDE = "comune", "zone", "service", "theme", "outside"
CMM_KINDS = (COMUNE, ZONE, SERVICE, THEME)
HEAD_FACTOR = 0.9    # "Trezzano" for "Trezzano sul Naviglio": good, never as good as the full name
WORDS_FACTOR = 0.88  # "specie invasive" inside a long service name
ONE_WORD_FACTOR = 0.8  # one word of a long service name: only a suggestion
FUZZY_CUTOFF = 75
STEM_SCORE = 86.0    # a theme named by an inflected form of its name
OUTSIDE_FUZZY = 94.0
COVER_RATIO = 80     # a word of a span "is" a word of a service name (typos allowed)


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
        if self.kind == SERVICE and wordy(span) and self._covers(span):
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


def wordy(span: str) -> bool:
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
