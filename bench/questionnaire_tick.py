"""The questionnaires' minute tick with audiences applied again (issue 13): how long it holds its transaction.

C running campaigns to all referents, P referents spread over the shipped comuni. Reports the tick's wall
time when nothing changed (median of 5) and when N referents joined since (the tick that invites them).

    python bench/questionnaire_tick.py                      # SQLite file in a temp folder
    python bench/questionnaire_tick.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
(with PostgreSQL a database of its own is created and dropped.)
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.catalogue import loader  # noqa: E402
from bot.catalogue.models import Comune  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.people.audience import Audience  # noqa: E402
from bot.people.models import Person, PersonComune  # noqa: E402
from bot.questionnaires import campaigns, registry  # noqa: E402
from bot.questionnaires.service import QuestionnaireService  # noqa: E402

BASE_USER = 7_000_000


async def _referents(db, clock, first: int, count: int, comuni: list[int]) -> None:
    async with db.session() as s:
        people = [Person(telegram_user_id=BASE_USER + i, chat_id=BASE_USER + i, name=f"R {i}", role="referente",
                         reachable=True, created_at=clock.now()) for i in range(first, first + count)]
        s.add_all(people)
        await s.flush()
        s.add_all([PersonComune(person_id=p.id, comune_id=comuni[n % len(comuni)]) for n, p in enumerate(people)])


async def bench(url: str, people: int, running: int, joining: int) -> None:
    db = Database(url)
    await upgrade(db.engine)
    await loader.load(db)
    settings = Settings(database_url=url)
    clock = FixedClock(datetime(2027, 3, 1, 9, tzinfo=settings.timezone))
    service = QuestionnaireService(db, clock, settings)
    async with db.read() as s:
        comuni = list((await s.scalars(select(Comune.id))).all())
    await _referents(db, clock, 0, people, comuni)
    definition = registry.shipped()["comuni_2026"]
    for n in range(running):
        async with db.session() as s:
            await campaigns.launch(s, definition, Audience("all_referents"), opens_at=clock.now(),
                                   closes_at=clock.now() + timedelta(days=30), created_by=None,
                                   launch_key=f"bench:{n}", now=clock.now(), tz=settings.timezone)
    quiet = []
    for _ in range(5):
        clock.advance(timedelta(minutes=1))
        start = time.perf_counter()
        await service.tick()
        quiet.append(time.perf_counter() - start)
    await _referents(db, clock, people, joining, comuni)
    clock.advance(timedelta(minutes=1))
    start = time.perf_counter()
    invited, _ = await service.tick()
    joined = time.perf_counter() - start
    await db.dispose()
    assert invited == joining * running, invited
    print(f"database: {make_url(url).get_backend_name()}  referents: {people}  running campaigns: {running}")
    print(f"tick, nothing new: median {statistics.median(quiet) * 1000:.0f} ms (max {max(quiet) * 1000:.0f} ms)")
    print(f"tick, {joining} referents joined: {joined * 1000:.0f} ms ({invited} late invitations queued)")


async def _admin(url: str, sql: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--campaigns", type=int, default=10)
    parser.add_argument("--joining", type=int, default=50)
    args = parser.parse_args()
    if args.database_url is None:
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(bench(f"sqlite+aiosqlite:///{folder}/tick.sqlite3", args.people, args.campaigns, args.joining))
        return 0
    name = f"zobot_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(args.database_url, f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(args.database_url).set(database=name).render_as_string(hide_password=False)
        asyncio.run(bench(url, args.people, args.campaigns, args.joining))
    finally:
        asyncio.run(_admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
