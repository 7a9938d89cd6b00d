"""How long the reminder fan-out of one tavolo takes for N participants, and that a second run adds nothing.

    python bench/tavoli_fanout.py --participants 10000 [--database-url postgresql+asyncpg://…]

Builds a fresh database (SQLite file in a temporary directory by default), one monthly tavolo with N
subscribed referents, then times the reminder job's `tick` at the 7-day reminder (creates N outbox rows), again at
the same instant (creates 0: the idempotence check). A tick commits every 500 rows.
Use a database of its own for --database-url (the script migrates it and writes to it).
"""
from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.meetings.jobs import tick
from bot.meetings.models import Participant
from bot.meetings.tavoli import TavoloSpec, save
from bot.outbox.models import OutboxMessage
from bot.people.models import Person

SETUP = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
START = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)


async def run(url: str, n: int) -> None:
    db = Database(url)
    await upgrade(db.engine)
    async with db.session() as s:
        tavolo, _ = await save(s, TavoloSpec(slug="bench", title="Bench", all_zones=True,
                                             rrule="FREQ=MONTHLY;BYDAY=1TU", dtstart_local="2027-01-05T10:00"), now=SETUP)
        await s.execute(insert(Person), [{"telegram_user_id": 10_000_000 + i, "chat_id": 10_000_000 + i,
                                          "name": f"Referente {i}", "role": "referente", "reachable": True,
                                          "created_at": SETUP} for i in range(n)])
        ids = (await s.scalars(select(Person.id))).all()
        await s.execute(insert(Participant), [{"tavolo_id": tavolo.id, "person_id": i, "source": "bench",
                                               "created_at": SETUP} for i in ids])
    at = START - timedelta(days=7)
    for label in ("first tick", "second tick"):
        t0, c0 = time.perf_counter(), time.process_time()
        made, created = await tick(db, now=at)
        print(f"{label}: {created} reminders queued, {made} occurrences materialised in "
              f"{time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU")
    async with db.session() as s:
        total = await s.scalar(select(func.count()).select_from(OutboxMessage))
        keys = await s.scalar(select(func.count(OutboxMessage.key.distinct())))
    print(f"outbox rows: {total}, distinct keys: {keys}")
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        print(f"{args.participants} participants on {url.split(':', 1)[0]}")
        asyncio.run(run(url, args.participants))


if __name__ == "__main__":
    main()
