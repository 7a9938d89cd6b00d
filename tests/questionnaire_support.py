"""Shared set-up for the questionnaire tests: a few catalogue rows, people, a launched campaign."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.catalogue.models import Comune, Service, Theme, Zone
from bot.config import Settings
from bot.db.upsert import insert_ignore
from bot.errors import DomainError
from bot.people.audience import Audience
from bot.people.models import Person
from bot.people.who import Who
from bot.questionnaires import campaigns, registry
from bot.questionnaires.reading import from_dict
from bot.questionnaires.service import QuestionnaireService
from bot.reply import Reply
from bot.texts.errors import text_for

ZONES = [("nord-ovest", "Nord Ovest"), ("alto-milanese", "Alto Milanese"),
         ("magentino-abbiatense", "Magentino e Abbiatense")]
COMUNI = [("015182", "Rho", "nord-ovest"), ("015118", "Legnano", "alto-milanese"),
          ("015130", "Magenta", "magentino-abbiatense"), ("015002", "Abbiategrasso", "magentino-abbiatense"),
          ("015009", "Arese", "nord-ovest")]
SERVICES = [("sua", "Stazione Unica Appaltante"), ("forestami", "ForestaMi"), ("suap-associati", "SUAP associati")]

TINY = {
    "id": "tiny", "version": 1, "title": "Prova", "introduction": "Tre domande.", "audience": "po",
    "anonymous": False,
    "questions": [
        {"id": "eroga", "type": "yesno", "label": "Eroghi servizi?"},
        {"id": "temi", "type": "multiple", "label": "Quali temi?", "when": 'eroga == "si"', "min": 1, "max": 2,
         "choices": ["Ambiente", "Scuola", "Trasporti", {"value": "altro", "label": "Altro", "other": True}]},
        {"id": "quanti", "type": "number", "label": "Quanti comuni?", "min": 1, "max": 133, "integer": True,
         "required": False},
        {"id": "note", "type": "text", "label": "Note", "max_length": 20},
    ],
}


async def seed_catalogue(session) -> None:
    """A few zones, comuni and services (kept if the shipped catalogue already has them)."""
    await insert_ignore(session, Zone.__table__, [{"code": c, "name": n, "aliases": [], "is_capoluogo": False,
                                                   "source": "test"} for c, n in ZONES], ["code"])
    zone_ids = dict((await session.execute(select(Zone.code, Zone.id))).all())
    await insert_ignore(session, Comune.__table__, [{"istat_code": i, "name": n, "zone_id": zone_ids[z], "source": "test"}
                                                    for i, n, z in COMUNI], ["istat_code"])
    await insert_ignore(session, Theme.__table__, [{"code": "qt_tema", "name": "Tema di prova", "aliases": []}], ["code"])
    theme_id = await session.scalar(select(Theme.id).where(Theme.code == "qt_tema"))
    await insert_ignore(session, Service.__table__, [
        {"code": c, "name": n, "description": "", "theme_id": theme_id, "status": "attivo", "synonyms": [],
         "acronyms": [], "source": "test"} for c, n in SERVICES], ["code"])


async def person(session, tg_id: int, role: str | None = "po", name: str = "Anna Rossi") -> Person:
    found = await session.scalar(select(Person).where(Person.telegram_user_id == tg_id))
    if found is None:
        found = Person(telegram_user_id=tg_id, chat_id=tg_id, name=name, role=role, reachable=True, created_at=NOW())
        session.add(found)
    else:
        found.role = role
    await session.flush()
    return found


def NOW():  # noqa: N802 - a fixed default for rows created outside a clock
    from datetime import datetime, timezone
    return datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)


async def launch(db, definition, people_ids, now, *, days: int = 10, key: str = "t1", kind: str = "people",
                 unit: str = "person", audience: Audience | None = None):
    """Launch a campaign of `definition` (dict or id of a shipped file) to these people."""
    d = from_dict(definition) if isinstance(definition, dict) else registry.shipped()[definition]
    async with db.session() as s:
        await seed_catalogue(s)
        if audience is None:
            audience = Audience(kind, person_ids=tuple(people_ids)) if kind == "people" else Audience(kind)
        campaign, _ = await campaigns.launch(s, d, audience, opens_at=now, closes_at=now + timedelta(days=days),
                                             created_by=None, launch_key=key, now=now, tz=TZ, unit=unit)
        return campaign.id


UID = iter(range(10_000, 1_000_000))
TZ = Settings().timezone


class Respondent:
    """Drives the questionnaires' service as the chat does (one transaction per step), buttons by label."""

    def __init__(self, db, clock, person_id):
        self.service = QuestionnaireService(db, clock, Settings())
        self.who = Who(person_id=person_id)
        self.view = None

    async def open(self, cid, comune_id=None):
        self.view = await self.service.open(self.who, cid, comune_id)
        return self.view

    def data(self, label):
        for row in self.view.rows or []:
            for b in row:
                if b["text"] == label:
                    return b["data"]
        raise AssertionError(f"no button {label!r} in {self.view.rows}")

    async def press(self, label=None, data=None):
        """The reply to the press; a refusal (a stale button) is the notice the chat would show."""
        data = data or self.data(label)
        try:
            view = await self.service.press(self.who, data)
        except DomainError as exc:
            return Reply.notice(text_for(exc))
        if view.text:
            self.view = view
        return view

    async def type(self, text, message_id=None):
        view = await self.service.typed(self.who, text, message_id or next(UID))
        if view is not None and view.text:
            self.view = view
        return view
