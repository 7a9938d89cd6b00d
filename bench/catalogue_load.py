"""Validating and loading the shipped catalogue: first load into an empty database and the idempotent
reload (the test fixture on PostgreSQL reloads it before every test, so this cost adds up).

    python bench/catalogue_load.py [--rounds 10] [--url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Without --url: a SQLite file in a temporary folder. With --url: a PostgreSQL server; a database of
its own is created there and dropped at the end. Times are wall-clock medians over the rounds.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.catalogue import datafiles, loader  # noqa: E402
from bot.catalogue.validate import validate  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402


async def _admin(server_url: str, sql: str) -> None:
    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f}"


async def measure(url: str, rounds: int) -> str:
    db = Database(url)
    try:
        await upgrade(db.engine)
        start = time.perf_counter()
        await loader.load(db, None)
        first = time.perf_counter() - start
        reloads = []
        for _ in range(rounds):
            start = time.perf_counter()
            report = await loader.load(db, None)
            reloads.append(time.perf_counter() - start)
            assert not report.changed
    finally:
        await db.dispose()
    checks = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert validate(datafiles.shipped_directory()) == []
        checks.append(time.perf_counter() - start)
    return f"| {db.dialect} | {_ms(checks)} | {first * 1000:.0f} | {_ms(reloads)} | {rounds} |"


async def main(url: str | None, rounds: int) -> None:
    print("| database | validate ms (median) | first load ms | idempotent reload ms (median) | rounds |")
    print("|---|---|---|---|---|")
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            print(await measure(f"sqlite+aiosqlite:///{folder}/bench.sqlite3", rounds))
        return
    name = f"zobot_bench_{uuid.uuid4().hex[:8]}"
    await _admin(url, f'CREATE DATABASE "{name}"')
    try:
        print(await measure(make_url(url).set(database=name).render_as_string(hide_password=False), rounds))
    finally:
        await _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--url", help="PostgreSQL server URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    asyncio.run(main(args.url, args.rounds))
