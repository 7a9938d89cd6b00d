"""Web pages served in process (httpx over ASGI, no network): time per request of the public pages, the
open-data ZIP and a calendar feed, on a migrated SQLite file with the shipped catalogue.

    python bench/web_pages.py --requests 200
    options: --database-url postgresql+asyncpg://… (a database of its own: it is migrated and written)

What is measured is zobot's own work per page (routing, the database reads, the catalogue answer,
Jinja2 rendering, the security headers); TLS, the proxy and the network are not in it.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

from bot.catalogue import loader
from bot.clock import FixedClock
from bot.config import Settings
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.meetings import tavoli
from bot.meetings.tavoli import TavoloSpec
from bot.people import calendar_feeds, directory, membership
from web.app import build_web, services_for

PAGES = ["/", "/catalogo/cerca?q=servizi+a+Rho", "/catalogo/cerca?q=in+che+zona+%C3%A8+Cernusco",
         "/catalogo/zone", "/catalogo/zone/3", "/catalogo/comuni/60", "/catalogo/servizi", "/catalogo/servizi/5",
         "/dati", "/dati/catalogue.json", "/dati/catalogo-zobot.zip"]


async def _feed(db: Database, now) -> str:
    """A referent in a weekly tavolo (a year of meetings) with a feed; the feed's path."""
    async with db.session() as s:
        person = await directory.touch(s, telegram_user_id=1, chat_id=1, name="Bench", username=None, now=now)
        await membership.grant(s, person, "referente", comune_ids=[], office_id=None)
        tavolo, _ = await tavoli.save(s, TavoloSpec(slug="bench", title="Bench", all_zones=True,
                                                    rrule="FREQ=WEEKLY;BYDAY=TU", dtstart_local="2026-12-01T10:00"),
                                      now=now)
        await tavoli.subscribe(s, tavolo.id, person, now=now)
        token, _ = await calendar_feeds.issue(s, person, None, now=now)
    return f"/calendario/{token}.ics"


async def main(args) -> None:
    url = args.database_url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'web.sqlite3'}"
    db = Database(url)
    await upgrade(db.engine)
    await loader.load(db, None)
    clock = FixedClock(datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc))
    settings = Settings(database_url=url, web_url="https://zobot.bench")
    app = build_web(await services_for(settings, db, clock))
    paths = PAGES + [await _feed(db, clock.now())]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://zobot.bench") as client:
        print(f"{'path':<45} {'median ms':>9} {'p95 ms':>7} {'bytes':>8}")
        for path in paths:
            times, size = [], 0
            for _ in range(args.requests):
                start = time.perf_counter()
                answer = await client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                assert answer.status_code == 200, (path, answer.status_code)
                size = len(answer.content)
            times.sort()
            print(f"{path[:45]:<45} {statistics.median(times):>9.2f} {times[int(len(times) * 0.95)]:>7.2f} {size:>8}")
    await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url")
    asyncio.run(main(parser.parse_args()))
