"""Who is acting, as a door knows them: the chat knows a Telegram id, the web a session's person, an
e-mail link the person it was sent to. Services take a `Who` and find the person in their own
transaction, so the same use case serves every door."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.models import Person


@dataclass(frozen=True)
class Who:
    telegram_user_id: int | None = None
    person_id: int | None = None

    async def person(self, session: AsyncSession) -> Person | None:
        """The person acting (None: unknown, or erased)."""
        if self.person_id is not None:
            person = await session.get(Person, self.person_id)
        elif self.telegram_user_id is not None:
            person = await session.scalar(select(Person).where(Person.telegram_user_id == self.telegram_user_id))
        else:
            return None
        return person if person is not None and person.erased_at is None else None
