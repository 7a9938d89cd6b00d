"""Broadcast throughput against a fake Telegram that enforces the flood limits (429 when exceeded).

    python bench/broadcast.py --recipients 10000                      # virtual clock (default)
    python bench/broadcast.py --recipients 10000 --realtime --scale 4 # real time, limits ×4 on both sides
    options: --rate 25 (ZOBOT_BROADCAST_RATE) --mixed (groups and repeated chats too)
             --database-url postgresql+asyncpg://… (a database of its own: it is migrated and written)

The real sender (Dispatcher + python-telegram-bot Bot + handlers/transport.py) drains N outbox rows.
The fake Telegram side is a python-telegram-bot BaseRequest that answers 429 (retry_after 1) whenever a
call would exceed, in a sliding window, 30 messages/s per bot, 1/s per private chat or 20/min per
group; it counts every message it accepted, so duplicates are visible.

Time compression. Virtual clock: sender and fake read the same FixedClock, and the sender's waits
advance it instead of sleeping, so 10,000 messages at 25/s (400 s of Telegram time) take as long as
the database work. Real time (--realtime --scale K): every limit is multiplied by K on both sides
(sender: rate×K, K/s per chat; fake: 30×K/s, K/s per chat, 20×K/min per group) and the real clock and
asyncio.sleep are used, which also measures whether database and event loop keep up.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import tempfile
import time
from collections import Counter, defaultdict, deque
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")

from sqlalchemy import func, select  # noqa: E402
from telegram import Bot  # noqa: E402
from telegram.request import BaseRequest, RequestData  # noqa: E402

from bot.clock import Clock, FixedClock  # noqa: E402
from bot.db.engine import Database  # noqa: E402
from bot.db.migrate import upgrade  # noqa: E402
from bot.outbox.dispatcher import Dispatcher  # noqa: E402
from bot.outbox.limits import RateLimiter  # noqa: E402
from bot.outbox.models import FINAL_STATUSES, OutboxMessage  # noqa: E402
from bot.outbox.queue import Outgoing, enqueue  # noqa: E402
from handlers.transport import TelegramTransport  # noqa: E402

TOKEN = "123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz"
START = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


class FloodLimitedTelegram(BaseRequest):
    """Telegram's flood control, strictly: sliding windows over the given clock."""

    def __init__(self, clock: Clock, scale: float = 1.0) -> None:
        self.clock, self.scale = clock, scale
        self.overall: deque = deque()
        self.chats: dict[int, deque] = defaultdict(deque)
        self.accepted: list[tuple[int, str, datetime]] = []
        self.rejected = 0
        self._ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _over(self, window: deque, now: datetime, seconds: float, limit: float) -> bool:
        while window and (now - window[0]).total_seconds() >= seconds:
            window.popleft()
        return len(window) + 1 > limit

    async def do_request(self, url, method, request_data: RequestData | None = None, **_):
        name = url.rsplit("/", 1)[-1]
        if name == "getMe":
            return 200, json.dumps({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "bench",
                                                           "username": "bench_bot"}}).encode()
        params = request_data.parameters
        chat, now, k = int(params["chat_id"]), self.clock.now(), self.scale
        per_chat = (1.0, 1 * k) if chat > 0 else (60.0, 20 * k)
        if self._over(self.overall, now, 1.0, 30 * k) or self._over(self.chats[chat], now, *per_chat):
            self.rejected += 1
            body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1}}
            return 429, json.dumps(body).encode()
        self.overall.append(now)
        self.chats[chat].append(now)
        self.accepted.append((chat, params["text"], now))
        result = {"message_id": next(self._ids), "date": 1700000000, "text": params["text"],
                  "chat": {"id": chat, "type": "private" if chat > 0 else "group"}}
        return 200, json.dumps({"ok": True, "result": result}).encode()


def recipients(n: int, mixed: bool) -> list[tuple[int, str]]:
    """(chat, text) per outbox row; --mixed adds 20 groups × 5 messages and 100 chats × 3 messages."""
    items = [(50_000_000 + i, f"annuncio {i}") for i in range(n)]
    if mixed:
        items += [(-1_000_000 - g, f"gruppo {g}/{m}") for m in range(5) for g in range(20)]
        items += [(60_000_000 + c, f"ripetuto {c}/{m}") for m in range(3) for c in range(100)]
    return items


async def run(args) -> None:
    url = args.database_url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    db = Database(url)
    await upgrade(db.engine)
    clock: Clock = Clock() if args.realtime else FixedClock(START)
    k = args.scale if args.realtime else 1.0
    items = recipients(args.recipients, args.mixed)
    async with db.session() as s:
        await enqueue(s, [Outgoing(key=f"bench:{i}", round="bench", chat_id=c, text=t, due_at=clock.now())
                          for i, (c, t) in enumerate(items)], now=clock.now())
    fake = FloodLimitedTelegram(clock, k)
    burst = max(1.0, min(3.0, 30 - args.rate)) * k  # the default burst, scaled like the limits
    limiter = RateLimiter(args.rate * k, private_rate=1.0 * k, group_per_minute=18 * k, burst=burst)
    async with Bot(TOKEN, request=fake) as bot:
        dispatcher = Dispatcher(db, clock, TelegramTransport(bot), rate=args.rate * k, limiter=limiter, budget=3600)
        wall = time.perf_counter()
        while True:
            await dispatcher.tick()
            async with db.session() as s:
                open_rows = await s.scalar(select(func.count()).where(OutboxMessage.status.not_in(FINAL_STATUSES)))
            if not open_rows:
                break
            await dispatcher.sleep(0.5)
        wall = time.perf_counter() - wall
    async with db.session() as s:
        statuses = dict((await s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))).all())
    await db.dispose()
    report(args, fake, statuses, wall, k, len(items))


def report(args, fake: FloodLimitedTelegram, statuses: dict, wall: float, k: float, total: int) -> None:
    times = [at for _, _, at in fake.accepted]
    span = (max(times) - min(times)).total_seconds() if len(times) > 1 else 0.0
    private = [at for chat, _, at in fake.accepted if chat >= 50_000_000 and chat < 60_000_000]
    private_span = (max(private) - min(private)).total_seconds() if len(private) > 1 else 0.0
    duplicates = sum(n - 1 for n in Counter((c, t) for c, t, _ in fake.accepted).values() if n > 1)
    achieved = (len(private) - 1) / private_span / k if private_span else 0.0
    mode = f"real time, limits ×{k:g}" if args.realtime else "virtual clock"
    print(f"mode: {mode}; database: {'PostgreSQL' if args.database_url else 'SQLite'}; rows: {total}")
    print(f"statuses: {statuses}")
    print(f"accepted by Telegram: {len(fake.accepted)}; 429 answers provoked: {fake.rejected}; duplicates: {duplicates}")
    print(f"broadcast rate (distinct private chats): {achieved:.2f} msg/s (Telegram time) vs configured "
          f"{args.rate:g} = {100 * achieved / args.rate:.1f}%")
    print(f"duration at Telegram's real limits: {span * k:.1f} s; wall clock: {wall:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0)
    parser.add_argument("--mixed", action="store_true")
    parser.add_argument("--realtime", action="store_true")
    parser.add_argument("--scale", type=float, default=4.0)
    parser.add_argument("--database-url")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
