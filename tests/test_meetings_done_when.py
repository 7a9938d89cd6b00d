"""Issue 4, done when: an organiser creates a monthly tavolo for the Adda Martesana referents in the
chat; subscribers get the three reminders with RSVP buttons and the .ics; the organiser sees who is
coming; a restart or a crash in between changes none of that.

Sending goes through the real outbox dispatcher (`services.outbox.tick()`), the reminder job is
run with `job.run(app)`; the clock is a FixedClock moved by hand.
"""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.meetings.models import Occurrence, Tavolo
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID, start_harness, stop_harness

UTC = timezone.utc
FIRST = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)  # first Tuesday of January 2027, 10:00 in Milan
REFERENTS = {7001: "Anna Bianchi", 7002: "Bruno Colombo", 7003: "Carla Ferrari"}


async def _tick(chat) -> None:
    """One reminder job run, then the dispatcher drains the outbox."""
    job = chat.app.job_queue.get_jobs_by_name("meetings:reminders")[0]
    await job.run(chat.app)
    await chat.services.outbox.tick()


async def _rsvp(chat, tg_id: int, data: str):
    first, last = REFERENTS[tg_id].split()
    return await chat.press(data, user_id=tg_id, first_name=first, last_name=last)


def _reminders(chat, since: int = 0):
    return [c for c in chat.telegram.calls[since:] if c.method == "sendDocument"
            and int(c.params["chat_id"]) in REFERENTS and c.text.startswith("🔔")]


async def _create_tavolo(chat) -> tuple[int, int]:
    async with chat.services.db.session() as s:
        zone, theme = await h.zone(s), await h.theme(s)
        for tg_id, name in REFERENTS.items():
            await h.person(s, tg_id, name=name, now=chat.services.now, zone_row=zone)
        await h.person(s, 7100, name="Referente Sud Est", now=chat.services.now,
                       zone_row=await h.zone(s, "sud-est", "Sud Est"))
    await chat.say("/nuovotavolo", user_id=ADMIN_ID)
    await chat.say("Tavolo Ambiente Adda Martesana", user_id=ADMIN_ID)
    await chat.press(f"m:d:theme:{theme.id}", user_id=ADMIN_ID)
    await chat.press(f"m:d:zones:{zone.id}", user_id=ADMIN_ID)
    await chat.press("m:d:zones:ok", user_id=ADMIN_ID)
    await chat.press("m:d:sched:m1tu", user_id=ADMIN_ID)
    await chat.say("05/01/2027 10:00", user_id=ADMIN_ID)
    await chat.say("Palazzo Isimbardi – https://meet.example.org/am", user_id=ADMIN_ID)
    await chat.press("m:d:remind:def", user_id=ADMIN_ID)
    await chat.press("m:d:confirm:y", user_id=ADMIN_ID)
    async with chat.services.db.session() as s:
        tavolo = await s.scalar(select(Tavolo))
    calls = await chat.press(f"m:aud:{tavolo.id}", user_id=ADMIN_ID)
    assert ("Referenti – Adda Martesana", f"m:ad:{tavolo.id}:z:{zone.id}") in calls[-1].buttons()
    calls = await chat.press(f"m:ad:{tavolo.id}:z:{zone.id}", user_id=ADMIN_ID)
    assert calls[-1].text == "Persone aggiunte a «Tavolo Ambiente Adda Martesana»: 3 (già iscritte: 0)."
    async with chat.services.db.session() as s:
        occ = await s.scalar(select(Occurrence).where(Occurrence.start_at == FIRST))
    return tavolo.id, occ.id


async def test_monthly_tavolo_for_adda_martesana_survives_restarts(settings, clock, chat):
    tavolo_id, occ_id = await _create_tavolo(chat)
    await stop_harness(chat)  # restart between creation and the first reminder
    chat = await start_harness(settings, clock)
    try:
        clock.set(FIRST - timedelta(days=7))
        await _tick(chat)
        week = _reminders(chat)
        assert sorted(int(c.params["chat_id"]) for c in week) == sorted(REFERENTS)
        doc = week[0]
        assert doc.text.startswith("🔔 <b>Promemoria: Tavolo Ambiente Adda Martesana</b>\n"
                                   "martedì 5 gennaio 2027, ore 10:00\n📍 Palazzo Isimbardi\n")
        assert doc.buttons() == [("Partecipo", f"m:r:{occ_id}:y"), ("Non partecipo", f"m:r:{occ_id}:n"),
                                 ("Forse", f"m:r:{occ_id}:f"), ("📅 Aggiungi al calendario", f"m:cal:{tavolo_id}")]
        name, content = doc.files["document"][0], doc.files["document"][1]
        assert name.endswith("-2027-01-05.ics") and b"DTSTART:20270105T090000Z" in content
        calls = await _rsvp(chat, 7001, f"m:cal:{tavolo_id}")  # the series calendar, from the reminder
        series = calls[-1].files["document"][1]
        assert calls[-1].method == "sendDocument" and series.count(b"BEGIN:VEVENT") == 7  # Jan-Jul 2027 materialised by now
        assert f"UID:tavolo-{tavolo_id}-20270105T090000Z@zobot".encode() in series and b"UID:" in content
        await _tick(chat)  # ticking again sends nothing new
        assert len(_reminders(chat)) == 3

        await _rsvp(chat, 7001, f"m:r:{occ_id}:y")
        await _rsvp(chat, 7002, f"m:r:{occ_id}:f")
        await _rsvp(chat, 7003, f"m:r:{occ_id}:n")

        # a crash after the 1-day reminders were queued but before they were sent
        clock.set(FIRST - timedelta(days=1))
        await chat.app.job_queue.get_jobs_by_name("meetings:reminders")[0].run(chat.app)
        await stop_harness(chat)
        chat = await start_harness(settings, clock)
        await _tick(chat)
        await _tick(chat)
        day = _reminders(chat)
        assert sorted(int(c.params["chat_id"]) for c in day) == sorted(REFERENTS)  # once each

        await _rsvp(chat, 7003, f"m:r:{occ_id}:y")  # changes her mind before the start
        clock.set(FIRST - timedelta(hours=1))
        since = len(chat.telegram.calls)
        await _tick(chat)
        assert sorted(int(c.params["chat_id"]) for c in _reminders(chat, since)) == sorted(REFERENTS)
        await stop_harness(chat)  # and a restart after the last reminder
        chat = await start_harness(settings, clock)
        await _tick(chat)
        assert _reminders(chat) == []  # the new instance resends nothing

        calls = await chat.press(f"m:p:{occ_id}", user_id=ADMIN_ID)
        assert calls[-1].text == (
            "<b>Presenze – Tavolo Ambiente Adda Martesana</b>\nmartedì 5 gennaio 2027, ore 10:00\n\n"
            "✅ Partecipano (2): Anna Bianchi, Carla Ferrari\n❔ Forse (1): Bruno Colombo\n"
            "❌ Non partecipano (0): —\n▫️ Senza risposta (0): —")
        calls = await chat.press(f"m:csv:{occ_id}", user_id=ADMIN_ID)
        csv_name, csv = calls[-1].files["document"][0], calls[-1].files["document"][1].decode("utf-8-sig")
        assert csv_name == f"presenze-{tavolo_id}-2027-01-05.csv"
        assert csv.splitlines()[0] == "nome,username,risposta,aggiornata_il"
        assert "Carla Ferrari,,Partecipo," in csv and "Bruno Colombo,,Forse," in csv
        calls = await chat.press(f"m:rep:{occ_id}", user_id=ADMIN_ID)
        assert calls[-1].text == (
            "<b>Consegna dei promemoria – Tavolo Ambiente Adda Martesana</b>\nmartedì 5 gennaio 2027, ore 10:00\n"
            "• promemoria 7 giorni prima: 3 consegnati\n• promemoria 1 giorno prima: 3 consegnati\n"
            "• promemoria 1 ora prima: 3 consegnati")

        clock.set(FIRST + timedelta(minutes=5))
        await _tick(chat)
        calls = await _rsvp(chat, 7001, f"m:r:{occ_id}:n")
        assert calls[-1].params["text"] == "L'incontro è già iniziato: la risposta non si può più cambiare."
        assert chat.errors == []
    finally:
        await stop_harness(chat)
