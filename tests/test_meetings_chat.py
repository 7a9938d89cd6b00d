"""Tavoli in the chat: the guided dialogue (with a restart), /tavoli, RSVP and organiser buttons."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.meetings import tavoli
from bot.meetings.models import Draft, Occurrence, Participant, Tavolo, TavoloZone
from bot.people.directory import by_telegram_id
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID, start_harness, stop_harness

UTC = timezone.utc
REFERENT = 6001


async def _ids(chat):
    async with chat.services.db.session() as s:
        zone, theme = await h.zone(s), await h.theme(s)
        return zone.id, theme.id


async def test_guided_dialogue_end_to_end_with_a_restart(settings, clock, chat):
    zone_id, theme_id = await _ids(chat)
    calls = await chat.say("/nuovotavolo", user_id=ADMIN_ID)
    assert calls[-1].text == "<b>Nuovo tavolo di lavoro</b> (1/6)\nCome si chiama? Scrivi il titolo."
    assert calls[-1].buttons() == [("✖️ Annulla", "m:d:x")]
    calls = await chat.say("Tavolo Ambiente Adda Martesana", user_id=ADMIN_ID)
    assert calls[-1].text == "(2/6) Di che tema si occupa «Tavolo Ambiente Adda Martesana»?"
    assert ("Ambiente", f"m:d:theme:{theme_id}") in calls[-1].buttons()
    await chat.press(f"m:d:theme:{theme_id}", user_id=ADMIN_ID)
    calls = await chat.press(f"m:d:zones:{zone_id}", user_id=ADMIN_ID)
    assert calls[-1].method == "editMessageText"
    assert calls[-1].text.endswith("Scelte: Adda Martesana")
    assert ("✓ Adda Martesana", f"m:d:zones:{zone_id}") in calls[-1].buttons()

    # the bot restarts in the middle of the dialogue: the draft is in the database
    await stop_harness(chat)
    chat2 = await start_harness(settings, clock)
    try:
        calls = await chat2.press(f"m:d:theme:{theme_id}", user_id=ADMIN_ID)  # a button of an earlier step
        assert calls[-1].method == "answerCallbackQuery"
        assert calls[-1].params["text"] == "Questo passo è già stato superato."
        calls = await chat2.press("m:d:zones:ok", user_id=ADMIN_ID)
        assert calls[-1].text.startswith("(4/6) Ogni quanto si riunisce?")
        assert calls[-1].buttons()[0] == ("Ogni primo martedì del mese", "m:d:sched:m1tu")
        await chat2.press("m:d:sched:m1tu", user_id=ADMIN_ID)
        calls = await chat2.say("31/02/2027 10:00", user_id=ADMIN_ID)
        assert calls[-1].text.startswith("Non ho capito «31/02/2027 10:00»")
        calls = await chat2.say("05/01/2027 10:00", user_id=ADMIN_ID)
        assert calls[-1].text.startswith("(5/6) Dove?")
        calls = await chat2.say("Palazzo Isimbardi, sala Affari – https://meet.example.org/am", user_id=ADMIN_ID)
        assert calls[-1].text.startswith("(6/6) Quando mando i promemoria?")
        calls = await chat2.press("m:d:remind:def", user_id=ADMIN_ID)
        assert calls[-1].text == (
            "<b>Riepilogo</b>\nTitolo: Tavolo Ambiente Adda Martesana\nTema: Ambiente\nZone: Adda Martesana\n"
            "Quando: ogni primo martedì del mese alle 10:00\nPrimo incontro: martedì 5 gennaio 2027, ore 10:00\n"
            "Durata: 2 ore\nLuogo: Palazzo Isimbardi, sala Affari\nCollegamento: https://meet.example.org/am\n"
            "Promemoria: 7 giorni, 1 giorno, 1 ora\n\nConfermi?")
        assert calls[-1].buttons() == [("✅ Crea il tavolo", "m:d:confirm:y"), ("✖️ Annulla", "m:d:x")]
        calls = await chat2.press("m:d:confirm:y", user_id=ADMIN_ID)
        async with chat2.services.db.session() as s:
            tavolo = await s.scalar(select(Tavolo))
            occs = (await s.scalars(select(Occurrence).order_by(Occurrence.start_at))).all()
            zones = (await s.scalars(select(TavoloZone.zone_id))).all()
            drafts = (await s.scalars(select(Draft))).all()
        assert calls[-1].text == ("Tavolo «Tavolo Ambiente Adda Martesana» creato: 6 incontri in calendario. "
                                  "Ora puoi aggiungere i partecipanti.")
        assert calls[-1].buttons() == [("👥 Aggiungi partecipanti", f"m:aud:{tavolo.id}"),
                                       ("🗓 Incontri", f"m:o:{tavolo.id}")]
        assert (tavolo.rrule, tavolo.dtstart_local, tavolo.reminder_offsets) == ("FREQ=MONTHLY;BYDAY=1TU",
                                                                                 "2027-01-05T10:00", [10080, 1440, 60])
        assert tavolo.theme_id == theme_id and zones == [zone_id] and drafts == []
        assert occs[0].start_at == datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
        assert (tavolo.place, tavolo.video_link) == ("Palazzo Isimbardi, sala Affari", "https://meet.example.org/am")
        assert chat2.errors == []
    finally:
        await stop_harness(chat2)


async def test_typed_dates_and_custom_reminders(chat):
    await chat.say("/nuovotavolo", user_id=ADMIN_ID)
    await chat.say("Tavolo Scuola", user_id=ADMIN_ID)
    await chat.press("m:d:theme:0", user_id=ADMIN_ID)
    await chat.press("m:d:zones:all", user_id=ADMIN_ID)
    calls = await chat.say("12/01/2027 10:00-11:30\n09/02/2027 10:00", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("(5/6) Dove?")
    await chat.press("m:d:place:none", user_id=ADMIN_ID)
    calls = await chat.say("2g 30m", user_id=ADMIN_ID)
    assert "Tema: nessun tema\nZone: tutte le zone\nQuando: 2 date stabilite\n" in calls[-1].text
    assert "Durata: 1h30\nLuogo: da definire\nPromemoria: 2 giorni, 30 minuti" in calls[-1].text
    await chat.press("m:d:confirm:y", user_id=ADMIN_ID)
    async with chat.services.db.session() as s:
        tavolo = await s.scalar(select(Tavolo))
    assert tavolo.all_zones and tavolo.dates_local == ["2027-01-12T10:00", "2027-02-09T10:00"]
    assert tavolo.duration_minutes == 90 and tavolo.reminder_offsets == [2880, 30]


async def test_dialogue_cancel_and_past_dates(chat):
    await chat.say("/nuovotavolo", user_id=ADMIN_ID)
    await chat.say("Tavolo Prova", user_id=ADMIN_ID)
    await chat.press("m:d:theme:0", user_id=ADMIN_ID)
    await chat.press("m:d:zones:all", user_id=ADMIN_ID)
    calls = await chat.say("01/01/2020 10:00", user_id=ADMIN_ID)
    assert calls[-1].text == "La data mercoledì 1 gennaio 2020, ore 10:00 è già passata: scrivi una data futura."
    calls = await chat.press("m:d:x", user_id=ADMIN_ID)
    assert calls[-1].text == "Creazione annullata: non ho salvato nulla."
    calls = await chat.press("m:d:x", user_id=ADMIN_ID)
    assert calls[-1].params["text"] == "Questo passo è già stato superato."
    async with chat.services.db.session() as s:
        assert (await s.scalars(select(Draft))).all() == [] and (await s.scalars(select(Tavolo))).all() == []


async def test_organiser_actions_refused_for_a_referent(chat, clock):
    async with chat.services.db.session() as s:
        tavolo = await h.monthly_tavolo(s, now=clock.now())
        occ = await s.scalar(select(Occurrence).order_by(Occurrence.start_at))
    await chat.say("/start", user_id=REFERENT)
    async with chat.services.db.session() as s:
        (await by_telegram_id(s, REFERENT)).role = "referente"
    calls = await chat.say("/nuovotavolo", user_id=REFERENT)
    assert calls[-1].text == "Non hai i permessi per questa operazione."
    for data in ("m:new", f"m:o:{tavolo.id}", f"m:aud:{tavolo.id}", f"m:ad:{tavolo.id}:r:0", f"m:oc:{occ.id}",
                 f"m:x:{occ.id}", f"m:xy:{occ.id}", f"m:mv:{occ.id}", f"m:p:{occ.id}", f"m:csv:{occ.id}",
                 f"m:rep:{occ.id}", "m:d:confirm:y"):
        calls = await chat.press(data, user_id=REFERENT)
        assert [c.method for c in calls] == ["answerCallbackQuery"], data
        assert calls[-1].params["text"] == "Non hai i permessi per questa operazione.", data
    async with chat.services.db.session() as s:
        occ = await s.get(Occurrence, occ.id)
        assert occ.status == "scheduled" and (await s.scalars(select(Participant))).all() == []
        assert (await s.scalars(select(Draft))).all() == []


async def test_stale_and_forged_buttons(chat, clock):
    async with chat.services.db.session() as s:
        tavolo = await h.monthly_tavolo(s, now=clock.now())
        tavolo.all_zones = True  # visible to the referent (tests/test_access_matrix.py: the invisible ones)
        occ = await s.scalar(select(Occurrence).order_by(Occurrence.start_at))
    expected = {
        "m:r:999999:y": "Questo incontro non esiste più.",
        f"m:r:{occ.id}:y": "Non sei iscritto a questo tavolo: iscriviti con /tavoli per rispondere.",
        f"m:r:{occ.id}:z": "Questo pulsante non è più valido.",
        "m:r:abc:y": "Questo pulsante non è più valido.",
        "m:r": "Questo pulsante non è più valido.",
        "m:zz:1": "Questo pulsante non è più valido.",
        "m:t:999999": "Questo tavolo non esiste più.",
        "m:s:999999": "Questo tavolo non esiste più.",
    }
    for data, text in expected.items():
        calls = await chat.press(data, user_id=REFERENT)
        assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", text)], data
    calls = await chat.press("m:d:zones:ok", user_id=ADMIN_ID)  # an organiser's dialogue button, no draft
    assert calls[-1].params["text"] == "Questo passo è già stato superato."
    # after the start the RSVP is refused even for a participant
    async with chat.services.db.session() as s:
        await tavoli.subscribe(s, tavolo.id, await by_telegram_id(s, REFERENT), now=clock.now())
    clock.set(occ.start_at)
    calls = await chat.press(f"m:r:{occ.id}:y", user_id=REFERENT)
    assert calls[-1].params["text"] == "L'incontro è già iniziato: la risposta non si può più cambiare."


async def test_tavoli_list_subscribe_calendar_and_rsvp(chat, clock):
    async with chat.services.db.session() as s:
        zone = await h.zone(s)
        tavolo = await h.monthly_tavolo(s, now=clock.now(), zone_row=zone)
        other = await h.monthly_tavolo(s, now=clock.now(), slug="altro", zone_row=await h.zone(s, "sud-est", "Sud Est"))
        await h.person(s, REFERENT, name="Anna Rossi", now=clock.now(), zone_row=zone)
        occ = await s.scalar(select(Occurrence).where(Occurrence.tavolo_id == tavolo.id).order_by(Occurrence.start_at))
    calls = await chat.say("/tavoli", user_id=REFERENT)
    assert calls[-1].text == ("<b>Tavoli di lavoro</b>\n▫️ <b>Tavolo Ambiente</b> · Ambiente · Adda Martesana\n"
                              "   prossimo incontro: martedì 5 gennaio 2027, ore 10:00")
    assert calls[-1].buttons() == [("▫️ Tavolo Ambiente", f"m:t:{tavolo.id}")]  # not the Sud Est one
    calls = await chat.press(f"m:s:{tavolo.id}", user_id=REFERENT)
    assert calls[0].params["text"] == "Iscrizione fatta: riceverai i promemoria di «Tavolo Ambiente»."
    assert calls[-1].text.endswith("Sei iscritto: riceverai i promemoria.")
    assert calls[-1].buttons() == [("❌ Annulla iscrizione", f"m:u:{tavolo.id}"),
                                   ("📅 Aggiungi al calendario", f"m:cal:{tavolo.id}")]
    calls = await chat.press(f"m:cal:{tavolo.id}", user_id=REFERENT)
    doc = calls[-1]
    assert doc.method == "sendDocument" and "Calendario di «Tavolo Ambiente»" in doc.text
    assert doc.files["document"][0] == "ambiente-am.ics" and b"BEGIN:VCALENDAR" in doc.files["document"][1]
    calls = await chat.press(f"m:r:{occ.id}:f", user_id=REFERENT)
    assert calls[0].params["text"] == "Risposta registrata: Forse."
    assert calls[-1].method == "editMessageReplyMarkup"
    assert calls[-1].buttons() == [("Partecipo", f"m:r:{occ.id}:y"), ("Non partecipo", f"m:r:{occ.id}:n"),
                                   ("✓ Forse", f"m:r:{occ.id}:f"), ("📅 Aggiungi al calendario", f"m:cal:{tavolo.id}")]
    assert other.id != tavolo.id
    calls = await chat.press(f"m:u:{tavolo.id}", user_id=REFERENT)
    assert calls[0].params["text"] == "Iscrizione annullata: non riceverai più i promemoria di «Tavolo Ambiente»."


async def test_text_without_a_draft_is_left_to_the_others(chat):
    calls = await chat.say("servizi ambiente nel Magentino", user_id=REFERENT)
    assert not any("Nuovo tavolo" in c.text or "(2/6)" in c.text for c in calls)
    async with chat.services.db.session() as s:
        assert (await s.scalars(select(Tavolo))).all() == []


async def test_reminder_job_has_a_deterministic_name(chat):
    jobs = chat.app.job_queue.get_jobs_by_name("meetings:reminders")
    assert len(jobs) == 1


async def test_a_draft_abandoned_for_a_week_no_longer_takes_text(chat, clock):
    await chat.say("/nuovotavolo", user_id=ADMIN_ID)
    clock.advance(timedelta(days=8))
    calls = await chat.say("Tavolo dimenticato", user_id=ADMIN_ID)
    assert not any(c.text.startswith("(2/6)") for c in calls)
    async with chat.services.db.session() as s:
        assert (await s.scalars(select(Draft))).all() == []


async def test_main_menu_button_opens_the_list(chat):
    calls = await chat.press("m:list", user_id=REFERENT)
    assert calls[0].method == "answerCallbackQuery"
    assert calls[-1].text.startswith("Non ci sono tavoli di lavoro per la tua zona o i tuoi temi.")
