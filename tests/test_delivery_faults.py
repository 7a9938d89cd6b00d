"""Fault injection from the fake Telegram side: on 30% of calls a 429, 500, 403, or a timeout before
or after the message left. Whatever happens: no duplicates, every row final, order kept per chat."""
import json
import random
from collections import Counter, defaultdict
from datetime import timedelta

import httpx
import pytest
from telegram.error import TimedOut

from bot.outbox.models import FINAL_STATUSES
from tests.delivery_support import make_people, queue, rows

PER_PERSON = 3


def chaos(seed: int, delivered: list):
    """A `script` for FakeTelegram: `delivered` gets (chat, text) of every message that reached Telegram."""
    rng = random.Random(seed)

    def error(status, description, **parameters):
        body = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return status, json.dumps(body).encode()

    def script(method, params):
        if method != "sendMessage":
            return None
        item = (int(params["chat_id"]), params["text"])
        if rng.random() >= 0.30:
            delivered.append(item)
            return None  # FakeTelegram answers ok
        fault = rng.choice(["429", "500", "403", "timeout-before", "timeout-after"])
        if fault == "429":
            return error(429, "Too Many Requests", retry_after=rng.randint(1, 5))
        if fault == "500":
            return error(500, "Internal Server Error")
        if fault == "403":
            return error(403, "Forbidden: bot was blocked by the user")
        if fault == "timeout-after":
            delivered.append(item)
            raise TimedOut() from httpx.ReadTimeout("read")
        raise TimedOut() from httpx.ConnectTimeout("connect")

    return script


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_faults_never_duplicate_or_reorder(chat, clock, seed):
    db = chat.services.db
    people = await make_people(db, clock, range(3001, 3041))
    await queue(db, clock, [(f"k{p.id}-{n}", p.chat_id, f"{p.id}-{n}", p.id) for n in range(PER_PERSON) for p in people])
    delivered: list[tuple[int, str]] = []
    chat.telegram.script = chaos(seed, delivered)
    for _ in range(60):
        await chat.services.outbox.tick()
        if all(r.status in FINAL_STATUSES for r in await rows(db)):
            break
        clock.advance(timedelta(minutes=5))
    final = await rows(db)
    assert all(r.status in FINAL_STATUSES for r in final), Counter(r.status for r in final)
    copies = Counter(text for _, text in delivered)
    assert max(copies.values()) == 1, "a message reached Telegram twice"
    for r in final:
        expected = {"sent": {1}, "unknown": {0, 1}}.get(r.status, {0})
        assert copies[r.text] in expected, (r.key, r.status, copies[r.text])
    by_chat = defaultdict(list)
    for chat_id, text in delivered:
        by_chat[chat_id].append(int(text.split("-")[1]))
    assert all(seq == sorted(seq) for seq in by_chat.values())
    statuses = Counter(r.status for r in final)
    assert statuses["sent"] > 0 and statuses["unknown"] > 0 and statuses["blocked"] > 0
