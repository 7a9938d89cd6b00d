"""Several instances on one database: cluster locks and sweepers that never take the same update."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.db.locks import cluster_lock, lock_key
from bot.webhook import inbox
from tests import builders


def test_lock_keys_are_stable_and_distinct():
    assert lock_key("outbox-dispatcher") == lock_key("outbox-dispatcher")
    assert lock_key("outbox-dispatcher") != lock_key("tavoli-materialise")
    assert -2 ** 63 <= lock_key("x") < 2 ** 63


async def test_only_one_holder_at_a_time_and_released_after(db_url):
    first, second = Database(db_url), Database(db_url)
    try:
        async with cluster_lock(first, "job") as held_first:
            async with cluster_lock(second, "job") as held_second:
                async with cluster_lock(second, "other-job") as held_other:
                    if first.is_postgres:
                        assert (held_first, held_second, held_other) == (True, False, True)
                    else:  # SQLite means one instance: always held
                        assert (held_first, held_second, held_other) == (True, True, True)
        async with cluster_lock(second, "job") as held_again:
            assert held_again
    finally:
        await first.dispose()
        await second.dispose()


async def test_lock_is_released_when_the_body_raises(db):
    with pytest.raises(RuntimeError):
        async with cluster_lock(db, "job") as held:
            assert held
            raise RuntimeError("boom")
    async with cluster_lock(db, "job") as held:
        assert held


@pytest.mark.postgres
async def test_two_sweepers_never_claim_the_same_update(db_url, clock):
    a, b = Database(db_url), Database(db_url)
    if not a.is_postgres:
        await a.dispose()
        await b.dispose()
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite means one instance")
    try:
        for update_id in range(1, 201):
            await inbox.store(a, update_id, builders.message("ciao", update_id=update_id), now=clock.now(),
                              instance="dead")
        later = clock.now() + timedelta(minutes=5)
        claims = await asyncio.gather(*[
            inbox.claim_stale(db, instance=name, now=later, stale_after=timedelta(seconds=60), limit=50)
            for db, name in ((a, "a"), (b, "b"), (a, "a2"), (b, "b2"), (a, "a3"))])
        ids = [u for claim in claims for u, _ in claim]
        assert len(ids) == len(set(ids)) == 200
    finally:
        await a.dispose()
        await b.dispose()
