"""Abbreviated place names, read from the names themselves: "Trezzano s/N", "S. Giuliano M.se", "Cassano d'A.".

No list of abbreviations: a folded question span is lined up word by word with a folded name, and each
word of the span must be the name's word, a beginning of it ("N." for "Naviglio", "Magg." for "Maggiore",
"S." for "San" or "sul"), or a beginning and an ending ("M.se" for "Milanese", "S.to" for "Santo");
a linking word of the name ("sul", "al", "di", "con", "sopra") may be left out. At least one word must
be written in full, so that a string of initials never names a place by itself.
"""
from __future__ import annotations

from bot.catalogue.normalize import STOPWORDS

LINKS = STOPWORDS | {"sopra", "sotto"}
FULL, HEAD = "full", "head"   # the span names the whole name / only its leading words


def worth_aligning(words: list[str], known: set[str] | frozenset[str]) -> bool:
    """A span worth lining up: more than one word, one of which is short or no whole word of any name."""
    return len(words) > 1 and any(len(w) <= 2 or w not in known for w in words)


def align(span: list[str], name: list[str]) -> str | None:
    """FULL or HEAD when `span` is an abbreviated form of `name` (both folded word lists), else None.

    Only forms with something abbreviated or left out count: a span equal to the name is the exact
    match's business, and one with a typo the fuzzy match's.
    """
    best: str | None = None
    stack = [(0, 0, False)]
    seen = set()
    while stack:
        i, j, shortened = stack.pop()
        if (i, j, shortened) in seen:
            continue
        seen.add((i, j, shortened))
        if i == len(span):
            if shortened and j == len(name):
                return FULL
            if shortened and 0 < j < len(name) and name[j - 1] not in LINKS:
                best = HEAD
            continue
        if j == len(name):
            continue
        q, t = span[i], name[j]
        if q == t:
            stack.append((i + 1, j + 1, shortened))
        elif t.startswith(q):
            stack.append((i + 1, j + 1, True))
        if (i + 1 < len(span) and len(q) <= 3 and len(span[i + 1]) >= 2 and t.startswith(q)
                and t.endswith(span[i + 1]) and len(q) + len(span[i + 1]) < len(t)):
            stack.append((i + 2, j + 1, True))
        if t in LINKS and j > 0:
            stack.append((i, j + 1, True))
    return best


def anchor(words: list[str], known: set[str] | frozenset[str]) -> str | None:
    """The word of the span that must be a whole word of the name: its longest one (three letters or more)
    that is a word of some name."""
    full = [w for w in words if len(w) >= 3 and w not in LINKS and w in known]
    return max(full, key=len) if full else None
