"""Reads on the driver itself (bot/db/prepared.py) give exactly what SQLAlchemy gives, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import bindparam, exists, literal, select
from sqlalchemy.exc import MultipleResultsFound, NoResultFound

from bot import arrival
from bot.db.prepared import PreparedRead
from bot.meetings.models import Draft
from bot.people import directory
from bot.people.models import Person

ANNA = dict(telegram_user_id=4242, chat_id=4242, name="Anna Rossi", username="anna")


def _probe():
    """Every kind of value the per-update read returns, and a few more: a NULL from an outer join, booleans
    both ways, aware datetimes compared with a bound one, a string literal with accents, a big integer."""
    since = bindparam("since")
    one_row = select(literal(1).label("one")).subquery()
    return (select(Person.id, Person.telegram_user_id, Person.name, Person.username, Person.role, Person.reachable,
                   Person.created_at, Person.last_seen_at, (Person.last_seen_at >= since).label("recent"),
                   exists().where(Draft.person_id == Person.id).label("drafting"),
                   literal("perché è già lì").label("accents"), literal(2 ** 40).label("big"))
            .select_from(one_row).outerjoin(Person, Person.telegram_user_id == bindparam("who")))


PROBE = PreparedRead(_probe())


async def _by_sqlalchemy(db, statement, values):
    async with db.read() as s:
        return tuple((await s.execute(statement, values)).one())


@pytest.mark.parametrize("who", [ANNA["telegram_user_id"], 999])  # a person, and nobody (all NULL)
async def test_a_prepared_read_returns_what_sqlalchemy_returns(db, clock, who):
    await arrival.receive(db, **ANNA, now=clock.now())
    for since in (clock.now() - timedelta(minutes=1), clock.now() + timedelta(minutes=1)):
        values = {"who": who, "since": since}
        ours = await db.fetch_one(PROBE, values)
        assert tuple(ours) == await _by_sqlalchemy(db, PROBE.statement, values)
    if who == ANNA["telegram_user_id"]:
        assert ours.name == "Anna Rossi" and ours.last_seen_at == clock.now()
        assert ours.last_seen_at.utcoffset() == timedelta(0) and ours.recent is False and ours.drafting is False
    else:
        assert ours.id is None and ours.recent is None and ours.accents == "perché è già lì" and ours.big == 2 ** 40


async def test_the_arrival_read_returns_what_sqlalchemy_returns(db, clock):
    for step in range(3):  # nobody yet; a person; a person with a tavolo creation open
        if step == 1:
            await arrival.receive(db, **ANNA, now=clock.now())
        if step == 2:
            async with db.session() as s:
                anna = await directory.by_telegram_id(s, ANNA["telegram_user_id"])
                s.add(Draft(person_id=anna.id, kind="create", step="title", data={}, updated_at=clock.now()))
        values = arrival.parameters(ANNA["telegram_user_id"], clock.now())
        ours = await db.fetch_one(arrival.ARRIVAL, values)
        assert tuple(ours) == await _by_sqlalchemy(db, arrival.ARRIVAL.statement, values)
    assert ours.creating is True and ours.answering is False and ours.name == "Anna Rossi"


async def test_a_missing_value_is_refused_before_the_database_is_asked(db):
    with pytest.raises(KeyError, match="since"):
        await db.fetch_one(PROBE, {"who": 1})


async def test_no_row_or_several_rows_fail_as_sqlalchemy_one_does(db, clock):
    await arrival.receive(db, **ANNA, now=clock.now())
    await arrival.receive(db, **{**ANNA, "telegram_user_id": 4343, "chat_id": 4343}, now=clock.now())
    with pytest.raises(NoResultFound):
        await db.fetch_one(PreparedRead(select(Person.id).where(Person.telegram_user_id == bindparam("who"))),
                           {"who": 1})
    with pytest.raises(MultipleResultsFound):
        await db.fetch_one(PreparedRead(select(Person.id)), {})


def test_a_statement_whose_sql_depends_on_its_values_is_refused(db):
    """An IN list is rendered per execution: it cannot be compiled once."""
    expanding = PreparedRead(select(Person.id).where(Person.id.in_(bindparam("ids", expanding=True))))
    with pytest.raises(ValueError, match="IN lists"):
        expanding.for_dialect(db.engine.dialect)


async def test_without_a_driver_path_the_read_goes_through_sqlalchemy():
    """SQLite in memory has no file for an inline connection: the same call works through SQLAlchemy."""
    from bot.db.engine import Database

    memory = Database("sqlite+aiosqlite:///:memory:")
    try:
        row = await memory.fetch_one(PreparedRead(select(literal("sì").label("answer"), bindparam("n").label("n"))),
                                     {"n": 7})
        assert (row.answer, row.n) == ("sì", 7)
    finally:
        await memory.dispose()
