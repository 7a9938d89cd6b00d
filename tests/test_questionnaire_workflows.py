"""Living campaigns (issue 13) through the production Application, clock injected: audiences applied at every
tick, follow-up in the chat and on the command line, one response per comune, resuming after Telegram's
update numbers restart at 1."""
from __future__ import annotations

import asyncio
import os
from datetime import datetime, timedelta

from sqlalchemy import func, select

import bot.cli
from bot.outbox.models import OutboxMessage
from bot.people import membership
from bot.people.models import AuditEntry, Person
from bot.questionnaires.models import Answer, ComuneShare, Invitation, Response
from tests import builders
from tests.conftest import ADMIN_ID
from tests.people_support import member
from tests.questionnaire_support import TINY, launch, seed_catalogue

T1, T2, T3 = 8101, 8102, 8103
NAMES = {T1: ("Anna", "Finita"), T2: ("Bruno", "Inizia"), T3: ("Carla", "Nulla")}  # as Telegram sends them
ANNA, BRUNO, CARLA = (" ".join(NAMES[t]) for t in (T1, T2, T3))


async def press(chat, data, user_id):
    first, last_ = NAMES.get(user_id, ("Ada", "Admin"))
    return await chat.press(data, user_id=user_id, first_name=first, last_name=last_)


async def say(chat, text, user_id):
    first, last_ = NAMES.get(user_id, ("Ada", "Admin"))
    return await chat.say(text, user_id=user_id, first_name=first, last_name=last_)


def button(chat, label, user_id=None):
    """Data of the button with this label in the latest message (to that user) that has it."""
    for call in reversed(chat.telegram.messages):
        if user_id is not None and call.params.get("chat_id") != user_id:
            continue
        for text, data in call.buttons():
            if text == label:
                return data
    raise AssertionError(f"no button {label!r}")


def last(chat, user_id):
    return next(c for c in reversed(chat.telegram.messages) if c.params.get("chat_id") == user_id).text


async def tick(chat):
    job = chat.app.job_queue.get_jobs_by_name("questionnaires:reminders")[0]
    await job.run(chat.app)


async def outbox(db, campaign_id, person_id=None):
    async with db.session() as s:
        query = select(OutboxMessage).where(OutboxMessage.round.like(f"q:{campaign_id}:%")).order_by(OutboxMessage.id)
        if person_id is not None:
            query = query.where(OutboxMessage.person_id == person_id)
        return (await s.scalars(query)).all()


async def _admin(chat, clock):
    async with chat.services.db.session() as s:
        await seed_catalogue(s)
    return await member(chat.services.db, clock, ADMIN_ID, None, name="Ada Admin")  # admin by ZOBOT_ADMINS


def _cli(db_url, *argv):
    os.environ["ZOBOT_DATABASE_URL"] = db_url
    try:
        return bot.cli.main(list(argv))
    finally:
        del os.environ["ZOBOT_DATABASE_URL"]


async def test_a_referent_registered_after_launch_is_invited_and_answers(chat, clock):
    db = chat.services.db
    await _admin(chat, clock)
    first = await member(db, clock, T1, "referente", comuni=("Rho",), name=ANNA)
    cid = await launch(db, TINY, [], clock.now(), kind="all_referents")
    assert len(await outbox(db, cid)) == 1
    clock.advance(timedelta(days=1))
    late = await member(db, clock, T2, "referente", comuni=("Legnano",), name=BRUNO)
    await tick(chat)
    await tick(chat)  # the tick may run twice (or on two instances): one invitation
    sent = await outbox(db, cid, late)
    assert [m.round for m in sent] == [f"q:{cid}:late"]
    assert sent[0].text.startswith("➕ <i>Ricevi questo invito ora perché fai parte dei destinatari: "
                                   "tutti i referenti.</i>")
    await press(chat, sent[0].keyboard[0][0]["data"], T2)
    assert "Domanda 1 di 4" in last(chat, T2)
    await press(chat, button(chat, "No", T2), T2)
    async with db.session() as s:
        invs = dict((await s.execute(select(Invitation.person_id, Invitation.late)
                                     .where(Invitation.campaign_id == cid))).all())
    assert invs == {first: False, late: True}
    await press(chat, f"q:S:{cid}", ADMIN_ID)
    assert "Invitati: 2 (al lancio 1, aggiunti dopo 1)" in last(chat, ADMIN_ID)
    await press(chat, f"q:F:{cid}:p", ADMIN_ID)
    pending = last(chat, ADMIN_ID)
    assert f"{BRUNO} <i>(aggiunto/a dopo il lancio)</i> — Telegram" in pending and f"• {ANNA} — Telegram\n" in pending
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "questionnaire.invite_late")) == 1


async def test_a_revoked_po_gets_nothing_more(chat, clock, db_url):
    db = chat.services.db
    await _admin(chat, clock)
    kept = await member(db, clock, T1, "po", office_code="sua", name=ANNA)
    gone = await member(db, clock, T2, "po", office_code="ambiente", name=BRUNO)
    opens = (clock.now() + timedelta(days=1)).strftime("%Y-%m-%d")
    closes = (clock.now() + timedelta(days=8)).strftime("%Y-%m-%d")
    assert await asyncio.to_thread(_cli, db_url, "questionnaire", "launch", "followup_po_zone", "--audience", "po",
                                   "--opens", opens, "--closes", closes) == 0
    cid = 1
    async with db.session() as s:
        await membership.revoke(s, await s.get(Person, gone), actor="test", now=clock.now())
    await tick(chat)  # before the opening: the invitation waiting for the revoked PO never goes out
    invite = (await outbox(db, cid, gone))[0]
    assert invite.status == "expired" or invite.expires_at <= clock.now()
    clock.advance(timedelta(days=6))  # open, and 3 days before closing: the reminder is due
    await tick(chat)
    reminders = [m for m in await outbox(db, cid) if ":rem" in m.round]
    assert [m.person_id for m in reminders] == [kept]
    await press(chat, f"q:F:{cid}:r", ADMIN_ID)
    assert "Il messaggio andrà a 1 persona: chi non ha ancora finito" in last(chat, ADMIN_ID)
    calls = await say(chat, f"/start q_{cid}", T2)
    assert calls[-1].text == "Questo questionario non è rivolto a te."
    calls = await say(chat, "/questionari", T2)
    assert calls[-1].text == "Non hai questionari aperti in questo momento."
    await press(chat, f"q:S:{cid}", ADMIN_ID)
    assert "Non più tra i destinatari (revocati): 1." in last(chat, ADMIN_ID)


async def test_pending_remind_extend_close_reopen_in_the_chat(chat, clock):
    db = chat.services.db
    await _admin(chat, clock)
    ids = [await member(db, clock, t, "po", office_code="sua", name=n)
           for t, n in ((T1, ANNA), (T2, BRUNO), (T3, CARLA))]
    cid = await launch(db, TINY, ids, clock.now(), days=10)
    await press(chat, f"q:go:{cid}", T1)
    await press(chat, button(chat, "No", T1), T1)
    await say(chat, "3", T1)
    await say(chat, "tutto bene", T1)
    await press(chat, button(chat, "Invia ✅", T1), T1)
    await press(chat, f"q:go:{cid}", T2)
    # who is missing
    await press(chat, f"q:F:{cid}:p", ADMIN_ID)
    text = last(chat, ADMIN_ID)
    assert "Non hanno ancora finito: 2." in text
    assert f"<b>Da iniziare (1)</b>\n• {CARLA}" in text and f"<b>In corso (1)</b>\n• {BRUNO}" in text
    # remind now: a preview with how many, then once however many presses
    await press(chat, f"q:F:{cid}:r", ADMIN_ID)
    assert "Il messaggio andrà a 2 persone:" in last(chat, ADMIN_ID)
    send = button(chat, "⏰ Invia il sollecito", ADMIN_ID)
    calls = await press(chat, send, ADMIN_ID)
    assert calls[0].params["text"] == "✅ Sollecito in partenza: 2 messaggi."
    await press(chat, send, ADMIN_ID)
    nudges = [m for m in await outbox(db, cid) if ":nudge" in m.round]
    assert sorted(m.person_id for m in nudges) == ids[1:]
    assert nudges[0].text.startswith("⏰ Un sollecito degli organizzatori")
    # extend by 7 days (a second press of the same button changes nothing)
    await press(chat, f"q:F:{cid}:e", ADMIN_ID)
    extend = button(chat, "+7 giorni", ADMIN_ID)
    await press(chat, extend, ADMIN_ID)
    calls = await press(chat, extend, ADMIN_ID)
    assert calls[0].params["text"] == "Questo pulsante non è più valido: usa l'ultimo messaggio."
    closes = clock.now() + timedelta(days=17)
    assert f"Chiude il {closes.astimezone(chat.services.settings.timezone):%d/%m/%Y}" in last(chat, ADMIN_ID)
    # reopen Anna's response: she is told, and may send it again
    await press(chat, f"q:F:{cid}:d", ADMIN_ID)
    await press(chat, button(chat, f"✏️ {ANNA}", ADMIN_ID), ADMIN_ID)
    told = [m for m in await outbox(db, cid, ids[0]) if m.round == f"q:{cid}:reopen"]
    assert told and told[0].text.startswith("✏️ La tua risposta a «<b>Prova</b>» è stata riaperta")
    await press(chat, told[0].keyboard[0][0]["data"], T1)
    assert "Riepilogo delle tue risposte" in last(chat, T1)
    await press(chat, button(chat, "Invia ✅", T1), T1)
    assert last(chat, T1).startswith("✅ Grazie!")
    # close now: nobody answers any more, nothing waiting goes out
    await press(chat, f"q:F:{cid}:c", ADMIN_ID)
    await press(chat, button(chat, "⏹ Sì, chiudi ora", ADMIN_ID), ADMIN_ID)
    assert "Chiuso il " in last(chat, ADMIN_ID)
    calls = await press(chat, f"q:go:{cid}", T3)
    assert calls[-1].text.startswith("Il questionario «Prova» si è chiuso il ")
    async with db.session() as s:
        actions = (await s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("questionnaire.%"))
                                   .order_by(AuditEntry.id))).all()
        pending = (await s.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending",
                                                               OutboxMessage.round.like(f"q:{cid}:%")))).all()
    assert actions == ["questionnaire.launch", "questionnaire.remind", "questionnaire.remind", "questionnaire.extend",
                       "questionnaire.reopen", "questionnaire.close"]
    assert all(m.expires_at <= clock.now() for m in pending)


async def test_pending_remind_extend_close_reopen_on_the_command_line(chat, clock, db_url, capsys):
    db = chat.services.db
    await _admin(chat, clock)
    ids = [await member(db, clock, t, "po", office_code="sua", name=n)
           for t, n in ((T1, ANNA), (T2, BRUNO))]
    cid = await launch(db, TINY, ids, clock.now(), days=10)
    await press(chat, f"q:go:{cid}", T1)
    await press(chat, button(chat, "No", T1), T1)
    await say(chat, "3", T1)
    await say(chat, "bene", T1)
    await press(chat, button(chat, "Invia ✅", T1), T1)
    capsys.readouterr()

    async def run(*argv):
        code = await asyncio.to_thread(_cli, db_url, "questionnaire", *argv)
        out = capsys.readouterr()
        return code, out.out + out.err

    code, out = await run("pending", str(cid))
    assert code == 0 and "Non hanno ancora finito: 1." in out and f"• {BRUNO} (#{ids[1]})" in out
    code, out = await run("pending", str(cid), "--sent")
    assert code == 0 and f"• {ANNA} (#{ids[0]})" in out
    code, out = await run("remind", str(cid))
    assert (code, out) == (0, f"campagna {cid}: 1 messaggio di sollecito in coda\n")
    until = (datetime.now(chat.services.settings.timezone) + timedelta(days=30)).date()
    code, out = await run("extend", str(cid), "--until", until.isoformat())
    assert code == 0 and out.startswith(f"campagna {cid}: ora chiude il {until:%d/%m/%Y} alle 23:59")
    code, out = await run("extend", str(cid), "--until", "2020-01-01")
    assert code == 1 and "nulla è cambiato" in out
    code, out = await run("reopen", str(cid), "--person", str(ids[1]))
    assert code == 1 and "non ha una risposta inviata da riaprire" in out
    code, out = await run("reopen", str(cid), "--person", str(ids[0]))
    assert (code, out) == (0, f"campagna {cid}: risposta della persona {ids[0]} riaperta; le è stato scritto\n")
    code, out = await run("close", str(cid))
    assert code == 0 and out.startswith(f"campagna {cid}: chiusa il ")
    code, out = await run("close", str(cid))
    assert code == 1 and "già chiuso" in out
    code, out = await run("status", "999")
    assert (code, out) == (1, "zobot: Questionario non trovato.\n")
    async with db.session() as s:
        inv = await s.scalar(select(Invitation).where(Invitation.person_id == ids[0]))
        actors = (await s.scalars(select(AuditEntry.actor).where(AuditEntry.action.in_(
            ("questionnaire.remind", "questionnaire.extend", "questionnaire.reopen", "questionnaire.close"))))).all()
    assert inv.status == "started" and actors == ["cli"] * 4


async def test_one_response_per_comune_two_referents_of_rho(chat, clock):
    db = chat.services.db
    await _admin(chat, clock)
    remo = await member(db, clock, T1, "referente", comuni=("Rho",), name=ANNA)
    rita = await member(db, clock, T2, "referente", comuni=("Rho",), name=BRUNO)
    await member(db, clock, T3, "referente", comuni=("Legnano",), name=CARLA)
    cid = await launch(db, TINY, [], clock.now(), kind="all_referents", unit="comune")
    invite = (await outbox(db, cid, remo))[0]
    assert "Risponde una persona per Comune" in invite.text
    await press(chat, f"q:go:{cid}", T1)
    assert "Rispondi per il Comune di <b>Rho</b>" in last(chat, T1)
    await press(chat, button(chat, "No", T1), T1)
    await say(chat, "4", T1)
    # Bruno opens: Anna holds Rho's response
    await press(chat, f"q:go:{cid}", T2)
    assert f"sta già rispondendo <b>{ANNA}</b>" in last(chat, T2)
    clock.advance(timedelta(hours=49))  # Anna went quiet: Bruno may take over, from her answers
    await press(chat, f"q:go:{cid}", T2)
    assert "fermo/a dal" in last(chat, T2)
    await press(chat, button(chat, "✋ Subentra", T2), T2)
    assert "<b>Note</b>" in last(chat, T2)  # the first unanswered question
    await say(chat, "per Rho", T2)
    await press(chat, button(chat, "Invia ✅", T2), T2)
    assert last(chat, T2) == "✅ Grazie! La risposta del Comune di Rho a «Prova» è stata registrata."
    told = [m for m in await outbox(db, cid, remo) if m.round == f"q:{cid}:takeover"]
    assert told and f"{BRUNO} ha preso in carico la risposta del Comune di Rho" in told[0].text
    calls = await press(chat, f"q:go:{cid}", T1)
    assert calls[-1].text == f"La risposta del Comune di Rho a «Prova» è già stata inviata da {BRUNO}. Grazie!"
    async with db.session() as s:
        shares = (await s.execute(select(ComuneShare.comune_id, Response.status)
                                  .join(Response, Response.id == ComuneShare.response_id))).all()
        assert len(shares) == 1 and shares[0][1] == "completed"
        assert await s.scalar(select(func.count()).select_from(Response).where(Response.campaign_id == cid)) == 1
        values = dict((await s.execute(select(Answer.question_id, Answer.value))).all())
        statuses = dict((await s.execute(select(Invitation.person_id, Invitation.status)
                                         .where(Invitation.campaign_id == cid))).all())
    assert values == {"eroga": "no", "quanti": 4, "note": "per Rho"}
    assert statuses[remo] == statuses[rita] == "completed"  # Rho has answered: no reminders to either
    await press(chat, f"q:S:{cid}", ADMIN_ID)
    assert "Comuni che hanno risposto: <b>1</b> su " in last(chat, ADMIN_ID)
    await press(chat, f"q:R:{cid}", ADMIN_ID)
    assert "Comuni che hanno risposto: <b>1</b> su " in last(chat, ADMIN_ID)
    await press(chat, f"q:F:{cid}:p", ADMIN_ID)
    pending = last(chat, ADMIN_ID)
    assert "Comuni senza risposta, con referenti invitati (1)</b>\n• Legnano" in pending
    assert "E 131 Comuni senza referenti invitati" in pending


async def test_a_respondent_resumes_after_update_ids_restart_at_1(chat, clock):
    db = chat.services.db
    pid = await member(db, clock, T1, "po", office_code="sua", name=ANNA)
    cid = await launch(db, TINY, [pid], clock.now())
    high = 900_000_000
    await chat.feed(builders.callback(f"q:go:{cid}", user_id=T1, update_id=high))
    await chat.feed(builders.callback(button(chat, "Sì", T1), user_id=T1, update_id=high + 1))
    await chat.feed(builders.callback(button(chat, "Ambiente", T1), user_id=T1, update_id=high + 2))
    # a week of silence: Telegram numbers the updates from 1 again
    clock.advance(timedelta(days=8))
    await chat.feed(builders.callback(button(chat, "Conferma ✅", T1), user_id=T1, update_id=1))
    assert "Domanda 3 di 4" in last(chat, T1)
    await chat.feed(builders.message("5", user_id=T1, update_id=2))
    assert "<b>Note</b>" in last(chat, T1)
    await chat.feed(builders.message("bene", user_id=T1, update_id=3))
    await chat.feed(builders.callback(button(chat, "Invia ✅", T1), user_id=T1, update_id=4))
    assert last(chat, T1).startswith("✅ Grazie!")
    async with db.session() as s:
        values = dict((await s.execute(select(Answer.question_id, Answer.value))).all())
    assert values == {"eroga": "si", "temi": ["ambiente"], "quanti": 5, "note": "bene"}
    assert not chat.errors


async def test_a_typed_answer_redelivered_changes_nothing(chat, clock):
    db = chat.services.db
    pid = await member(db, clock, T1, "po", office_code="sua", name=ANNA)
    cid = await launch(db, TINY, [pid], clock.now())
    await press(chat, f"q:go:{cid}", T1)
    await press(chat, button(chat, "No", T1), T1)
    payload = builders.message("7", user_id=T1)
    await chat.feed(payload)
    before = len(chat.telegram.calls)
    await chat.feed(payload)  # the same message again (polling after a crash): not an answer to «Note»
    assert len(chat.telegram.calls) == before
    async with db.session() as s:
        values = dict((await s.execute(select(Answer.question_id, Answer.value))).all())
    assert values == {"eroga": "no", "quanti": 7}


async def test_the_launch_dialogue_offers_one_response_per_comune_to_referents(chat, clock):
    await _admin(chat, clock)
    await member(chat.services.db, clock, T1, "referente", comuni=("Rho",), name=ANNA)
    await say(chat, "/lancia", ADMIN_ID)
    await press(chat, button(chat, "Indagine sui Comuni: bisogni, gestione associata e tavoli", ADMIN_ID), ADMIN_ID)
    await press(chat, button(chat, "Tutti i referenti", ADMIN_ID), ADMIN_ID)
    await press(chat, button(chat, "7 giorni", ADMIN_ID), ADMIN_ID)
    assert "👤 Una risposta per persona." in last(chat, ADMIN_ID)
    await press(chat, button(chat, "🏛 Una risposta per Comune", ADMIN_ID), ADMIN_ID)
    assert "🏛 Una risposta per Comune: i referenti di un Comune ne condividono una." in last(chat, ADMIN_ID)
    await press(chat, button(chat, "🚀 Lancia", ADMIN_ID), ADMIN_ID)
    assert "lanciato: 1 invito in partenza" in last(chat, ADMIN_ID)
    await press(chat, button(chat, "📈 Stato", ADMIN_ID), ADMIN_ID)
    assert "Comuni che hanno risposto: <b>0</b> su 133" in last(chat, ADMIN_ID)


async def test_a_referent_moved_out_of_the_zone_gets_nothing_more(chat, clock):
    db = chat.services.db
    from bot.catalogue.models import Comune
    from bot.people.audience import Audience
    from bot.people.models import PersonComune
    await _admin(chat, clock)
    moved = await member(db, clock, T1, "referente", comuni=("Rho",), name=ANNA)
    cid = await launch(db, TINY, [], clock.now() + timedelta(days=1), audience=Audience("zone_referents",
                                                                                       zone_code="nord-ovest"))
    async with db.session() as s:  # no longer referent of Rho (zone Nord Ovest) but of Legnano
        row = await s.scalar(select(PersonComune).where(PersonComune.person_id == moved))
        row.comune_id = await s.scalar(select(Comune.id).where(Comune.name == "Legnano"))
    await tick(chat)
    invite = (await outbox(db, cid, moved))[0]
    assert invite.status == "pending" and invite.expires_at <= clock.now()  # the sender will not send it
    calls = await say(chat, f"/start q_{cid}", T1)
    assert calls[-1].text == "Questo questionario non è rivolto a te."
