"""/email in the production Application, the confirmation e-mail from a real local SMTP server, and the web
pages of the e-mail's personal links (confirm, unsubscribe): a GET only shows, a POST acts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.outbox.models import OutboxMessage
from bot.outbox.queue import Outgoing
from bot.people.channels import enqueue
from bot.people.models import Person
from tests.mail_support import link, mail_settings
from tests.people_support import member

USER = 7101


@pytest.fixture
def settings(settings, smtp):
    return mail_settings(settings, smtp)


@pytest.fixture
def web_chat(mail_web_chat):
    return mail_web_chat


async def _person(chat) -> Person:
    async with chat.services.db.session() as s:
        return await s.scalar(select(Person).where(Person.telegram_user_id == USER))


async def _send(chat):
    return await chat.services.outbox.tick()


async def test_email_confirmed_by_link_then_chosen_then_unsubscribed(web_chat, clock, smtp):
    chat = web_chat
    await member(chat.services.db, clock, USER, "referente", name="Maria Rossi")
    [none] = await chat.say("/email", user_id=USER)
    assert "Non hai indicato un indirizzo" in none.text
    [bad] = await chat.say("/email maria@", user_id=USER)
    assert "non sembra un indirizzo e-mail" in bad.text
    [saved] = await chat.say("/email Maria.Rossi@Comune.Example.IT", user_id=USER)
    assert "Maria.Rossi@comune.example.it" in saved.text
    await _send(chat)
    [mail] = smtp.to("Maria.Rossi@comune.example.it")
    assert mail["Subject"] == "Conferma il tuo indirizzo e-mail per zobot"
    token = link(mail, "/email")
    [state] = await chat.say("/email", user_id=USER)
    assert "da confermare" in state.text and state.buttons() == []

    page = await chat.web.get(f"/email/{token}")  # a mail scanner's GET confirms nothing
    assert page.status_code == 200 and "Confermo" in page.text
    assert (await _person(chat)).email_confirmed_at is None
    done = await chat.web.post(f"/email/{token}")
    assert done.status_code == 200 and "confermato" in done.text
    assert (await _person(chat)).email_confirmed_at == clock.now()
    again = await chat.web.post(f"/email/{token}")
    assert again.status_code == 410

    [state] = await chat.say("/email", user_id=USER)
    assert "confermato" in state.text and "Canale preferito: <b>Telegram</b>" in state.text
    pressed = await chat.press("p:ch:1", user_id=USER)
    assert "Canale preferito: <b>e-mail</b>" in pressed[-1].text
    assert (await _person(chat)).channel == "email"

    person = await _person(chat)
    async with chat.services.db.session() as s:
        await enqueue(s, [Outgoing(key="news:1", round="news", chat_id=person.chat_id, person_id=person.id,
                                   text="Novità", due_at=clock.now())], now=clock.now())
    await _send(chat)
    news = smtp.to("Maria.Rossi@comune.example.it")[-1]
    assert news["Subject"] == "Novità"
    leave = link(news, "/disiscrizione")
    assert "Vuoi smettere" in (await chat.web.get(f"/disiscrizione/{leave}")).text
    assert (await _person(chat)).email_unsubscribed_at is None
    assert "non ti scriverà più" in (await chat.web.post(f"/disiscrizione/{leave}")).text
    assert (await _person(chat)).email_unsubscribed_at == clock.now()
    async with chat.services.db.session() as s:
        await enqueue(s, [Outgoing(key="news:2", round="news", chat_id=person.chat_id, person_id=person.id,
                                   text="Altre novità", due_at=clock.now())], now=clock.now())
        channel = await s.scalar(select(OutboxMessage.channel).where(OutboxMessage.key == "news:2"))
    assert channel == "telegram"  # unsubscribed: back to the chat
    [removed] = await chat.say("/email no", user_id=USER)
    assert "tolto" in removed.text and (await _person(chat)).email is None


async def test_forged_or_unknown_links_open_nothing(web_chat):
    for path in ("/email/short", "/email/" + "A" * 43, "/disiscrizione/" + "B" * 43, "/rsvp/" + "C" * 43):
        assert (await web_chat.web.get(path)).status_code == 410
        assert (await web_chat.web.post(path)).status_code == 410


async def test_email_confirmation_link_of_an_old_address_confirms_nothing(web_chat, clock, smtp):
    await member(web_chat.services.db, clock, USER, "referente")
    await web_chat.say("/email vecchio@comune.example.it", user_id=USER)
    await _send(web_chat)
    await web_chat.say("/email nuovo@comune.example.it", user_id=USER)
    await web_chat.say("/email nuovissimo@comune.example.it", user_id=USER)
    await web_chat.say("/email nuovo@comune.example.it", user_id=USER)
    await _send(web_chat)  # a confirmation still queued for an address given up is not sent
    assert smtp.to("nuovissimo@comune.example.it") == []
    old = link(smtp.to("vecchio@comune.example.it")[0], "/email")
    assert (await web_chat.web.post(f"/email/{old}")).status_code == 410
    new = link(smtp.to("nuovo@comune.example.it")[0], "/email")
    assert (await web_chat.web.post(f"/email/{new}")).status_code == 200
    assert (await _person(web_chat)).email == "nuovo@comune.example.it"




async def test_my_data_shows_the_address_and_erasure_leaves_it_nowhere(web_chat, clock, smtp):
    import json

    from sqlalchemy import MetaData, String, Text

    from bot.people.who import Who

    chat = web_chat
    pid = await member(chat.services.db, clock, USER, "referente", name="Maria Rossi")
    await chat.say("/email maria.rossi@comune.example.it", user_id=USER)
    await _send(chat)
    await chat.web.post(f"/email/{link(smtp.to('maria.rossi@comune.example.it')[0], '/email')}")
    await chat.press("p:ch:1", user_id=USER)
    async with chat.services.db.session() as s:
        await enqueue(s, [Outgoing(key="news:9", round="news", chat_id=USER, person_id=pid, text="Novità",
                                   due_at=clock.now())], now=clock.now())
    await _send(chat)
    people = chat.services.people
    [copy] = (await people.my_data(Who(person_id=pid))).files
    data = json.loads(copy.data)
    assert data["person"]["email"] == "maria.rossi@comune.example.it" and data["person"]["channel"] == "email"
    assert data["person"]["email_confirmed_at"] is not None
    await people.erase(Who(person_id=pid), pid)
    found = []
    async with chat.services.db.engine.connect() as conn:
        meta = MetaData()
        await conn.run_sync(meta.reflect)
        for table in meta.sorted_tables:
            texts = [c for c in table.columns if isinstance(c.type, (String, Text))]
            for row in (await conn.execute(table.select())).all():
                found += [(table.name, c.name) for c in texts if "maria.rossi" in str(row._mapping[c.name] or "")]
    assert found == []
    async with chat.services.db.session() as s:
        person = await s.get(Person, pid)
    assert (person.email, person.email_confirmed_at, person.channel) == (None, None, "telegram")
