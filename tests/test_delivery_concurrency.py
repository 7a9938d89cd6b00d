"""Two dispatchers on the same outbox never send a row twice (SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE
on SQLite), keep each chat's order, and on PostgreSQL only one holds the sender's advisory lock."""
import asyncio
from collections import Counter, defaultdict
from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.outbox.dispatcher import Dispatcher
from bot.outbox.leader import Leadership
from bot.outbox.models import FINAL_STATUSES
from tests.conftest import PG_URL
from tests.delivery_support import queue, rows

postgres_only = pytest.mark.skipif(not (PG_URL or "").startswith("postgresql"), reason="needs PostgreSQL")


class Recorder:
    """The Telegram side as seen by one dispatcher: every message it was asked to send."""

    def __init__(self, name: str, log: list) -> None:
        self.name, self.log = name, log

    async def send(self, message) -> int:
        await asyncio.sleep(0)  # let the other dispatcher run in between
        self.log.append((self.name, message.chat_id, message.text))
        return len(self.log)


async def test_two_dispatchers_never_send_the_same_row(db_url, db, clock):
    await queue(db, clock, [(f"k{i}", 20_000 + i % 40, f"{i // 40}") for i in range(160)])
    log: list = []
    other = Database(db_url)
    try:
        a = Dispatcher(db, clock, Recorder("a", log), rate=30, batch=10, instance="a")
        b = Dispatcher(other, clock, Recorder("b", log), rate=30, batch=10, instance="b")
        for _ in range(20):
            await asyncio.gather(a.tick(), b.tick())
            if all(r.status in FINAL_STATUSES for r in await rows(db)):
                break
            clock.advance(timedelta(seconds=2))
    finally:
        await other.dispose()
    final = await rows(db)
    assert Counter(r.status for r in final) == {"sent": 160}
    assert Counter((chat, text) for _, chat, text in log).most_common(1)[0][1] == 1
    assert {name for name, _, _ in log} == {"a", "b"}
    by_chat = defaultdict(list)
    for _, chat, text in log:
        by_chat[chat].append(int(text))
    assert all(seq == list(range(4)) for seq in by_chat.values())


@postgres_only
async def test_only_one_instance_holds_the_sender_lock(db_url, db):
    other = Database(db_url)
    try:
        first, second = Leadership(db), Leadership(other)
        async with first.hold() as granted:
            assert granted
            async with second.hold() as also:
                assert not also
        async with second.hold() as granted_now:
            assert granted_now
    finally:
        await other.dispose()
