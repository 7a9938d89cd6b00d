"""The organiser's tools in the chat: occurrences, cancel, move (typed, across a restart), audiences."""
from datetime import datetime, timezone

from sqlalchemy import select

from bot.meetings import tavoli
from bot.meetings.models import Draft, Occurrence
from bot.outbox.models import OutboxMessage
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID, start_harness, stop_harness

UTC = timezone.utc


async def _setup(chat, clock):
    async with chat.services.db.session() as s:
        tavolo = await h.monthly_tavolo(s, now=clock.now())
        anna = await h.person(s, 9001, name="Anna Bianchi", now=clock.now(), zone_row=await h.zone(s))
        await tavoli.subscribe(s, tavolo.id, anna, now=clock.now())
        occs = (await s.scalars(select(Occurrence).order_by(Occurrence.start_at))).all()
    return tavolo, occs


async def test_organiser_lists_and_cancels_an_occurrence(chat, clock):
    tavolo, occs = await _setup(chat, clock)
    calls = await chat.say("/tavoli", user_id=ADMIN_ID)
    assert calls[-1].buttons()[-1] == ("➕ Nuovo tavolo", "m:new")
    calls = await chat.press(f"m:t:{tavolo.id}", user_id=ADMIN_ID)
    assert ("🗓 Incontri", f"m:o:{tavolo.id}") in calls[-1].buttons()
    calls = await chat.press(f"m:o:{tavolo.id}", user_id=ADMIN_ID)
    assert calls[-1].text == "<b>Tavolo Ambiente</b> – incontri in programma:"
    assert calls[-1].buttons()[0] == ("martedì 5 gennaio 2027, ore 10:00", f"m:oc:{occs[0].id}")
    calls = await chat.press(f"m:oc:{occs[0].id}", user_id=ADMIN_ID)
    assert calls[-1].text == ("<b>Tavolo Ambiente</b>\nmartedì 5 gennaio 2027, ore 10:00\nStato: in programma\n"
                              "Risposte: 0 partecipano, 0 forse, 0 non partecipano, 1 senza risposta.")
    calls = await chat.press(f"m:x:{occs[0].id}", user_id=ADMIN_ID)
    assert calls[-1].text == "Annullare l'incontro di martedì 5 gennaio 2027, ore 10:00? Gli iscritti (1) riceveranno un avviso."
    calls = await chat.press(f"m:xy:{occs[0].id}", user_id=ADMIN_ID)
    assert calls[-1].text == "Incontro di martedì 5 gennaio 2027, ore 10:00 annullato: avviso in invio agli iscritti (1)."
    calls = await chat.press(f"m:xy:{occs[0].id}", user_id=ADMIN_ID)  # the same button again
    assert calls[-1].params["text"] == "Questo incontro è già annullato."
    async with chat.services.db.session() as s:
        notices = (await s.scalars(select(OutboxMessage))).all()
    assert [(n.chat_id, n.round) for n in notices] == [(9001, f"m:{tavolo.id}:{occs[0].id}:cancel")]
    calls = await chat.press(f"m:o:{tavolo.id}", user_id=ADMIN_ID)
    assert calls[-1].buttons()[0] == ("martedì 5 gennaio 2027, ore 10:00 (annullato)", f"m:oc:{occs[0].id}")


async def test_move_by_typed_date_survives_a_restart(settings, clock, chat):
    tavolo, occs = await _setup(chat, clock)
    calls = await chat.press(f"m:mv:{occs[1].id}", user_id=ADMIN_ID)
    assert calls[-1].text == ("Scrivi la nuova data e ora dell'incontro di martedì 2 febbraio 2027, ore 10:00, "
                              "per esempio <i>19/01/2027 10:00</i>.")
    await stop_harness(chat)
    chat2 = await start_harness(settings, clock)
    try:
        calls = await chat2.say("domani", user_id=ADMIN_ID)
        assert calls[-1].text.startswith("Non ho capito «domani»")
        calls = await chat2.say("09/02/2027 15:30", user_id=ADMIN_ID)
        assert calls[-1].text == "Incontro spostato a martedì 9 febbraio 2027, ore 15:30: avviso in invio agli iscritti (1)."
        async with chat2.services.db.session() as s:
            occ = await s.get(Occurrence, occs[1].id)
            notice = await s.scalar(select(OutboxMessage))
            assert (await s.scalars(select(Draft))).all() == []
        assert occ.start_at == datetime(2027, 2, 9, 14, 30, tzinfo=UTC) and occ.sequence == 1
        assert occ.original_start == datetime(2027, 2, 2, 9, 0, tzinfo=UTC)
        assert notice.kind == "document" and notice.chat_id == 9001
        calls = await chat2.press(f"m:oc:{occs[1].id}", user_id=ADMIN_ID)
        assert "Stato: spostato (era martedì 2 febbraio 2027, ore 10:00)" in calls[-1].text
        assert chat2.errors == []
    finally:
        await stop_harness(chat2)


async def test_add_whole_audiences(chat, clock):
    tavolo, _ = await _setup(chat, clock)
    async with chat.services.db.session() as s:
        zone, theme = await h.zone(s), await h.theme(s)
        await h.person(s, 9002, name="Bruno Verdi", now=clock.now(), zone_row=zone)
    calls = await chat.press(f"m:aud:{tavolo.id}", user_id=ADMIN_ID)
    assert calls[-1].buttons() == [("Referenti – Adda Martesana", f"m:ad:{tavolo.id}:z:{zone.id}"),
                                   ("PO del tema Ambiente", f"m:ad:{tavolo.id}:t:{theme.id}"),
                                   ("Tutti i referenti", f"m:ad:{tavolo.id}:r:0")]
    calls = await chat.press(f"m:ad:{tavolo.id}:z:{zone.id}", user_id=ADMIN_ID)
    assert calls[-1].text == "Persone aggiunte a «Tavolo Ambiente»: 1 (già iscritte: 1)."
    calls = await chat.press(f"m:ad:{tavolo.id}:z:999999", user_id=ADMIN_ID)
    assert calls[-1].params["text"] == "Questo tavolo non esiste più."
