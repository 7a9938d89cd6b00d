"""What the bot must know about the sender of an update, read once per update in one statement.

Every update from a person needs the same few facts: their contact record (kept current without a
write per update), whether one of their dialogues waits for typed text (a questionnaire answer, the
text of an /annuncio, the creation of a tavolo, a /copertura step) and the catalogue's version (cached answers stay
current). Asked one at a time these were five sessions per message; here they are one read, and a
write only when the contact changed (handlers/guards.py calls `receive` first for every update).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, literal, select

from bot.announcements import drafts
from bot.catalogue import version
from bot.db.prepared import PreparedRead
from bot.meetings import dialogue
from bot.people import coverage_updates, directory
from bot.people.models import Person
from bot.questionnaires import engine


@dataclass(frozen=True)
class Arrival:
    """The sender as the database saw them when the update arrived (before any handler ran)."""

    answering_questionnaire: bool = False
    writing_announcement: bool = False
    creating_tavolo: bool = False
    updating_coverage: bool = False
    catalogue_version: int | None = None


NAME_MAX: int = Person.__table__.c.name.type.length  # type: ignore[attr-defined]  # String(n)
USERNAME_MAX: int = Person.__table__.c.username.type.length  # type: ignore[attr-defined]
NOBODY = Arrival()  # updates without a person (channel posts): nothing waits, no cached answers


def _statement():
    """Built once (statement construction costs more than running it); values bound per update."""
    one_row = select(literal(1).label("one")).subquery()
    return (select(version.current().label("catalogue_version"), Person.id, Person.chat_id, Person.name,
                   Person.username, Person.role, Person.last_seen_at,
                   engine.may_be_typing(Person.id).label("answering"),
                   drafts.awaits_text(Person.id).label("announcing"),
                   dialogue.has_draft(Person.id).label("creating"),
                   coverage_updates.awaits_text(Person.id).label("covering"))
            .select_from(one_row).outerjoin(Person, Person.telegram_user_id == bindparam("telegram_user_id")))


ARRIVAL = PreparedRead(_statement())  # run on the driver itself (bot/db/prepared.py)


def parameters(telegram_user_id: int, now: datetime) -> dict[str, Any]:
    """The values ARRIVAL is executed with (the benchmark and the tests use them too)."""
    return {"telegram_user_id": telegram_user_id, **engine.typing_parameters(now),
            **drafts.awaits_text_parameters(now), **coverage_updates.awaits_text_parameters(now)}


async def read(db, telegram_user_id: int, now: datetime) -> tuple[Arrival, Any]:
    """The arrival and the contact columns of the person row (None on first contact)."""
    row = await db.fetch_one(ARRIVAL, parameters(telegram_user_id, now))
    arrival = Arrival(answering_questionnaire=bool(row.answering), writing_announcement=bool(row.announcing),
                      creating_tavolo=bool(row.creating), updating_coverage=bool(row.covering),
                      catalogue_version=row.catalogue_version)
    return arrival, row if row.id is not None else None


async def receive(db, *, telegram_user_id: int, chat_id: int | None, name: str | None, username: str | None,
                  now: datetime, admins: frozenset[int] = frozenset()) -> Arrival:
    """Read the arrival; create or refresh the person (write lock) only when something changed.

    Telegram caps names at 64 characters each; a longer one (a forged update) is cut to the column's size,
    so that the person's every update does not fail on PostgreSQL."""
    name, username = (name or "")[:NAME_MAX], username[:USERNAME_MAX] if username else None
    arrival, contact = await read(db, telegram_user_id, now)
    if not directory.up_to_date(contact, chat_id=chat_id, name=name, username=username, now=now,
                                admin=telegram_user_id in admins):
        async with db.session() as session:
            await directory.touch(session, telegram_user_id=telegram_user_id, chat_id=chat_id, name=name,
                                  username=username, now=now, admins=admins)
    return arrival
