"""Free-text grouping time for one question with 1,000 answers (and 10,000), CPU time of the process.

Run: python bench/text_grouping.py [--rounds 5]

Workloads (fixed seed):
- realistic: answers drawn from the test set of tests/test_text_grouping.py (the source document's
  answers and chat variants), each retyped with random case, trailing punctuation, a repeated letter,
  a chat abbreviation or a one-letter typo: many answers share a meaning or a spelling;
- distinct: every answer a different generated sentence of 6–14 words, so every answer compares with
  every group (the worst case for the fuzzy pass: about n²/2 comparisons).
"before" is the spelling-only grouping this replaced (rapidfuzz `token_sort_ratio` against every group
with Python's `max`), kept here only as the reference point.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz  # noqa: E402

from bot.catalogue.normalize import fold  # noqa: E402
from bot.questionnaires.grouping import group_answers  # noqa: E402
from tests.test_text_grouping import CHAT, OSTACOLI, PROPOSTE  # noqa: E402

ABBREVIATE = {"non": "nn", "perché": "xké", "comunque": "cmq", "per": "x", "qualcosa": "qlc"}
WORDS = ("comuni zone omogenee servizi tavoli lavoro incontri periodici formazione personale gestione "
         "associata convenzioni piattaforma referenti monitoraggio risorse procedure bandi strade scuole "
         "ambiente rifiuti trasporti mobilità catasto appalti energia verde sportello digitale").split()


def retype(text: str, rng: random.Random) -> str:
    """The same answer as someone else might type it."""
    words = [ABBREVIATE.get(w, w) if rng.random() < 0.3 else w for w in text.split()]
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.25:
        text = text.lower()
    elif roll < 0.35:
        text = text.capitalize()
    if rng.random() < 0.3:
        text += rng.choice(("!", ".", "...", " ", "!!"))
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if letters and rng.random() < 0.15:
        i = rng.choice(letters)
        text = text[:i] + text[i] * 3 + text[i + 1:]
    if len(letters) > 12 and rng.random() < 0.15:
        i = rng.choice(letters)
        text = text[:i] + text[i + 1:]
    return text


def realistic(n: int, rng: random.Random) -> list[str]:
    pool = [a for s in (OSTACOLI, PROPOSTE, CHAT) for g in s for a in g]
    return [retype(rng.choice(pool), rng) for _ in range(n)]


def distinct(n: int, rng: random.Random) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize())
    return sorted(out)


def before(texts: list[str]) -> list[tuple[str, int]]:
    """The spelling-only grouping this replaced (reference point only)."""
    groups: list[list] = []
    for text in texts:
        norm = fold(text)
        best = max(groups, key=lambda g: fuzz.token_sort_ratio(norm, g[0]), default=None)
        if best is not None and fuzz.token_sort_ratio(norm, best[0]) >= 85:
            best[2] += 1
        else:
            groups.append([norm, text.strip(), 1])
    groups.sort(key=lambda g: (-g[2], g[1].lower()))
    return [(shown, n) for _, shown, n in groups]


def timed(fn, texts: list[str], rounds: int) -> tuple[float, float, int]:
    times, groups = [], 0
    for _ in range(rounds):
        start = time.process_time()
        groups = len(fn(texts))
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), max(times), groups


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(14)
    print("| workload | answers | groups | median ms | max ms | before: groups | before: median ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, make in (("realistic", realistic), ("distinct", distinct)):
        for n in (1_000, 10_000):
            texts = make(n, rng)
            med, worst, groups = timed(group_answers, texts, args.rounds)
            if name == "distinct" and n > 1_000:  # minutes, and nothing new to learn
                print(f"| {name} | {n:,} | {groups:,} | {med:.1f} | {worst:.1f} | – | – |")
                continue
            b_med, _, b_groups = timed(before, texts, 1 if n > 1_000 else args.rounds)
            print(f"| {name} | {n:,} | {groups:,} | {med:.1f} | {worst:.1f} | {b_groups:,} | {b_med:.1f} |")


if __name__ == "__main__":
    main()
