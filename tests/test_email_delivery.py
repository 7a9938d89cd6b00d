"""E-mail as a channel of the outbox, against a real local SMTP server (tests/mail_support.py): the channel
is chosen at enqueue, the message is multipart Italian with the unsubscribe link, and the server's answers
become the outbox's exact states (sent, refused = blocked with a bounce, 4xx retried, unknown)."""
from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from bot.outbox.dispatcher import Dispatcher
from bot.outbox.mail import MailTransport
from bot.outbox.ports import Envelope
from bot.outbox.queue import Outgoing
from bot.people.channels import enqueue
from bot.people.models import Person
from bot.people.web_models import PersonalLink
from tests.delivery_support import rows
from tests.email_people import email_person
from tests.mail_support import WEB, link, mail_settings, parts
from tests.people_support import member


class Chat:
    """Telegram's side, recorded (these tests are about e-mail)."""

    def __init__(self) -> None:
        self.sent: list[Envelope] = []

    async def send(self, message: Envelope) -> int:
        self.sent.append(message)
        return len(self.sent)


def dispatcher(db, clock, settings, chat=None, mail=True) -> Dispatcher:
    return Dispatcher(db, clock, chat or Chat(), mail=MailTransport(settings) if mail else None, mail_rate=50)


async def put(db, clock, people, text="Ciao <b>tutti</b>", round_="r1", **kw) -> int:
    async with db.session() as s:
        return await enqueue(s, [Outgoing(key=f"{round_}:{p.id}", round=round_, chat_id=p.chat_id, text=text,
                                          due_at=clock.now(), person_id=p.id, **kw) for p in people], now=clock.now())


async def test_channel_chosen_per_person_at_enqueue(db, clock, settings, smtp):
    async with db.session() as s:
        by_mail = await email_person(s, clock.now(), "maria@comune.example.it")  # no chat at all
        prefers_mail = await email_person(s, clock.now(), "luca@comune.example.it", chat=501, name="Luca")
        prefers_chat = await email_person(s, clock.now(), "anna@comune.example.it", chat=502, channel="telegram")
        unconfirmed = await email_person(s, clock.now(), "ugo@comune.example.it", chat=503, confirmed=False)
        nowhere = await email_person(s, clock.now(), "eva@comune.example.it", confirmed=False)
    assert await put(db, clock, [by_mail, prefers_mail, prefers_chat, unconfirmed, nowhere]) == 4
    channel = {r.person_id: (r.channel, r.chat_id, r.address) for r in await rows(db)}
    assert channel == {by_mail.id: ("email", None, "maria@comune.example.it"),
                       prefers_mail.id: ("email", None, "luca@comune.example.it"),
                       prefers_chat.id: ("telegram", 502, None), unconfirmed.id: ("telegram", 503, None)}
    chat = Chat()
    stats = await dispatcher(db, clock, mail_settings(settings, smtp), chat).tick()
    assert stats.outcomes == {"sent": 4}
    assert sorted(m["To"] for m in smtp.messages) == ["luca@comune.example.it", "maria@comune.example.it"]
    assert sorted(e.chat_id for e in chat.sent) == [502, 503]


async def test_message_is_multipart_italian_with_unsubscribe_link(db, clock, settings, smtp):
    async with db.session() as s:
        p = await email_person(s, clock.now(), "maria@comune.example.it")
    await put(db, clock, [p], text="📣 <b>Comunicazione</b>\n\nRiunione &amp; aggiornamenti <i>importanti</i>",
              keyboard=[[{"text": "Sito", "url": "https://www.cittametropolitana.mi.it"}],
                        [{"text": "Apri", "data": "m:t:1"}]])
    await dispatcher(db, clock, mail_settings(settings, smtp)).tick()
    [message] = smtp.messages
    body = parts(message)
    assert message["Subject"] == "📣 Comunicazione"
    assert message["Content-Language"] == "it"
    assert message["Message-ID"].startswith(f"<zobot.{(await rows(db))[0].id}.")
    assert "Riunione & aggiornamenti importanti" in body["text/plain"]
    assert "Sito: https://www.cittametropolitana.mi.it" in body["text/plain"]
    assert "m:t:1" not in body["text/plain"] and "Apri" not in body["text/plain"]  # a chat button means nothing here
    assert "Disiscriviti" in body["text/plain"] and f"{WEB}/disiscrizione/" in body["text/plain"]
    assert "<b>Comunicazione</b>" in body["text/html"] and 'lang="it"' in body["text/html"]
    assert f'href="{WEB}/disiscrizione/' in body["text/html"]
    assert message["List-Unsubscribe"] == f"<{WEB}/disiscrizione/{link(message, '/disiscrizione')}>"
    async with db.session() as s:
        purposes = (await s.scalars(select(PersonalLink.purpose).where(PersonalLink.person_id == p.id))).all()
    assert purposes == ["unsubscribe"]
    assert (await rows(db))[0].status == "sent"


async def test_refused_recipient_is_a_bounce_and_ends_the_address(db, clock, settings, smtp):
    smtp.refuse.add("nessuno@comune.example.it")
    async with db.session() as s:
        gone = await email_person(s, clock.now(), "nessuno@comune.example.it", chat=601)
        fine = await email_person(s, clock.now(), "maria@comune.example.it")
    await put(db, clock, [gone, fine])
    chat = Chat()
    await dispatcher(db, clock, mail_settings(settings, smtp), chat).tick()
    status = {r.person_id: (r.status, r.last_error) for r in await rows(db)}
    assert status[fine.id] == ("sent", None)
    assert status[gone.id][0] == "blocked" and status[gone.id][1].startswith("refused by the server: 550")
    assert "nessuno@" not in status[gone.id][1]  # no address in the error kept
    async with db.session() as s:
        assert (await s.get(Person, gone.id)).email_refused_at == clock.now()
    await put(db, clock, [gone], round_="r2")  # the next message goes to the chat
    assert [r.channel for r in await rows(db) if r.round == "r2"] == ["telegram"]


async def test_deferred_recipient_is_retried_later_then_sent(db, clock, settings, smtp):
    smtp.defer.add("maria@comune.example.it")
    async with db.session() as s:
        p = await email_person(s, clock.now(), "maria@comune.example.it")
    await put(db, clock, [p])
    sender = dispatcher(db, clock, mail_settings(settings, smtp))
    sender.budget = 1
    await sender.tick()
    [row] = await rows(db)
    assert (row.status, row.attempts) == ("pending", 1) and row.last_error.startswith("451")
    assert row.next_attempt_at > clock.now() and not smtp.messages
    smtp.defer.clear()
    clock.advance(timedelta(seconds=5))
    await sender.tick()
    assert [r.status for r in await rows(db)] == ["sent"] and len(smtp.to("maria@comune.example.it")) == 1


async def test_unreachable_server_is_not_sent_and_retried(db, clock, settings, smtp):
    async with db.session() as s:
        p = await email_person(s, clock.now(), "maria@comune.example.it")
    await put(db, clock, [p])
    from dataclasses import replace
    closed = replace(mail_settings(settings, smtp), smtp_port=1)  # nothing listens: connection refused
    sender = dispatcher(db, clock, closed)
    sender.budget = 1
    await sender.tick()
    [row] = await rows(db)
    assert (row.status, row.attempts) == ("pending", 1) and "before the message was handed over" in row.last_error


async def test_without_smtp_e_mail_rows_fail_with_a_clear_reason(db, clock, settings):
    async with db.session() as s:
        p = await email_person(s, clock.now(), "maria@comune.example.it")
    await put(db, clock, [p])
    await dispatcher(db, clock, settings, mail=False).tick()
    [row] = await rows(db)
    assert (row.status, row.last_error) == ("failed", "ZOBOT_SMTP_HOST non configurato")


async def test_sender_cancelled_mid_round_then_restarted_never_duplicates(db, clock, settings, smtp):
    """The server takes one message and never answers; the sender is cut there and restarted as after a crash:
    every recipient got exactly one copy, or the row is `unknown`; nothing stays pending, nothing doubles."""
    addresses = [f"persona{i}@comune.example.it" for i in range(12)]
    smtp.stall.add(addresses[4])
    async with db.session() as s:
        people = [await email_person(s, clock.now(), a, name=f"P{i}") for i, a in enumerate(addresses)]
    await put(db, clock, people, text="Promemoria")
    config = mail_settings(settings, smtp)
    first = dispatcher(db, clock, config)
    task = asyncio.create_task(first.tick())
    assert await asyncio.to_thread(smtp.stalled.wait, 30)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    smtp.stall.clear()
    second = dispatcher(db, clock, config)
    await second.reap(everything=True)  # the start-up of the single SQLite instance; PostgreSQL: the lease
    await second.tick()
    received = Counter(m["To"] for m in smtp.messages)
    final = {r.address: r.status for r in await rows(db)}
    assert set(final.values()) <= {"sent", "unknown"}, final
    assert max(received.values()) == 1, "an e-mail left twice"
    assert final[addresses[4]] == "unknown"
    for address in addresses:
        if final[address] == "sent":
            assert received[address] == 1
        if received[address] == 0:
            assert final[address] == "unknown"


async def test_without_smtp_email_is_not_offered(chat):
    await member(chat.services.db, chat.services.clock, 7101, "referente")
    [answer] = await chat.say("/email maria@comune.example.it", user_id=7101)
    assert "non è attivo" in answer.text


async def test_someone_who_blocked_the_bot_is_written_to_by_email(db, clock, settings, smtp):
    async with db.session() as s:
        p = await email_person(s, clock.now(), "maria@comune.example.it", chat=701, channel="telegram")
        p.reachable = False  # Telegram answered 403 earlier
    await put(db, clock, [p])
    assert [(r.channel, r.address) for r in await rows(db)] == [("email", "maria@comune.example.it")]


def test_smtp_settings_are_checked():
    import pytest

    from bot.config import ConfigError, load_settings

    base = {"ZOBOT_SMTP_HOST": "smtp.example.it", "ZOBOT_SMTP_FROM": "zobot@example.it",
            "ZOBOT_WEB_URL": "https://zobot.example.it"}
    s = load_settings(base)
    assert (s.smtp_port, s.smtp_security, s.email_enabled) == (587, "starttls", True)
    s = load_settings({**base, "ZOBOT_SMTP_SECURITY": "tls", "ZOBOT_SMTP_USER": "u", "ZOBOT_SMTP_PASSWORD": "segreta"})
    assert s.smtp_port == 465 and "segreta" not in repr(s)
    assert not load_settings({}).email_enabled
    for broken in ({**base, "ZOBOT_SMTP_SECURITY": "ssl"}, {**base, "ZOBOT_SMTP_FROM": "zobot"},
                   {k: v for k, v in base.items() if k != "ZOBOT_WEB_URL"}, {**base, "ZOBOT_SMTP_USER": "u"},
                   {**base, "ZOBOT_SMTP_PORT": "70000"}):
        with pytest.raises(ConfigError):
            load_settings(broken)


async def test_message_refused_after_data_fails_and_deferred_data_is_retried(db, clock, settings, smtp):
    smtp.reject_data["spam@comune.example.it"] = "554 5.7.1 message refused"
    smtp.reject_data["piena@comune.example.it"] = "452 4.2.2 mailbox full"
    async with db.session() as s:
        spam = await email_person(s, clock.now(), "spam@comune.example.it")
        full = await email_person(s, clock.now(), "piena@comune.example.it", name="Piena")
    await put(db, clock, [spam, full])
    sender = dispatcher(db, clock, mail_settings(settings, smtp))
    sender.budget = 1
    await sender.tick()
    status = {r.person_id: (r.status, r.last_error) for r in await rows(db)}
    assert status[spam.id] == ("failed", "554 on DATA: 5.7.1 message refused")  # not a bounce of the address
    assert status[full.id][0] == "pending" and status[full.id][1].startswith("452 on DATA")
    async with db.session() as s:
        assert (await s.get(Person, spam.id)).email_refused_at is None
    assert smtp.messages == []
