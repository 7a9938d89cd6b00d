"""Tavoli by e-mail: the reminder carries the meeting as an iMIP invitation (icalendar reads METHOD:REQUEST,
the same UID as the chat's .ics), its «Partecipo / Non partecipo» links work once per choice through the web
page and show in the attendance; a cancellation is METHOD:CANCEL. Questionnaire invitations carry an
answer link. All against a real local SMTP server."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.meetings import ics, occurrences, rsvp, tavoli
from bot.meetings.models import Occurrence
from bot.meetings.reminders import fan_out
from bot.outbox.dispatcher import Dispatcher
from bot.outbox.mail import MailTransport
from bot.people.models import PersonComune
from bot.people.web_models import PersonalLink
from bot.services import AppServices, build_services
from tests import meeting_helpers as h
from tests.email_people import email_person
from tests.mail_support import SENDER, WEB, link, mail_settings, parts
from tests.questionnaire_support import TINY, launch

UTC = timezone.utc
ROME = ZoneInfo("Europe/Rome")
START = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
SETUP = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ADDRESS = "anna@comune.example.it"


class Chat:
    async def send(self, message):
        return 1


@pytest.fixture
async def world(db):
    async with db.session() as s:
        zone = await h.zone(s)
        tavolo = await h.monthly_tavolo(s, now=SETUP, zone_row=zone)
        anna = await email_person(s, SETUP, ADDRESS, name="Anna Bianchi")  # e-mail only: no Telegram at all
        s.add(PersonComune(person_id=anna.id, comune_id=(await h.comune_in(s, zone)).id))
        await s.flush()
        await tavoli.subscribe(s, tavolo.id, anna, now=SETUP)
        organiser = await h.person(s, 5010, name="Org", role="organizzatore", now=SETUP)
        occ = await s.scalar(select(Occurrence).where(Occurrence.start_at == START))
    return {"tavolo": tavolo, "occ": occ, "anna": anna, "organiser": organiser}


async def _deliver(db, clock, settings):
    await Dispatcher(db, clock, Chat(), mail=MailTransport(settings), mail_rate=50).tick()


async def test_reminder_by_email_is_an_imip_request_and_rsvp_links_work_once(db, clock, settings, smtp, world):
    config = mail_settings(settings, smtp)
    clock.set(START - timedelta(days=7))
    async with db.session() as s:
        assert await fan_out(s, now=clock.now(), tz=ROME) == 1
    await _deliver(db, clock, config)
    [mail] = smtp.to(ADDRESS)
    body = parts(mail)
    assert "Promemoria: Tavolo Ambiente" in body["text/plain"]
    calendar_part = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    cal = Calendar.from_ical(body["text/calendar"])
    [event] = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == ics.uid(world["occ"]) and int(event["SEQUENCE"]) == world["occ"].sequence
    assert str(event["ORGANIZER"]) == f"mailto:{SENDER}" and str(event["ATTENDEE"]) == f"mailto:{ADDRESS}"
    yes, no = link(mail, "/rsvp"), body["text/plain"].split(f"{WEB}/rsvp/")[2].split()[0]
    assert "Partecipo" in body["text/plain"] and "Non partecipo" in body["text/plain"]

    services = build_services(AppServices(), config, db, clock)
    from web.app import build_web
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=build_web(services)), base_url=WEB) as web:
        shown = await web.get(f"/rsvp/{yes}")  # a mail scanner's GET records nothing
        assert shown.status_code == 200 and "Tavolo Ambiente" in shown.text and "Palazzo Isimbardi" in shown.text
        assert await _answer(db, world) is None
        done = await web.post(f"/rsvp/{yes}")
        assert done.status_code == 200 and "Registrato: «Partecipo»" in done.text
        assert "Tavolo Ambiente" in done.text  # the tavolo's page follows
        assert await _answer(db, world) == "yes"
        again = await web.post(f"/rsvp/{yes}")
        assert again.status_code == 410 and "già stato usato" in again.text
        assert (await web.post(f"/rsvp/{no}")).status_code == 200
        assert await _answer(db, world) == "no"
        assert (await web.post(f"/rsvp/{no}")).status_code == 410
    async with db.session() as s:
        attendance = await rsvp.attendance(s, world["occ"].id, world["organiser"])
    assert attendance.names("no") == ["Anna Bianchi"] and attendance.count("yes") == 0


async def _answer(db, world):
    async with db.session() as s:
        return await rsvp.current(s, world["occ"].id, world["anna"].id)


async def test_cancellation_by_email_is_an_imip_cancel(db, clock, settings, smtp, world):
    async with db.session() as s:
        await occurrences.cancel(s, world["occ"].id, world["organiser"], now=clock.now(), tz=ROME)
    await _deliver(db, clock, mail_settings(settings, smtp))
    [mail] = smtp.to(ADDRESS)
    cal = Calendar.from_ical(parts(mail)["text/calendar"])
    assert str(cal["METHOD"]) == "CANCEL" and str(cal.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert "/rsvp/" not in parts(mail)["text/plain"]


async def test_questionnaire_invitation_by_email_carries_an_answer_link(db, clock, settings, smtp):
    async with db.session() as s:
        maria = await email_person(s, clock.now(), "maria@comune.example.it", role="po")
    campaign_id = await launch(db, TINY, [maria.id], clock.now())
    await _deliver(db, clock, mail_settings(settings, smtp))
    [mail] = smtp.to("maria@comune.example.it")
    text = parts(mail)["text/plain"]
    token = link(mail, "/q")
    assert f"{WEB}/disiscrizione/" in text and "q:go" not in text
    async with db.session() as s:
        answer = await s.scalar(select(PersonalLink).where(PersonalLink.purpose == "answer"))
    assert (answer.person_id, answer.subject) == (maria.id, f"campaign:{campaign_id}")
    assert answer.expires_at > clock.now() and len(token) >= 20
    services = build_services(AppServices(), mail_settings(settings, smtp), db, clock)
    from web.app import build_web
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=build_web(services)), base_url=WEB) as web:
        page = await web.get(f"/q/{token}")  # the web questionnaire opens from the e-mail's link
    assert page.status_code == 200 and "Prova" in page.text
