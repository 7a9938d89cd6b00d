"""The sender: claims due outbox rows, paces them within Telegram's limits, records every outcome.

One `tick()` drains what is due for at most `budget` seconds of clock time; the JobQueue calls it
again a moment later. Waiting goes through the injected `sleep`, so a FixedClock (tests,
benchmarks) runs a whole broadcast without real time passing.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Awaitable, Callable

from bot.clock import Clock, FixedClock
from bot.db.engine import Database
from bot.outbox import claims
from bot.outbox.claims import Claimed, Outcome
from bot.outbox.limits import RateLimiter
from bot.outbox.ports import Blocked, Envelope, MaybeSent, NotSent, Rejected, RetryAfter, Transport

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8  # provably-unsent retries before a row is `failed`


def instance_name() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def sleeper(clock: Clock) -> Callable[[float], Awaitable[None]]:
    """Real time sleeps; a FixedClock is advanced instead (time-compressed tests and benchmarks)."""
    if isinstance(clock, FixedClock):
        async def advance(seconds: float) -> None:
            await asyncio.sleep(0)  # let sends already started reach Telegram at the current time
            clock.advance(timedelta(microseconds=max(1, math.ceil(seconds * 1e6))))
            await asyncio.sleep(0)
        return advance
    return asyncio.sleep


@dataclass
class TickStats:
    sent: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> None:
        self.outcomes[status] = self.outcomes.get(status, 0) + 1
        self.sent += status == "sent"


class Dispatcher:
    """Sends the outbox through a Transport; one per process (and one per cluster on PostgreSQL)."""

    def __init__(self, db: Database, clock: Clock, transport: Transport, *, rate: float = 25.0,
                 batch: int = 100, budget: float = 10.0, concurrency: int = 8, lease: timedelta = LEASE,
                 instance: str | None = None, sleep: Callable[[float], Awaitable[None]] | None = None,
                 limiter: RateLimiter | None = None, mail: Transport | None = None, mail_rate: float = 5.0) -> None:
        self.db, self.clock, self.transport = db, clock, transport
        self.limiter = limiter or RateLimiter(rate)
        # each channel its transport and its own rate limit; e-mail without SMTP settings fails clearly
        self.transports: dict[str, Transport] = {"telegram": transport, "email": mail or Unconfigured()}
        self.limiters = {"telegram": self.limiter,
                         "email": RateLimiter(mail_rate, private_rate=1.0, burst=1.0)}
        self.batch, self.budget, self.lease = batch, budget, lease
        self.instance = instance or instance_name()
        self.sleep = sleep or sleeper(clock)
        self._slots = asyncio.Semaphore(concurrency)
        # SQLite has one writer: queue our own writes here instead of in SQLite's busy handler,
        # whose back-off sleeps (up to 100 ms) would cap the send rate.
        self._writes = contextlib.nullcontext() if db.is_postgres else asyncio.Lock()
        self._done: list[Outcome] = []  # outcomes not yet written (see claims.Outcome)

    async def reap(self, *, everything: bool = False) -> tuple[int, int]:
        """Return stale claims; `everything` at start-up of the single SQLite instance."""
        now = self.clock.now()
        back, cut = await claims.reap(self.db, stale_before=now + timedelta(seconds=1) if everything else now - self.lease)
        if back or cut:
            logger.warning("reaper: %s claimed rows back to pending, %s interrupted sends now unknown", back, cut)
        return back, cut

    async def tick(self) -> TickStats:
        """Send what is due now, for at most `budget` seconds."""
        stats = TickStats()
        await self.reap()
        deadline = self.clock.now() + timedelta(seconds=self.budget)
        while self.clock.now() < deadline:
            rows = await claims.claim(self.db, instance=self.instance, now=self.clock.now(), batch=self.batch)
            if rows:
                await self._send_batch(rows, deadline, stats)
                continue
            due = await claims.next_due(self.db, self.clock.now())
            if due is None or due >= deadline:
                break
            await self.sleep(max((due - self.clock.now()).total_seconds(), 0.05))
        return stats

    async def _send_batch(self, rows: list[Claimed], deadline: datetime, stats: TickStats) -> None:
        tasks: list[asyncio.Task] = []
        later: dict[int, datetime] = {}
        for row in rows:
            await self._slots.acquire()
            at = await self._wait_turn(row, deadline)
            if at is not None:
                later[row.id] = at
                self._slots.release()
                continue
            now = self.clock.now()
            async with self._writes:
                done, self._done = self._done, []
                marked = await claims.mark_sending(self.db, row, instance=self.instance, now=now, outcomes=done)
            if not marked:
                stats.count("expired")
                self._slots.release()
                continue
            self.limiters[row.channel].take(row.recipient, now)
            tasks.append(asyncio.create_task(self._deliver(row, stats)))
        await asyncio.gather(*tasks)
        async with self._writes:
            done, self._done = self._done, []
            await claims.flush(self.db, done, instance=self.instance)
            if later:
                await claims.release(self.db, later, instance=self.instance)

    async def _wait_turn(self, row: Claimed, deadline: datetime) -> datetime | None:
        """Sleep until the limits allow this row; or return when to retry it (not this tick)."""
        while True:
            now = self.clock.now()
            limiter = self.limiters[row.channel]
            chat_wait = limiter.chat_wait(row.recipient, now)
            if chat_wait > 0:
                return now + timedelta(seconds=chat_wait)
            wait = limiter.overall_wait(now)
            if wait <= 0:
                return None
            if now + timedelta(seconds=wait) >= deadline:
                return now + timedelta(seconds=wait)
            await self.sleep(wait)

    async def _deliver(self, row: Claimed, stats: TickStats) -> None:
        try:
            outcome = await self._send_one(row)
        finally:
            self._slots.release()
        self._done.append(outcome)
        stats.count(outcome.values["status"])

    async def _send_one(self, row: Claimed) -> Outcome:
        """One call to the channel's transport (Telegram, the SMTP server), and what the row becomes."""
        try:
            message_id = await self.transports[row.channel].send(row.envelope)
        except Blocked as exc:
            if row.channel == "email":  # a bounce: the address is no longer used
                return Outcome(row.id, _final("blocked", exc), refused_person=row.person_id, refused_at=self.clock.now())
            return Outcome(row.id, _final("blocked", exc), unreachable_person=row.person_id)
        except RetryAfter as exc:
            self.limiters[row.channel].pause(exc.seconds, self.clock.now())
            return Outcome(row.id, _again(exc, self.clock.now() + timedelta(seconds=exc.seconds)))
        except NotSent as exc:
            attempts = row.attempts + 1
            if attempts >= MAX_ATTEMPTS:
                return Outcome(row.id, _final("failed", f"not sent after {attempts} attempts: {exc}"))
            return Outcome(row.id, _again(exc, self.clock.now() + timedelta(seconds=min(300, 2 ** attempts))))
        except Rejected as exc:
            return Outcome(row.id, _final("failed", exc))
        except MaybeSent as exc:
            return Outcome(row.id, _final("unknown", exc))
        except Exception as exc:  # an unexpected error mid-call: it may have left, so never resend silently
            logger.exception("unexpected error sending outbox row %s", row.id)
            return Outcome(row.id, _final("unknown", f"{type(exc).__name__}: {exc}"))
        return Outcome(row.id, {"status": "sent", "sent_at": self.clock.now(), "tg_message_id": message_id,
                                "last_error": None})


class Unconfigured:
    """The e-mail transport where no SMTP server is configured: e-mail rows fail with a clear reason."""

    async def send(self, message: Envelope) -> int | None:
        raise Rejected("ZOBOT_SMTP_HOST non configurato")


def _final(status: str, error) -> dict:
    return {"status": status, "last_error": str(error)[:500]}


def _again(error, at: datetime) -> dict:
    """Back to the queue: the message provably did not leave."""
    return {"status": "pending", "next_attempt_at": at, "claimed_by": None, "claimed_at": None,
            "last_error": str(error)[:500]}
