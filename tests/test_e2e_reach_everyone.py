"""Issue 17's scenario through the production Application, a real local SMTP server and the web pages: an
organiser launches a campaign to five PO, two of whom have only e-mail; the e-mail invitations arrive; one
PO answers on the web, stops half-way and resumes from the reminder's link; another starts in Telegram and
finishes on the web; the results count five invited, the right answers, no duplicates."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.catalogue.models import Office
from bot.questionnaires.models import Answer, Campaign, Invitation, Response
from tests.email_people import email_person
from tests.mail_support import WEB, link, mail_settings, parts
from tests.people_support import member
from tests.web_questionnaire_support import WebRespondent

ORGANISER = 9100
TELEGRAM_PO = {9101: "Paola Pi", 9102: "Piero Po", 9103: "Pina Po"}
MAIL_PO = {"elena.mail@comune.example.it": "Elena Mail", "marco.mail@comune.example.it": "Marco Mail"}
TITLE = "Approfondimento: i servizi per Zona Omogenea"


@pytest.fixture
def settings(settings, smtp):
    return mail_settings(settings, smtp)


@pytest.fixture
def web_chat(mail_web_chat):
    return mail_web_chat


def _shown(calls) -> object:
    """The last message a press or a message made the bot show (sent or edited in place)."""
    return [c for c in calls if c.method in ("sendMessage", "editMessageText")][-1]


def _button(call, start: str) -> str:
    return next(data for text, data in call.buttons() if text.startswith(start) or start in text)


async def _people(chat, clock) -> dict[str, int]:
    db = chat.services.db
    ids = {"organiser": await member(db, clock, ORGANISER, "organizzatore", name="Olga Organizza")}
    for tg, name in TELEGRAM_PO.items():
        ids[name] = await member(db, clock, tg, "po", office_code="sua", name=name)
    async with db.session() as s:
        office = await s.scalar(select(Office).where(Office.code == "ambiente"))
        for address, name in MAIL_PO.items():
            person = await email_person(s, clock.now(), address, role="po", name=name)
            person.office_id = office.id
            person.member_role = "po"
            ids[name] = person.id
    return ids


async def _launch(chat) -> int:
    menu = _shown(await chat.say("/lancia", user_id=ORGANISER))
    step = _shown(await chat.press(_button(menu, "Approfondimento"), user_id=ORGANISER))
    step = _shown(await chat.press(_button(step, "Tutti i PO"), user_id=ORGANISER))
    step = _shown(await chat.press(_button(step, "7 giorni"), user_id=ORGANISER))
    assert "persone raggiungibili: 5" in step.text, step.text
    launched = _shown(await chat.press(_button(step, "Lancia"), user_id=ORGANISER))
    assert f"«{TITLE}» lanciato" in launched.text, launched.text
    async with chat.services.db.read() as s:
        return await s.scalar(select(func.max(Campaign.id)))


async def test_a_campaign_reaches_telegram_and_e_mail_and_counts_one_response_per_person(web_chat, clock, smtp):
    chat = web_chat
    ids = await _people(chat, clock)
    cid = await _launch(chat)
    await chat.services.outbox.tick()

    # the e-mail invitations arrive, each with a personal answer link; the chat invitations as usual
    invitations = {address: smtp.to(address) for address in MAIL_PO}
    assert all(len(found) == 1 for found in invitations.values()), invitations
    elena_mail = invitations["elena.mail@comune.example.it"][0]
    assert TITLE in elena_mail["Subject"] + parts(elena_mail)["text/plain"]
    chat_invites = [c for c in chat.telegram.of("sendMessage") if c.params.get("chat_id") in TELEGRAM_PO]
    assert sorted(c.params["chat_id"] for c in chat_invites) == sorted(TELEGRAM_PO)

    # Elena (e-mail only) answers on the web and stops half-way
    elena = WebRespondent(chat.web, f"/q/{link(elena_mail, '/q')}")
    await elena.start()
    await elena.choose("Sì, li eroghiamo già")
    await elena.type("stazione appaltante")
    await elena.choose("Stazione Unica Appaltante")
    await elena.press("Conferma")
    assert "A chi è (o sarà) rivolto il servizio?" in elena.text

    # Paola (Telegram) starts in the chat, then continues on the web
    paola = 9101
    step = _shown(await chat.press(f"q:go:{cid}", user_id=paola))
    assert "Eroghi o prevedi di erogare servizi" in step.text
    step = _shown(await chat.press(_button(step, "No"), user_id=paola))
    assert "Che cosa ostacola" in step.text, step.text
    moved = _shown(await chat.press(_button(step, "Continua sul web"), user_id=paola))
    web_link = next(url for _, url in moved.buttons() if url.startswith(f"{WEB}/q/"))
    paola_web = WebRespondent(chat.web, web_link.removeprefix(WEB))
    await paola_web.open()
    assert "Che cosa ostacola" in paola_web.text  # the same step: one response, two doors
    await paola_web.tick("Personale insufficiente")
    await paola_web.type("Una piattaforma condivisa")
    await paola_web.choose("Sì")
    await paola_web.press("Salta")
    assert "Riepilogo delle tue risposte" in paola_web.text, paola_web.text
    await paola_web.press("Invia le risposte")
    assert "sono state registrate" in paola_web.text

    # the organiser reminds (`zobot questionnaire remind`); the pending list says how each was reached
    pending = (await chat.services.questionnaires.pending(cid)).text
    assert "Marco Mail" in pending and "Elena Mail" in pending and "Paola Pi" not in pending
    assert "e-mail" in pending and "Telegram" in pending, pending
    sent_before = len(chat.telegram.of("sendMessage"))
    assert await chat.services.questionnaires.remind(cid) == 4  # Elena, Marco, Piero, Pina: not Paola
    await chat.services.outbox.tick()
    reminders = [c.params["chat_id"] for c in chat.telegram.of("sendMessage")[sent_before:]]
    assert sorted(reminders) == [9102, 9103]
    assert [len(smtp.to(a)) for a in MAIL_PO] == [2, 2]

    # Elena resumes from the reminder's own link, where she stopped
    reminder = smtp.to("elena.mail@comune.example.it")[-1]
    again = link(reminder, "/q")
    assert again != link(elena_mail, "/q")
    elena = WebRespondent(chat.web, f"/q/{again}")
    await elena.start()
    assert "A chi è (o sarà) rivolto il servizio?" in elena.text
    await elena.choose("A singoli Comuni")
    await elena.type("Rho")
    await elena.press("Conferma")
    await elena.choose("Convenzione")
    await elena.type("3")
    await elena.tick("Personale insufficiente", "Scarso interesse dei Comuni")
    await elena.type("Tavoli di lavoro per zona")
    await elena.choose("Sì")
    await elena.choose("4")
    assert "Riepilogo delle tue risposte" in elena.text and "Stazione Unica Appaltante" in elena.text
    await elena.press("Invia le risposte")
    assert "sono state registrate" in elena.text
    await elena.open()  # the first link, used again after sending, changes nothing
    assert "Invia le risposte" not in elena.text

    # the results: five invited, two answers, each once, with what each person gave
    async with chat.services.db.read() as s:
        invited = (await s.execute(select(Invitation.person_id, Invitation.status)
                                   .where(Invitation.campaign_id == cid))).all()
        responses = (await s.scalars(select(Response).where(Response.campaign_id == cid))).all()
        answers = (await s.scalars(select(Answer).where(Answer.response_id.in_([r.id for r in responses])))).all()
    assert len(invited) == 5
    assert {pid for pid, status in invited if status == "completed"} == {ids["Paola Pi"], ids["Elena Mail"]}
    assert len(responses) == 2 and all(r.status == "completed" for r in responses)
    by_response: dict[int, dict[str, Answer]] = {}
    for a in answers:
        assert a.question_id not in by_response.setdefault(a.response_id, {})  # one answer per question
        by_response[a.response_id][a.question_id] = a
    given = sorted((r["eroga"].value, sorted(r)) for r in by_response.values())
    assert [value for value, _ in given] == ["gia", "no"]
    elena_answers = next(r for r in by_response.values() if r["eroga"].value == "gia")
    assert elena_answers["comuni"].labels == ["Rho"] and elena_answers["n_comuni"].value == 3
    assert elena_answers["servizi"].labels == ["Stazione Unica Appaltante"]
    assert sorted(elena_answers["ostacoli"].value) == ["interesse_comuni", "personale"]
    paola_answers = next(r for r in by_response.values() if r["eroga"].value == "no")
    assert "servizi" not in paola_answers and paola_answers["ostacoli"].value == ["personale"]
    progress = (await chat.services.questionnaires.results(cid)).progress
    assert (progress.total, progress.completed, progress.invited) == (5, 2, 3)  # Marco, Piero, Pina wait
    status = (await chat.services.questionnaires.status(cid)).text
    assert "Invitati: 5\n• da iniziare: 3\n• in corso: 0\n• completati: 2 (40%)" in status, status
