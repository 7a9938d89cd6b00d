"""Issue 13 item 6 in the chat: edit a tavolo (place, schedule), archive it, add and remove a named person;
the RSVP asked again after a move and a last call to those who have not answered; an agenda (text or a
document), minutes after the meeting and actual presence beside the RSVP in the attendance export."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from bot.meetings import tavoli
from bot.meetings.models import Occurrence, Participant, Rsvp, Tavolo
from tests import builders
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID

ROME = ZoneInfo("Europe/Rome")
UTC = timezone.utc
FIRST = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)  # first Tuesday of January 2027, 10:00 in Milan
ANNA, BRUNO = 7401, 7402


async def _setup(chat, clock):
    """A monthly tavolo with Anna and Bruno subscribed; its occurrences by start."""
    async with chat.services.db.session() as s:
        zone = await h.zone(s)
        tavolo = await h.monthly_tavolo(s, now=clock.now(), zone_row=zone)
        for tg, name in ((ANNA, "Anna Bianchi"), (BRUNO, "Bruno Colombo")):
            await tavoli.subscribe(s, tavolo.id, await h.person(s, tg, name=name, now=clock.now(), zone_row=zone),
                                   now=clock.now())
        occs = (await s.scalars(select(Occurrence).where(Occurrence.tavolo_id == tavolo.id)
                                .order_by(Occurrence.start_at))).all()
    return tavolo, occs


async def _send(chat, payload: dict) -> list:
    before = len(chat.telegram.calls)
    await chat.feed(payload)
    return chat.telegram.calls[before:]


def _to(chat, since: int, who: int) -> list:
    return [c for c in chat.telegram.calls[since:] if c.method in ("sendMessage", "sendDocument")
            and int(c.params.get("chat_id", 0)) == who]


async def test_edit_place_and_schedule_in_the_chat_tells_the_participants(chat, clock):
    tavolo, occs = await _setup(chat, clock)
    calls = await chat.press(f"m:t:{tavolo.id}", user_id=ADMIN_ID)
    assert ("✏️ Modifica", f"m:e:{tavolo.id}") in calls[-1].buttons()
    calls = await chat.press(f"m:e:{tavolo.id}", user_id=ADMIN_ID)
    assert ("Luogo", f"m:ef:{tavolo.id}:place") in calls[-1].buttons()
    calls = await chat.press(f"m:ef:{tavolo.id}:place", user_id=ADMIN_ID)
    assert calls[-1].text == "Scrivi il nuovo luogo di «Tavolo Ambiente» (oppure «-» per toglierlo)."
    since = len(chat.telegram.calls)
    calls = await chat.say("Sala Affari, via Vivaio 1", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("«Tavolo Ambiente» aggiornato. Incontri: 6 aggiornati (stessa data). "
                                     "Avviso in invio a 2 iscritti.")
    await chat.services.outbox.tick()
    [notice] = _to(chat, since, ANNA)
    assert notice.text.startswith("🔁 <b>Tavolo Ambiente</b>: il calendario è cambiato.\nNuovo luogo: Sala Affari, "
                                  "via Vivaio 1\n")
    events = Calendar.from_ical(notice.files["document"][1]).walk("VEVENT")
    assert len(events) == 6 and {str(e["LOCATION"]) for e in events} == {"Sala Affari, via Vivaio 1, "
                                                                        "https://meet.example.org/t"}
    assert {int(e["SEQUENCE"]) for e in events} == {1}

    # a new schedule: weekly on Thursdays from 14 January, typed as when creating
    await chat.press(f"m:ef:{tavolo.id}:sched", user_id=ADMIN_ID)
    calls = await chat.press("m:d:sched:w", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("Data e ora del primo incontro?")
    since = len(chat.telegram.calls)
    calls = await chat.say("14/01/2027 10:00", user_id=ADMIN_ID)
    assert "spostat" in calls[-1].text and "Avviso in invio a 2 iscritti." in calls[-1].text
    async with chat.services.db.read() as s:
        first = await s.get(Occurrence, occs[0].id)
        saved = await s.get(Tavolo, tavolo.id)
    assert saved.rrule == "FREQ=WEEKLY;BYDAY=TH"
    assert first.start_at == datetime(2027, 1, 14, 9, 0, tzinfo=UTC)  # the nearest new date: the same meeting
    await chat.services.outbox.tick()
    assert len(_to(chat, since, BRUNO)) == 1


async def test_archive_cancels_the_coming_meetings_and_says_so(chat, clock):
    tavolo, occs = await _setup(chat, clock)
    calls = await chat.press(f"m:ar:{tavolo.id}", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("Archiviare «Tavolo Ambiente»? Gli incontri in programma (6)")
    since = len(chat.telegram.calls)
    calls = await chat.press(f"m:ary:{tavolo.id}", user_id=ADMIN_ID)
    assert calls[-1].text == "«Tavolo Ambiente» archiviato: 6 incontri annullati, avviso in invio agli iscritti (2)."
    await chat.services.outbox.tick()
    [notice] = _to(chat, since, ANNA)
    assert notice.text.startswith("🗄 <b>Tavolo Ambiente</b>: il tavolo è concluso")
    assert {str(e["STATUS"]) for e in Calendar.from_ical(notice.files["document"][1]).walk("VEVENT")} == {"CANCELLED"}
    calls = await chat.say("/tavoli", user_id=ANNA)
    assert "Tavolo Ambiente" not in calls[-1].text
    calls = await chat.press(f"m:t:{tavolo.id}", user_id=ADMIN_ID)
    assert calls[-1].params["text"] == "Questo tavolo non esiste più."


async def test_add_and_remove_a_named_person(chat, clock):
    tavolo, _ = await _setup(chat, clock)
    async with chat.services.db.session() as s:
        carla = await h.person(s, 7403, name="Carla Ferrari", role="po", now=clock.now())
    calls = await chat.press(f"m:pp:{tavolo.id}", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("<b>Partecipanti di «Tavolo Ambiente»</b> (2)")
    await chat.press(f"m:pa:{tavolo.id}", user_id=ADMIN_ID)
    calls = await chat.say("nessuno così", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("Non trovo nessuno che si chiami «nessuno così»")
    calls = await chat.say("carla", user_id=ADMIN_ID)
    assert calls[-1].text == "Carla Ferrari aggiunto/a a «Tavolo Ambiente»: riceverà i promemoria."
    calls = await chat.press(f"m:prm:{tavolo.id}:{carla.id}", user_id=ADMIN_ID)
    assert calls[0].params["text"] == "Carla Ferrari tolto/a dal tavolo."
    async with chat.services.db.read() as s:
        members = set((await s.scalars(select(Participant.person_id).where(Participant.tavolo_id == tavolo.id))).all())
    assert carla.id not in members and len(members) == 2
    calls = await chat.press(f"m:prm:{tavolo.id}:{carla.id}", user_id=ANNA)  # not an organiser
    assert calls[-1].params["text"] == "Non hai i permessi per questa operazione."


async def test_rsvp_asked_again_after_a_move_and_a_last_call_to_who_has_not_answered(chat, clock):
    tavolo, occs = await _setup(chat, clock)
    occ = occs[0]
    await chat.press(f"m:r:{occ.id}:y", user_id=ANNA)
    await chat.press(f"m:mv:{occ.id}", user_id=ADMIN_ID)
    since = len(chat.telegram.calls)
    await chat.say("12/01/2027 10:00", user_id=ADMIN_ID)
    await chat.services.outbox.tick()
    [notice] = _to(chat, since, ANNA)
    assert "Partecipi alla nuova data?" in notice.text
    assert notice.buttons()[:3] == [("Partecipo", f"m:r:{occ.id}:y"), ("Non partecipo", f"m:r:{occ.id}:n"),
                                    ("Forse", f"m:r:{occ.id}:f")]
    async with chat.services.db.read() as s:
        assert (await s.scalars(select(Rsvp).where(Rsvp.occurrence_id == occ.id))).all() == []  # asked again
    new_start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    job = chat.app.job_queue.get_jobs_by_name("meetings:reminders")[0]
    clock.set(new_start - timedelta(days=7))
    since = len(chat.telegram.calls)
    await job.run(chat.app)
    await chat.services.outbox.tick()
    assert [c.text.split("\n")[0] for c in _to(chat, since, ANNA)] == ["🔔 <b>Promemoria: Tavolo Ambiente</b>"]
    await chat.press(f"m:r:{occ.id}:n", user_id=BRUNO)
    clock.set(new_start - timedelta(days=2))
    since = len(chat.telegram.calls)
    await job.run(chat.app)
    await chat.services.outbox.tick()
    chased = _to(chat, since, ANNA)
    assert [c.text.split("\n")[0] for c in chased] == [
        "❔ <b>Tavolo Ambiente</b>: non hai ancora risposto per l'incontro di martedì 12 gennaio 2027, ore 10:00."]
    assert _to(chat, since, BRUNO) == []  # he answered: no last call
    calls = await chat.press(f"m:rep:{occ.id}", user_id=ADMIN_ID)
    assert "• ultimo invito a rispondere: 1 consegnati" in calls[-1].text


async def test_agenda_minutes_and_presence_in_the_attendance_export(chat, clock):
    tavolo, occs = await _setup(chat, clock)
    occ = occs[0]
    calls = await chat.press(f"m:oc:{occ.id}", user_id=ADMIN_ID)
    assert ("📄 Ordine del giorno", f"m:ags:{occ.id}") in calls[-1].buttons()
    await chat.press(f"m:ags:{occ.id}", user_id=ADMIN_ID)
    calls = await chat.say("1. Rifiuti\n2. Specie invasive", user_id=ADMIN_ID)
    assert calls[-1].text == "Ordine del giorno di «Tavolo Ambiente» salvato."
    # then a document for it too
    await chat.press(f"m:ags:{occ.id}", user_id=ADMIN_ID)
    chat.telegram.files["odg-1"] = b"%PDF-1.4 ordine del giorno"
    calls = await _send(chat, builders.message(None, user_id=ADMIN_ID, extra={"document": {
        "file_id": "odg-1", "file_unique_id": "odg-1", "file_name": "odg.pdf", "file_size": 26}}))
    assert calls[-1].text == "Ordine del giorno di «Tavolo Ambiente» salvato."
    chat.telegram.files["exe"] = b"MZ"
    await chat.press(f"m:ags:{occ.id}", user_id=ADMIN_ID)
    calls = await _send(chat, builders.message(None, user_id=ADMIN_ID, extra={"document": {
        "file_id": "exe", "file_unique_id": "exe", "file_name": "virus.exe", "file_size": 2}}))
    assert calls[-1].text.startswith("Invia un documento PDF, Word")
    assert not any(c.method == "download" for c in calls)  # refused before it was downloaded
    await chat.press("m:d:x", user_id=ADMIN_ID)

    clock.set(FIRST - timedelta(days=7))
    since = len(chat.telegram.calls)
    await chat.app.job_queue.get_jobs_by_name("meetings:reminders")[0].run(chat.app)
    await chat.services.outbox.tick()
    reminder = _to(chat, since, ANNA)[0]
    assert ("📄 Ordine del giorno", f"m:ag:{occ.id}") in reminder.buttons()
    calls = await chat.press(f"m:ag:{occ.id}", user_id=ANNA)
    assert calls[-2].text.startswith("<b>Ordine del giorno – Tavolo Ambiente</b>\nmartedì 5 gennaio 2027, ore 10:00\n\n"
                                     "1. Rifiuti")
    assert calls[-1].method == "sendDocument" and calls[-1].files["document"][1] == b"%PDF-1.4 ordine del giorno"
    await chat.press(f"m:r:{occ.id}:y", user_id=ANNA)
    await chat.press(f"m:r:{occ.id}:n", user_id=BRUNO, first_name="Bruno", last_name="Colombo")

    calls = await chat.press(f"m:mns:{occ.id}", user_id=ADMIN_ID)  # not yet: the meeting has not started
    assert calls[-1].params["text"] == "Il verbale e le presenze si registrano dopo l'inizio dell'incontro."
    clock.set(FIRST + timedelta(hours=2))
    calls = await chat.press(f"m:op:{tavolo.id}", user_id=ADMIN_ID)
    assert calls[-1].buttons()[0] == ("martedì 5 gennaio 2027, ore 10:00", f"m:oc:{occ.id}")
    await chat.press(f"m:mns:{occ.id}", user_id=ADMIN_ID)
    calls = await chat.say("Presenti i comuni di Cassano e Gorgonzola. Deciso il calendario.", user_id=ADMIN_ID)
    assert calls[-1].text == "Verbale di «Tavolo Ambiente» salvato."
    calls = await chat.press(f"m:pz:{occ.id}:0", user_id=ADMIN_ID)
    assert [b[0] for b in calls[-1].buttons()[:2]] == ["⬜ Anna Rossi · Partecipo", "⬜ Bruno Colombo · Non partecipo"]
    calls = await chat.press(calls[-1].buttons()[1][1], user_id=ADMIN_ID)  # Bruno came after all
    assert calls[-1].buttons()[1][0] == "☑️ Bruno Colombo · Non partecipo"  # (Anna's name: as Telegram gave it)
    assert "Presenti: 1 su 2." in calls[-1].text
    calls = await chat.press(f"m:csv:{occ.id}", user_id=ADMIN_ID)
    csv = calls[-1].files["document"][1].decode("utf-8-sig").splitlines()
    assert csv[0] == "nome,username,risposta,aggiornata_il,presente"
    assert csv[1].startswith("Anna Rossi,,Partecipo,") and csv[1].endswith(",no")
    assert csv[2].startswith("Bruno Colombo,,Non partecipo,") and csv[2].endswith(",sì")
    calls = await chat.press(f"m:t:{tavolo.id}", user_id=ANNA)  # the latest minutes, for the participants
    assert ("📝 Verbale dell'ultimo incontro", f"m:mn:{occ.id}") in calls[-1].buttons()
    calls = await chat.press(f"m:mn:{occ.id}", user_id=ANNA)
    assert "Deciso il calendario." in calls[-1].text
