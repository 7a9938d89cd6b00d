"""A person's copy of their own data (GDPR art. 15, `/imiei_dati`): everything still held about them, as JSON.

Besides their row and every row of any table that refers to it: the answers of their questionnaires
(through their invitations, while linked), the notices about their registration sent to organisers,
the audit entries about them, and the updates of theirs the webhook holds but has not processed yet.
Other people's details in those rows (names, chats) are left out.
"""
from __future__ import annotations

import base64
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from sqlalchemy import Table, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

import bot.db.models  # noqa: F401  every table in Base.metadata
from bot.db.base import Base
from bot.people.models import Person

SKIP_COLUMNS = {"token_hash", "content"}  # never exported: secrets and file blobs
# rows a person made about someone else: theirs to see, but not the other person's name
OTHERS_DATA = {("invitations", "created_by"): {"name", "email"}, ("registration_requests", "decided_by"): {"name"}}
ABOUT_THEM = ("round", "text", "status", "created_at", "sent_at")  # of a notice to organisers, no recipient


def _t(name: str) -> Table:
    return Base.metadata.tables[name]


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _rows(result, skip: Iterable[str] = (), only: Iterable[str] | None = None) -> list[dict]:
    skip = SKIP_COLUMNS | set(skip)
    return [{k: _plain(v) for k, v in r.items() if k not in skip and (only is None or k in only)}
            for r in result.mappings()]


def referencing():
    """(table, column) for every column of any feature that points at people.id."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "people" for fk in column.foreign_keys):
                yield table, column


async def export(session: AsyncSession, person: Person, *, now: datetime) -> bytes:
    """Everything stored about the person, as a UTF-8 JSON document."""
    pid = person.id
    people = _t("people")
    row = (await session.execute(select(people).where(people.c.id == pid))).mappings().one()
    records: dict[str, list[dict]] = {}
    for table, column in referencing():
        rows = _rows(await session.execute(select(table).where(column == pid)),
                     skip=OTHERS_DATA.get((table.name, column.name), ()))
        if rows:
            records[f"{table.name}.{column.name}"] = rows
    for key, rows in (await _answers(session, pid) + await _about(session, pid)
                      + await _pending_updates(session, person.telegram_user_id)):
        if rows:
            records[key] = rows
    data = {"generated_at": now.isoformat(), "person": {k: _plain(v) for k, v in row.items()}, "records": records}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


async def _answers(session: AsyncSession, pid: int) -> list[tuple[str, list[dict]]]:
    """Responses still linked to the person (named questionnaires; anonymous ones only while answering)."""
    invitations, responses, answers = _t("q_invitations"), _t("q_responses"), _t("q_answers")
    mine = select(invitations.c.response_id).where(invitations.c.person_id == pid,
                                                   invitations.c.response_id.is_not(None))
    return [("q_responses", _rows(await session.execute(select(responses).where(responses.c.id.in_(mine))))),
            ("q_answers", _rows(await session.execute(select(answers).where(answers.c.response_id.in_(mine)))))]


async def _about(session: AsyncSession, pid: int) -> list[tuple[str, list[dict]]]:
    """What others were told or did about the person: registration notices, audit entries naming them."""
    requests, outbox, log = _t("registration_requests"), _t("outbox"), _t("audit_log")
    ids = list((await session.scalars(select(requests.c.id).where(requests.c.person_id == pid))).all())
    notices = _rows(await session.execute(select(outbox).where(outbox.c.round.in_([f"registration:{i}" for i in ids]))
                                          .order_by(outbox.c.id)), only=ABOUT_THEM) if ids else []
    targets = [f"person:{pid}", *(f"request:{i}" for i in ids)]
    entries = _rows(await session.execute(select(log).where(log.c.target.in_(targets),
                                                            or_(log.c.actor_id.is_(None), log.c.actor_id != pid))
                                          .order_by(log.c.id)), skip=("actor_id",))
    return [("outbox.registration_notices", notices), ("audit_log.target", entries)]


async def _pending_updates(session: AsyncSession, telegram_user_id: int | None) -> list[tuple[str, list[dict]]]:
    """Webhook updates from the person not processed yet (processed ones keep no payload)."""
    if telegram_user_id is None:
        return []
    inbox = _t("inbound_updates")
    rows = (await session.execute(select(inbox.c.update_id, inbox.c.received_at, inbox.c.payload)
                                  .where(inbox.c.payload.is_not(None)))).all()
    return [("inbound_updates", [{"update_id": u, "received_at": _plain(at), "payload": p}
                                 for u, at, p in rows if mentions(p, telegram_user_id)])]


def mentions(payload: Any, telegram_user_id: int) -> bool:
    """True if a Telegram user or private chat with this id appears anywhere in the update."""
    if isinstance(payload, dict):
        if payload.get("id") == telegram_user_id and ("first_name" in payload or "is_bot" in payload):
            return True
        return any(mentions(v, telegram_user_id) for v in payload.values())
    if isinstance(payload, list):
        return any(mentions(v, telegram_user_id) for v in payload)
    return False
