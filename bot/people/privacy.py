"""GDPR: the notice, a person's own data as JSON, erasure that keeps anonymous aggregates, retention.

Erasure blanks the Person row (name, username, Telegram ids, role, office, comuni) instead of
deleting it: answers, RSVPs and outbox rows of other features reference people.id, so their
counts stay right while nothing in them points back to a living person any more.
"""
from __future__ import annotations

import base64
import json
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.base import Base
from bot.delivery.models import OutboxMessage
from bot.people import audit
from bot.people.models import CoverageChange, Invitation, Person, PersonComune, RegistrationRequest
from bot.texts import people as texts
from bot.texts import render

SKIP_COLUMNS = {"token_hash", "content"}  # never exported: secrets and file blobs
# rows a person made about someone else: theirs to see, but not the other person's name
OTHERS_DATA = {("invitations", "created_by"): {"name", "email"}, ("registration_requests", "decided_by"): {"name"}}


def notice(settings: Settings):
    return render(texts.PRIVACY, controller=settings.privacy_controller, contact=settings.privacy_contact,
                  days=settings.retention_days)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _rows_referencing():
    """(table, column) for every column of any feature that points at people.id."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "people" for fk in column.foreign_keys):
                yield table, column


async def export(session: AsyncSession, person: Person, *, now: datetime) -> bytes:
    """Everything stored about the person: their row and every row of any table that refers to them."""
    data: dict = {"generated_at": now.isoformat(), "person": {}, "records": {}}
    people = Base.metadata.tables["people"]
    row = (await session.execute(select(people).where(people.c.id == person.id))).mappings().one()
    data["person"] = {k: _plain(v) for k, v in row.items()}
    for table, column in _rows_referencing():
        result = await session.execute(select(table).where(column == person.id))
        skip = SKIP_COLUMNS | OTHERS_DATA.get((table.name, column.name), set())
        rows = [{k: _plain(v) for k, v in r.items() if k not in skip} for r in result.mappings()]
        if rows:
            data["records"][f"{table.name}.{column.name}"] = rows
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


async def erase(session: AsyncSession, person: Person, *, now: datetime, reason: str = "request") -> None:
    """Blank every identifying field; keep the row (and so every anonymous count that refers to it)."""
    pid = person.id
    await session.execute(delete(PersonComune).where(PersonComune.person_id == pid))
    await session.execute(delete(RegistrationRequest).where(RegistrationRequest.person_id == pid))
    await session.execute(update(Invitation).where(Invitation.used_by == pid)
                          .values(name="", email=None).execution_options(synchronize_session=False))
    await session.execute(update(CoverageChange).where(CoverageChange.actor_id == pid)
                          .values(actor="").execution_options(synchronize_session=False))
    await session.execute(update(OutboxMessage).where(OutboxMessage.person_id == pid,
                                                      OutboxMessage.status.in_(("pending", "claimed")))
                          .values(status="expired").execution_options(synchronize_session=False))
    await session.execute(update(OutboxMessage).where(OutboxMessage.person_id == pid)
                          .values(text="", keyboard=None, content=None, chat_id=0)
                          .execution_options(synchronize_session=False))
    person.telegram_user_id = None
    person.chat_id = None
    person.name = ""
    person.username = None
    person.role = None
    person.member_role = None
    person.office_id = None
    person.reachable = False
    person.erased_at = now
    await audit.record(session, pid, "privacy.erase", f"person:{pid}", {"reason": reason}, now=now)
    await session.flush()


async def apply_retention(session: AsyncSession, *, now: datetime, days: int,
                          admins: frozenset[int] = frozenset()) -> int:
    """Erase accounts not seen for `days`, except the admins listed in ZOBOT_ADMINS now (an ex-admin is
    treated like anyone, whatever their stored role); returns how many."""
    cutoff = now - timedelta(days=days)
    stale = await session.scalars(select(Person).where(
        Person.erased_at.is_(None), Person.telegram_user_id.is_not(None),
        Person.telegram_user_id.not_in(admins) if admins else Person.id.is_not(None),
        or_(Person.last_seen_at < cutoff, Person.last_seen_at.is_(None) & (Person.created_at < cutoff))))
    count = 0
    for person in list(stale):
        await erase(session, person, now=now, reason="retention")
        count += 1
    return count
