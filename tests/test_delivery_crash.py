"""A sender killed with SIGKILL mid-broadcast and restarted: nothing doubled, nothing lost except
what the report calls `unknown`. The sender runs in a subprocess against a fake Bot API over HTTP."""
import asyncio
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.delivery_support import queue, rows
from tests.fake_bot_api import FakeBotAPI

WORKER = Path(__file__).with_name("delivery_worker.py")
N = 100


async def _worker(db_url: str, api: FakeBotAPI):
    return await asyncio.create_subprocess_exec(sys.executable, str(WORKER), db_url, api.base_url, "1",
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


@pytest.mark.slow
async def test_killed_sender_restarts_without_duplicates(db, db_url, clock):
    from bot.clock import Clock
    await queue(db, Clock(), [(f"k{i}", 10_000 + i, f"messaggio {i}") for i in range(N)])
    with FakeBotAPI(delay=0.01) as api:
        first = await _worker(db_url, api)
        reached = await asyncio.to_thread(api.when_received(30).wait, 60)
        first.kill()  # SIGKILL: no cleanup at all
        await first.wait()
        assert reached, (await first.stderr.read()).decode()[-2000:]
        second = await _worker(db_url, api)
        out, err = await asyncio.wait_for(second.communicate(), 120)
        assert second.returncode == 0, err.decode()[-3000:]
        received = Counter(p["text"] for p in api.received)
    final = await rows(db)
    assert max(received.values()) == 1, "a message reached Telegram twice"
    status = Counter(r.status for r in final)
    assert set(status) <= {"sent", "unknown"}, status
    for r in final:
        assert received[r.text] == (1 if r.status == "sent" else received[r.text])
        if received[r.text] == 0:
            assert r.status == "unknown"  # the only way to be missed
    assert status["unknown"] <= 8  # at most the sends in flight at the kill
    assert len(received) >= N - status["unknown"]
