"""Cached catalogue answers stay exact: every catalogue write bumps the version, every update reads it."""
from sqlalchemy import delete, select

from bot.catalogue import loader, version
from bot.catalogue.answers import Answer
from bot.catalogue.cache import AnswerCache
from bot.catalogue.models import Coverage
from tests.conftest import start_harness, stop_harness
from tests.people_support import PO_ID, REFERENT_ID, cast
from tests.test_update_path import Statements


async def _version(db) -> int:
    async with db.read() as s:
        return await version.read(s)


async def test_a_load_that_changes_rows_bumps_the_version_and_a_no_op_reload_does_not(db):
    before = await _version(db)
    await loader.load(db, None)
    assert await _version(db) == before
    async with db.session() as s:
        await s.execute(delete(Coverage).where(Coverage.id == await s.scalar(select(Coverage.id).limit(1))))
    report = await loader.load(db, None)
    assert report.tables["coverage"].created == 1
    assert await _version(db) == before + 1


async def test_a_po_coverage_update_bumps_the_version(chat, db, clock):
    await cast(db, clock)
    before = await _version(db)
    await chat.say("/copertura sua; Abbiategrasso; attivato", user_id=PO_ID)
    assert await _version(db) == before + 1


async def test_an_answer_cached_on_one_instance_follows_a_change_made_on_another(chat, settings, db, clock):
    """Two Applications on one database, as two webhook instances: B's change shows in A's next answer."""
    await cast(db, clock)
    first = await chat.say("servizi a Abbiategrasso", user_id=REFERENT_ID)
    again = await chat.say("servizi a Abbiategrasso", user_id=REFERENT_ID)
    assert again[-1].text == first[-1].text and "Stazione Unica Appaltante" not in first[-1].text
    assert chat.services.catalogue.cache.hits >= 1
    other = await start_harness(settings, clock)
    try:
        await other.say("/copertura sua; Abbiategrasso; attivato", user_id=PO_ID)
    finally:
        await stop_harness(other)
    after = await chat.say("servizi a Abbiategrasso", user_id=REFERENT_ID)
    assert "• Stazione Unica Appaltante (Abbiategrasso) – attivato\n" in after[-1].text


async def test_a_repeated_question_costs_one_read_statement(chat, clock):
    """The arrival (contact, waiting dialogues, catalogue version) is one SELECT; the answer comes from the cache."""
    await chat.say("servizi a Rho", user_id=4545, first_name="Bea")
    statements = Statements(chat.services.db)
    calls = await chat.say("servizi a Rho", user_id=4545, first_name="Bea")
    assert "Rho" in calls[-1].text
    assert statements.sql == ["SELECT"]  # not even a BEGIN: one statement is its own snapshot


def test_the_cache_drops_answers_for_an_older_version_and_the_least_recently_used():
    cache = AnswerCache(size=2)
    cache.put(5, "a", Answer("A5"))
    cache.put(4, "b", Answer("B4"))  # computed from an older read: never served
    assert cache.get(5, "b") is None and cache.get(4, "a") is None
    cache.put(5, "b", Answer("B5"))
    assert cache.get(5, "a").text == "A5"  # "a" is now the most recently used
    cache.put(5, "c", Answer("C5"))
    assert cache.get(5, "b") is None and len(cache) == 2
    cache.put(6, "a", Answer("A6"))  # a new version empties the cache
    assert cache.get(6, "c") is None and cache.get(6, "a").text == "A6"
    cache.put(None, "x", Answer("X"))  # no version known: nothing is cached
    assert cache.get(None, "x") is None
