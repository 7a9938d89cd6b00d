"""No database connection outlives its use: the check every test runs (tests/conftest.py) sees real
aiosqlite threads, and a SQLite file that cannot be opened leaves no thread behind (bot/db/engine.py)."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.db.engine import Database
from tests.conftest import PG_URL, database_threads, postgres_sessions


async def test_the_check_sees_an_open_sqlite_connection_and_its_end(tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'z.sqlite3'}")
    before = database_threads()
    async with db.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    opened = database_threads() - before
    assert len(opened) == 1  # pooled: open until the engine is disposed
    await db.dispose()
    for thread in opened:
        thread.join(timeout=2)
    assert not any(t.is_alive() for t in opened)


async def test_a_sqlite_file_that_cannot_be_opened_leaves_no_thread(tmp_path):
    """aiosqlite stops the thread of a connection that failed to open without waiting for it; the thread
    then answered on an event loop that the caller may have closed ("Event loop is closed" in a later
    test, or on the healthcheck's stderr). zobot waits for it: right after the error, it is gone."""
    before = database_threads()
    for _ in range(20):  # without the wait the thread is often still running here; 20 tries make it show
        db = Database(f"sqlite+aiosqlite:///{tmp_path}")  # a directory
        try:
            with pytest.raises(OperationalError):
                async with db.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
            assert database_threads() - before == set()
        finally:
            await db.dispose()


@pytest.mark.skipif(not PG_URL, reason="needs ZOBOT_TEST_DATABASE_URL (PostgreSQL)")
async def test_the_check_sees_an_open_postgres_session(db):
    name = db.engine.url.database
    async with db.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    assert await postgres_sessions([name]) >= 1  # pooled: open until the engine is disposed
    await db.dispose()
    for _ in range(40):  # the server takes a moment to drop a closed session
        if await postgres_sessions([name]) == 0:
            return
        await asyncio.sleep(0.05)
    pytest.fail("the session stayed open after dispose()")
