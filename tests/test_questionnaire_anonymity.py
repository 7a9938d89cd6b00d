"""Anonymous questionnaires: nothing in the database links a sent response to its respondent.

Three people answer through the production Application (in an order unlike their invitations, hours
and a day apart); then every column of invitations, responses and answers is examined: the response
side has no time, no update id, no reference and no value that differs between respondents except
random keys and the answers themselves, so no ordering of any table can match the rows of another.
"""
from __future__ import annotations

from datetime import timedelta, timezone

from sqlalchemy import MetaData, select

from bot.db.base import Base
from bot.questionnaires import campaigns
from bot.questionnaires.models import Answer, Invitation, Response
from tests.questionnaire_support import TINY, launch, person

ANON = {**TINY, "id": "anon", "title": "Clima", "anonymous": True}
PEOPLE = {7201: "Aldo Primo", 7202: "Bea Seconda", 7203: "Ciro Terzo"}
SPREAD = 2**40  # two random 63-bit keys closer than this: about 1 chance in 4 million


def _button(call, label):
    return next(data for text, data in call.buttons() if text == label)


async def _answer(chat, user_id: int, cid: int, number: str, note: str) -> list:
    first = (await chat.press(f"q:go:{cid}", user_id=user_id))[-1]
    await chat.press(_button(first, "No"), user_id=user_id)
    await chat.say(number, user_id=user_id)
    summary = (await chat.say(note, user_id=user_id))[-1]
    done = await chat.press(_button(summary, "Invia ✅"), user_id=user_id)
    assert "in forma anonima" in done[-1].text
    return [first, *done]


async def _rows(db, table: str) -> list[dict]:
    async with db.session() as s:
        return [dict(r) for r in (await s.execute(select(Base.metadata.tables[table]))).mappings()]


def _spread(keys: list[int]) -> bool:
    keys = sorted(keys)
    return all(b - a > SPREAD for a, b in zip(keys, keys[1:]))


async def test_sent_anonymous_responses_cannot_be_matched_to_people_by_any_ordering(chat, db, clock):
    async with db.session() as s:
        ids = {tg: (await person(s, tg, role="po", name=name)).id for tg, name in PEOPLE.items()}
    cid = await launch(db, ANON, list(ids.values()), clock.now())
    # completed in the order 7203, 7201, 7202: hours apart, the last one on the next day
    first = await _answer(chat, 7203, cid, "3", "bene")
    clock.advance(timedelta(hours=3, minutes=17))
    await _answer(chat, 7201, cid, "12", "male")
    clock.advance(timedelta(hours=20, minutes=41))
    await _answer(chat, 7202, cid, "7", "così così")
    # before the first question, the respondent was told what anonymous means
    intro = first[0].text
    assert intro.index("Questionario anonimo") < intro.index("Domanda 1 di")

    invitations = [r for r in await _rows(db, "q_invitations") if r["campaign_id"] == cid]
    responses = [r for r in await _rows(db, "q_responses") if r["campaign_id"] == cid]
    answers = [a for a in await _rows(db, "q_answers") if a["response_id"] in {r["id"] for r in responses}]
    assert len(invitations) == len(responses) == 3 and len(answers) == 9
    # the person side: a completion flag and the day, nothing that points at a response
    assert {r["status"] for r in invitations} == {"completed"}
    assert {r["response_id"] for r in invitations} == {None}
    assert all((t.hour, t.minute, t.second, t.microsecond) == (0, 0, 0, 0) for t in (r["touched_at"] for r in invitations))
    assert len({r["invited_at"] for r in invitations}) == 1
    # the response side: every column alike for all three, except a random key...
    for column in Base.metadata.tables["q_responses"].columns.keys():
        values = [r[column] for r in responses]
        if column == "id":
            assert _spread(values)
        else:
            assert len({repr(v) for v in values}) == 1, column
    assert responses[0]["submitted_at"] is None and responses[0]["last_message_id"] == 0
    # ...and the answers: random keys, the content, no time, no update id
    assert _spread([a["id"] for a in answers])
    assert {(a["source_message_id"], a["answered_at"]) for a in answers} == {(None, None)}
    # so the attack that matched 3 of 3 (invitations by completion time, responses by id) has nothing to order:
    by_time = sorted(invitations, key=lambda r: (r["touched_at"], r["id"]))
    assert [r["touched_at"] for r in by_time][:2] == [by_time[0]["touched_at"]] * 2  # two on the same day: a tie
    # no key of the response side appears anywhere on the person side, nor the reverse
    person_side = {v for r in invitations for v in r.values() if isinstance(v, int)} | set(ids.values())
    response_side = {v for r in responses + answers for k, v in r.items()
                     if isinstance(v, int) and k in ("id", "response_id")}
    assert person_side.isdisjoint(response_side)
    # the response key never left the database: Telegram keeps the button data of every message
    data = [d for call in chat.telegram.calls for _, d in call.buttons() if d]
    assert any(d.startswith(f"q:{cid}:") for d in data)
    assert not any(str(r["id"]) in d for r in responses for d in data)
    # the results say the same: three rows, no name, no time
    async with db.session() as s:
        from bot.questionnaires import results
        res = await results.compute(s, cid, named=True)
    assert not res.named and [(r.name, r.submitted_at) for r in res.records] == [(None, None)] * 3


async def test_a_sent_anonymous_response_refuses_a_second_one_and_stops_reminders(chat, db, clock):
    async with db.session() as s:
        pid = (await person(s, 7211, role="po", name="Dora Quarta")).id
    cid = await launch(db, ANON, [pid], clock.now(), days=5)
    await _answer(chat, 7211, cid, "3", "bene")
    again = await chat.press(f"q:go:{cid}", user_id=7211)
    assert again[-1].text == "Hai già risposto a «Clima». Grazie!"
    clock.advance(timedelta(days=4, hours=1))  # the 3-day and 1-day reminders are due
    assert (await chat.services.questionnaires.tick())[1] == 0
    async with db.session() as s:
        assert len((await s.scalars(select(Response).where(Response.campaign_id == cid))).all()) == 1


async def test_the_invitation_of_an_anonymous_questionnaire_says_what_anonymous_means(chat, db, clock):
    async with db.session() as s:
        pid = (await person(s, 7221, role="po", name="Ezio Quinto")).id
    cid = await launch(db, ANON, [pid], clock.now())
    from bot.outbox.models import OutboxMessage
    async with db.session() as s:
        invite = await s.scalar(select(OutboxMessage).where(OutboxMessage.round == f"q:{cid}:invite"))
    assert "🔒 <b>Questionario anonimo.</b>" in invite.text
    named = await launch(db, TINY, [pid], clock.now(), key="t2")
    async with db.session() as s:
        plain = await s.scalar(select(OutboxMessage).where(OutboxMessage.round == f"q:{named}:invite"))
    assert "anonimo" not in plain.text


async def test_unsent_anonymous_answers_are_deleted_once_the_questionnaire_closes(chat, db, clock):
    async with db.session() as s:
        started = (await person(s, 7231, role="po", name="Fede Sesta")).id
        sent = (await person(s, 7232, role="po", name="Gigi Settimo")).id
    cid = await launch(db, ANON, [started, sent], clock.now(), days=2)
    await _answer(chat, 7232, cid, "3", "bene")
    first = (await chat.press(f"q:go:{cid}", user_id=7231))[-1]
    await chat.press(_button(first, "No"), user_id=7231)  # one answer, never sent
    assert (await chat.services.questionnaires.tick())[1] == 0
    async with db.session() as s:
        assert await campaigns.discard_unfinished(s, clock.now()) == 0  # still open: kept, to resume
    clock.advance(timedelta(days=2))
    (await chat.services.questionnaires.tick())[1]
    async with db.session() as s:
        responses = (await s.scalars(select(Response).where(Response.campaign_id == cid))).all()
        invitation = await s.scalar(select(Invitation).where(Invitation.person_id == started))
        answers = (await s.scalars(select(Answer).where(Answer.response_id.in_([r.id for r in responses])))).all()
    assert [r.status for r in responses] == ["completed"] and len(answers) == 3
    assert invitation.response_id is None and invitation.status == "started"


async def test_named_questionnaires_keep_their_link_and_time(chat, db, clock):
    async with db.session() as s:
        pid = (await person(s, 7241, role="po", name="Ugo Ottavo")).id
    cid = await launch(db, TINY, [pid], clock.now())
    first = (await chat.press(f"q:go:{cid}", user_id=7241))[-1]
    assert "anonimo" not in first.text
    await chat.press(_button(first, "No"), user_id=7241)
    await chat.say("3", user_id=7241)
    summary = (await chat.say("bene", user_id=7241))[-1]
    await chat.press(_button(summary, "Invia ✅"), user_id=7241)
    async with db.session() as s:
        invitation = await s.scalar(select(Invitation).where(Invitation.campaign_id == cid))
        response = await s.get(Response, invitation.response_id)
    assert response.submitted_at == clock.now() and invitation.touched_at == clock.now()


async def test_migrations_rekey_anonymous_responses_and_drop_processed_payloads(tmp_path, clock):
    """A database at 0005 and 0007 (ordered keys, times kept on the invitation, payloads kept) upgraded."""
    import uuid

    from alembic import command
    from sqlalchemy.engine import make_url

    from bot.db.engine import Database
    from bot.db.migrate import alembic_config, upgrade
    from tests.conftest import PG_URL, _admin

    if PG_URL:
        name = f"zobot_t_{uuid.uuid4().hex[:10]}_legacy"
        await _admin(f'CREATE DATABASE "{name}"')
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'legacy.sqlite3'}"
    legacy = Database(url)
    try:
        def to_0005(connection):
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "0005")
            command.upgrade(cfg, "0007")  # the webhook inbox, for 0011

        async with legacy.engine.begin() as conn:
            await conn.run_sync(to_0005)
        def tables_then(connection):  # the tables as revision 0005 made them, not as the models are now
            metadata = MetaData()
            metadata.reflect(connection)
            return metadata.tables

        now = clock.now().astimezone(timezone.utc)  # reflected tables store what they get: UTC, as the models do
        async with legacy.engine.begin() as conn:
            t = await conn.run_sync(tables_then)
            await conn.execute(t["people"].insert(), [
                {"id": n, "telegram_user_id": 7300 + n, "chat_id": 7300 + n, "name": f"P{n}", "reachable": True,
                 "created_at": now} for n in (1, 2, 3)])
            await conn.execute(t["q_versions"].insert(), [
                {"id": 1, "key": "anon", "version": 1, "hash": "a", "title": "A", "anonymous": True, "body": {},
                 "created_at": now},
                {"id": 2, "key": "named", "version": 1, "hash": "b", "title": "B", "anonymous": False, "body": {},
                 "created_at": now}])
            await conn.execute(t["q_campaigns"].insert(), [
                {"id": c, "version_id": c, "launch_key": f"k{c}", "audience": {}, "opens_at": now,
                 "closes_at": now + timedelta(days=9), "reminder_offsets": [], "reminders_done": [], "created_at": now}
                for c in (1, 2)])
            await conn.execute(t["q_responses"].insert(), [
                {"id": n, "campaign_id": c, "version_id": c, "status": "completed", "draft": {}, "rev": 4,
                 "last_update_id": 0, "submitted_at": None if c == 1 else now + timedelta(minutes=n)}
                for n, c in ((1, 1), (2, 1), (3, 2))])
            await conn.execute(t["q_answers"].insert(), [
                {"id": n, "response_id": r, "question_id": q, "value": n, "answered_at": None if r < 3 else now}
                for n, r, q in ((1, 1, "a"), (2, 1, "b"), (3, 2, "a"), (4, 2, "b"), (5, 3, "a"))])
            await conn.execute(t["q_invitations"].insert(), [
                {"id": n, "campaign_id": c, "person_id": p, "status": "completed", "response_id": r, "invited_at": now,
                 "touched_at": now + timedelta(minutes=n)}
                for n, c, p, r in ((1, 1, 1, None), (2, 1, 2, None), (3, 2, 3, 3))])
            await conn.execute(t["inbound_updates"].insert(), [
                {"update_id": u, "payload": {"update_id": u, "message": {"text": "ciao"}}, "received_at": now,
                 "processed_at": now if u == 1 else None, "attempts": 1} for u in (1, 2)])
        await upgrade(legacy.engine)
        t = Base.metadata.tables
        async with legacy.engine.connect() as conn:
            responses = {r.campaign_id: r for r in (await conn.execute(select(t["q_responses"]))).all()
                         if r.campaign_id == 2}
            anon = [r for r in (await conn.execute(select(t["q_responses"]))).all() if r.campaign_id == 1]
            answers = (await conn.execute(select(t["q_answers"]))).all()
            invitations = {r.id: r for r in (await conn.execute(select(t["q_invitations"]))).all()}
            updates = dict((await conn.execute(select(t["inbound_updates"].c.update_id,
                                                      t["inbound_updates"].c.payload))).all())
        assert updates[1] is None and updates[2]["message"]["text"] == "ciao"  # 0011: processed ones lose theirs
        assert len(anon) == 2 and _spread([r.id for r in anon]) and min(r.id for r in anon) > 3
        assert {(r.rev, r.submitted_at, r.last_message_id) for r in anon} == {(4, None, 0)}
        anon_answers = [a for a in answers if a.response_id in {r.id for r in anon}]
        assert sorted(a.value for a in anon_answers) == [1, 2, 3, 4] and _spread([a.id for a in anon_answers])
        assert responses[2].id == 3 and [a.id for a in answers if a.response_id == 3] == [5]  # named: untouched
        assert {invitations[n].touched_at.replace(tzinfo=None) for n in (1, 2)} == \
            {now.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)}
        assert invitations[3].touched_at.replace(tzinfo=None) == \
            (now + timedelta(minutes=3)).astimezone(timezone.utc).replace(tzinfo=None)
    finally:
        await legacy.dispose()
        if PG_URL:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
