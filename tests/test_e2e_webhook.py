"""`zobot run --webhook` as a real process behind the sandbox's Telegram-like webhook delivery:
killed with SIGKILL mid-load and restarted, it loses no acknowledged update; SIGTERM drains it."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.db.engine import Database
from bot.sandbox import runner
from bot.sandbox.client import SandboxClient
from bot.sandbox.server import LocalBotApi
from bot.webhook.models import InboundUpdate

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SECRET = "e2e-webhook-secret-0123456789"
PEOPLE = range(7001, 7041)
ROUNDS = 3  # 40 people x 3 messages = 120 updates
ENTRY = ("from bot.config import load_settings; from bot.webhook import serve; "
         "serve(load_settings(), stale_after=1.0, sweep_every=0.3)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _spawn(api: LocalBotApi, db_url: str, port: int) -> asyncio.subprocess.Process:
    env = dict(os.environ, ZOBOT_TOKEN=runner.SANDBOX_TOKEN, ZOBOT_DATABASE_URL=db_url,
               ZOBOT_API_BASE=api.api_base, ZOBOT_API_FILE_BASE=api.api_file_base,
               ZOBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", ZOBOT_WEBHOOK_SECRET=SECRET,
               ZOBOT_WEBHOOK_LISTEN="127.0.0.1", ZOBOT_WEBHOOK_PORT=str(port), ZOBOT_LOG_LEVEL="WARNING",
               PYTHONPATH=str(ROOT), PTB_TIMEDELTA="1")
    return await asyncio.create_subprocess_exec(sys.executable, "-c", ENTRY, cwd=ROOT, env=env)


async def _until(condition, timeout: float, what: str) -> None:
    """Poll a condition (the other side is a separate process: there is nothing to await on)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def _processed(db: Database) -> tuple[int, int]:
    async with db.session() as s:
        total = await s.scalar(select(func.count()).select_from(InboundUpdate))
        done = await s.scalar(select(func.count()).select_from(InboundUpdate)
                              .where(InboundUpdate.processed_at.is_not(None)))
    return total, done


async def test_killed_instance_loses_no_acknowledged_update(db_url):
    api = LocalBotApi(runner.SANDBOX_TOKEN)
    await api.start()
    client, db = SandboxClient(api.url), Database(db_url)
    port = _free_port()
    process = await _spawn(api, db_url, port)
    try:
        for _ in range(ROUNDS):
            for user in PEOPLE:
                await client.send(user, "/help", first_name=f"P{user}")
        total = len(PEOPLE) * ROUNDS

        async def some_acknowledged() -> bool:
            return len(api.state.acknowledged) >= 30
        await _until(some_acknowledged, 60, "the first acknowledged updates")
        process.kill()  # SIGKILL: no cleanup at all, mid-load
        assert await process.wait() == -signal.SIGKILL
        acknowledged_before = set(api.state.acknowledged)
        assert 30 <= len(acknowledged_before) < total

        process = await _spawn(api, db_url, port)

        async def all_done() -> bool:
            return not api.state.updates and await _processed(db) == (total, total)
        await _until(all_done, 90, "every update processed after the restart")

        async with db.session() as s:
            stored = set((await s.scalars(select(InboundUpdate.update_id))).all())
        assert set(api.state.acknowledged) <= stored and acknowledged_before <= stored
        for user in PEOPLE:  # every message had an answer (at least once; a crash may repeat one)
            _, messages = await client.messages(user)
            replies = [m for m in messages if m["from_bot"]]
            assert len(replies) >= ROUNDS and all(r["text"].startswith("Comandi\n/servizi") for r in replies)

        async with httpx.AsyncClient() as http:
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
        assert health.json() == {"ok": True, "queued": 0}
        process.send_signal(signal.SIGTERM)  # graceful: drains, then exits normally
        assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await client.aclose()
        await db.dispose()
        await api.stop()
