"""Issue 13 item 6, done when: tavoli as they really run, through the production application (clock injected).

Schedules: UNTIL in UTC, the last Friday of the month, 29/01/2027 as a 5th Friday, August and 7 December
skipped (the dates skipped shown). A reload that moves one meeting and cancels another: each participant
gets one notice, with the .ics; a meeting moved by hand stays moved. Audiences as rules: a referent
registered after the tavolo was created joins it (told so); a revoked one gets no reminder.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from bot.meetings.models import Occurrence, Participant, Tavolo
from bot.outbox.models import OutboxMessage
from bot.people import membership
from bot.people.models import Person
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID

ROME = ZoneInfo("Europe/Rome")
UTC = timezone.utc
REFERENTS = {7301: "Anna Bianchi", 7302: "Bruno Colombo"}


def _yaml(tmp_path, body: str, name: str = "tavoli.yaml"):
    path = tmp_path / name
    path.write_text("tavoli:\n" + body, encoding="utf-8")
    return path


def _tavolo(slug: str, schedule: str, extra: str = "") -> str:
    return (f"  - id: {slug}\n    title: Tavolo {slug}\n    zones: [adda-martesana]\n"
            f"    schedule: {schedule}\n{extra}")


async def _starts(chat, slug: str, status: str = "scheduled") -> list[str]:
    async with chat.services.db.read() as s:
        rows = (await s.scalars(select(Occurrence).join(Tavolo, Tavolo.id == Occurrence.tavolo_id).where(
            Tavolo.slug == slug, Occurrence.status == status).order_by(Occurrence.start_at))).all()
    return [r.start_at.astimezone(ROME).strftime("%Y-%m-%d %H:%M") for r in rows]


async def _zone(chat):
    async with chat.services.db.session() as s:
        return await h.zone(s)


async def _tick(chat) -> None:
    """The reminder job as the application runs it, then the dispatcher drains the outbox."""
    await chat.app.job_queue.get_jobs_by_name("meetings:reminders")[0].run(chat.app)
    await chat.services.outbox.tick()


async def test_until_in_utc_as_rfc_5545_requires_with_a_zoned_start(chat, tmp_path):
    await _zone(chat)
    # the last meeting is 6 April 2027 10:00 in Milan = 08:00 UTC (summer time): UNTIL names that instant in UTC
    path = _yaml(tmp_path, _tavolo("until", '{rrule: "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270406T080000Z", '
                                            'start: "2027-01-05 10:00"}'))
    [outcome] = await chat.services.meetings.load(path)
    assert outcome.created
    assert await _starts(chat, "until") == ["2027-01-05 10:00", "2027-02-02 10:00", "2027-03-02 10:00",
                                            "2027-04-06 10:00"]
    calls = await chat.press(f"m:t:{outcome.tavolo.id}", user_id=ADMIN_ID)
    assert "Quando: ogni primo martedì del mese alle 10:00, fino al 06/04/2027" in calls[-1].text


async def test_last_friday_of_the_month_both_ways(chat, tmp_path):
    await _zone(chat)
    path = _yaml(tmp_path, _tavolo("setpos", '{rrule: "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", start: "2027-01-29 15:00"}')
                 + _tavolo("minus", '{rrule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2027-01-29 15:00"}'))
    setpos, minus = await chat.services.meetings.load(path)
    expected = ["2027-01-29 15:00", "2027-02-26 15:00", "2027-03-26 15:00", "2027-04-30 15:00", "2027-05-28 15:00"]
    assert (await _starts(chat, "setpos"))[:5] == expected and (await _starts(chat, "minus"))[:5] == expected
    for tavolo in (setpos.tavolo, minus.tavolo):
        calls = await chat.press(f"m:t:{tavolo.id}", user_id=ADMIN_ID)
        assert "Quando: ogni ultimo venerdì del mese alle 15:00" in calls[-1].text


async def _dialogue_until_summary(chat, title: str, pattern: str, first: str):
    zone = await _zone(chat)
    await chat.say("/nuovotavolo", user_id=ADMIN_ID)
    await chat.say(title, user_id=ADMIN_ID)
    await chat.press("m:d:theme:0", user_id=ADMIN_ID)
    await chat.press(f"m:d:zones:{zone.id}", user_id=ADMIN_ID)
    await chat.press("m:d:zones:ok", user_id=ADMIN_ID)
    await chat.press(f"m:d:sched:{pattern}", user_id=ADMIN_ID)
    await chat.say(first, user_id=ADMIN_ID)
    await chat.press("m:d:place:none", user_id=ADMIN_ID)
    return await chat.press("m:d:remind:def", user_id=ADMIN_ID)


async def test_every_month_same_weekday_from_a_fifth_friday_keeps_the_first_meeting(chat):
    calls = await _dialogue_until_summary(chat, "Tavolo del venerdì", "m", "29/01/2027 10:00")
    assert "Quando: ogni ultimo venerdì del mese alle 10:00\nPrimo incontro: venerdì 29 gennaio 2027, ore 10:00" \
        in calls[-1].text
    await chat.press("m:d:confirm:y", user_id=ADMIN_ID)
    async with chat.services.db.read() as s:
        tavolo = await s.scalar(select(Tavolo))
    assert tavolo.rrule == "FREQ=MONTHLY;BYDAY=-1FR"
    assert (await _starts(chat, tavolo.slug))[:3] == ["2027-01-29 10:00", "2027-02-26 10:00", "2027-03-26 10:00"]


async def test_august_skipped_in_the_chat_with_the_dates_shown(chat, clock):
    clock.set(datetime(2027, 6, 1, 8, 0, tzinfo=UTC))
    calls = await _dialogue_until_summary(chat, "Tavolo settimanale", "w", "06/07/2027 10:00")
    assert "Date saltate" not in calls[-1].text
    calls = await chat.press("m:d:skip:aug", user_id=ADMIN_ID)
    assert ("☑️ Salta agosto", "m:d:skip:aug") in calls[-1].buttons()
    assert ("Date saltate nei prossimi mesi: 03/08/2027 (agosto), 10/08/2027 (agosto), 17/08/2027 (agosto), "
            "24/08/2027 (agosto), 31/08/2027 (agosto)") in calls[-1].text
    await chat.press("m:d:confirm:y", user_id=ADMIN_ID)
    async with chat.services.db.read() as s:
        tavolo = await s.scalar(select(Tavolo))
    starts = await _starts(chat, tavolo.slug)
    assert starts[:5] == ["2027-07-06 10:00", "2027-07-13 10:00", "2027-07-20 10:00", "2027-07-27 10:00",
                          "2027-09-07 10:00"]
    assert not any(s.startswith("2027-08") for s in starts)
    calls = await chat.press(f"m:t:{tavolo.id}", user_id=ADMIN_ID)
    assert "Pausa: agosto" in calls[-1].text


async def test_seventh_of_december_skipped_with_milans_holidays(chat, clock, tmp_path, capsys):
    clock.set(datetime(2027, 9, 1, 8, 0, tzinfo=UTC))
    await _zone(chat)
    # the first Tuesday of December 2027 is the 7th, Sant'Ambrogio (Milan's patron saint)
    path = _yaml(tmp_path, _tavolo("festivi", '{rrule: "FREQ=MONTHLY;BYDAY=1TU", start: "2027-01-05 10:00"}',
                                   "    skip: {holidays: true}\n"))
    [outcome] = await chat.services.meetings.load(path)
    starts = await _starts(chat, "festivi")
    assert "2027-12-07 10:00" not in starts and "2027-11-02 10:00" in starts and "2028-01-04 10:00" in starts
    calls = await chat.press(f"m:e:{outcome.tavolo.id}", user_id=ADMIN_ID)
    assert "Date saltate nei prossimi mesi: 07/12/2027 (Sant'Ambrogio)" in calls[-1].text
    assert ("☑️ Salta i festivi", f"m:sk:{outcome.tavolo.id}:hol") in calls[-1].buttons()
    from bot.cli.tavoli import _loaded  # what `zobot tavoli load` prints for it
    assert _loaded(outcome, chat.services.meetings).endswith("date saltate: 07/12/2027 (Sant'Ambrogio)")


async def _people(chat, zone):
    async with chat.services.db.session() as s:
        return [await h.person(s, tg, name=name, now=chat.services.now, zone_row=zone) for tg, name in REFERENTS.items()]


def _notices(chat, since: int) -> dict[int, list]:
    found: dict[int, list] = {}
    for call in chat.telegram.calls[since:]:
        if call.method in ("sendDocument", "sendMessage") and int(call.params.get("chat_id", 0)) in REFERENTS:
            found.setdefault(int(call.params["chat_id"]), []).append(call)
    return found


async def test_a_reload_moves_one_meeting_cancels_another_and_tells_each_participant_once(chat, tmp_path):
    zone = await _zone(chat)
    people = await _people(chat, zone)
    dates = "['2027-01-12 10:00', '2027-02-09 10:00', '2027-03-09 10:00', '2027-04-13 10:00']"
    path = _yaml(tmp_path, _tavolo("ricarica", f"{{dates: {dates}}}",
                                   "    place: Sala A\n    audiences: [{zone_referents: adda-martesana}]\n"))
    [first] = await chat.services.meetings.load(path)
    tavolo_id = first.tavolo.id
    async with chat.services.db.read() as s:
        april = await s.scalar(select(Occurrence).where(Occurrence.tavolo_id == tavolo_id)
                               .order_by(Occurrence.start_at.desc()))
    # the organiser moves the April meeting by hand in the chat
    await chat.press(f"m:mv:{april.id}", user_id=ADMIN_ID)
    await chat.say("20/04/2027 15:00", user_id=ADMIN_ID)
    await chat.services.outbox.tick()
    await chat.press(f"m:r:{april.id + 0}:y", user_id=7301)  # (a new answer for the new date)
    since = len(chat.telegram.calls)

    # the file changes: 9 February becomes 16 February (moved), 9 March is gone (cancelled)
    path.write_text(path.read_text().replace(dates, "['2027-01-12 10:00', '2027-02-16 10:00', '2027-04-13 10:00']"),
                    encoding="utf-8")
    [second] = await chat.services.meetings.load(path)
    assert [(o.start_at.astimezone(ROME).strftime("%d/%m"), old.astimezone(ROME).strftime("%d/%m"))
            for o, old in second.changes.moved] == [("16/02", "09/02")]
    assert [o.start_at.astimezone(ROME).strftime("%d/%m") for o in second.changes.cancelled] == ["09/03"]
    assert second.notified == 2 and not second.changes.added
    await chat.services.outbox.tick()
    notices = _notices(chat, since)
    assert sorted(notices) == sorted(REFERENTS) and all(len(n) == 1 for n in notices.values())  # one each
    notice = notices[7301][0]
    assert notice.method == "sendDocument"
    assert notice.text.startswith("🔁 <b>Tavolo ricarica</b>: il calendario è cambiato.\n")
    assert "• martedì 9 febbraio 2027, ore 10:00 → <b>martedì 16 febbraio 2027, ore 10:00</b>" in notice.text
    assert "• martedì 9 marzo 2027, ore 10:00: <b>annullato</b>" in notice.text
    events = {str(e["UID"]): e for e in Calendar.from_ical(notice.files["document"][1]).walk("VEVENT")}
    by_status = sorted((str(e["STATUS"]), int(e["SEQUENCE"]), e.decoded("DTSTART").astimezone(ROME).strftime("%d/%m"))
                       for e in events.values())
    assert by_status == [("CANCELLED", 1, "09/03"), ("CONFIRMED", 1, "16/02")]
    async with chat.services.db.read() as s:
        moved = await s.scalar(select(Occurrence).where(Occurrence.id == second.changes.moved[0][0].id))
        kept = await s.get(Occurrence, april.id)
    assert ics_uid(moved) == f"tavolo-{tavolo_id}-20270209T090000Z@zobot"  # the same meeting in every calendar
    assert kept.start_at.astimezone(ROME).strftime("%d/%m %H:%M") == "20/04 15:00" and kept.status == "scheduled"
    # the RSVP is asked again for the moved meeting, on the notice itself
    assert ("16/02 · Partecipo", f"m:r:{moved.id}:y") in notice.buttons() or ("Partecipo", f"m:r:{moved.id}:y") in \
        notice.buttons()
    # loading the same file again changes nothing and tells nobody
    since = len(chat.telegram.calls)
    [third] = await chat.services.meetings.load(path)
    await chat.services.outbox.tick()
    assert not third.changes and _notices(chat, since) == {}
    assert people


def ics_uid(occurrence) -> str:
    from bot.meetings import ics
    return ics.uid(occurrence)


async def test_a_referent_registered_later_joins_the_zones_tavolo_and_a_revoked_one_gets_no_reminder(chat, clock,
                                                                                                     tmp_path):
    zone = await _zone(chat)
    async with chat.services.db.session() as s:
        early = await h.person(s, 7301, name="Anna Bianchi", now=clock.now(), zone_row=zone)
    path = _yaml(tmp_path, _tavolo("regole", '{rrule: "FREQ=MONTHLY;BYDAY=1TU", start: "2027-01-05 10:00"}',
                                   "    audiences: [{zone_referents: adda-martesana}]\n"))
    [outcome] = await chat.services.meetings.load(path)
    tavolo_id = outcome.tavolo.id
    since = len(chat.telegram.calls)
    await chat.services.outbox.tick()
    assert list(_notices(chat, since)) == [7301]  # told she was added, with the rule
    async with chat.services.db.session() as s:  # registered after the tavolo was created
        later = await h.person(s, 7302, name="Bruno Colombo", now=clock.now(), zone_row=zone)
    since = len(chat.telegram.calls)
    await _tick(chat)
    async with chat.services.db.read() as s:
        members = set((await s.scalars(select(Participant.person_id).where(Participant.tavolo_id == tavolo_id))).all())
    assert members == {early.id, later.id}
    told = _notices(chat, since)
    assert list(told) == [7302]
    assert told[7302][0].text.startswith("👥 Sei stato iscritto al tavolo di lavoro <b>Tavolo regole</b> perché sei "
                                         "referente della zona Adda Martesana.")
    assert told[7302][0].buttons() == [("Vedi il tavolo", f"m:t:{tavolo_id}"),
                                       ("❌ Annulla iscrizione", f"m:u:{tavolo_id}")]

    async with chat.services.db.session() as s:  # Anna is revoked; Bruno leaves by himself
        await membership.revoke(s, await s.get(Person, early.id), actor="cli", now=clock.now())
    await chat.press(f"m:u:{tavolo_id}", user_id=7302)
    clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=UTC) - timedelta(days=7))
    since = len(chat.telegram.calls)
    await _tick(chat)
    assert _notices(chat, since) == {}  # no reminder for either, and the rule did not add Bruno back
    async with chat.services.db.read() as s:
        queued = (await s.scalars(select(OutboxMessage.person_id).where(OutboxMessage.round.startswith(
            f"m:{tavolo_id}:"), OutboxMessage.status == "pending"))).all()
        members = (await s.scalars(select(Participant.person_id).where(Participant.tavolo_id == tavolo_id))).all()
    assert queued == [] and members == []
