"""Organisers see the channel: an announcement's audience is counted per channel before sending, the delivery
report counts Telegram and e-mail apart (a refusal of the mail server said as such), and the list of who has
not answered a questionnaire says how each person was reached. Real local SMTP server."""
from __future__ import annotations

from sqlalchemy import select

from bot.announcements import drafts
from bot.announcements.service import AnnouncementService
from bot.outbox.dispatcher import Dispatcher
from bot.outbox.mail import MailTransport
from bot.outbox.models import OutboxMessage
from bot.people.audience import Audience
from bot.people.who import Who
from bot.questionnaires import followup
from tests.email_people import email_person
from tests.mail_support import mail_settings
from tests.questionnaire_support import TINY, launch


class Chat:
    async def send(self, message):
        return 1


async def test_announcement_counts_and_report_per_channel(db, clock, settings, smtp):
    config = mail_settings(settings, smtp)
    smtp.refuse.add("sbagliato@comune.example.it")
    async with db.session() as s:
        org = await email_person(s, clock.now(), "org@cm.example.it", chat=901, channel="telegram",
                                 role="organizzatore", name="Olga")
        await email_person(s, clock.now(), "tg@comune.example.it", chat=902, channel="telegram", name="Tino")
        await email_person(s, clock.now(), "maria@comune.example.it", name="Maria")
        await email_person(s, clock.now(), "sbagliato@comune.example.it", name="Sergio")
    service, who = AnnouncementService(db, clock, config), Who(person_id=org.id)
    async with db.session() as s:
        draft = await drafts.start(s, org, now=clock.now())
    asked = await service.pick(who, draft.id, Audience("all_referents"))
    assert "(3 persone: 1 su Telegram, 2 per e-mail)" in asked.text
    async with db.session() as s:
        await drafts.set_text(s, org, draft.id, "Avviso", now=clock.now())
    await service.confirm(who, draft.id)
    await Dispatcher(db, clock, Chat(), mail=MailTransport(config), mail_rate=50).tick()
    listing = await service.reports(who)
    assert "3 su 3" not in listing.text and "(e-mail: 2)" in listing.text
    async with db.session() as s:
        first = await s.scalar(select(OutboxMessage.id).where(OutboxMessage.round == drafts.round_name(draft.id))
                               .order_by(OutboxMessage.id).limit(1))
    detail = await service.round_detail(who, first)
    assert "<b>Per canale</b>:\n• Telegram: 1 consegnato su 1\n• e-mail: 1 consegnato su 2, " \
           "1 rifiutato dal server di posta" in detail.text


async def test_who_has_not_answered_says_how_each_was_reached(db, clock, settings):
    async with db.session() as s:
        by_chat = await email_person(s, clock.now(), "a@comune.example.it", chat=911, channel="telegram",
                                     role="po", name="Anna Chat")
        by_mail = await email_person(s, clock.now(), "b@comune.example.it", role="po", name="Bruno Mail")
    cid = await launch(db, TINY, [by_chat.id, by_mail.id], clock.now())
    async with db.session() as s:
        text = (await followup.pending(s, cid)).text
    assert "• Anna Chat — Telegram" in text and "• Bruno Mail — e-mail" in text
