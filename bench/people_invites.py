"""Invitations for a mailing: create N from a CSV of the real comuni (links + QR PNGs), then redeem
each through the production application (fake Telegram), timing both halves.

    python bench/people_invites.py [--count 130]      # SQLite file in a temp folder

Reports: invitations created per second (database + token + hash + audit), QR PNGs written per
second, and /start <token> redemptions per second with p50/p99 latency per update.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from sqlalchemy import select  # noqa: E402

from bot.catalogue import loader  # noqa: E402
from bot.catalogue.models import Comune  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.people import batch, invites  # noqa: E402
from tests import builders  # noqa: E402
from tests.conftest import TEST_TOKEN, start_harness, stop_harness  # noqa: E402


async def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
    db = Database(url)
    await upgrade(db.engine)
    await loader.load(db, None)
    async with db.session() as s:
        names = list(await s.scalars(select(Comune.name).order_by(Comune.istat_code)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["nome", "ruolo", "comune"])
    for i in range(count):
        writer.writerow([f"Referente {i}", "referente", names[i % len(names)]])
    clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Rome")))
    t0 = time.perf_counter()
    async with db.session() as s:
        results = await batch.create_all(s, batch.read_csv(out.getvalue()), actor="bench", now=clock.now(),
                                         ttl_days=14, batch="bench")
    t1 = time.perf_counter()
    batch.write(folder / "out", results, "zobot_bench_bot", ZoneInfo("Europe/Rome"))
    t2 = time.perf_counter()
    await db.dispose()
    harness = await start_harness(Settings(token=TEST_TOKEN, database_url=url), clock)
    latencies = []
    for i, (_, _, created) in enumerate(results):
        start = time.perf_counter()
        await harness.feed(builders.message(f"/start {invites.payload(created.token)}", user_id=500000 + i))
        latencies.append((time.perf_counter() - start) * 1000)
    await stop_harness(harness)
    assert not harness.errors
    latencies.sort()
    print(f"invitations: {count}")
    print(f"create (db, token, hash, audit): {count / (t1 - t0):.0f}/s ({(t1 - t0) * 1000:.0f} ms)")
    print(f"write links.csv + QR PNGs: {count / (t2 - t1):.0f}/s ({(t2 - t1) * 1000:.0f} ms)")
    print(f"redeem via /start: {count / (sum(latencies) / 1000):.0f}/s, p50 {statistics.median(latencies):.1f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99) - 1]:.1f} ms, max {latencies[-1]:.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=130)
    asyncio.run(main(parser.parse_args().count))
