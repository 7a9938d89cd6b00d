"""The sender killed with SIGKILL during an e-mail round and restarted: every recipient got exactly one copy
or the row is `unknown`, never silently missed, never doubled (the e-mail twin of test_delivery_crash.py).
The sender runs in a subprocess (tests/delivery_worker.py) against a real SMTP server on 127.0.0.1."""
import asyncio
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.delivery_support import rows
from tests.email_people import email_person
from tests.fake_bot_api import FakeBotAPI

WORKER = Path(__file__).with_name("delivery_worker.py")
N = 40


async def _worker(db_url: str, api: FakeBotAPI, port: int):
    return await asyncio.create_subprocess_exec(sys.executable, str(WORKER), db_url, api.base_url, "1", str(port),
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


@pytest.mark.slow
async def test_killed_email_sender_restarts_without_duplicates_or_silent_loss(db, db_url, smtp):
    from bot.clock import Clock
    from bot.outbox.queue import Outgoing
    from bot.people.channels import enqueue

    now = Clock().now()
    async with db.session() as s:
        people = [await email_person(s, now, f"persona{i}@comune.example.it", name=f"P{i}") for i in range(N)]
        await enqueue(s, [Outgoing(key=f"k{p.id}", round="r1", chat_id=None, person_id=p.id, text=f"messaggio {i}",
                                   due_at=now) for i, p in enumerate(people)], now=now)
    smtp.delay = 0.05  # the server holds each message a moment before its 250: a kill lands mid-handover
    with FakeBotAPI() as api:  # the worker's Bot asks getMe; no message of this test goes to Telegram
        await _round(db, db_url, smtp, api)
        assert api.received == []


async def _round(db, db_url, smtp, api):
    first = await _worker(db_url, api, smtp.port)
    for _ in range(1200):
        if len(smtp.messages) >= 10 or first.returncode is not None:
            break
        await asyncio.sleep(0.05)
    assert first.returncode is None, (await first.stderr.read()).decode()[-3000:]
    first.kill()  # SIGKILL: no cleanup at all
    await first.wait()
    assert 0 < len(smtp.messages) < N
    smtp.delay = 0.0
    second = await _worker(db_url, api, smtp.port)
    out, err = await asyncio.wait_for(second.communicate(), 120)
    assert second.returncode == 0, err.decode()[-3000:]
    received = Counter(m["To"] for m in smtp.messages)
    final = {r.address: r.status for r in await rows(db)}
    assert len(final) == N and set(final.values()) <= {"sent", "unknown"}, Counter(final.values())
    assert max(received.values()) == 1, "an e-mail left twice"
    for address, status in final.items():
        if status == "sent":
            assert received[address] == 1
        if received[address] == 0:
            assert status == "unknown"  # the only way to be missed: reported
    assert Counter(final.values())["unknown"] <= 8  # at most the sends in flight at the kill
