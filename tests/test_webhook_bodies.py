"""Webhook bodies: over 1 MB is 413 (declared or streamed), anything that is not an update is 400, never 500."""
from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import select

from bot.app import build_application
from bot.webhook.body import MAX_BODY
from bot.webhook.models import InboundUpdate
from bot.webhook.server import SECRET_HEADER, WebhookService
from tests import builders
from tests.fakes import FakeTelegram

SECRET = "s3cret-token_for-tests-0123456789"
NOT_UPDATES = [
    b"not json", b"\xff\xfe{}", b"", b"[]", b'"update"', b"123", b"null",
    b'{"update_id": 1e400}', b'{"update_id": NaN}', b'{"update_id": Infinity}',
    b'{"update_id": 1' + b"0" * 5000 + b"}",  # a huge number
    b'{"update_id": 7, "message": {"message_id": 1, "date": 1, "chat": {"id": 1' + b"9" * 30 + b', "type": "private"}}}',
    b"[" * 5000 + b"]" * 5000,  # deep nesting
    b'{"update_id": 7, "x": ' + b'{"a":' * 100 + b"1" + b"}" * 100 + b"}",
    b'{"update_id": -1}', b'{"update_id": "7"}', b'{"update_id": true}', b'{"message": {}}',
    b'{"update_id": 7, "message": 5}', b'{"update_id": 7, "message": {"chat": 1}}',
    b'{"update_id": 7, "callback_query": []}',
]


@pytest.fixture
async def service(settings, clock):
    app = build_application(settings, request=FakeTelegram(), clock=clock, rate_limiter=False, updater=False)
    await app.initialize()
    await app.post_init(app)
    yield WebhookService(app, secret=SECRET, clock=clock, instance="a", stale_after=60)
    await app.shutdown()
    await app.post_shutdown(app)


async def _post(service, content, **headers) -> int:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service.asgi()), base_url="http://bot") as client:
        response = await client.post("/telegram", content=content, headers={SECRET_HEADER: SECRET, **headers})
    return response.status_code


async def _stored(service) -> list[InboundUpdate]:
    async with service.db.session() as s:
        return list((await s.scalars(select(InboundUpdate))).all())


async def test_a_2mb_body_is_413_whether_declared_or_streamed(service):
    big = json.dumps(builders.message("x" * (2 * MAX_BODY), update_id=50)).encode()
    assert await _post(service, big) == 413  # Content-Length says so: nothing is read

    async def chunks():  # no Content-Length: counted while it streams, stopped past 1 MB
        for start in range(0, len(big), 65536):
            yield big[start:start + 65536]
    assert await _post(service, chunks()) == 413
    assert await _post(service, b"{}", **{"Content-Length": "many"}) == 400
    assert await _stored(service) == [] and service.queue.empty()


async def test_a_large_but_allowed_update_is_stored(service):
    payload = builders.message("y" * (MAX_BODY // 2), update_id=51)
    assert await _post(service, json.dumps(payload).encode()) == 200
    assert [row.update_id for row in await _stored(service)] == [51]


@pytest.mark.parametrize("body", NOT_UPDATES, ids=lambda b: repr(b[:40]))
async def test_anything_that_is_not_an_update_is_400_and_not_stored(service, body):
    assert await _post(service, body) == 400
    assert await _stored(service) == [] and service.queue.empty()


async def test_control_characters_never_reach_the_inbox(service):
    payload = builders.message("/start\x00", update_id=52, first_name="A\x00da")
    assert await _post(service, json.dumps(payload).encode()) == 200
    [row] = await _stored(service)
    assert row.payload["message"]["from"]["first_name"] == "Ada" and row.payload["message"]["text"] == "/start"
