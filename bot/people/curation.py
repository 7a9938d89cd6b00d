"""Contacts and details of offices and services as organisers curate them (/dettagli in the chat,
`zobot catalogue set` on the command line): the policy first, the catalogue's checks and storage
(bot/catalogue/details.py), the audit log. One transaction per use case."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import details
from bot.clock import Clock
from bot.db.engine import Database
from bot.people import audit, policy
from bot.people.models import Person
from bot.people.who import Who
from bot.reply import Reply
from bot.texts import curation as T
from bot.texts import render


async def set_detail(session: AsyncSession, actor: Person | str, kind: str, code: str, name: str, raw: str,
                     source: str, *, now: datetime) -> details.Change:
    """Set (or, with "-", remove) one detail: the policy for a person (the command line is trusted), the
    checks (BadDetail), the write, the audit entry."""
    if isinstance(actor, str):
        by = actor
    else:
        policy.require(actor, "manage_catalogue_details")
        by = actor.role or "utente"
    change = await details.set_detail(session, by, kind, code, name, raw, source, now=now)
    await audit.record(session, actor, "catalogue.detail", f"{change.kind}:{change.thing.code}",
                       {"field": change.field, "old": change.old, "new": change.value,
                        "source": change.source or None}, now=now)
    return change


class DetailsService:
    """/dettagli servizio|ufficio CODICE[; campo; valore; fonte]: see or set a contact or detail."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    async def dettagli(self, who: Who, args: str) -> Reply:
        parts = [p.strip() for p in (args or "").split(";")]
        head = parts[0].split(maxsplit=1)
        async with self.db.session() as s:
            person = await who.person(s)
            policy.require(person, "manage_catalogue_details")  # the usage text too is for organisers only
            if len(head) < 2 or len(parts) not in (1, 4):
                return Reply(T.DETAILS_USAGE)
            if len(parts) == 1:
                thing, found = await details.describe(s, head[0], head[1])
                return Reply(_described(details.kind_of(head[0]), thing, found))
            change = await set_detail(s, person, head[0], head[1], parts[1], parts[2], parts[3], now=self.clock.now())
        field, kind = T.FIELD_NAMES[change.field], T.KIND_NAMES[change.kind]
        if change.value is None:
            return Reply(render(T.DETAIL_REMOVED, field=field, name=change.thing.name, kind=kind))
        return Reply(render(T.DETAIL_SAVED, field=field, name=change.thing.name, kind=kind, value=change.value,
                            source=change.source))


def _described(kind: str, thing, found: dict) -> str:
    out = [render(T.DETAILS_HEAD, name=thing.name, kind=T.KIND_NAMES[kind], code=thing.code)]
    out += [render(T.DETAILS_LINE, field=T.FIELD_NAMES[name], value=d.value, source=d.source)
            for name, d in sorted(found.items())] or [T.DETAILS_NONE]
    return "\n".join(out + ["", T.DETAILS_USAGE])
