"""/cancellami leaves nothing behind; /imiei_dati holds everything.

One person does everything, through the webhook: registers (and is approved), answers a named and an
anonymous questionnaire and starts a third, joins a tavolo and RSVPs, receives an announcement. Their
copy of their data must cover every table that mentions them. Then they erase themselves, and every
column of every table (and, on SQLite, every byte of the database files) is searched for their
Telegram id, names and username: nothing may be found.
"""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import MetaData, select
from sqlalchemy.engine import make_url

from bot.catalogue.models import Comune, Zone
from bot.meetings.models import Occurrence
from bot.people.models import Person, RegistrationRequest
from bot.webhook.server import SECRET_HEADER, WebhookService
from tests import builders
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID
from tests.questionnaire_support import TINY, launch

TG_ID = 7312458906  # above 2**32: as text and as a 6-byte integer, it cannot be found by chance
WHO = {"first_name": "Zefirina", "last_name": "Quattrocchi", "username": "zefiquattro"}
TYPED_NAME = "Zefirina Q. Brambillasca"  # the name typed in /registrati
NEEDLES = [str(TG_ID), "Zefirina", "Quattrocchi", "zefiquattro", "Brambillasca"]
SECRET = "s3cret-token_for-tests-0123456789"


class Webhook:
    """The person's updates arrive through the production webhook route and are processed from the inbox."""

    def __init__(self, chat, clock) -> None:
        self.chat = chat
        self.service = WebhookService(chat.app, secret=SECRET, clock=clock, instance="test")

    async def post(self, payload: dict, *, process: bool = True) -> list:
        before = len(self.chat.telegram.calls)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.service.asgi()),
                                     base_url="http://bot") as client:
            response = await client.post("/telegram", json=payload, headers={SECRET_HEADER: SECRET})
        assert response.status_code == 200
        while process and not self.service.queue.empty():
            await self.service.process(*self.service.queue.get_nowait())
            self.service.queue.task_done()
        return self.chat.telegram.calls[before:]

    async def say(self, text: str, **kw) -> list:
        return await self.post(builders.message(text, user_id=TG_ID, **WHO), **kw)

    async def press(self, data: str) -> list:
        return await self.post(builders.callback(data, user_id=TG_ID, **WHO))


def _button(calls, label: str) -> str:
    for call in reversed(calls):
        for text, data in call.buttons():
            if text == label:
                return data
    raise AssertionError(f"no button {label!r}")


async def _answer(hook: Webhook, cid: int, *, send: bool) -> None:
    first = await hook.press(f"q:go:{cid}")
    await hook.press(_button(first, "No"))
    if send:
        await hook.say("3")
        summary = await hook.say("bene così")
        await hook.press(_button(summary, "Invia ✅"))


async def _announce(chat) -> None:
    calls = await chat.say("/annuncio", user_id=ADMIN_ID)
    calls = await chat.press(_button(calls, "Tutte le persone registrate"), user_id=ADMIN_ID)
    calls = await chat.say("Riunione plenaria giovedì", user_id=ADMIN_ID)
    await chat.press(next(d for t, d in calls[-1].buttons() if t.startswith("✅ Invia")), user_id=ADMIN_ID)


async def _everything(chat, db, clock, hook: Webhook) -> int:
    """The person's whole life with the bot; returns people.id."""
    await chat.say("/start", user_id=ADMIN_ID)  # an organiser with a chat, to be told of the registration
    await hook.say("/start")
    await hook.say(f"/registrati referente Rho; {TYPED_NAME}")
    async with db.session() as s:
        request = await s.scalar(select(RegistrationRequest))
        pid = request.person_id
    await chat.press(f"p:ap:{request.id}", user_id=ADMIN_ID)
    named = await launch(db, TINY, [pid], clock.now(), key="named")
    anonymous = await launch(db, {**TINY, "id": "anon", "title": "Anonimo", "anonymous": True}, [pid], clock.now(),
                             key="anon")
    unfinished = await launch(db, {**TINY, "id": "terzo", "title": "Terzo"}, [pid], clock.now(), key="terzo")
    await _answer(hook, named, send=True)
    await _answer(hook, anonymous, send=True)
    await _answer(hook, unfinished, send=False)
    async with db.session() as s:
        rho = await s.scalar(select(Comune).where(Comune.name == "Rho"))
        tavolo = await h.monthly_tavolo(s, now=clock.now(), zone_row=await s.get(Zone, rho.zone_id))
        occurrence = await s.scalar(select(Occurrence).where(Occurrence.tavolo_id == tavolo.id)
                                    .order_by(Occurrence.start_at))
    await hook.press(f"m:s:{tavolo.id}")
    await hook.press(f"m:r:{occurrence.id}:y")
    await _announce(chat)
    for _ in range(6):  # the outbox sends: registration notice and result, invitations, the announcement
        await chat.services.outbox.tick()
        clock.advance(timedelta(seconds=2))
    assert any(c.params.get("chat_id") == TG_ID and "Riunione plenaria" in c.text for c in chat.telegram.calls)
    return pid


async def _hits(db) -> dict[str, list]:
    """Every (table, column, value) in which a needle appears: text, JSON or the id as a number.

    Every table the database has (read from it, not from the models), every column."""
    found: dict[str, list] = {}
    tables = MetaData()
    async with db.engine.connect() as conn:
        await conn.run_sync(tables.reflect)
    async with db.session() as s:
        for table in tables.sorted_tables:
            for row in (await s.execute(select(table))).mappings():
                for column, value in row.items():
                    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
                    if value == TG_ID or any(n in text for n in NEEDLES):
                        found.setdefault(table.name, []).append((column, value))
    return found


def _file_hits(url: str) -> list[tuple[str, str]]:
    """The needles in the bytes of the SQLite database and its write-ahead log (text, or the id as an integer)."""
    path = Path(make_url(url).database)
    patterns = [n.encode() for n in NEEDLES] + [TG_ID.to_bytes(6, "big"), TG_ID.to_bytes(8, "big")]
    hits = []
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            data = file.read_bytes()
            hits += [(file.name, repr(p)) for p in patterns if p in data]
    return hits


async def test_erasure_leaves_nothing_and_the_copy_held_everything(chat, db, clock, settings):
    hook = Webhook(chat, clock)
    pid = await _everything(chat, db, clock, hook)
    pending = builders.message("una domanda che aspetta", user_id=TG_ID, **WHO)
    await hook.post(pending, process=False)  # arrived, not processed yet: its payload is theirs too

    # /imiei_dati: every table that mentions the person is in their copy
    mentions = await _hits(db)
    assert {"people", "outbox", "inbound_updates", "registration_requests"} <= set(mentions)  # the scan sees them
    if not db.is_postgres:
        assert _file_hits(settings.database_url)
    calls = await chat.say("/imiei_dati", user_id=TG_ID, **WHO)
    copy = json.loads(calls[-1].files["document"][1])
    tables = {key.split(".")[0] for key in copy["records"]} | {"people"}
    assert set(mentions) <= tables, set(mentions) - tables
    assert {"tavolo_participants.person_id", "rsvps.person_id", "q_responses", "q_answers", "inbound_updates",
            "outbox.registration_notices", "audit_log.target"} <= set(copy["records"])
    assert TYPED_NAME in copy["records"]["outbox.registration_notices"][0]["text"]
    assert [u["update_id"] for u in copy["records"]["inbound_updates"]] == [pending["update_id"]]
    assert {a["value"] for a in copy["records"]["q_answers"]} >= {"no", 3, "bene così"}
    assert all("chat_id" not in n and "person_id" not in n for n in copy["records"]["outbox.registration_notices"])
    await hook.service.process(*hook.service.queue.get_nowait())

    # /cancellami, through the webhook too
    await hook.say("/cancellami")
    done = await hook.press(f"p:er:{pid}")
    assert done[-1].text.startswith("Fatto: i tuoi dati personali sono stati cancellati.")
    assert await _hits(db) == {}
    if not db.is_postgres:
        assert _file_hits(settings.database_url) == []
    # what stays: the blank row, the counts, the answers without a link
    async with db.session() as s:
        person = await s.get(Person, pid)
        assert (person.name, person.telegram_user_id, person.erased_at is not None) == ("", None, True)
    from bot.questionnaires.models import Invitation, Response
    async with db.session() as s:
        invitations = (await s.scalars(select(Invitation).where(Invitation.person_id == pid))).all()
        responses = (await s.scalars(select(Response))).all()
    assert sorted(i.status for i in invitations) == ["completed", "completed", "started"]
    assert {i.response_id for i in invitations} == {None}
    assert sorted((r.status, r.submitted_at) for r in responses) == [("completed", None)] * 2


async def test_the_attendance_list_has_no_blank_row_after_an_erasure(chat, db, clock):
    from bot.meetings import rsvp
    async with db.session() as s:
        zone = await h.zone(s)
        tavolo = await h.monthly_tavolo(s, now=clock.now(), zone_row=zone)
        stays = await h.person(s, 7401, name="Resta Qui", now=clock.now(), zone_row=zone)
        leaves = await h.person(s, 7402, name="Se Ne Va", now=clock.now(), zone_row=zone)
        occurrence = await s.scalar(select(Occurrence).where(Occurrence.tavolo_id == tavolo.id)
                                    .order_by(Occurrence.start_at))
    for tg, first, last in ((7401, "Resta", "Qui"), (7402, "Se Ne", "Va")):
        await chat.press(f"m:s:{tavolo.id}", user_id=tg, first_name=first, last_name=last)
        await chat.press(f"m:r:{occurrence.id}:y", user_id=tg, first_name=first, last_name=last)
    async with db.session() as s:
        admin = await h.person(s, 7403, name="Org", role="organizzatore", now=clock.now())
        before = await rsvp.attendance(s, occurrence.id, admin)
    assert before.names("yes") == ["Resta Qui", "Se Ne Va"]
    await chat.say("/cancellami", user_id=7402)
    await chat.press(f"p:er:{leaves.id}", user_id=7402)
    async with db.session() as s:
        attendance = await rsvp.attendance(s, occurrence.id, await s.get(Person, admin.id))
    assert attendance.names("yes") == ["Resta Qui"] and attendance.count("none") == 0
    assert stays.id != leaves.id
