"""Hostile updates through the production Application against a strict fake Telegram: exceptions and refusals.

    python bench/hostile_updates.py                      # 10,000 updates on SQLite
    python bench/hostile_updates.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test

The stream is tests/hostile.py's (random texts with control characters, HTML-like fragments, huge
numbers, forged callback data of every prefix, messages without `from`, inline-message callbacks,
edited messages, odd entities, media, group messages, inline queries, channel posts) from the usual
people of the tests (admin, organiser, referent, PO, stranger, revoked, unknown), drawn by Hypothesis
with a fixed seed. The fake Telegram refuses what the Bot API refuses (invalid HTML, texts over 4096
characters, callback data over 64 bytes). Reports every handler exception (kind and handler) and
every refused reply; the exit code is 1 if there was any.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def draw(count: int, seed: int) -> list[dict]:
    """`count` hostile updates, the same ones for the same seed."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    from tests import hostile

    drawn: list[dict] = []
    batch = 50

    @hseed(seed)
    @settings(max_examples=count // batch + 1, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.lists(hostile.updates, min_size=batch, max_size=batch))
    def collect(updates):
        drawn.extend(updates)

    collect()
    return drawn[:count]


async def run(url: str, payloads: list[dict]):
    from bot.clock import FixedClock
    from bot.config import Settings
    from tests import hostile
    from tests.conftest import ADMIN_ID, ROME, TEST_TOKEN, start_harness, stop_harness

    clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=ROME))
    harness = await start_harness(Settings(token=TEST_TOKEN, database_url=url, admins=frozenset({ADMIN_ID})), clock,
                                  hostile.StrictTelegram())
    tally = hostile.Tally()
    try:
        await hostile.setup(harness.services.db, clock)
        started = time.perf_counter()
        for start in range(0, len(payloads), 500):
            await hostile.feed(harness, tally, payloads[start:start + 500])
        elapsed = time.perf_counter() - started
    finally:
        await stop_harness(harness)
    return tally, elapsed


async def main(args) -> int:
    import logging

    from bench.sandbox_load import _fresh_postgres

    logging.disable(logging.CRITICAL)  # the error handler logs each exception: counted below instead
    payloads = draw(args.count, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            url = await _fresh_postgres(args.postgres, name="zobot_bench_hostile")
            from bot.catalogue import loader
            from bot.db.engine import Database
            from bot.db.migrate import upgrade
            db = Database(url)
            await upgrade(db.engine)
            await loader.load(db, None)
            await db.dispose()
        else:
            from bot.bootstrap import prepare
            from bot.config import Settings
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'hostile.sqlite3'}"
            await prepare(Settings(database_url=url))
        tally, elapsed = await run(url, payloads)
    summary = tally.summary()
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; updates: {summary['updates']} "
          f"(seed {args.seed}); {elapsed:.1f} s, {summary['updates'] / elapsed:.0f} updates/s")
    print(f"handler exceptions: {summary['handler_exceptions']}")
    for kind, n in summary["exceptions_by_kind"].most_common():
        print(f"  {n:5d}  {kind}")
    print(f"replies Telegram would refuse: {summary['refused_replies']}")
    for reason, n in summary["refused_by_reason"].most_common():
        print(f"  {n:5d}  {reason}")
    if args.show and tally.errors:
        import traceback
        for update_id, where, error in tally.errors[:args.show]:
            print(f"--- update {update_id} in {where}")
            print("".join(traceback.format_exception(error))[-1500:])
    return 1 if tally.errors or tally.refused else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000, help="updates to send (default 10,000)")
    parser.add_argument("--seed", type=int, default=11, help="Hypothesis seed (the same updates for the same seed)")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (a database zobot_bench_hostile is "
                                                         "created there) instead of a SQLite file")
    parser.add_argument("--show", type=int, default=0, help="print the traceback of the first N exceptions")
    sys.exit(asyncio.run(main(parser.parse_args())))
