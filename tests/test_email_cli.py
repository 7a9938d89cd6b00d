"""`zobot people email|add`: an operator sets an address or adds a member reached by e-mail only; the
confirmation e-mail leaves through the outbox (real local SMTP server)."""
from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.cli import people as cli
from bot.outbox.dispatcher import Dispatcher
from bot.outbox.mail import MailTransport
from bot.people.models import Person
from tests.mail_support import link, mail_settings
from tests.people_support import member


class Args:
    def __init__(self, **kw):
        self.__dict__.update(kw)


async def _people(db):
    async with db.session() as s:
        return {p.id: p for p in (await s.scalars(select(Person))).all()}


class Chat:
    async def send(self, message):
        return 1


async def test_people_add_makes_an_email_only_member_who_gets_the_link(db, db_url, clock, settings, smtp, capsys):
    config = mail_settings(replace(settings, database_url=db_url), smtp)
    args = Args(name="Paola Posta", role="po", comune=[], office="sua", email="Paola@Comune.Example.IT",
                confirmed=False)
    assert await asyncio.to_thread(cli._add, config, args) == 0
    out = capsys.readouterr().out
    [person] = [p for p in (await _people(db)).values() if p.name == "Paola Posta"]
    assert f"Persona {person.id} aggiunta (po)" in out and "Paola@comune.example.it" in out
    assert (person.role, person.telegram_user_id, person.channel) == ("po", None, "email")
    clock.set(datetime.now(timezone.utc) + timedelta(minutes=1))  # the command line queued it on the real clock
    await Dispatcher(db, clock, Chat(), mail=MailTransport(config), mail_rate=50).tick()
    [mail] = smtp.to("Paola@comune.example.it")
    assert len(link(mail, "/email")) >= 20


async def test_people_email_sets_a_confirmed_address(db, db_url, clock, settings, smtp, capsys):
    config = mail_settings(replace(settings, database_url=db_url), smtp)
    pid = await member(db, clock, 8101, "referente")
    assert await asyncio.to_thread(cli._email, config, Args(person_id=pid, address="r@comune.example.it",
                                                            confirmed=True)) == 0
    person = (await _people(db))[pid]
    assert person.email == "r@comune.example.it" and person.email_confirmed_at is not None
    assert person.channel == "telegram"  # a chat is there: e-mail is an option, chosen with /email


@pytest.mark.parametrize("address, problem", [("non-valido", "non sembra un indirizzo"), ("a@b.it", "nessuna persona")])
async def test_people_email_refuses_what_cannot_work(db_url, settings, smtp, capsys, address, problem):
    config = mail_settings(replace(settings, database_url=db_url), smtp)
    assert await asyncio.to_thread(cli._email, config, Args(person_id=999999, address=address, confirmed=False)) == 1
    assert problem in capsys.readouterr().err
    assert await asyncio.to_thread(cli._email, settings, Args(person_id=1, address="a@b.it", confirmed=False)) == 1
    assert "ZOBOT_SMTP_HOST non configurato" in capsys.readouterr().err
