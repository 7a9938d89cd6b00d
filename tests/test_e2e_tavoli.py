"""End to end over real HTTP: a referent joins a tavolo, gets its reminder (through the outbox, with
the .ics attached) when the injected clock reaches it, and answers the RSVP with a button."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.sandbox import demo
from tests.e2e_live import button, buttons, live  # noqa: F401 - live is a fixture

REFERENT = demo.REFERENT_ID
TITLE = "Scuola: uso degli spazi in orario extrascolastico (ESEMPIO)"


async def test_reminder_with_rsvp(live, clock):
    [listing] = await live.say(REFERENT, "/tavoli")
    assert listing["text"].startswith("Tavoli di lavoro\n")
    assert f"▫️ {TITLE} · Scuola · tutte le zone\n   prossimo incontro: mercoledì 20 gennaio 2027, ore 15:00" \
        in listing["text"]
    [detail] = await live.press(REFERENT, listing["message_id"], button(listing, "▫️ Scuola"))
    assert detail["text"].endswith("Prossimo incontro: mercoledì 20 gennaio 2027, ore 15:00\nNon sei iscritto.")
    [joined] = await live.press(REFERENT, detail["message_id"], button(detail, "✅ Iscriviti"))
    assert joined["text"].endswith("Sei iscritto: riceverai i promemoria.")
    assert joined["answers"][-1]["text"] == f"Iscrizione fatta: riceverai i promemoria di «{TITLE}»."

    # a week before the meeting (reminders 7g, 1g, 1h): the tavoli tick queues it, the outbox sends it
    clock.set(datetime(2027, 1, 13, 15, 1, tzinfo=ZoneInfo("Europe/Rome")))
    [tick] = live.app.job_queue.get_jobs_by_name("meetings:reminders")
    await tick.run(live.app)
    reminder = await live.client.wait_for(
        REFERENT, lambda m: m["from_bot"] and m["message_id"] > joined["message_id"], timeout=15)
    assert reminder["text"] == (f"🔔 Promemoria: {TITLE}\nmercoledì 20 gennaio 2027, ore 15:00\n"
                                "🔗 https://meet.example.org/esempio-scuola\nPartecipi? Rispondi con i pulsanti "
                                "qui sotto (puoi cambiare idea fino all'inizio).")
    assert [label for label, _ in buttons(reminder)] == ["Partecipo", "Non partecipo", "Forse",
                                                         "📅 Aggiungi al calendario"]
    assert reminder["document"]["name"] == "esempio-scuola-spazi-extrascolastici-2027-01-20.ics"
    ics = (await live.client.http.get(reminder["document"]["url"])).text
    assert ics.startswith("BEGIN:VCALENDAR") and "DTSTART:20270120T140000Z" in ics.replace(";VALUE=DATE-TIME", "")

    [answered] = await live.press(REFERENT, reminder["message_id"], button(reminder, "Partecipo"))
    assert answered["answers"][-1] == {"text": "Risposta registrata: Partecipo.", "show_alert": False}
    assert [label for label, _ in buttons(answered)][:3] == ["✓ Partecipo", "Non partecipo", "Forse"]
    [changed] = await live.press(REFERENT, reminder["message_id"], button(answered, "Forse"))
    assert [label for label, _ in buttons(changed)][:3] == ["Partecipo", "Non partecipo", "✓ Forse"]

    await tick.run(live.app)  # ticking again queues nothing twice...
    [dispatch] = live.app.job_queue.get_jobs_by_name("delivery:dispatch")
    await dispatch.run(live.app)  # ...and a dispatch right now would have sent it
    _, later = await live.client.messages(REFERENT, since=changed["seq"])
    assert later == []
