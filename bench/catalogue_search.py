"""Question-parser latency (p50/p99) over the test phrasings: the shipped catalogue and a national-scale one.

Run: python bench/catalogue_search.py [--rounds 5] [--clock wall]

Two measurements per catalogue:
- **cold**: the index forgets every span and word it looked up before each question (`CatalogueIndex.forget`),
  so each question pays for all its look-ups, as the first question naming a place does;
- **warm**: the index keeps what it looked up (its caches, as in the running bot), rounds after the first.

National scale: 8,000 comuni and 500 services. The comuni are the 7,904 real ISTAT names (the 133 of CMM
plus the 7,771 of places_outside_cmm.csv, all treated as catalogue comuni in 107 generated zones) plus
96 generated names; the services are the 29 shipped ones plus 471 generated names. Generated names
only serve the timing, so accuracy is reported on the shipped catalogue only.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalogue import loader  # noqa: E402
from bot.catalogue.index import CatalogueIndex, build_entries  # noqa: E402
from bot.catalogue.intents import parse  # noqa: E402
from bot.catalogue.places import outside_entries, outside_places  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from tests.catalogue_phrasings import PHRASINGS  # noqa: E402


async def shipped_rows() -> dict:
    """The shipped catalogue, loaded by the real loader into a scratch SQLite database."""
    from bot.catalogue import queries
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
        try:
            await upgrade(db.engine)
            await loader.load(db, None)
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
                         "acronyms": [], "theme_id": rng.choice(shipped["themes"])["id"], "description": ""})
    return {"zones": zones, "comuni": comuni, "services": services, "themes": shipped["themes"]}


def build(rows: dict, outside, clock=time.perf_counter):
    t = clock()
    index = CatalogueIndex(build_entries(rows["comuni"], rows["zones"], rows["services"], rows["themes"], outside))
    return index, clock() - t


def latencies(index, rounds: int, clock, cold: bool) -> list[float]:
    parse(index, "warm up")
    if not cold:  # one untimed pass: "warm" is the state of a bot that has seen these names before
        for text, _, _ in PHRASINGS:
            parse(index, text)
    out = []
    for _ in range(rounds):
        for text, _, _ in PHRASINGS:
            if cold:
                index.forget()
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
    clock = time.process_time if options.clock == "cpu" else time.perf_counter
    shipped = asyncio.run(shipped_rows())
    national = national_rows(shipped)
    cases = [("shipped (133 comuni, 29 services, 7,771 outside)", shipped, outside_entries()),
             ("national (8,000 comuni, 500 services)", national, ())]
    print(f"{len(PHRASINGS)} phrasings x {options.rounds} rounds; {options.clock} time; "
          f"Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.1f}")
    print("| catalogue | look-ups | entries | index build ms | p50 ms | p99 ms | max ms | phrasings right |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for label, rows, outside in cases:
        index, seconds = build(rows, outside, clock)
        right = f"{accuracy(index)}/{len(PHRASINGS)}" if rows is shipped else "n/a"
        for mode, cold in (("cold", True), ("warm", False)):
            values = latencies(index, options.rounds, clock, cold)
            print(f"| {label} | {mode} | {len(index.entries):,} | {seconds * 1000:.0f} | {pct(values, 50):.2f} | "
                  f"{pct(values, 99):.2f} | {max(values):.2f} | {right} |")
            sys.stdout.flush()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
