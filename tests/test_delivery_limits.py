"""The token buckets: Telegram's limits computed against the clock, never by sleeping."""
from datetime import datetime, timedelta, timezone

import pytest

from bot.outbox.limits import Bucket, RateLimiter

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_bucket_spaces_tokens_at_its_rate():
    bucket = Bucket(25)
    assert bucket.wait(at(0)) == 0
    bucket.take(at(0))
    assert bucket.wait(at(0)) == pytest.approx(0.04)
    assert bucket.wait(at(0.02)) == pytest.approx(0.02)
    assert bucket.wait(at(0.04)) == 0
    bucket.take(at(0.04))
    assert bucket.wait(at(10)) == 0  # idle time does not build a burst beyond the capacity
    bucket.take(at(10))
    assert bucket.wait(at(10)) == pytest.approx(0.04)


def test_within_telegrams_30_per_second_when_sent_as_fast_as_allowed():
    limiter, now, sent = RateLimiter(25), at(0), []
    while now < at(10):
        wait = limiter.overall_wait(now)
        if wait:
            now += timedelta(microseconds=max(1, round(wait * 1e6)))
            continue
        chat = len(sent) + 1
        assert limiter.chat_wait(chat, now) == 0
        limiter.take(chat, now)
        sent.append(now)
    assert len(sent) == 3 + 249  # the burst of 3 at once (lets a late sender catch up), then every 0.04 s
    assert max(sum(1 for t in sent if s <= t < s + timedelta(seconds=1)) for s in sent) <= 28
    assert max(sum(1 for t in sent if s <= t < s + timedelta(seconds=1)) for s in sent[10:]) == 25


def test_burst_leaves_headroom_under_telegrams_limit():
    assert RateLimiter(25).overall.capacity == 3
    assert RateLimiter(28).overall.capacity == 2
    assert RateLimiter(30).overall.capacity == 1


def test_private_and_group_limits():
    limiter = RateLimiter(30)
    limiter.take(7, at(0))
    assert limiter.chat_wait(7, at(0.5)) == pytest.approx(0.5)
    assert limiter.chat_wait(8, at(0.5)) == 0
    limiter.take(-100, at(0))
    assert limiter.chat_wait(-100, at(1)) == pytest.approx(60 / 18 - 1)


def test_retry_after_pauses_everything():
    limiter = RateLimiter(25)
    limiter.pause(3, at(0))
    assert limiter.overall_wait(at(1)) == pytest.approx(2)
    limiter.pause(1, at(1))  # a shorter pause never shortens a longer one
    assert limiter.overall_wait(at(1)) == pytest.approx(2)
    assert limiter.overall_wait(at(3)) == 0
