"""The production webhook: check the secret, store the update, answer 200, then process it from the inbox.

Each instance runs as many workers as the application's update processor allows
(ZOBOT_CONCURRENT_UPDATES) and hands every update to that processor (bot/ordering.py), so updates of
different people overlap while one person's run in arrival order; a row is marked processed only
after the handlers ran. A sweeper takes over rows that a crashed instance left claimed but unprocessed.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import signal
import socket
from datetime import timedelta

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from telegram import Update
from telegram.ext import Application

from bot.clock import Clock
from bot.webhook import body, inbox

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class GracefulServer(uvicorn.Server):
    """uvicorn whose stop we trigger ourselves, so the process drains its queue before exiting."""

    def install_signal_handlers(self) -> None:  # uvicorn < 0.29
        return None

    @contextlib.contextmanager
    def capture_signals(self):
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self._exit)
        try:
            yield
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(sig)

    def _exit(self) -> None:
        self.force_exit = self.should_exit  # a second signal: stop waiting for connections
        self.should_exit = True


def instance_name() -> str:
    """Who claims an update: host and process, unique among running instances."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}"


class WebhookService:
    """The webhook's routes, its processing worker and its sweeper, around one Application."""

    def __init__(self, app: Application, *, secret: str, path: str = "/telegram", clock: Clock | None = None,
                 instance: str | None = None, stale_after: float = 60.0, sweep_every: float = 15.0) -> None:
        self.app = app
        self.secret = secret.encode()
        self.path = path
        self.clock = clock or Clock()
        self.instance = instance or instance_name()
        self.stale_after = timedelta(seconds=stale_after)
        self.sweep_every = sweep_every
        self.queue: asyncio.Queue[tuple[int, dict]] = asyncio.Queue()
        self.in_hand: set[int] = set()  # queued or being processed here
        self._tasks: list[asyncio.Task] = []
        self.processed = 0

    @property
    def db(self):
        return self.app.bot_data.db

    def asgi(self, pages=None) -> Starlette:
        """The webhook's routes; `pages` (the web pages' ASGI app, web/app.py) answers every other path."""
        routes = [Route(self.path, self.receive, methods=["POST"]), Route("/healthz", self.healthz, methods=["GET"])]
        if pages is not None:
            routes.append(Mount("", app=pages))
        return Starlette(routes=routes)

    async def receive(self, request: Request) -> Response:
        """Telegram's POST: 403 without the right secret; 413 over 1 MB, 400 if not an update (bot/webhook/body.py);
        200 only once the update is stored."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return Response(status_code=403)
        try:
            body_bytes = await body.read_limited(request.headers.get("content-length"), request.stream())
            update_id, payload = body.parse_update(body_bytes, self.app.bot)
        except body.BadBody as exc:
            return Response(status_code=exc.status)
        if await inbox.store(self.db, update_id, payload, now=self.clock.now(), instance=self.instance):
            self._enqueue(update_id, payload)
        else:
            logger.info("update %s delivered again: already stored", update_id)
        return Response(status_code=200)

    async def healthz(self, request: Request) -> Response:
        ok = await inbox.healthy(self.db)
        return JSONResponse({"ok": ok, "queued": self.queue.qsize()}, status_code=200 if ok else 503)

    async def process(self, update_id: int, payload: dict) -> None:
        """Run the handlers, then mark the row; an exception is recorded, never retried in a loop."""
        error = None
        try:
            try:
                update = Update.de_json(payload, self.app.bot)
                await self.app.update_processor.process_update(update, self.app.process_update(update))
            except Exception as exc:  # process_update already routed handler errors to the error handler
                logger.exception("update %s failed", update_id)
                error = type(exc).__name__  # its message may quote the update: not kept
            await inbox.mark_processed(self.db, update_id, now=self.clock.now(), error=error)
            self.processed += 1
        finally:
            self.in_hand.discard(update_id)

    async def sweep(self) -> int:
        """Queue what a crash left behind (unprocessed, claim older than stale_after); returns how many."""
        if self.queue.qsize() > 100:
            return 0
        rows = await inbox.claim_stale(self.db, instance=self.instance, now=self.clock.now(),
                                       stale_after=self.stale_after, skip=self.in_hand)
        for update_id, payload in rows:
            self._enqueue(update_id, payload)
        return len(rows)

    def _enqueue(self, update_id: int, payload: dict) -> None:
        self.in_hand.add(update_id)
        self.queue.put_nowait((update_id, payload))

    async def _worker(self) -> None:
        while True:
            update_id, payload = await self.queue.get()
            try:
                await self.process(update_id, payload)
            except Exception:  # the database failed: the sweeper will take the row again
                logger.exception("could not record update %s", update_id)
            finally:
                self.queue.task_done()

    async def _sweeper(self) -> None:
        while True:
            try:
                await self.sweep()
                await inbox.prune(self.db, now=self.clock.now())
            except Exception:  # keep sweeping after a database hiccup
                logger.exception("webhook sweeper")
            await asyncio.sleep(self.sweep_every)

    def start(self) -> None:
        workers = self.app.update_processor.max_concurrent_updates
        self._tasks = [asyncio.create_task(self._sweeper(), name="webhook-sweeper"),
                       *(asyncio.create_task(self._worker(), name=f"webhook-worker-{n}") for n in range(workers))]

    async def stop(self, timeout: float = 30.0) -> None:
        """Graceful: stop sweeping, finish every update already acknowledged, then stop the workers."""
        sweeper, *workers = self._tasks or [None]
        if sweeper is not None:
            sweeper.cancel()
            await asyncio.gather(sweeper, return_exceptions=True)
        try:
            await asyncio.wait_for(self.queue.join(), timeout)
        except asyncio.TimeoutError:
            logger.warning("%d update(s) left for the sweeper at shutdown", self.queue.qsize())
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        self._tasks = []
