"""Every organiser and admin action leaves one audit entry (who, what, which object), written in the
action's own transaction: a refused or failed action leaves no success entry.

Chat actions go through the production Application (`chat`), command-line ones through `zobot`'s entry point.
"""
import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

import bot.cli
from bot.meetings import occurrences, tavoli
from bot.meetings.models import Occurrence, Tavolo
from bot.people.models import AuditEntry, Person
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID
from tests.delivery_support import make_people
from tests.questionnaire_support import person as q_person
from tests.questionnaire_support import seed_catalogue

ROME = ZoneInfo("Europe/Rome")
REFERENT = 9101


async def entries(db, *actions: str) -> list[tuple[int | None, str, str, str, dict]]:
    """(actor_id, actor, action, target, detail) of the entries with these actions, oldest first."""
    async with db.session() as s:
        rows = await s.scalars(select(AuditEntry).where(AuditEntry.action.in_(actions)).order_by(AuditEntry.id))
        return [(e.actor_id, e.actor, e.action, e.target, e.detail) for e in rows]


async def person_id(db, telegram_id: int) -> int:
    async with db.session() as s:
        return await s.scalar(select(Person.id).where(Person.telegram_user_id == telegram_id))


def no_names_in(found: list, *names: str) -> None:
    """The detail of an entry carries ids, codes and counts: never a person's name."""
    text = repr(found)
    assert not [n for n in names if n in text]


# ---------- tavoli in the chat ----------

async def test_tavolo_created_in_the_chat_dialogue(chat, db, clock):
    await make_people(db, clock, [REFERENT])
    calls = await chat.say("/nuovotavolo", user_id=REFERENT)  # refused: no dialogue, no entry
    assert calls[-1].text == "Non hai i permessi per questa operazione."
    await chat.say("/nuovotavolo", user_id=ADMIN_ID)
    await chat.say("Tavolo Scuola", user_id=ADMIN_ID)
    await chat.press("m:d:theme:0", user_id=ADMIN_ID)
    await chat.press("m:d:zones:all", user_id=ADMIN_ID)
    await chat.say("12/01/2027 10:00\n09/02/2027 10:00", user_id=ADMIN_ID)
    await chat.press("m:d:place:none", user_id=ADMIN_ID)
    await chat.press("m:d:remind:def", user_id=ADMIN_ID)
    assert await entries(db, "tavolo.create") == []  # nothing before the confirmation
    await chat.press("m:d:confirm:y", user_id=ADMIN_ID)
    await chat.press("m:d:confirm:y", user_id=ADMIN_ID)  # the same button again: the draft is gone
    async with db.session() as s:
        tavolo = await s.scalar(select(Tavolo))
    admin = await person_id(db, ADMIN_ID)
    assert await entries(db, "tavolo.create") == [
        (admin, "admin", "tavolo.create", f"tavolo:{tavolo.id}", {"source": "chat", "occurrences_added": 2})]
    view = (await chat.say("/audit", user_id=ADMIN_ID))[-1].text
    assert f"26/11/2026 09:00 · admin #{admin} · Tavolo creato · tavolo:{tavolo.id}" in view


async def _tavolo_with_a_participant(chat, clock):
    async with chat.services.db.session() as s:
        tavolo = await h.monthly_tavolo(s, now=clock.now())
        anna = await h.person(s, 9001, name="Anna Bianchi", now=clock.now(), zone_row=await h.zone(s))
        await h.person(s, REFERENT, name="Rita Referente", now=clock.now())
        await tavoli.subscribe(s, tavolo.id, anna, now=clock.now())
        occs = (await s.scalars(select(Occurrence).order_by(Occurrence.start_at))).all()
    return tavolo, [o.id for o in occs]


async def test_cancel_and_move_of_a_meeting(chat, db, clock):
    tavolo, occs = await _tavolo_with_a_participant(chat, clock)
    calls = await chat.press(f"m:xy:{occs[0]}", user_id=REFERENT)
    assert calls[-1].params["text"] == "Non hai i permessi per questa operazione."
    await chat.press(f"m:xy:{occs[0]}", user_id=ADMIN_ID)
    calls = await chat.press(f"m:xy:{occs[0]}", user_id=ADMIN_ID)  # already cancelled: refused politely
    assert calls[-1].params["text"] == "Questo incontro è già annullato."
    await chat.press(f"m:mv:{occs[1]}", user_id=ADMIN_ID)
    await chat.say("ieri", user_id=ADMIN_ID)  # not a date: asked again, nothing moved
    await chat.say("09/02/2027 15:30", user_id=ADMIN_ID)
    admin = await person_id(db, ADMIN_ID)
    found = await entries(db, "occurrence.cancel", "occurrence.move")
    assert found == [
        (admin, "admin", "occurrence.cancel", f"occurrence:{occs[0]}", {"tavolo_id": tavolo.id, "notified": 1}),
        (admin, "admin", "occurrence.move", f"occurrence:{occs[1]}",
         {"tavolo_id": tavolo.id, "from": "2027-02-02T09:00:00+00:00", "to": "2027-02-09T14:30:00+00:00",
          "notified": 1})]
    no_names_in(found, "Anna", "Bianchi", "Tavolo Ambiente", "Isimbardi")
    view = (await chat.say("/audit", user_id=ADMIN_ID))[-1].text
    assert f"Incontro spostato · occurrence:{occs[1]}" in view and f"Incontro annullato · occurrence:{occs[0]}" in view


async def test_audience_added_to_a_tavolo(chat, db, clock):
    tavolo, _ = await _tavolo_with_a_participant(chat, clock)
    async with db.session() as s:
        zone = await h.zone(s)
        await h.person(s, 9002, name="Bruno Verdi", now=clock.now(), zone_row=zone)
    calls = await chat.press(f"m:ad:{tavolo.id}:z:{zone.id}", user_id=REFERENT)
    assert calls[-1].params["text"] == "Non hai i permessi per questa operazione."
    await chat.press(f"m:ad:{tavolo.id}:z:{zone.id}", user_id=ADMIN_ID)
    await chat.press(f"m:ad:{tavolo.id}:z:999999", user_id=ADMIN_ID)  # no such zone: nothing added
    admin = await person_id(db, ADMIN_ID)
    assert await entries(db, "tavolo.audience") == [
        (admin, "admin", "tavolo.audience", f"tavolo:{tavolo.id}",
         {"audience": "zone_referents", "zone": "adda-martesana", "added": 1, "already": 1})]


# ---------- tavoli from a file, through `zobot tavoli load` ----------

def _yaml(first: datetime, second: datetime) -> str:
    return ("tavoli:\n  - id: prova-audit\n    title: Prova\n    zones: tutte\n    audiences: [all_referents]\n"
            f"    schedule: {{dates: ['{first:%Y-%m-%d} 10:00', '{second:%Y-%m-%d} 10:00']}}\n")


async def test_cli_load_audits_each_tavolo_meeting_and_audience(db_url, db, clock, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", db_url)
    await make_people(db, clock, [REFERENT])
    today = datetime.now(ROME)  # the command line runs on the real clock
    # `later` is far from `second`: the second date is gone (cancelled) and a new meeting comes, not a move
    first, second, later = today + timedelta(days=30), today + timedelta(days=60), today + timedelta(days=100)
    path = tmp_path / "t.yaml"
    path.write_text(_yaml(first, second), encoding="utf-8")
    assert await asyncio.to_thread(bot.cli.main, ["tavoli", "load", str(path)]) == 0
    path.write_text(_yaml(first, later), encoding="utf-8")
    assert await asyncio.to_thread(bot.cli.main, ["tavoli", "load", str(path)]) == 0
    path.write_text("tavoli:\n  - id: rotto\n    title: Rotto\n", encoding="utf-8")  # refused whole
    assert await asyncio.to_thread(bot.cli.main, ["tavoli", "load", str(path)]) == 1
    capsys.readouterr()
    async with db.session() as s:
        tavolo = await s.scalar(select(Tavolo))
        retired = await s.scalar(select(Occurrence.id).where(Occurrence.status == "cancelled"))
    target = f"tavolo:{tavolo.id}"
    assert await entries(db, "tavolo.create", "tavolo.update", "tavolo.audience", "occurrence.cancel") == [
        (None, "cli", "tavolo.create", target, {"source": "file", "occurrences_added": 2, "slug": "prova-audit"}),
        (None, "cli", "tavolo.audience", target, {"audience": "all_referents", "added": 1, "already": 0}),
        (None, "cli", "tavolo.update", target, {"source": "file", "occurrences_added": 1, "slug": "prova-audit",
                                                "changed": ["dates_local"], "occurrences_cancelled": 1,
                                                "occurrences_moved": 0, "occurrences_restored": 0, "notified": 1}),
        (None, "cli", "occurrence.cancel", f"occurrence:{retired}",
         {"tavolo_id": tavolo.id, "source": "file", "reason": "schedule"}),
        (None, "cli", "tavolo.audience", target, {"audience": "all_referents", "added": 0, "already": 1})]


# ---------- announcements and resends ----------

async def test_broadcast_is_audited_once_with_audience_and_count(chat, db, clock):
    await make_people(db, clock, [501, 502, 503])
    await chat.say("/annuncio", user_id=ADMIN_ID)
    await chat.press("a:k:1:all_referents", user_id=ADMIN_ID)
    await chat.say("Riunione giovedì", user_id=ADMIN_ID)
    calls = await chat.press("a:ok:1", user_id=501)  # a referent pressing the organiser's button
    assert calls[-1].params["text"] == "Non hai i permessi per questa operazione."
    assert await entries(db, "broadcast.send") == []
    await chat.press("a:ok:1", user_id=ADMIN_ID)
    await chat.press("a:ok:1", user_id=ADMIN_ID)  # pressed twice: one fan-out, one entry
    admin = await person_id(db, ADMIN_ID)
    found = await entries(db, "broadcast.send")
    assert found == [(admin, "admin", "broadcast.send", "broadcast:1",
                      {"audience": "all_referents", "recipients": 3, "queued": 3})]
    no_names_in(found, "Riunione", "Persona")


async def test_resend_of_unknown_deliveries(chat, db, clock):
    await make_people(db, clock, [801, 802])
    await chat.say("/annuncio", user_id=ADMIN_ID)
    await chat.press("a:k:1:all_referents", user_id=ADMIN_ID)
    await chat.say("Avviso", user_id=ADMIN_ID)
    await chat.press("a:ok:1", user_id=ADMIN_ID)
    chat.telegram.timeout_next("sendMessage", sent=True)
    await chat.services.outbox.tick()
    first_id = (await chat.say("/consegne", user_id=ADMIN_ID))[-1].buttons()[0][1].split(":")[-1]
    calls = await chat.press(f"a:ry:{first_id}", user_id=801)
    assert calls[-1].params["text"] == "Non hai i permessi per questa operazione."
    assert await entries(db, "delivery.resend") == []
    await chat.press(f"a:ry:{first_id}", user_id=ADMIN_ID)
    calls = await chat.press(f"a:ry:{first_id}", user_id=ADMIN_ID)  # nothing uncertain left: no entry
    assert calls[-1].text == "Non ci sono messaggi incerti da rimandare."
    admin = await person_id(db, ADMIN_ID)
    assert await entries(db, "delivery.resend") == [(admin, "admin", "delivery.resend", "round:bc:1", {"requeued": 1})]


# ---------- questionnaire launches ----------

async def test_launch_in_the_chat(chat, db, clock):
    async with db.session() as s:
        await seed_catalogue(s)
        await q_person(s, 7301, role="po", name="Paolo Bianchi")
        await q_person(s, 7302, role="referente")
    calls = await chat.press("q:L:followup_po_zone:po:7:abc", user_id=7302)
    assert calls[-1].params["show_alert"] is True
    await chat.press("q:L:followup_po_zone:po:7:abc", user_id=ADMIN_ID)
    await chat.press("q:L:followup_po_zone:po:7:abc", user_id=ADMIN_ID)  # a double press launches once
    admin = await person_id(db, ADMIN_ID)
    found = await entries(db, "questionnaire.launch")
    assert [(a, r, act, t) for a, r, act, t, _ in found] == [(admin, "admin", "questionnaire.launch", "campaign:1")]
    detail = dict(found[0][4])
    assert datetime.fromisoformat(detail.pop("closes_at")) == clock.now() + timedelta(days=7)
    assert detail == {"questionnaire": "followup_po_zone", "version": 2, "audience": "all_po", "invited": 1,
                      "unit": "person"}
    no_names_in(found, "Paolo", "Bianchi")
    assert "Questionario lanciato · campaign:1" in (await chat.say("/audit", user_id=ADMIN_ID))[-1].text


async def test_launch_from_the_command_line(db_url, db, clock, monkeypatch, capsys):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", db_url)
    async with db.session() as s:
        await q_person(s, 7301, role="po")
    launch = ["questionnaire", "launch", "followup_po_zone", "--audience", "po", "--closes"]
    assert await asyncio.to_thread(bot.cli.main, launch + ["2020-01-31"]) == 1  # closes in the past: refused
    assert "nulla è cambiato" in capsys.readouterr().err
    assert await entries(db, "questionnaire.launch") == []
    closes = (datetime.now(ROME) + timedelta(days=10)).strftime("%Y-%m-%d")
    assert await asyncio.to_thread(bot.cli.main, launch + [closes]) == 0
    assert capsys.readouterr().out.startswith("campagna 1: 1 invito in coda")
    found = await entries(db, "questionnaire.launch")
    assert [(a, r, act, t) for a, r, act, t, _ in found] == [(None, "cli", "questionnaire.launch", "campaign:1")]
    assert found[0][4]["closes_at"].startswith(f"{closes}T23:59:00")


# ---------- the same transaction ----------

async def test_an_action_rolled_back_leaves_no_entry(db, clock):
    async with db.session() as s:
        tavolo = await h.monthly_tavolo(s, now=clock.now())
        organiser = await h.person(s, 9201, name="Olga", role="organizzatore", now=clock.now())
        occurrence_id = await s.scalar(select(Occurrence.id).where(Occurrence.tavolo_id == tavolo.id).limit(1))
    with pytest.raises(RuntimeError):
        async with db.session() as s:
            await occurrences.cancel(s, occurrence_id, await s.get(Person, organiser.id), now=clock.now(), tz=ROME)
            assert len(await entries_in(s, "occurrence.cancel")) == 1  # written, in this transaction only
            raise RuntimeError("the action failed after the audit write")
    assert await entries(db, "occurrence.cancel") == []
    async with db.session() as s:
        assert (await s.get(Occurrence, occurrence_id)).status == "scheduled"


async def entries_in(session, action: str) -> list[AuditEntry]:
    return list((await session.scalars(select(AuditEntry).where(AuditEntry.action == action))).all())
