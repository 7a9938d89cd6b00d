"""The demo people of the sandbox: a referent of Rho, a PO, an organiser and a newcomer."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

import catalogue_data
from bot.catalogue.models import Comune, Service
from bot.db.engine import Database
from bot.db.upsert import insert_ignore
from bot.people.models import Person, PersonComune

REFERENT_ID, PO_ID, ORGANISER_ID, NEWCOMER_ID = 1001, 1002, 1003, 1004
PEOPLE = [
    {"id": REFERENT_ID, "first_name": "Giulia", "last_name": "Bianchi", "role": "referente",
     "label": "Giulia Bianchi — referente del Comune di Rho"},
    {"id": PO_ID, "first_name": "Marco", "last_name": "Colombo", "role": "po",
     "label": "Marco Colombo — PO della Città metropolitana"},
    {"id": ORGANISER_ID, "first_name": "Laura", "last_name": "Ferrari", "role": "organizzatore",
     "label": "Laura Ferrari — organizzatrice (amministratrice)"},
    {"id": NEWCOMER_ID, "first_name": "Paolo", "last_name": "Verdi", "role": None,
     "label": "Paolo Verdi — utente nuovo, senza ruolo"},
]


async def seed_people(db: Database, now: datetime) -> None:
    """Create the demo people once (idempotent); the referent stands for Rho, the PO for an office."""
    async with db.session() as s:
        office_id = await s.scalar(select(Service.office_id).where(Service.office_id.is_not(None))
                                   .order_by(Service.id).limit(1))
        rows = [{"telegram_user_id": p["id"], "chat_id": p["id"], "name": f"{p['first_name']} {p['last_name']}",
                 "role": p["role"], "office_id": office_id if p["role"] == "po" else None,
                 "reachable": True, "created_at": now} for p in PEOPLE if p["role"]]
        await insert_ignore(s, Person.__table__, rows, ["telegram_user_id"])
        rho = await s.scalar(select(Comune.id).where(Comune.name == "Rho"))
        referent = await s.scalar(select(Person.id).where(Person.telegram_user_id == REFERENT_ID))
        if rho is not None and referent is not None:
            await insert_ignore(s, PersonComune.__table__, [{"person_id": referent, "comune_id": rho}],
                                ["person_id", "comune_id"])


async def seed_tavoli(db: Database, now: datetime) -> None:
    """The example tavoli (catalogue_data/tavoli_example.yaml) through the tavoli feature's own loader."""
    try:
        from bot.meetings import loader
    except ImportError:  # the tavoli feature is not installed in this build
        return
    path = Path(catalogue_data.__file__).with_name("tavoli_example.yaml")
    if not path.exists() or not hasattr(loader, "load"):
        return
    async with db.session() as session:
        await loader.load(session, path, now=now)
