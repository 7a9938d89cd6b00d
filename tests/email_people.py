"""People of the e-mail tests: with a confirmed address, e-mail only or with a chat too."""
from __future__ import annotations

from bot.people.models import Person


async def email_person(session, now, address: str, *, chat: int | None = None, channel: str = "email",
                       role: str | None = "referente", name: str = "Maria Bianchi", confirmed: bool = True) -> Person:
    p = Person(telegram_user_id=chat, chat_id=chat, name=name, role=role, reachable=True, created_at=now,
               email=address, email_confirmed_at=now if confirmed else None, channel=channel)
    session.add(p)
    await session.flush()
    return p
