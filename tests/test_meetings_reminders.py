"""Reminder fan-out, downtime, RSVP rules, cancel/move notices, audiences (domain, real database)."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.errors import MeetingCancelled, MeetingStarted, NotAllowed, NotParticipant
from bot.meetings import occurrences, rsvp, tavoli
from bot.meetings.models import Occurrence, Rsvp
from bot.meetings.reminders import fan_out
from bot.outbox.models import OutboxMessage
from bot.people.audience import Audience, resolve
from tests import meeting_helpers as h

UTC = timezone.utc
START = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)  # first Tuesday of January 2027, 10:00 in Milan
SETUP = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def world(db):
    """A monthly tavolo with two subscribed referents and one subscriber the bot cannot write to."""
    async with db.session() as s:
        zone = await h.zone(s)
        tavolo = await h.monthly_tavolo(s, now=SETUP, zone_row=zone)
        anna = await h.person(s, 5001, name="Anna Bianchi", now=SETUP, zone_row=zone)
        bruno = await h.person(s, 5002, name="Bruno Verdi", now=SETUP, zone_row=zone)
        ghost = await h.person(s, 5003, name="Senza Chat", now=SETUP, zone_row=zone)
        ghost.chat_id = None
        for p in (anna, bruno, ghost):
            await tavoli.subscribe(s, tavolo.id, p, now=SETUP)
        occ = await s.scalar(select(Occurrence).where(Occurrence.start_at == START))
    return {"tavolo": tavolo, "occ": occ, "anna": anna, "bruno": bruno, "ghost": ghost}


async def _fan_out(db, now):
    async with db.session() as s:
        return await fan_out(s, now=now)


async def _rows(db):
    async with db.session() as s:
        return (await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()


async def test_three_reminders_each_created_once(db, world):
    tid, oid = world["tavolo"].id, world["occ"].id
    assert await _fan_out(db, START - timedelta(days=7, minutes=1)) == 0
    for offset, at in ((10080, START - timedelta(days=7)), (1440, START - timedelta(days=1)),
                       (60, START - timedelta(hours=1))):
        assert await _fan_out(db, at) == 2
        assert await _fan_out(db, at) == 0  # fan-out twice creates nothing new
        assert await _fan_out(db, at + timedelta(minutes=1)) == 0
    assert await _fan_out(db, START) == 0
    rows = await _rows(db)
    assert [(r.round, r.person_id) for r in rows] == [
        (f"m:{tid}:{oid}:202701050900:{o}", p.id) for o in (10080, 1440, 60) for p in (world["anna"], world["bruno"])]
    first = rows[0]
    assert first.key == f"m:{tid}:{oid}:202701050900:10080:p{world['anna'].id}"
    assert (first.kind, first.chat_id, first.status) == ("document", 5001, "pending")
    assert first.expires_at == START and first.filename == "ambiente-am-2027-01-05.ics"
    assert b"UID:tavolo-" in first.content and b"DTSTART:20270105T090000Z" in first.content
    assert first.text == ("🔔 <b>Promemoria: Tavolo Ambiente</b>\nmartedì 5 gennaio 2027, ore 10:00\n"
                          "📍 Palazzo Isimbardi\n🔗 https://meet.example.org/t\n"
                          "Partecipi? Rispondi con i pulsanti qui sotto (puoi cambiare idea fino all'inizio).")
    assert first.keyboard == [[{"text": "Partecipo", "data": f"m:r:{oid}:y"},
                               {"text": "Non partecipo", "data": f"m:r:{oid}:n"},
                               {"text": "Forse", "data": f"m:r:{oid}:f"}],
                              [{"text": "📅 Aggiungi al calendario", "data": f"m:cal:{tid}"}]]


async def test_down_until_shortly_before_start_sends_only_the_latest_due_reminder(db, world):
    assert await _fan_out(db, START - timedelta(minutes=30)) == 2
    assert {r.round.rsplit(":", 1)[-1] for r in await _rows(db)} == {"60"}


async def test_down_until_after_the_start_creates_nothing_for_that_meeting(db, world):
    assert await _fan_out(db, START + timedelta(minutes=1)) == 0
    assert await _rows(db) == []


async def test_reminder_created_before_a_crash_keeps_its_expiry_at_the_start(db, world):
    await _fan_out(db, START - timedelta(days=1))
    assert {r.expires_at for r in await _rows(db)} == {START}  # the dispatcher expires it if still waiting then


async def test_new_subscriber_after_a_reminder_gets_it_too_once(db, world):
    await _fan_out(db, START - timedelta(days=2))
    async with db.session() as s:
        carla = await h.person(s, 5004, name="Carla Neri", now=SETUP, zone_row=await h.zone(s))
        await tavoli.subscribe(s, world["tavolo"].id, carla, now=SETUP)
    assert await _fan_out(db, START - timedelta(days=2)) == 1
    assert await _fan_out(db, START - timedelta(days=2)) == 0


async def test_rsvp_changes_until_start_then_refused(db, world):
    oid, anna = world["occ"].id, world["anna"]
    async with db.session() as s:
        await rsvp.answer(s, oid, anna, "yes", now=START - timedelta(days=1))
    async with db.session() as s:
        await rsvp.answer(s, oid, anna, "no", now=START - timedelta(seconds=1))
    with pytest.raises(MeetingStarted):
        async with db.session() as s:
            await rsvp.answer(s, oid, anna, "maybe", now=START)
    async with db.session() as s:
        rows = (await s.scalars(select(Rsvp))).all()
    assert [(r.person_id, r.answer) for r in rows] == [(anna.id, "no")]


async def test_rsvp_refused_for_non_participant_and_cancelled_meeting(db, world, clock):
    async with db.session() as s:
        outsider = await h.person(s, 5009, name="Esterno", now=SETUP, zone_row=await h.zone(s))
        elsewhere = await h.person(s, 5011, name="Altrove", now=SETUP)
    with pytest.raises(NotParticipant):  # sees the tavolo (same zone) but has not joined it
        async with db.session() as s:
            await rsvp.answer(s, world["occ"].id, outsider, "yes", now=SETUP)
    with pytest.raises(NotAllowed):  # may not even see it
        async with db.session() as s:
            await rsvp.answer(s, world["occ"].id, elsewhere, "yes", now=SETUP)
    async with db.session() as s:
        admin = await h.person(s, 5010, name="Org", role="organizzatore", now=SETUP)
        await occurrences.cancel(s, world["occ"].id, admin, now=SETUP)
    with pytest.raises(MeetingCancelled):
        async with db.session() as s:
            await rsvp.answer(s, world["occ"].id, world["anna"], "yes", now=SETUP)


async def test_cancel_tells_participants_and_stops_reminders(db, world):
    await _fan_out(db, START - timedelta(days=7))  # two 7-day reminders waiting in the outbox
    async with db.session() as s:
        org = await h.person(s, 5010, name="Org", role="organizzatore", now=SETUP)
        _, _, told = await occurrences.cancel(s, world["occ"].id, org, now=START - timedelta(days=6))
    assert told == 2
    rows = await _rows(db)
    assert [r.status for r in rows[:2]] == ["expired", "expired"]
    notices = rows[2:]
    assert [(n.chat_id, n.kind) for n in notices] == [(5001, "text"), (5002, "text")]
    assert notices[0].text == "❌ <b>Tavolo Ambiente</b>: l'incontro di martedì 5 gennaio 2027, ore 10:00 è <b>annullato</b>."
    assert await _fan_out(db, START - timedelta(hours=1)) == 0


async def test_move_sends_new_ics_and_reminders_follow_the_new_date(db, world):
    new = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    await _fan_out(db, START - timedelta(days=7))
    async with db.session() as s:
        org = await h.person(s, 5010, name="Org", role="organizzatore", now=SETUP)
        await occurrences.move(s, world["occ"].id, new, org, now=START - timedelta(days=6))
    rows = await _rows(db)
    notices = [r for r in rows if "move" in r.round]
    assert len(notices) == 2 and notices[0].kind == "document" and notices[0].expires_at == new
    assert notices[0].text.startswith("🔁 <b>Tavolo Ambiente</b>: l'incontro di martedì 5 gennaio 2027, ore 10:00 "
                                      "è <b>spostato</b> a martedì 12 gennaio 2027, ore 10:00.")
    assert b"SEQUENCE:1" in notices[0].content and b"DTSTART:20270112T090000Z" in notices[0].content
    assert await _fan_out(db, START - timedelta(hours=1)) == 0  # nothing due for the old date any more
    assert await _fan_out(db, new - timedelta(days=7)) == 2  # the 7-day reminder of the new date
    assert await _fan_out(db, new - timedelta(hours=1)) == 2
    async with db.session() as s:
        n = await s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.round.contains("202701120900")))
    assert n == 4


async def test_audience_of_a_tavolo_and_adding_zone_referents(db, world):
    async with db.session() as s:
        other_zone = await h.zone(s, "sud-est", "Sud Est")
        await h.person(s, 5020, name="Referente Sud Est", now=SETUP, zone_row=other_zone)
        new_ref = await h.person(s, 5021, name="Nuova Referente", now=SETUP, zone_row=await h.zone(s))
        org = await h.person(s, 5010, name="Org", role="organizzatore", now=SETUP)
        _, added, already = await tavoli.add_audience(s, world["tavolo"].id, Audience("zone_referents",
                                                      zone_code="adda-martesana"), org, now=SETUP)
        members = await resolve(s, Audience("tavolo", tavolo_id=world["tavolo"].id))
    assert (added, already) == (1, 2)  # the ghost has no chat: audiences only hold reachable chats
    assert [p.name for p in members] == ["Anna Bianchi", "Bruno Verdi", "Nuova Referente"]
    assert new_ref.id in {p.id for p in members}


async def test_job_tick_commits_in_chunks_and_is_idempotent(db, world):
    from bot.meetings import jobs
    async with db.session() as s:
        for i in range(3):
            await tavoli.subscribe(s, world["tavolo"].id, await h.person(s, 5100 + i, name=f"P{i}", now=SETUP,
                                                                         zone_row=await h.zone(s)), now=SETUP)
    assert await jobs.tick(db, now=START - timedelta(days=1), chunk=2) == (1, 5)  # and the horizon moved on
    assert await jobs.tick(db, now=START - timedelta(days=1), chunk=2) == (0, 0)
    assert len({r.key for r in await _rows(db)}) == 5


async def test_who_sees_which_tavolo(db):
    from bot.catalogue.models import Service
    from bot.meetings.tavoli import TavoloSpec, save, visible
    async with db.session() as s:
        service = await s.scalar(select(Service).where(Service.office_id.is_not(None)).order_by(Service.id).limit(1))
        assert service is not None, "the shipped catalogue has services with an office"
        am, se = await h.zone(s), await h.zone(s, "sud-est", "Sud Est")
        by_theme, _ = await save(s, TavoloSpec(slug="tema", title="Per tema", theme_id=service.theme_id,
                                               zone_ids=[se.id], dates_local=["2027-01-12T10:00"]), now=SETUP)
        by_zone, _ = await save(s, TavoloSpec(slug="zona", title="Per zona", zone_ids=[am.id],
                                              dates_local=["2027-01-12T10:00"]), now=SETUP)
        everyone, _ = await save(s, TavoloSpec(slug="tutti", title="Per tutti", all_zones=True,
                                               dates_local=["2027-01-12T10:00"]), now=SETUP)
        po = await h.person(s, 5200, name="PO", role="po", now=SETUP)
        po.office_id = service.office_id
        referent = await h.person(s, 5201, name="Ref AM", now=SETUP, zone_row=am)
        stranger = await h.person(s, 5202, name="Ref senza comune", now=SETUP)
        org = await h.person(s, 5203, name="Org", role="organizzatore", now=SETUP)
        seen = {p.name: [t.slug for t in await visible(s, p)] for p in (po, referent, stranger, org)}
        await tavoli.add_audience(s, by_theme.id, Audience("people", person_ids=(stranger.id,)), org, now=SETUP)
        assert [t.slug for t in await visible(s, stranger)] == ["tema", "tutti"]  # joined ones stay visible
    assert seen == {"PO": ["tema", "tutti"], "Ref AM": ["tutti", "zona"], "Ref senza comune": ["tutti"],
                    "Org": ["tema", "tutti", "zona"]}
    assert everyone.all_zones and by_zone.id


def test_reminder_caption_stays_within_telegram_limit():
    from bot.meetings.models import Tavolo
    from bot.meetings.reminders import reminder_text
    tavolo = Tavolo(title="T" * 120, place="P" * 300, video_link="https://x.org/" + "l" * 480, timezone="Europe/Rome")
    occ = Occurrence(tavolo_id=1, start_at=START, original_start=START)
    text = reminder_text(tavolo, occ)
    assert len(text) <= 1024 and "📍" not in text and text.startswith("🔔 <b>Promemoria: TTT")
