"""Calendar feeds from /calendario: icalendar parses them; a moved and a cancelled meeting read right;
TZID Europe/Rome with its VTIMEZONE; a revoked URL is 404; only the tavoli the person takes part in."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from bot.meetings import ics, occurrences, tavoli
from bot.meetings.feed_models import CalendarFeed
from bot.meetings.models import Occurrence
from bot.people.models import Person
from tests.meeting_helpers import monthly_tavolo
from tests.people_support import ORGANISER_ID, REFERENT_ID, STRANGER_ID, cast

ROME = ZoneInfo("Europe/Rome")
FEED = re.compile(r"webcal://zobot\.test(/calendario/[A-Za-z0-9_-]+\.ics)")


async def _setup(chat, clock):
    """A monthly tavolo the referent joined, one meeting moved, one cancelled; returns the occurrences."""
    db = chat.services.db
    ids = await cast(db, clock)
    now = clock.now()
    async with db.session() as s:
        tavolo = await monthly_tavolo(s, now=now)
        other = await monthly_tavolo(s, now=now, slug="altro", rule="FREQ=WEEKLY;BYDAY=WE")
        tavolo.all_zones = other.all_zones = True  # visible to the referent, whose zone they may not cover
        await tavoli.subscribe(s, tavolo.id, await s.get(Person, ids["referent"]), now=now)
        first, second, third = (await occurrences.all_of(s, tavolo.id))[:3]
    async with db.session() as s:
        organiser = await s.get(Person, ids["organiser"])
        await occurrences.move(s, second.id, datetime(2027, 2, 3, 15, 30, tzinfo=ROME), organiser, now=now)
        await occurrences.cancel(s, third.id, organiser, now=now)
    async with db.read() as s:
        rows = {o.id: o for o in await s.scalars(select(Occurrence).where(Occurrence.id.in_([first.id, second.id,
                                                                                               third.id])))}
    return tavolo, other, rows[first.id], rows[second.id], rows[third.id]


async def _feed_path(chat, data: str = "w:ca", user_id: int = REFERENT_ID) -> str:
    calls = await chat.press(data, user_id=user_id)
    found = FEED.search(calls[-1].text)
    assert found, calls[-1].text
    assert f"https://zobot.test{found[1]}" in calls[-1].text  # the same feed for Google Calendar
    return found[1]


async def test_feed_shows_moved_and_cancelled_meetings_in_rome_time(web_chat, clock):
    tavolo, other, first, moved, cancelled = await _setup(web_chat, clock)
    status = await web_chat.say("/calendario", user_id=REFERENT_ID)
    assert "Non hai calendari attivi." in status[-1].text
    assert ("📅 Link per tutti i miei tavoli", "w:ca") in status[-1].buttons()
    assert ("📅 Solo «Tavolo Ambiente»", f"w:ct:{tavolo.id}") in status[-1].buttons()
    path = await _feed_path(web_chat)

    answer = await web_chat.web.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(answer.content)
    assert str(cal["x-wr-calname"]) == "zobot – i miei tavoli"
    assert cal["refresh-interval"].params["VALUE"] == "DURATION" and cal["refresh-interval"].dt == timedelta(hours=1)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"] and cal.get_missing_tzids() == set()
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert all(str(e["uid"]).startswith(f"tavolo-{tavolo.id}-") for e in events.values())  # not the other tavolo
    plain, shifted, gone = events[ics.uid(first)], events[ics.uid(moved)], events[ics.uid(cancelled)]
    assert plain["dtstart"].params["TZID"] == "Europe/Rome"
    assert plain["dtstart"].dt == datetime(2027, 1, 5, 10, 0, tzinfo=ROME) and int(plain["sequence"]) == 0
    assert str(plain["status"]) == "CONFIRMED"
    assert shifted["dtstart"].dt == datetime(2027, 2, 3, 15, 30, tzinfo=ROME)
    assert shifted["dtend"].dt == datetime(2027, 2, 3, 17, 30, tzinfo=ROME) and int(shifted["sequence"]) == 1
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 1
    assert gone["dtstart"].dt == datetime(2027, 3, 2, 10, 0, tzinfo=ROME)

    async with web_chat.services.db.read() as s:  # only the hash of the URL's token is stored
        stored = await s.scalar(select(CalendarFeed))
    assert path.split("/")[-1][:-4] != stored.token_hash and len(stored.token_hash) == 64


async def test_revoked_and_replaced_urls_are_404(web_chat, clock):
    await _setup(web_chat, clock)
    old = await _feed_path(web_chat)
    new = await _feed_path(web_chat)  # a new link revokes the previous one
    assert (await web_chat.web.get(old)).status_code == 404
    assert (await web_chat.web.get(new)).status_code == 200
    calls = await web_chat.press("w:cx", user_id=REFERENT_ID)
    assert calls[-1].text.startswith("🚫 Disattivato 1 link")  # one link: singular
    assert (await web_chat.web.get(new)).status_code == 404
    assert (await web_chat.web.get("/calendario/not-a-token.ics")).status_code == 404


async def test_tavolo_feed_for_its_members_only(web_chat, clock):
    tavolo, other, *_ = await _setup(web_chat, clock)
    path = await _feed_path(web_chat, f"w:ct:{tavolo.id}")
    cal = Calendar.from_ical((await web_chat.web.get(path)).content)
    assert str(cal["x-wr-calname"]) == "Tavolo Ambiente" and len(cal.walk("VEVENT")) >= 3
    refused = await web_chat.press(f"w:ct:{other.id}", user_id=REFERENT_ID)  # not a participant there
    assert refused[-1].method == "answerCallbackQuery" and "partecipi" in refused[-1].params["text"]
    async with web_chat.services.db.session() as s:  # leaving the tavolo closes its feed
        await tavoli.unsubscribe(s, tavolo.id, await s.scalar(select(Person).where(Person.telegram_user_id == REFERENT_ID)))
    assert (await web_chat.web.get(path)).status_code == 404


async def test_feed_of_an_erased_or_roleless_person_is_404(web_chat, clock):
    await _setup(web_chat, clock)
    path = await _feed_path(web_chat)
    async with web_chat.services.db.session() as s:
        (await s.scalar(select(Person).where(Person.telegram_user_id == REFERENT_ID))).role = None
    assert (await web_chat.web.get(path)).status_code == 404
    calls = await web_chat.say("/calendario", user_id=STRANGER_ID)
    assert calls[-1].text == "Non hai i permessi per questa operazione."
    calls = await web_chat.say("/calendario", user_id=ORGANISER_ID, chat_id=-1001, chat_type="group")
    assert calls == []  # in a group only /help and /privacy answer (docs/security-access.md)
