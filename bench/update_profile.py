"""CPU per update through the production Application with a fake Telegram (no network), optionally profiled.

    python bench/update_profile.py                 # 400 free-text messages from 200 people, ms per update
    python bench/update_profile.py --profile       # the same under cProfile, top functions by cumulative time
    python bench/update_profile.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test
    python bench/update_profile.py --distinct --messages 2000   # distinct questions (bench/sandbox_load.py)
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sandbox_load import FIRST_PERSON, QUESTIONS, distinct_questions, prepare_database  # noqa: E402


async def main(args) -> None:
    from telegram import Update

    from bot.app import build_application
    from bot.clock import Clock
    from bot.config import Settings
    from tests import builders
    from tests.fakes import FakeTelegram

    with tempfile.TemporaryDirectory() as tmp:
        url = await prepare_database(Path(tmp) / "bench.db", args.registered, args.postgres)
        app = build_application(Settings(token="1:x", database_url=url), request=FakeTelegram(),
                                clock=Clock(), rate_limiter=False)
        await app.initialize()
        await app.post_init(app)
        questions = distinct_questions() if args.distinct else QUESTIONS
        updates = [Update.de_json(builders.message(questions[n % len(questions)], user_id=FIRST_PERSON + n % args.people),
                                  app.bot) for n in range(args.messages)]
        for update in updates[:20]:  # warm-up
            await app.process_update(update)
        profiler = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        for update in updates:
            await app.process_update(update)
        if profiler:
            profiler.disable()
        cpu = time.process_time() - started
        print(f"{len(updates)} updates: {cpu * 1000 / len(updates):.2f} ms CPU per update")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        await app.shutdown()
        await app.post_shutdown(app)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--registered", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--distinct", action="store_true", help="questions generated from the catalogue, each once")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server to use instead of SQLite "
                        "(a fresh database `zobot_bench` is created on it)")
    parser.add_argument("--top", type=int, default=60)
    asyncio.run(main(parser.parse_args()))
