"""Question-parser latency (p50/p99) over the test phrasings: shipped catalogue and a national-scale one,
rapidfuzz (the product) side by side with the standard library's difflib doing the same resolution.

Run: python bench/catalogue_search.py [--rounds 5]

National scale: 8,000 comuni and 500 services. The comuni are the 7,904 real ISTAT names (the 133 of CMM
plus the 7,771 of places_outside_cmm.csv, all treated as catalogue comuni in 107 generated zones) plus
96 generated names; the services are the 29 shipped ones plus 471 generated names. Generated names
only serve the timing.
"""
from __future__ import annotations

import argparse
import asyncio
import difflib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalogue import loader  # noqa: E402
from bot.catalogue.index import (  # noqa: E402
    FUZZY_CUTOFF,
    HEAD_FACTOR,
    ONE_WORD_FACTOR,
    OUTSIDE,
    OUTSIDE_FUZZY,
    SERVICE,
    STEM_SCORE,
    THEME,
    WORDS_FACTOR,
    CatalogueIndex,
    Entry,
    Scored,
    _same_stem,
    _wordy,
    build_entries,
)
from bot.catalogue.intents import parse  # noqa: E402
from bot.catalogue.places import outside_entries, outside_places  # noqa: E402
from bot.catalogue.service import CatalogueService  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from tests.catalogue_phrasings import PHRASINGS  # noqa: E402


class DifflibIndex(CatalogueIndex):
    """The same entries and resolution, with difflib's SequenceMatcher as the fuzzy matcher."""

    def match(self, span: str, kinds=None) -> list[Scored]:
        candidates = {id(e): e for e in self._exact.get(span, ())}
        for group, cutoff in (("names", FUZZY_CUTOFF), ("heads", FUZZY_CUTOFF / HEAD_FACTOR)):
            texts, owners = self._choices[group]
            if not hasattr(self, f"_pos_{group}"):
                positions: dict[str, list[int]] = {}
                for i, t in enumerate(texts):
                    positions.setdefault(t, []).append(i)
                setattr(self, f"_pos_{group}", positions)
            positions = getattr(self, f"_pos_{group}")
            for text in difflib.get_close_matches(span, list(positions), n=12, cutoff=cutoff / 100):
                for i in positions[text]:
                    candidates[id(owners[i])] = owners[i]
        if _wordy(span):
            texts, owners = self._choices["services"]
            for text, owner in zip(texts, owners):
                if _token_set_ratio(span, text) >= FUZZY_CUTOFF / WORDS_FACTOR:
                    candidates[id(owner)] = owner
        scored = [Scored(e, _difflib_score(e, span)) for e in candidates.values()]
        scored = [s for s in scored if s.score >= FUZZY_CUTOFF]
        kinds_order = ("comune", "zone", "service", "theme")
        scored.sort(key=lambda s: (-s.score, kinds_order.index(s.entry.kind) if s.entry.kind in kinds_order else 9,
                                   s.entry.names[0]))
        return scored


def _ratio(a: str, b: str) -> float:
    return 100 * difflib.SequenceMatcher(None, a, b).ratio()


def _token_set_ratio(a: str, b: str) -> float:
    """rapidfuzz's token_set_ratio rebuilt on difflib: shared words against each side's whole."""
    ta, tb = set(a.split()), set(b.split())
    common = " ".join(sorted(ta & tb))
    left = " ".join(filter(None, [common, " ".join(sorted(ta - tb))]))
    right = " ".join(filter(None, [common, " ".join(sorted(tb - ta))]))
    if common and (not ta - tb or not tb - ta):
        return 100.0
    return max(_ratio(common, left) if common else 0, _ratio(common, right) if common else 0, _ratio(left, right))


def _difflib_score(entry: Entry, span: str) -> float:
    """Entry.score's rules, each ratio computed by difflib instead of rapidfuzz."""
    if span in entry.names or span in entry.exact:
        return 100.0
    if entry.kind == OUTSIDE:
        if len(span) < 10:
            return 0.0
        best = max(_ratio(span, n) for n in entry.names)
        return best if best >= OUTSIDE_FUZZY else 0.0
    best = max((_ratio(span, n) for n in entry.names), default=0.0)
    if entry.heads:
        best = max(best, HEAD_FACTOR * max(_ratio(span, h) for h in entry.heads))
    if entry.kind == SERVICE and _wordy(span):
        factor = WORDS_FACTOR if " " in span else ONE_WORD_FACTOR
        best = max(best, factor * max(_token_set_ratio(span, n) for n in entry.names))
    if entry.kind == THEME and any(_same_stem(span, n) for n in entry.names):
        best = max(best, STEM_SCORE)
    return best


async def shipped_rows() -> dict:
    """The shipped catalogue, loaded by the real loader into a scratch SQLite database."""
    from bot.catalogue import queries
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
        try:
            await upgrade(db.engine)
            await loader.load(db, None)
            service = CatalogueService(db)
            await service.reload()
            async with db.session() as s:
                return await queries.index_rows(s)
        finally:
            await db.dispose()


def national_rows(shipped: dict) -> dict:
    """8,000 comuni and 500 services (real names where they exist, generated for the rest)."""
    rng = random.Random(42)
    zones = [dict(z) for z in shipped["zones"]]
    zones += [{"id": 1000 + i, "code": f"gz-{i}", "name": f"Zona generata {i}", "aliases": [], "is_capoluogo": False}
              for i in range(100)]
    comuni = [dict(c) for c in shipped["comuni"]]
    next_id = 100_000
    for row in outside_places():
        comuni.append({"id": next_id, "name": row["name"], "zone_id": rng.choice(zones[8:])["id"], "is_capoluogo": False})
        next_id += 1
    syllables = ["ca", "sa", "ro", "mi", "ve", "lo", "ta", "no", "bri", "gna", "zzo", "te", "ra", "do"]
    while len(comuni) < 8000:
        name = "".join(rng.choice(syllables) for _ in range(4)).capitalize() + rng.choice(["", " Superiore", " di Sotto"])
        comuni.append({"id": next_id, "name": name, "zone_id": rng.choice(zones[8:])["id"], "is_capoluogo": False})
        next_id += 1
    words = ["supporto", "gestione", "rete", "piano", "sportello", "servizio", "registro", "catasto", "verde",
             "scuole", "energia", "mobilità", "strade", "acque", "cultura", "biblioteche", "sport", "lavoro"]
    services = [dict(s) for s in shipped["services"]]
    for i in range(500 - len(services)):
        name = " ".join(rng.sample(words, 3)) + f" {i}"
        services.append({"id": 10_000 + i, "code": f"gen-{i}", "name": name.capitalize(), "synonyms": [],
                         "acronyms": [], "theme_id": rng.choice(shipped["themes"])["id"]})
    return {"zones": zones, "comuni": comuni, "services": services, "themes": shipped["themes"]}


def build(rows: dict, outside, cls=CatalogueIndex, clock=time.perf_counter):
    t = clock()
    index = cls(build_entries(rows["comuni"], rows["zones"], rows["services"], rows["themes"], outside))
    return index, clock() - t


def latencies(index, rounds: int, clock) -> list[float]:
    parse(index, "warm up")
    out = []
    for _ in range(rounds):
        for text, _, _ in PHRASINGS:
            t = clock()
            parse(index, text)
            out.append((clock() - t) * 1000)
    return out


def accuracy(index) -> int:
    from tests.test_catalogue_phrasings import understood
    ok = 0
    for text, intent, entities in PHRASINGS:
        expected = {k: sorted(v) if isinstance(v, list) else v for k, v in entities.items()}
        ok += understood(parse(index, text)) == (intent, expected)
    return ok


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] if p < 100 else max(values)


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=5, help="passes over the phrasing table (default 5)")
    args.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                      help="cpu: this process's CPU time (stable on a shared machine, the default); wall: elapsed")
    options = args.parse_args()
    rounds = options.rounds
    clock = time.process_time if options.clock == "cpu" else time.perf_counter
    shipped = asyncio.run(shipped_rows())
    national = national_rows(shipped)
    cases = [("shipped (133 comuni, 29 services, 7,771 outside)", shipped, outside_entries()),
             ("national (8,000 comuni, 500 services)", national, ())]
    print(f"{len(PHRASINGS)} phrasings x {rounds} rounds (difflib: 1 round); {options.clock} time; "
          f"Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.1f}")
    print("| catalogue | matcher | entries | index build ms | p50 ms | p99 ms | max ms | phrasings right |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for label, rows, outside in cases:
        for name, cls, r in (("rapidfuzz", CatalogueIndex, rounds), ("difflib", DifflibIndex, 1)):
            index, seconds = build(rows, outside, cls, clock)
            values = latencies(index, r, clock)
            right = f"{accuracy(index)}/{len(PHRASINGS)}" if rows is shipped else "n/a"
            print(f"| {label} | {name} | {len(index.entries):,} | {seconds * 1000:.0f} | {pct(values, 50):.2f} | "
                  f"{pct(values, 99):.2f} | {max(values):.2f} | {right} |")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
