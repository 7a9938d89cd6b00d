"""Which command menu each person's private chat shows: the default one (referents, PO, anyone), or the
organisers' or the admins' (Telegram's per-chat command scope).

The role is the truth; `people.menu` is what was last set in the chat. Whatever changes a role (an
approval, an invitation redeemed, `zobot invite revoke-member` on the command line, ZOBOT_ADMINS
changed, an erasure) only changes the role: a periodic job on every instance asks `due` for the
chats whose menu differs and brings each up to date (handlers/menus.py), then `mark`s it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.people.models import Person

DEFAULT = None  # the default menu: no scope of the chat's own
ORGANISERS, ADMINS = "organisers", "admins"
MENU_OF_ROLE = {"organizzatore": ORGANISERS, "admin": ADMINS}
BATCH = 200  # chats brought up to date per tick at most (Telegram: one call each)


@dataclass(frozen=True)
class Due:
    """A chat whose menu must change from `current` to `menu` (None: back to the default)."""

    person_id: int
    chat_id: int
    current: str | None
    menu: str | None


def menu_of(person: Person | None) -> str | None:
    """The menu the person's role should see (DEFAULT for referents, PO, no role, erased)."""
    if person is None or person.erased_at is not None:
        return DEFAULT
    return MENU_OF_ROLE.get(person.role or "", DEFAULT)


async def due(session: AsyncSession, *, limit: int = BATCH) -> list[Due]:
    """Chats whose menu is not what the role should see: organisers and admins without theirs, and
    anyone who has a menu of their own that no longer fits (demoted, revoked)."""
    rows = await session.execute(
        select(Person.id, Person.chat_id, Person.role, Person.menu, Person.erased_at)
        .where(Person.chat_id.is_not(None), or_(Person.role.in_(tuple(MENU_OF_ROLE)), Person.menu.is_not(None)))
        .order_by(Person.id))
    found = []
    for person_id, chat_id, role, current, erased_at in rows.all():
        wanted = DEFAULT if erased_at is not None else MENU_OF_ROLE.get(role or "", DEFAULT)
        if wanted != current:
            found.append(Due(person_id, chat_id, current, wanted))
            if len(found) >= limit:
                break
    return found


async def mark(session: AsyncSession, done: Due) -> None:
    """The chat now shows `done.menu` (unless someone else changed the row meanwhile: then it stays due)."""
    current = Person.menu.is_(None) if done.current is None else Person.menu == done.current
    await session.execute(update(Person).where(Person.id == done.person_id, current).values(menu=done.menu))
