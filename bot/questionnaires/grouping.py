"""Grouping free-text answers by meaning, then by spelling: what organisers see under «Testi liberi».

1. Every answer is normalised: a few emoji read as words («👍» → «sì», «🤷» → «boh»); case, accents,
   apostrophes and punctuation folded (the catalogue's `fold`); a letter typed three times or more kept
   once («nooo» → «no»); chat abbreviations expanded («nn» → «non», «xké» → «perché», «cmq» →
   «comunque»). An answer with no letter or digit keeps its symbols («?», «-», «...» → «.»).
2. A short answer made only of the phrases of one class of `equivalents` and of fillers («mah»,
   «purtroppo», «grazie») joins that class's group: «Non lo so», «boh», «nn so», «Non saprei».
   Double letters do not matter there («noo», «nesuno»).
3. Any other answer joins the first group whose normalised words are similar enough (rapidfuzz
   `token_sort_ratio` ≥ SIMILAR), else starts a group of its own.

The label of a group is its most frequent wording, spelt as most people typed it (ties: the first
typed); a class group that gathers different wordings shows up to three, «non so / boh / Non saprei».
Groups come most frequent first; each keeps the positions of its raw answers.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from bot.catalogue.normalize import fold
from bot.questionnaires.equivalents import ABBREVIATIONS, CLASSES, EMOJI, FILLERS

SIMILAR = 85  # rapidfuzz score from which two answers outside the classes count as the same
MAX_CLASS_WORDS = 12  # a longer answer is never read as a class
LABEL_WORDINGS = 3  # wordings shown in the label of a class group

_RUNS = re.compile(r"([a-z])\1{2,}")
_DOUBLES = re.compile(r"([a-z])\1+")


@dataclass
class Group:
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
    words = _DOUBLES.sub(r"\1", key).split() or [key]
    if len(words) > MAX_CLASS_WORDS:
        return None
    phrases, fillers, longest = _tables()
    reach: list[set] = [set() for _ in range(len(words) + 1)]
    reach[0].add(None)  # None: fillers only so far
    for i in range(len(words)):
        if not reach[i]:
            continue
        for j in range(i + 1, min(len(words), i + longest) + 1):
            segment = tuple(words[i:j])
            if segment in fillers:
                reach[j] |= reach[i]
            kind = phrases.get(segment)
            if kind is not None and reach[i] & {None, kind}:
                reach[j].add(kind)
    found = reach[-1] - {None}
    return found.pop() if len(found) == 1 else None


@cache
def _tables() -> tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]], int]:
    """Phrases (squeezed words → class), fillers and the longest phrase in words, built once."""
    def words(phrase: str) -> tuple[str, ...]:
        key = normalise(phrase)
        return tuple(_DOUBLES.sub(r"\1", key).split() or [key])

    phrases = {words(p): kind for kind, ps in CLASSES.items() for p in ps}
    fillers = frozenset(words(f) for f in FILLERS)
    return phrases, fillers, max(len(w) for w in (*phrases, *fillers))


def group_answers(texts: list[str]) -> list[Group]:
    """Answers with the same meaning or near-identical spelling together, most frequent first."""
    keys: dict[str, list[int]] = {}  # normalised answer -> positions, in first-seen order
    for pos, text in enumerate(texts):
        keys.setdefault(normalise(text), []).append(pos)
    by_class: dict[str, list[str]] = {}
    by_spelling: list[list[str]] = []
    reps: list[str] = []  # sorted words of each spelling group's first answer
    for key in keys:
        kind = meaning(key)
        if kind is not None:
            by_class.setdefault(kind, []).append(key)
            continue
        sorted_words = " ".join(sorted(key.split()))
        best = process.extractOne(sorted_words, reps, scorer=fuzz.ratio, score_cutoff=SIMILAR) if reps else None
        if best is None:
            reps.append(sorted_words)
            by_spelling.append([key])
        else:
            by_spelling[best[2]].append(key)
    groups = [_group(texts, keys, members, kind) for kind, members in by_class.items()]
    groups += [_group(texts, keys, members, None) for members in by_spelling]
    groups.sort(key=lambda g: (-g.count, g.label.lower()))
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
