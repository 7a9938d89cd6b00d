"""Grouping free-text answers by meaning, then by spelling: what organisers see under «Testi liberi».

1. Every answer is normalised: a few emoji read as words («👍» → «sì», «🤷» → «boh»); case, accents,
   apostrophes and punctuation folded (the catalogue's `fold`); a letter typed three times or more kept
   once («nooo» → «no»); chat abbreviations expanded («nn» → «non», «xké» → «perché», «cmq» →
   «comunque»). An answer with no letter or digit keeps its symbols («?», «-», «...» → «.»).
2. A short answer made only of the phrases of one class of `equivalents` and of fillers («mah»,
   «purtroppo», «grazie») joins that class's group: «Non lo so», «boh», «nn so», «Non saprei».
   Double letters do not matter there («noo», «nesuno»), nor a one-letter typo in a word of five
   letters or more («ostacoo in particolare»), nor a typo in a whole phrase of SHORT characters or more
   (rapidfuzz `ratio` ≥ TYPO_SIMILAR: «on vedo ostacoli»); an answer of punctuation only («-», «?»,
   «...») is «n.d.».
3. Any other answer joins the group whose first answer is most similar, if similar enough: rapidfuzz
   `ratio` ≥ SIMILAR on the words as typed (a typo in a first letter) or sorted (the same words in
   another order, like `token_sort_ratio`); else it starts a group of its own. An answer shorter than
   SHORT characters only joins an equal one: one letter changes a short word («SUA», «SUAP»).

The label of a group is its most frequent wording, spelt as most people typed it (ties: the first
typed); a class group that gathers different wordings shows up to three, «non so / boh / Non saprei».
Groups come most frequent first; each keeps the positions of its raw answers.
"""
from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.catalogue.normalize import fold
from bot.questionnaires.equivalents import ABBREVIATIONS, CLASSES, EMOJI, FILLERS

SIMILAR = 85  # rapidfuzz score from which two answers outside the classes count as the same
SHORT = 8  # answers shorter than this (normalised) group only when equal: «SUA» is not «SUAP»
MAX_CLASS_WORDS = 12  # a longer answer is never read as a class
LABEL_WORDINGS = 3  # wordings shown in the label of a class group
TYPO_SIMILAR = 90  # rapidfuzz score from which a short answer is a class phrase with a typo («on vedo ostacoli»)
MAX_TYPOS = 2  # words of an answer that may be typos of class words
TYPO_LENGTH = 5  # from this many letters a word one letter away from a class word counts as that word

_RUNS = re.compile(r"([a-z])\1{2,}")
_DOUBLES = re.compile(r"([a-z])\1+")
_PUNCTUATION = frozenset(string.punctuation)


@dataclass
class Group:
    """Answers counted together: what the organiser reads, and where the raw answers are."""

    label: str
    count: int
    members: list[int] = field(default_factory=list)  # positions of the raw answers in the list grouped
    kind: str | None = None  # the equivalence class, None for a group by spelling


def normalise(text: str) -> str:
    """The answer as compared: folded, repeated letters squeezed, chat abbreviations expanded."""
    for emoji, word in EMOJI.items():
        if emoji in text:
            text = text.replace(emoji, f" {word} ")
    folded = _RUNS.sub(r"\1", fold(text))
    if not folded:
        return "".join(sorted({ch for ch in text if not ch.isspace()}))
    return " ".join(ABBREVIATIONS.get(w, w) for w in folded.split())


def meaning(key: str) -> str | None:
    """The equivalence class of a normalised answer, if it says nothing but that class's phrases."""
    words = key.split()
    if len(words) > MAX_CLASS_WORDS:
        return None
    if all(ch in _PUNCTUATION for ch in key):  # «-», «?», «...», or nothing at all
        return "nd"
    kind = _cover(words)
    if kind is None and sum(w not in _tables().vocabulary for w in words) <= MAX_TYPOS:
        fixed = _corrected(words)
        kind = _cover(fixed) if fixed != words else None
    squeezed = _DOUBLES.sub(r"\1", key)
    if kind is None and len(squeezed) >= SHORT:  # a typo that makes a word another class word
        tables = _tables()
        best = process.extractOne(squeezed, tables.texts, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILAR)
        kind = tables.phrases[tables.texts[best[2]]] if best else None
    return kind


def _cover(words: list[str]) -> str | None:
    """The one class whose phrases, with fillers, make up exactly these words (double letters ignored)."""
    words = [_DOUBLES.sub(r"\1", w) for w in words]
    tables = _tables()
    reach: list[set] = [set() for _ in range(len(words) + 1)]
    reach[0].add(None)  # None: fillers only so far
    for i in range(len(words)):
        if not reach[i]:
            continue
        for j in range(i + 1, min(len(words), i + tables.longest) + 1):
            segment = " ".join(words[i:j])
            if segment in tables.fillers:
                reach[j] |= reach[i]
            kind = tables.phrases.get(segment)
            if kind is not None and reach[i] & {None, kind}:
                reach[j].add(kind)
    found = reach[-1] - {None}
    return found.pop() if len(found) == 1 else None


def _corrected(words: list[str]) -> list[str]:
    """One-letter typos of the classes' own words fixed («ostacoo», «srvizio»), in words of 5 letters or more."""
    tables = _tables()
    fixed = []
    for w in words:
        if len(w) >= TYPO_LENGTH and w not in tables.vocabulary:
            best = process.extractOne(w, tables.words, scorer=Levenshtein.distance, score_cutoff=1)
            w = best[0] if best else w
        fixed.append(w)
    return fixed


@dataclass(frozen=True)
class _Tables:
    phrases: dict[str, str]  # squeezed phrase -> class
    texts: list[str]  # the squeezed phrases, for fuzzy look-up
    fillers: frozenset[str]  # squeezed fillers
    longest: int  # words in the longest phrase or filler
    vocabulary: frozenset[str]  # every word of the phrases and fillers, as normalised
    words: tuple[str, ...]  # the same, sorted (the first of equally close words wins a typo)


@cache
def _tables() -> _Tables:
    """The classes and fillers ready for look-up, built once."""
    def squeezed(phrase: str) -> str:
        return _DOUBLES.sub(r"\1", normalise(phrase))

    phrases = {squeezed(p): kind for kind, ps in CLASSES.items() for p in ps}
    fillers = frozenset(squeezed(f) for f in FILLERS)
    vocabulary = frozenset(w for p in (*CLASSES.values(), FILLERS) for phrase in p for w in normalise(phrase).split())
    longest = max(len(p.split()) for p in (*phrases, *fillers))
    return _Tables(phrases, list(phrases), fillers, longest, vocabulary, tuple(sorted(vocabulary)))


def group_answers(texts: list[str]) -> list[Group]:
    """Answers with the same meaning or near-identical spelling together, most frequent first."""
    keys: dict[str, list[int]] = {}  # normalised answer -> positions, in first-seen order
    for pos, text in enumerate(texts):
        keys.setdefault(normalise(text), []).append(pos)
    by_class: dict[str, list[str]] = {}
    others: list[str] = []
    for key in keys:
        kind = meaning(key)
        if kind is None:
            others.append(key)
        else:
            by_class.setdefault(kind, []).append(key)
    groups = [_group(texts, keys, members, kind) for kind, members in by_class.items()]
    groups += [_group(texts, keys, members, None) for members in _by_spelling(others)]
    groups.sort(key=lambda g: (-g.count, g.label.lower()))
    return groups


def _by_spelling(keys: list[str]) -> list[list[str]]:
    """Each answer with the group whose first answer is the most similar (as typed or with sorted words)."""
    groups: list[list[str]] = []
    plain: list[str] = []  # first answer of each group long enough to compare: as typed,
    ordered: list[str] = []  # with its words sorted,
    owner: list[int] = []  # and its group
    for key in keys:
        sorted_words = " ".join(sorted(key.split()))
        if len(key) < SHORT:
            groups.append([key])  # equal short answers are one key already
            continue
        best = max((process.extractOne(key, plain, scorer=fuzz.ratio, score_cutoff=SIMILAR),
                    process.extractOne(sorted_words, ordered, scorer=fuzz.ratio, score_cutoff=SIMILAR)),
                   key=lambda found: (found[1], -found[2]) if found else (-1, 0))
        if best is not None:
            groups[owner[best[2]]].append(key)
        else:
            plain.append(key)
            ordered.append(sorted_words)
            owner.append(len(groups))
            groups.append([key])
    return groups


def _group(texts: list[str], keys: dict[str, list[int]], members: list[str], kind: str | None) -> Group:
    """One group: its label (most frequent wordings, each as most often spelt) and its raw answers."""
    wordings: dict[str, list[int]] = {}  # in a class, «noo» and «no» are one wording
    for key in members:
        wordings.setdefault(_DOUBLES.sub(r"\1", key) if kind else key, []).extend(keys[key])
    ranked = sorted(wordings.values(), key=len, reverse=True)[:LABEL_WORDINGS if kind else 1]
    label = " / ".join(_spelling(texts, positions) for positions in ranked)
    positions = sorted(p for ps in wordings.values() for p in ps)
    return Group(label, len(positions), positions, kind)


def _spelling(texts: list[str], positions: list[int]) -> str:
    """The way most people typed one wording (the first typed among equals)."""
    spellings = Counter(texts[p].strip() for p in sorted(positions))
    return max(spellings, key=spellings.__getitem__)
