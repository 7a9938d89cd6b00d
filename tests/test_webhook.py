"""Webhook mode: secret check, store-before-200, one processing per update_id, sweeper, health, shutdown."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from bot.app import build_application
from bot.db.engine import Database
from bot.webhook import inbox
from bot.webhook.models import InboundUpdate
from bot.webhook.server import SECRET_HEADER, WebhookService
from tests import builders
from tests.fakes import FakeTelegram

SECRET = "s3cret-token_for-tests-0123456789"


async def _service(settings, clock, instance: str, telegram: FakeTelegram | None = None) -> WebhookService:
    app = build_application(settings, request=telegram or FakeTelegram(), clock=clock, rate_limiter=False,
                            updater=False)
    await app.initialize()
    await app.post_init(app)
    return WebhookService(app, secret=SECRET, clock=clock, instance=instance, stale_after=60)


async def _close(service: WebhookService) -> None:
    await service.app.shutdown()
    await service.app.post_shutdown(service.app)


@pytest.fixture
async def service(settings, clock):
    svc = await _service(settings, clock, "instance-a")
    yield svc
    await _close(svc)


def _client(service: WebhookService) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=service.asgi()), base_url="http://bot")


async def _post(service: WebhookService, payload: dict, secret: str | None = SECRET) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with _client(service) as client:
        return (await client.post("/telegram", json=payload, headers=headers)).status_code


async def _drain(service: WebhookService) -> int:
    """Process what the route queued, here and now (the worker task does this in production)."""
    count = 0
    while not service.queue.empty():
        await service.process(*service.queue.get_nowait())
        service.queue.task_done()
        count += 1
    return count


async def _rows(db: Database) -> list[InboundUpdate]:
    async with db.session() as s:
        return list((await s.scalars(select(InboundUpdate).order_by(InboundUpdate.update_id))).all())


async def test_missing_or_wrong_secret_is_refused_and_nothing_stored(service):
    update = builders.message("/start", user_id=5001, update_id=10)
    assert await _post(service, update, secret=None) == 403
    assert await _post(service, update, secret="wrong-secret-0123456789") == 403
    assert await _post(service, update, secret=SECRET[:-1]) == 403
    assert await _rows(service.db) == []
    assert service.queue.empty()


async def test_malformed_body_is_400(service):
    async with _client(service) as client:
        response = await client.post("/telegram", content=b"not json", headers={SECRET_HEADER: SECRET})
    assert response.status_code == 400


async def test_update_is_stored_before_200_and_marked_after_processing(service, clock):
    telegram = service.app.bot.request
    assert await _post(service, builders.message("/start", user_id=5002, update_id=11, first_name="Ada")) == 200
    [row] = await _rows(service.db)
    assert (row.update_id, row.processed_at, row.claimed_by) == (11, None, "instance-a")
    assert row.payload["message"]["text"] == "/start"
    assert await _drain(service) == 1
    [row] = await _rows(service.db)
    assert row.processed_at == clock.now() and row.last_error is None
    assert row.payload is None  # processed: only update_id (against redelivery) and times remain
    assert await _post(service, builders.message("/start", user_id=5002, update_id=11, first_name="Ada")) == 200
    assert await _drain(service) == 0  # a redelivery after processing is still refused
    [reply] = telegram.of("sendMessage")
    assert reply.text.startswith("Ciao Ada! Sono <b>zobot</b>")


async def test_duplicate_update_is_processed_once_across_two_instances(settings, clock):
    first = await _service(settings, clock, "instance-a")
    second = await _service(settings, clock, "instance-b")
    try:
        update = builders.message("/start", user_id=5003, update_id=12)
        assert await _post(first, update) == 200
        assert await _post(first, update) == 200  # Telegram retried
        assert await _post(second, update) == 200  # and delivered it to the other instance too
        assert await _drain(first) + await _drain(second) == 1
        sent = first.app.bot.request.of("sendMessage") + second.app.bot.request.of("sendMessage")
        assert len(sent) == 1
        [row] = await _rows(first.db)
        assert row.claimed_by == "instance-a" and row.attempts == 1
    finally:
        await _close(first)
        await _close(second)


async def test_sweeper_reprocesses_what_a_crash_left_but_not_work_in_flight(settings, clock):
    crashed = await _service(settings, clock, "crashed")
    assert await _post(crashed, builders.message("/start", user_id=5004, update_id=13, first_name="Bea")) == 200
    crashed.queue = asyncio.Queue()  # the process died after answering 200, before processing
    await _close(crashed)

    survivor = await _service(settings, clock, "survivor")
    try:
        assert await survivor.sweep() == 0  # claimed a moment ago: maybe still in flight elsewhere
        clock.advance(timedelta(seconds=61))
        assert await survivor.sweep() == 1
        assert await survivor.sweep() == 0  # now claimed by the survivor
        assert await _drain(survivor) == 1
        [row] = await _rows(survivor.db)
        assert (row.claimed_by, row.attempts, row.processed_at) == ("survivor", 2, clock.now())
        [reply] = survivor.app.bot.request.of("sendMessage")
        assert reply.text.startswith("Ciao Bea!")
    finally:
        await _close(survivor)


async def test_an_update_that_keeps_crashing_is_abandoned_after_max_attempts(service, clock):
    assert await inbox.store(service.db, 14, builders.message("/start", update_id=14), now=clock.now(),
                             instance="x")
    for _ in range(inbox.MAX_ATTEMPTS - 1):
        clock.advance(timedelta(minutes=2))
        assert len(await inbox.claim_stale(service.db, instance="x", now=clock.now(),
                                           stale_after=timedelta(seconds=60))) == 1
    clock.advance(timedelta(minutes=2))
    assert await inbox.claim_stale(service.db, instance="x", now=clock.now(), stale_after=timedelta(seconds=60)) == []
    [row] = await _rows(service.db)
    assert row.processed_at is not None and row.last_error == f"abandoned after {inbox.MAX_ATTEMPTS} attempts"
    assert row.payload is None


async def test_processed_rows_are_pruned_after_a_week(service, clock):
    await _post(service, builders.message("/help", update_id=15))
    await _drain(service)
    assert await inbox.prune(service.db, now=clock.now() + timedelta(days=6)) == 0
    assert await inbox.prune(service.db, now=clock.now() + timedelta(days=8)) == 1


async def test_healthz_reports_the_database(service, tmp_path):
    async with _client(service) as client:
        response = await client.get("/healthz")
        assert (response.status_code, response.json()) == (200, {"ok": True, "queued": 0})
        working = service.app.bot_data.db
        service.app.bot_data.db = Database(f"sqlite+aiosqlite:///{tmp_path}")  # a directory: cannot open
        try:
            assert (await client.get("/healthz")).status_code == 503
        finally:
            await service.app.bot_data.db.dispose()
            service.app.bot_data.db = working


async def test_graceful_stop_finishes_every_acknowledged_update(service):
    service.start()
    for i in range(5):
        assert await _post(service, builders.message("/help", user_id=5100 + i, update_id=100 + i)) == 200
    await service.stop()
    rows = await _rows(service.db)
    assert len(rows) == 5 and all(r.processed_at is not None for r in rows)
    assert len(service.app.bot.request.of("sendMessage")) == 5


async def test_sweeper_leaves_alone_what_this_instance_still_has_queued(service, clock):
    assert await _post(service, builders.message("/help", user_id=5200, update_id=200)) == 200
    clock.advance(timedelta(minutes=5))  # a long queue is not a crash
    assert await service.sweep() == 0
    assert await _drain(service) == 1 and service.in_hand == set()


async def test_container_healthcheck_checks_the_database_in_polling_mode(db_url, tmp_path, monkeypatch):
    from bot.webhook.healthcheck import check

    monkeypatch.delenv("ZOBOT_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("ZOBOT_DATABASE_URL", db_url)
    assert await check() is True
    monkeypatch.setenv("ZOBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}")  # a directory: unusable
    assert await check() is False
