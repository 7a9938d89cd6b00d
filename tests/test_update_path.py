"""The per-update path: read-only sessions, and recording a person without a write on every update."""
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from bot import arrival
from bot.people import directory, privacy
from bot.people.models import Person
from tests.conftest import ADMIN_ID

ANNA = dict(telegram_user_id=4242, chat_id=4242, name="Anna Rossi", username="anna")


class Statements:
    """The SQL the engine sends, to tell a read from a write."""

    def __init__(self, db) -> None:
        self.sql: list[str] = []
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._record)
        db.statement_listeners.append(self._seen)  # the per-update read runs on the driver itself

    def _record(self, conn, cursor, statement, *args) -> None:
        self._seen(statement)

    def _seen(self, statement: str) -> None:
        self.sql.append(statement.split(None, 1)[0].upper())

    @property
    def writes(self) -> list[str]:
        return [s for s in self.sql if s in ("INSERT", "UPDATE", "DELETE")]


async def _people(db) -> list[Person]:
    async with db.read() as s:
        return list((await s.scalars(select(Person).order_by(Person.id))).all())


async def test_a_read_session_on_sqlite_leaves_the_write_lock_free(db):
    if db.is_postgres:
        pytest.skip("BEGIN IMMEDIATE is SQLite's; PostgreSQL reads never block writers")
    other = sqlite3.connect(make_url(db.url).database, timeout=0, isolation_level=None)
    try:
        async with db.read() as s:
            assert await s.scalar(select(func.count(Person.id))) == 0
            other.execute("BEGIN IMMEDIATE")  # a writer elsewhere gets the lock at once
            other.execute("ROLLBACK")
        async with db.session() as s:  # a normal session still takes it at the start
            await s.scalar(select(func.count(Person.id)))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


async def test_a_writer_commits_while_a_read_session_is_open(db, clock):
    async with db.read() as reader:
        assert await reader.scalar(select(func.count(Person.id))) == 0
        async with db.session() as writer:
            await directory.touch(writer, **ANNA, now=clock.now())
    assert [p.name for p in await _people(db)] == ["Anna Rossi"]


async def test_first_contact_creates_the_person(db, clock):
    await arrival.receive(db, **ANNA, now=clock.now())
    [anna] = await _people(db)
    assert (anna.telegram_user_id, anna.chat_id, anna.name, anna.username) == (4242, 4242, "Anna Rossi", "anna")
    assert anna.last_seen_at == clock.now() and anna.role is None


async def test_nothing_is_written_while_nothing_changed(db, clock):
    await arrival.receive(db, **ANNA, now=clock.now())
    seen = clock.now()
    statements = Statements(db)
    clock.advance(timedelta(minutes=9))
    await arrival.receive(db, **ANNA, now=clock.now())
    await arrival.receive(db, **{**ANNA, "chat_id": None}, now=clock.now())  # a group: no chat change
    assert statements.writes == []
    [anna] = await _people(db)
    assert anna.last_seen_at == seen


async def test_last_seen_is_refreshed_after_ten_minutes(db, clock):
    await arrival.receive(db, **ANNA, now=clock.now())
    clock.advance(timedelta(minutes=10))
    statements = Statements(db)
    await arrival.receive(db, **ANNA, now=clock.now())
    assert statements.writes == ["UPDATE"]
    [anna] = await _people(db)
    assert anna.last_seen_at == clock.now()


@pytest.mark.parametrize("change", [{"name": "Anna Bianchi"}, {"username": None}, {"username": "anna2"},
                                    {"chat_id": 5151}])
async def test_a_change_is_written_at_once(db, clock, change):
    await arrival.receive(db, **ANNA, now=clock.now())
    clock.advance(timedelta(minutes=1))
    await arrival.receive(db, **{**ANNA, **change}, now=clock.now())
    [anna] = await _people(db)
    assert {k: getattr(anna, k) for k in change} == change
    assert anna.last_seen_at == clock.now()


async def test_an_admin_from_settings_gets_the_role_on_the_next_update(db, clock):
    me = {**ANNA, "telegram_user_id": ADMIN_ID}
    await arrival.receive(db, **me, now=clock.now())
    clock.advance(timedelta(minutes=1))
    await arrival.receive(db, **me, now=clock.now(), admins=frozenset({ADMIN_ID}))
    [admin] = await _people(db)
    assert admin.role == "admin"


async def test_after_erasure_the_next_message_makes_a_new_person(db, clock):
    await arrival.receive(db, **ANNA, now=clock.now())
    async with db.session() as s:
        await privacy.erase(s, await directory.by_telegram_id(s, 4242), now=clock.now())
    clock.advance(timedelta(minutes=1))
    await arrival.receive(db, **ANNA, now=clock.now())
    erased, anna = await _people(db)
    assert (erased.telegram_user_id, erased.name) == (None, "")
    assert (anna.telegram_user_id, anna.name, anna.created_at) == (4242, "Anna Rossi", clock.now())


async def test_a_chat_message_records_the_person_once_then_only_reads(chat, clock):
    await chat.say("ciao", user_id=4343, first_name="Bea")
    statements = Statements(chat.services.db)
    await chat.say("servizi a Rho", user_id=4343, first_name="Bea")
    assert statements.writes == []
    [bea] = await _people(chat.services.db)
    assert (bea.telegram_user_id, bea.name) == (4343, "Bea Rossi")


async def test_the_arrival_read_sees_committed_writes(db, clock):
    """The per-update read goes to the driver (inline on SQLite, asyncpg's pool on PostgreSQL) and still
    sees what another writer committed."""
    on_the_driver: list[str] = []
    db.statement_listeners.append(on_the_driver.append)  # called only by the driver path, not SQLAlchemy's
    await arrival.receive(db, **ANNA, now=clock.now())
    assert [p.name for p in await _people(db)] == ["Anna Rossi"]
    assert [sql.split(None, 1)[0] for sql in on_the_driver] == ["SELECT"]
    async with db.session() as s:  # another writer (e.g. another update) renames Anna
        anna = await directory.by_telegram_id(s, ANNA["telegram_user_id"])
        anna.name = "Anna Bianchi"
    _, contact = await arrival.read(db, ANNA["telegram_user_id"], clock.now())
    assert contact.name == "Anna Bianchi"


async def test_the_kept_open_inline_connection_holds_no_snapshot_between_reads(db, clock):
    """SQLite: after a read nothing stays open on the inline connection, so a checkpoint can truncate
    the whole WAL (an open read transaction would pin it), and a failed read starts afresh."""
    if db.is_postgres:
        pytest.skip("the inline connection is SQLite's")
    from sqlalchemy import select, text

    from bot.db.prepared import PreparedRead

    await arrival.receive(db, **ANNA, now=clock.now())  # a write, then reads on the kept connection
    await arrival.read(db, ANNA["telegram_user_id"], clock.now())
    other = sqlite3.connect(make_url(db.url).database, isolation_level=None)
    try:
        busy, _, _ = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
    finally:
        other.close()
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        await db.fetch_one(PreparedRead(select(text("x")).select_from(text("no_such_table"))), {})
    _, contact = await arrival.read(db, ANNA["telegram_user_id"], clock.now())
    assert contact.name == "Anna Rossi"
