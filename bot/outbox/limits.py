"""Telegram's flood limits kept by the sender itself: token buckets driven by the injected clock.

Limits (Bots FAQ, python-telegram-bot `FloodLimit`): about 30 messages/s per bot overall, 1/s per
private chat, 20/min per group. The overall rate is configurable (ZOBOT_BROADCAST_RATE, ≤ 30).
"""
from __future__ import annotations

from datetime import datetime, timedelta

TELEGRAM_PER_SECOND = 30.0
PRIVATE_PER_SECOND = 1.0
GROUP_PER_MINUTE = 18.0  # Telegram allows 20: keep headroom, and match the AIORateLimiter safety net
_IDLE_CHATS = 5000  # forget per-chat state beyond this many chats (only idle chats are dropped)


class Bucket:
    """A token bucket: `capacity` tokens, refilled at `rate` per second, read against a given time."""

    def __init__(self, rate: float, capacity: float = 1.0) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.at: datetime | None = None

    def _refill(self, now: datetime) -> None:
        if self.at is not None and now > self.at:
            self.tokens = min(self.capacity, self.tokens + (now - self.at).total_seconds() * self.rate)
        if self.at is None or now > self.at:
            self.at = now

    def wait(self, now: datetime) -> float:
        """Seconds until one token is available (0 if one is there now)."""
        self._refill(now)
        if self.tokens >= 1 - 1e-9:  # float dust must not leave a wait shorter than the clock's microsecond
            return 0.0
        return max((1 - self.tokens) / self.rate, 1e-6)

    def take(self, now: datetime) -> None:
        self._refill(now)
        self.tokens -= 1


class RateLimiter:
    """The overall bucket, one bucket per chat, and a pause after a 429 that holds every send."""

    def __init__(self, overall_rate: float, *, private_rate: float = PRIVATE_PER_SECOND,
                 group_per_minute: float = GROUP_PER_MINUTE, burst: float | None = None) -> None:
        self.private_rate, self.group_rate = private_rate, group_per_minute / 60
        # A small burst lets the sender catch up time lost to database work and late wake-ups,
        # while rate + burst stays within Telegram's 30 in any second.
        if burst is None:
            burst = max(1.0, min(3.0, TELEGRAM_PER_SECOND - overall_rate))
        self.overall = Bucket(overall_rate, capacity=burst)
        self.chats: dict[int, Bucket] = {}
        self.paused_until: datetime | None = None

    def _chat(self, chat_id: int) -> Bucket:
        bucket = self.chats.get(chat_id)
        if bucket is None:
            if len(self.chats) >= _IDLE_CHATS:
                self.chats = {k: b for k, b in self.chats.items() if b.tokens < b.capacity}
            rate = self.private_rate if chat_id > 0 else self.group_rate
            bucket = self.chats[chat_id] = Bucket(rate)
        return bucket

    def chat_wait(self, chat_id: int, now: datetime) -> float:
        """Seconds before this chat may receive another message."""
        return self._chat(chat_id).wait(now)

    def overall_wait(self, now: datetime) -> float:
        """Seconds before the sender may send anything (the 429 pause included)."""
        pause = (self.paused_until - now).total_seconds() if self.paused_until and self.paused_until > now else 0.0
        return max(pause, self.overall.wait(now))

    def take(self, chat_id: int, now: datetime) -> None:
        self.overall.take(now)
        self._chat(chat_id).take(now)

    def pause(self, seconds: float, now: datetime) -> None:
        """After a 429: nothing goes out before `now + seconds`."""
        until = now + timedelta(seconds=seconds)
        if self.paused_until is None or until > self.paused_until:
            self.paused_until = until
