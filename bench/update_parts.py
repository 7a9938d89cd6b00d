"""CPU of two parts of every update, each the way zobot does it and the way it did before.

    python bench/update_parts.py                   # SQLite
    python bench/update_parts.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test

- the keyboard of a 12-button answer: python-telegram-bot objects built and serialised, against the
  Bot API JSON written from the domain's rows (handlers/render.py `markup`);
- the arrival read (bot/arrival.py): through SQLAlchemy as zobot did until commit 9e75e31 (on
  PostgreSQL an AsyncConnection checked out of the pool, on SQLite a synchronous Core connection to
  the same file), against the driver itself (bot/db/prepared.py, `Database.fetch_one`).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sandbox_load import FIRST_PERSON, prepare_database  # noqa: E402

ROWS = [[{"text": f"Servizio numero {i}", "data": f"cat:s:{i}"}] for i in range(10)] + [
    [{"text": "« Indietro", "data": "cat:z"}, {"text": "🗺 Zone", "data": "cat:zl"}]]


def per_call_us(function, n: int) -> float:
    started = time.process_time()
    for _ in range(n):
        function()
    return (time.process_time() - started) / n * 1e6


async def per_await_us(function, n: int) -> float:
    started = time.process_time()
    for _ in range(n):
        await function()
    return (time.process_time() - started) / n * 1e6


def keyboards(n: int) -> None:
    from telegram.request._requestparameter import RequestParameter

    from handlers.render import keyboard, markup

    built = keyboard(ROWS)
    print(f"keyboard, 12 buttons: python-telegram-bot objects built {per_call_us(lambda: keyboard(ROWS), n):.0f} µs"
          f" + serialised {per_call_us(lambda: RequestParameter.from_input('m', built).json_value, n):.0f} µs;"
          f" Bot API JSON from the rows {per_call_us(lambda: json.dumps(markup(ROWS)), n):.0f} µs")


async def arrival_reads(url: str, n: int) -> None:
    from bot import arrival
    from bot.db.engine import Database

    db = Database(url)
    now = datetime.now(timezone.utc)
    values = arrival.parameters(FIRST_PERSON + 5, now)

    inline = None
    if db.dialect == "sqlite":
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        inline = create_engine(make_url(url).set(drivername="sqlite"))

    async def through_sqlalchemy():
        if inline is not None:
            with inline.connect() as connection:
                return connection.execute(arrival.ARRIVAL.statement, values).one()
        async with db.statement_engine.connect() as connection:
            return (await connection.execute(arrival.ARRIVAL.statement, values)).one()

    async def on_the_driver():
        return await db.fetch_one(arrival.ARRIVAL, values)

    try:
        for read in (through_sqlalchemy, on_the_driver):  # warm-up: connections, statement caches
            await per_await_us(read, 200)
        rounds = [(await per_await_us(through_sqlalchemy, n), await per_await_us(on_the_driver, n)) for _ in range(2)]
    finally:
        await db.dispose()
        if inline is not None:
            inline.dispose()
    print(f"arrival read on {db.dialect}: through SQLAlchemy " + " / ".join(f"{a:.0f}" for a, _ in rounds)
          + " µs, on the driver " + " / ".join(f"{b:.0f}" for _, b in rounds) + " µs (CPU per read, two rounds)")


async def main(args) -> None:
    keyboards(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        url = await prepare_database(Path(tmp) / "parts.sqlite3", 10_000, args.postgres)
        await arrival_reads(url, args.n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=3000, help="calls per measurement (default 3000)")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (a fresh database `zobot_bench` is made)")
    asyncio.run(main(parser.parse_args()))
