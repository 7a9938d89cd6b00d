"""Questionnaires through the production Application with a fake Telegram: the done-when scenario and more."""
from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from bot.outbox.models import OutboxMessage
from bot.questionnaires.models import Answer, Invitation
from tests import builders
from tests.conftest import ADMIN_ID, start_harness, stop_harness
from tests.questionnaire_support import TINY, launch, person, seed_catalogue

PO = 7101
PNG = b"\x89PNG\r\n\x1a\n"


def button(calls, label):
    """Data of the button with this label in the latest message that has it."""
    for call in reversed(calls):
        for text, data in call.buttons():
            if text == label:
                return data
    raise AssertionError(f"no button {label!r}; last: {calls[-1].buttons() if calls else None}")


async def tap(chat, label, user_id=PO):
    data = button(chat.telegram.messages, label)
    return await chat.press(data, user_id=user_id)


def last_text(chat):
    return chat.telegram.messages[-1].text


async def _launch_from_chat(chat):
    """The organiser launches the follow-up to every PO for 14 days, by buttons only."""
    async with chat.services.db.session() as s:
        await seed_catalogue(s)
        await person(s, PO, role="po", name="Paolo Bianchi")
        await person(s, ADMIN_ID, role="admin", name="Org")
    await chat.say("/lancia", user_id=ADMIN_ID)
    assert last_text(chat).startswith("🚀 <b>Lancia un questionario</b>")
    await tap(chat, "Approfondimento: i servizi per Zona Omogenea", ADMIN_ID)
    await tap(chat, "Tutti i PO", ADMIN_ID)
    await tap(chat, "14 giorni", ADMIN_ID)
    assert "(persone raggiungibili: 1)" in last_text(chat)  # the admin is not a PO
    confirm = button(chat.telegram.messages, "🚀 Lancia")
    await chat.press(confirm, user_id=ADMIN_ID)
    await chat.press(confirm, user_id=ADMIN_ID)  # a double press launches once
    async with chat.services.db.session() as s:
        rows = (await s.scalars(select(OutboxMessage).where(OutboxMessage.round.like("q:%:invite")))).all()
    return rows


async def test_done_when_follow_up_answered_with_restart_and_results(chat, settings, clock, tmp_path, capsys):
    invites = await _launch_from_chat(chat)
    assert len(invites) == 1 and invites[0].chat_id == PO  # only reachable PO
    assert invites[0].keyboard[0][0]["text"] == "▶️ Rispondi"
    cid = int(invites[0].keyboard[0][0]["data"].split(":")[2])
    assert last_text(chat).startswith("📈 <b>Approfondimento")  # second press shows the status
    # the PO presses the start button of the invitation
    await chat.press(invites[0].keyboard[0][0]["data"], user_id=PO)
    assert "Domanda 1 di " in last_text(chat)
    await tap(chat, "Sì, li eroghiamo già")
    await chat.say("stazione appaltante", user_id=PO)
    await tap(chat, "Stazione Unica Appaltante")
    await chat.say("forestami", user_id=PO)
    await tap(chat, "Conferma ✅")
    await tap(chat, "A singoli Comuni")
    await chat.say("Rho", user_id=PO)
    await tap(chat, "Conferma ✅")
    assert "Quale forma giuridica" in last_text(chat)
    # the bot stops here and starts again on the same database
    await stop_harness(chat)
    chat2 = await start_harness(settings, clock)
    try:
        await chat2.say("/questionari", user_id=PO)
        assert "• <b>Approfondimento: i servizi per Zona Omogenea</b> – in corso" in last_text(chat2)
        await tap(chat2, "▶️ Riprendi: Approfondimento: i servizi per Zona Omogenea")
        assert "Quale forma giuridica" in last_text(chat2)
        await tap(chat2, "Convenzione")
        await chat2.say("12", user_id=PO)
        await tap(chat2, "Personale insufficiente")
        await tap(chat2, "Altro")
        await tap(chat2, "Conferma ✅")
        await chat2.say("Mancano fondi", user_id=PO)
        await chat2.say("Tavoli di lavoro per zona", user_id=PO)
        await tap(chat2, "Sì")
        await tap(chat2, "4")
        assert "Riepilogo delle tue risposte" in last_text(chat2)
        await tap(chat2, "Invia ✅")
        assert last_text(chat2) == "✅ Grazie! Le tue risposte a «Approfondimento: i servizi per Zona Omogenea» sono state registrate."
        await _organiser_reads_results(chat2, cid)
    finally:
        await stop_harness(chat2)
    assert not chat2.errors
    # and from the command line, on the same database
    await _cli_results(settings, cid, tmp_path, capsys)


async def _cli_results(settings, cid, tmp_path, capsys):
    import asyncio
    import os

    from bot.cli import main
    os.environ["ZOBOT_DATABASE_URL"] = settings.database_url
    try:
        assert await asyncio.to_thread(main, ["questionnaire", "results", str(cid), "--charts", str(tmp_path)]) == 0
        out = tmp_path / "risposte.xlsx"
        assert await asyncio.to_thread(main, ["questionnaire", "export", str(cid), "-o", str(out)]) == 0
    finally:
        del os.environ["ZOBOT_DATABASE_URL"]
    printed = capsys.readouterr().out
    assert "Risposte complete: 1 su 1 invitato (100%)" in printed and "• Mancano fondi" in printed
    assert (tmp_path / f"followup_po_zone-{cid}-q1-eroga.png").read_bytes().startswith(PNG)
    sheet = load_workbook(out)["Risposte"]
    assert sheet["A1"].value == "risposta" and sheet["A2"].value is not None and sheet.max_row == 2


async def _organiser_reads_results(chat, cid):
    await chat.say("/risultati", user_id=ADMIN_ID)
    await chat.press(f"q:R:{cid}", user_id=ADMIN_ID)
    text = last_text(chat)
    assert "Risposte complete: <b>1</b> su 1 invitato (100%)" in text
    assert "\n  Convenzione: 1 (100%)" in text
    before = len(chat.telegram.calls)
    await chat.press(f"q:R:{cid}:-:g", user_id=ADMIN_ID)
    photos = [c for c in chat.telegram.calls[before:] if c.method == "sendPhoto"]
    assert photos and all(next(iter(c.files.values()))[1].startswith(PNG) for c in photos)
    await chat.press(f"q:R:{cid}:-:t", user_id=ADMIN_ID)
    assert "• Tavoli di lavoro per zona" in last_text(chat) and "• Mancano fondi" in last_text(chat)
    before = len(chat.telegram.calls)
    await chat.press(f"q:R:{cid}:-:x", user_id=ADMIN_ID)
    doc = [c for c in chat.telegram.calls[before:] if c.method == "sendDocument"][0]
    filename, content, _ = next(iter(doc.files.values()))
    assert filename == f"followup_po_zone-{cid}.xlsx"
    wb = load_workbook(io.BytesIO(content))
    head = [c.value for c in wb["Risposte"][1]]
    row = dict(zip(head, [c.value for c in wb["Risposte"][2]]))
    assert row["nome"] == "Anna Rossi" and row["forma"] == "Convenzione" and row["n_comuni"] == 12
    assert row["ostacoli: Personale insufficiente"] == 1 and row["ostacoli: Nessun ostacolo"] == 0
    assert row["ostacoli: altro (testo)"] == "Mancano fondi" and row["comuni"] == "Rho"
    summary = [[c.value for c in r] for r in wb["Riepilogo"].iter_rows()]
    assert ["Risposte complete", 1] == summary[3][:2]


async def test_referent_is_refused_organiser_actions(chat):
    async with chat.services.db.session() as s:
        await person(s, 7201, role="referente")
    calls = await chat.say("/lancia", user_id=7201)
    assert calls[-1].text == "Non hai i permessi per questa operazione."
    calls = await chat.say("/risultati", user_id=7201)
    assert calls[-1].text == "Non hai i permessi per questa operazione."
    calls = await chat.press("q:L:followup_po_zone:po:7:abc", user_id=7201)
    assert calls[-1].method == "answerCallbackQuery" and calls[-1].params["show_alert"] is True
    calls = await chat.press("q:R:1:-:x", user_id=7201)
    assert [c.method for c in calls] == ["answerCallbackQuery"]


async def test_deep_link_duplicate_and_stale_updates_in_chat(chat, clock):
    async with chat.services.db.session() as s:
        p = await person(s, 7301)
    cid = await launch(chat.services.db, TINY, [p.id], clock.now())
    await chat.say(f"/start q_{cid}", user_id=7301)
    assert "Domanda 1 di 4" in last_text(chat)
    calls = await chat.say("servizi a Rho", user_id=7301)  # a button step: free text goes on to the catalogue
    assert calls and "Domanda" not in calls[-1].text
    yes = button(chat.telegram.messages, "Sì")
    uid = next(builders._update_ids)
    await chat.feed(builders.callback(yes, user_id=7301, update_id=uid))
    await chat.feed(builders.callback(yes, user_id=7301, update_id=uid))  # redelivered by Telegram
    calls = await chat.press(yes, user_id=7301)  # stale button
    assert calls[-1].params.get("text") == "Questo pulsante non è più valido: usa l'ultimo messaggio."
    async with chat.services.db.session() as s:
        assert (await s.scalars(select(Answer.value))).all() == ["si"]
    await tap(chat, "Ambiente", 7301)
    await tap(chat, "Conferma ✅", 7301)
    calls = await chat.say("5", user_id=7301)
    assert "<b>Note</b>" in calls[-1].text


async def test_closed_campaign_and_main_menu_list(chat, clock):
    async with chat.services.db.session() as s:
        p = await person(s, 7401)
    cid = await launch(chat.services.db, TINY, [p.id], clock.now(), days=2)
    calls = await chat.press("q:list", user_id=7401)
    assert "• <b>Prova</b> – da iniziare" in calls[-1].text
    clock.advance(timedelta(days=3))
    calls = await chat.press(f"q:go:{cid}", user_id=7401)
    assert calls[-1].text.startswith("Il questionario «Prova» si è chiuso il ")
    calls = await chat.say("/questionari", user_id=7401)
    assert calls[-1].text == "Non hai questionari aperti in questo momento."


async def test_reminders_go_to_non_respondents_only(chat, clock):
    async with chat.services.db.session() as s:
        done, stopped, pending, started = [await person(s, 7500 + i) for i in range(4)]
    cid = await launch(chat.services.db, TINY, [done.id, stopped.id, pending.id, started.id], clock.now(), days=5)
    await chat.press(f"q:no:{cid}", user_id=stopped.telegram_user_id)
    await chat.press(f"q:go:{cid}", user_id=started.telegram_user_id)
    async with chat.services.db.session() as s:
        inv = await s.scalar(select(Invitation).where(Invitation.person_id == done.id))
        inv.status = "completed"
    assert (await chat.services.questionnaires.tick())[1] == 0  # 5 days before closing: nothing due yet
    clock.advance(timedelta(days=2, hours=1))  # 3 days before closing
    assert (await chat.services.questionnaires.tick())[1] == 2
    assert (await chat.services.questionnaires.tick())[1] == 0  # the tick may run again: nothing new
    clock.advance(timedelta(days=2))  # 1 day before closing
    job = chat.app.job_queue.get_jobs_by_name("questionnaires:reminders")[0]
    await job.run(chat.app)
    async with chat.services.db.session() as s:
        rows = (await s.execute(select(OutboxMessage.key, OutboxMessage.text)
                                .where(OutboxMessage.round.like(f"q:{cid}:rem%")).order_by(OutboxMessage.key))).all()
    keys = [k for k, _ in rows]
    assert keys == [f"q:{cid}:{pending.id}:rem1440", f"q:{cid}:{pending.id}:rem4320",
                    f"q:{cid}:{started.id}:rem1440", f"q:{cid}:{started.id}:rem4320"]
    assert rows[0][1].startswith("⏰ Promemoria: il questionario «<b>Prova</b>» chiude il ")


async def test_launch_to_the_referents_of_one_zone(chat):
    from bot.catalogue.models import Comune
    from bot.people.models import PersonComune
    async with chat.services.db.session() as s:
        await seed_catalogue(s)
        await person(s, ADMIN_ID, role="admin")
        rho = await person(s, 7601, role="referente")
        leg = await person(s, 7602, role="referente")
        ids = dict((await s.execute(select(Comune.istat_code, Comune.id))).all())
        s.add_all([PersonComune(person_id=rho.id, comune_id=ids["015182"]),
                   PersonComune(person_id=leg.id, comune_id=ids["015118"])])
    await chat.say("/lancia", user_id=ADMIN_ID)
    await tap(chat, "Indagine sui Comuni: bisogni, gestione associata e tavoli", ADMIN_ID)
    assert [t for t, _ in chat.telegram.messages[-1].buttons()][0] == "Tutti i referenti"  # the file's audience first
    await tap(chat, "I referenti di una zona…", ADMIN_ID)
    await tap(chat, "Nord Ovest", ADMIN_ID)
    await tap(chat, "7 giorni", ADMIN_ID)
    assert "Destinatari: I referenti della zona Nord Ovest (persone raggiungibili: 1)." in last_text(chat)
    await tap(chat, "🚀 Lancia", ADMIN_ID)
    assert last_text(chat).startswith("✅ Questionario «Indagine sui Comuni: bisogni, gestione associata e tavoli» "
                                      "lanciato: 1 invito in partenza.")
    await tap(chat, "📈 Stato", ADMIN_ID)
    assert "Invitati: 1\n• da iniziare: 1\n• in corso: 0\n• completati: 0 (0%)" in last_text(chat)
    async with chat.services.db.session() as s:
        invited = (await s.scalars(select(Invitation.person_id))).all()
    assert invited == [rho.id]


async def test_free_text_is_an_answer_only_while_the_step_is_fresh_and_open(chat, clock):
    async with chat.services.db.session() as s:
        p = await person(s, 7701)
    cid = await launch(chat.services.db, TINY, [p.id], clock.now(), days=2)
    await chat.press(f"q:go:{cid}", user_id=7701)
    await tap(chat, "No", 7701)
    assert "Quanti comuni?" in last_text(chat)
    clock.advance(timedelta(hours=7))  # hours later the text is a catalogue question again
    calls = await chat.say("servizi a Rho", user_id=7701)
    assert calls and "Domanda" not in calls[-1].text and "⚠️" not in calls[-1].text
    await chat.say("/questionari", user_id=7701)
    await tap(chat, "▶️ Riprendi: Prova", 7701)
    calls = await chat.say("5", user_id=7701)  # resumed: typing answers again
    assert "<b>Note</b>" in calls[-1].text
    clock.advance(timedelta(days=2))  # closed: free text goes on to the catalogue, never "closed" forever
    calls = await chat.say("servizi a Rho", user_id=7701)
    assert calls and "chiuso" not in calls[-1].text and "Domanda" not in calls[-1].text
    async with chat.services.db.session() as s:
        assert (await s.scalars(select(Answer.value).order_by(Answer.answered_at))).all() == ["no", 5]
