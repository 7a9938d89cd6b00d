"""Hostile input: random update streams from people without rights change nothing they may not change.

Hypothesis drives the production Application (fake Telegram) with random text and unicode, very
long messages, commands with random arguments, random and forged callback data of every feature's
prefix, edited messages, stickers, documents, group messages and channel posts, from unregistered,
registered and revoked users. The `chat`-style harness fails on any handler error; after every
example the tables that only organisers (or the PO of the service) may change are compared.
"""
from __future__ import annotations

import asyncio
import itertools
from datetime import datetime

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import select, text

from bot.clock import FixedClock
from bot.config import Settings
from bot.db.base import Base
from bot.people import invites
from bot.people.models import Person, PersonComune, RegistrationRequest
from tests import builders
from tests.conftest import ADMIN_ID, ROME, TEST_TOKEN, _database_url, start_harness, stop_harness
from tests.people_support import PO_ID, REFERENT_ID, REVOKED_ID, STRANGER_ID, cast

# tables anyone may add to: who wrote (people), the log itself, requests, inbound updates
FREE_TABLES = {"people", "person_comuni", "audit_log", "registration_requests", "outbox", "inbound_updates"}
# read-only for everyone in the chat: compared once at the end, not after every example (speed)
STATIC_TABLES = {"zones", "comuni", "themes", "offices", "services", "q_versions"}
COMMANDS = ["/start", "/help", "/registrati", "/invita", "/audit", "/copertura", "/privacy", "/imiei_dati",
            "/cancellami", "/annuncio", "/consegne", "/nuovotavolo", "/tavoli", "/servizi", "/zone", "/comune",
            "/cerca", "/questionari", "/lancia", "/risultati", "/boh"]
PREFIXES = ["cat:", "q:", "m:", "a:", "p:", ""]
FORGED = ["p:ap:", "p:rf:", "p:er:", "p:cs:", "p:au:", "p:ax", "p:en", "a:ok:", "a:ry:", "a:rs:", "a:r:", "a:k:",
          "a:no:", "m:", "m:r:", "m:y:", "q:", "q:s:", "cat:s:", "cat:zs:", "cat:sc:"]
STICKER = {"sticker": {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1, "is_animated": False,
                       "is_video": False, "type": "regular"}}
DOCUMENT = {"document": {"file_id": "d", "file_unique_id": "d", "file_name": "x.pdf"}}
_ids = itertools.count(10_000_000)

users = st.one_of(st.sampled_from([REFERENT_ID, PO_ID, STRANGER_ID, REVOKED_ID]), st.integers(8000, 8020))
texts = st.one_of(
    st.text(max_size=200),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(4000, 5000)),
    st.builds(lambda c, a: f"{c} {a}", st.sampled_from(COMMANDS), st.text(max_size=80)),
    st.builds(lambda c, a: f"{c} {a}", st.sampled_from(COMMANDS), st.sampled_from(
        ["referente Rho; X", "sua; Rho; attivato", "po sua", "organizzatore; Y", "1", "-1", "999999999999"])),
    st.from_regex(r"/start [iq]_[A-Za-z0-9_-]{0,40}", fullmatch=True),
)
callback_data = st.one_of(
    st.builds(lambda p, rest: p + rest, st.sampled_from(PREFIXES), st.text(max_size=60)),
    st.builds(lambda p, n: f"{p}{n}", st.sampled_from(FORGED), st.integers(-3, 10**12)),
    st.builds(lambda p, a, b: f"{p}{a}:{b}", st.sampled_from(FORGED), st.integers(0, 50), st.integers(0, 50)),
)


def _channel_post(body: str) -> dict:
    return {"update_id": next(_ids), "channel_post": {"message_id": 1, "date": 1700000000, "text": body,
                                                      "chat": {"id": -1009999, "type": "channel", "title": "C"}}}


updates = st.one_of(
    st.builds(lambda t, u: builders.message(t, user_id=u, update_id=next(_ids)), texts, users),
    st.builds(lambda t, u: builders.message(t, user_id=u, edited=True, update_id=next(_ids)), texts, users),
    st.builds(lambda t, u: builders.message(t, user_id=u, chat_id=-100123, chat_type="supergroup",
                                            update_id=next(_ids)), texts, users),
    st.builds(lambda e, u: builders.message(None, user_id=u, extra=e, update_id=next(_ids)),
              st.sampled_from([STICKER, DOCUMENT]), users),
    st.builds(lambda d, u: builders.callback(d, user_id=u, update_id=next(_ids)), callback_data, users),
    st.builds(_channel_post, st.text(max_size=100)),
)


async def _snapshot(db, *, full: bool = False) -> dict:
    """Rows of the guarded tables, plus roles, offices and comuni of every person not self-erased."""
    snap = {}
    skip = FREE_TABLES | (set() if full else STATIC_TABLES)
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name not in skip:
                rows = (await conn.execute(select(table))).all()
                snap[table.name] = sorted(map(tuple, rows), key=repr)
        snap["outbox"] = sorted((await conn.execute(text("SELECT key, status FROM outbox WHERE key NOT LIKE 'reg:%'"))).all())
    async with db.session() as s:
        snap["roles"] = sorted((p.id, p.role, p.office_id) for p in await s.scalars(select(Person))
                               if p.erased_at is None and (p.role is not None or p.office_id is not None))
        snap["comuni"] = sorted((await s.execute(
            select(PersonComune.person_id, PersonComune.comune_id).join(Person, Person.id == PersonComune.person_id)
            .where(Person.erased_at.is_(None)))).all())
        snap["decisions"] = sorted((await s.execute(
            select(RegistrationRequest.id, RegistrationRequest.status, RegistrationRequest.decided_by)
            .where(RegistrationRequest.status != "pending"))).all())
    return snap


async def _setup(db, clock) -> None:
    await cast(db, clock)
    async with db.session() as s:
        s.add(RegistrationRequest(person_id=(await s.scalar(select(Person.id).where(
            Person.telegram_user_id == STRANGER_ID))), role="referente", name="Sara", status="pending",
            created_at=clock.now()))
        spec = await invites.resolve(s, "referente", comuni=["Rho"], name="Invitata")
        await invites.create(s, spec, actor="test", now=clock.now(), ttl_days=14)


def test_random_updates_change_nothing_they_may_not(database_templates, tmp_path):
    loop = asyncio.new_event_loop()
    harness = None
    try:
        url = loop.run_until_complete(_database_url(database_templates, tmp_path, "catalogue"))
        config = Settings(token=TEST_TOKEN, database_url=url, admins=frozenset({ADMIN_ID}))
        clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=ROME))
        harness = loop.run_until_complete(start_harness(config, clock))
        db = harness.services.db
        loop.run_until_complete(_setup(db, clock))
        before = loop.run_until_complete(_snapshot(db))
        before_full = loop.run_until_complete(_snapshot(db, full=True))
        fed = []

        @hsettings(max_examples=40, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(st.lists(updates, min_size=25, max_size=50))
        def stream(batch):
            for payload in batch:
                loop.run_until_complete(harness.feed(payload))
            fed.append(len(batch))
            assert harness.errors == []
            assert loop.run_until_complete(_snapshot(db)) == before

        stream()
        assert sum(fed) >= 1000  # over a thousand updates in a run
        assert loop.run_until_complete(_snapshot(db, full=True)) == before_full
    finally:
        if harness is not None:
            loop.run_until_complete(stop_harness(harness))
        loop.close()
