"""Finding and recording the people who talk to the bot."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune, Office
from bot.people import membership
from bot.people.models import Person, PersonComune

SEEN_EVERY = timedelta(minutes=10)  # last_seen_at is refreshed at most this often (it only drives retention)


def up_to_date(person, *, chat_id: int | None, name: str, username: str | None, now: datetime,
               admin: bool) -> bool:
    """True when `touch` would change nothing but a last_seen_at younger than SEEN_EVERY.

    `person` is a Person or a row with its contact columns (bot/arrival.py reads them with every update);
    `admin`: the person is in ZOBOT_ADMINS now (a role that disagrees, either way, is out of date)."""
    if person is None or person.last_seen_at is None:
        return False
    return ((chat_id is None or person.chat_id == chat_id) and (not name or person.name == name)
            and person.username == username and admin == (person.role == "admin")
            and timedelta(0) <= now - person.last_seen_at < SEEN_EVERY)


async def touch(session: AsyncSession, *, telegram_user_id: int, chat_id: int | None, name: str,
                username: str | None, now: datetime, admins: frozenset[int] | None = None) -> Person:
    """The person behind a Telegram user, created on first contact. With `admins` (ZOBOT_ADMINS, as
    bot/arrival.py passes it at every update) the role follows the setting: given when listed, taken
    back (to the member role, audited) when not; without it the role is left alone."""
    person = await session.scalar(select(Person).where(Person.telegram_user_id == telegram_user_id))
    if person is None:
        person = Person(telegram_user_id=telegram_user_id, chat_id=chat_id, name=name,
                        username=username, created_at=now, reachable=True)
        session.add(person)
    else:
        if chat_id is not None:
            person.chat_id = chat_id
        person.name = name or person.name
        person.username = username
    person.last_seen_at = now
    await session.flush()
    if admins is not None:
        await membership.follow_admins(session, person, admins, now=now)
        await session.flush()
    return person


async def by_telegram_id(session: AsyncSession, telegram_user_id: int) -> Person | None:
    return await session.scalar(select(Person).where(Person.telegram_user_id == telegram_user_id))


async def set_reachable(session: AsyncSession, telegram_user_id: int, reachable: bool) -> None:
    """Kept current from my_chat_member updates and from 403 answers of the sender."""
    person = await by_telegram_id(session, telegram_user_id)
    if person is not None:
        person.reachable = reachable


async def places(session: AsyncSession, person: Person) -> list[str]:
    """Names of the comuni a referent stands for, or of a PO's office, for messages to that person."""
    if person.office_id is not None and person.role == "po":
        office = await session.get(Office, person.office_id)
        return [office.name] if office else []
    rows = await session.scalars(select(Comune.name).join(PersonComune, PersonComune.comune_id == Comune.id)
                                 .where(PersonComune.person_id == person.id).order_by(Comune.name))
    return list(rows)
