"""Roles follow their sources: ZOBOT_ADMINS alone makes an admin, and a revocation or a demotion takes
effect at the person's next update, in every dialogue they had open. Ids are checked before any query."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

import bot.cli
from bot.announcements.models import BroadcastDraft
from bot.config import Settings
from bot.meetings.models import Draft, Occurrence, Participant
from bot.people import membership, policy, privacy
from bot.people.models import AuditEntry, Person
from bot.questionnaires.models import Answer, Invitation
from bot.texts import common
from tests import builders
from tests import meeting_helpers as h
from tests.conftest import ADMIN_ID, TEST_TOKEN, start_harness, stop_harness
from tests.people_support import ORGANISER_ID, REFERENT_ID, cast, member
from tests.questionnaire_support import TINY, launch
from tests.test_access_matrix import CALLBACKS, _registered

EX_ADMIN = 900002


async def _role(db, telegram_id):
    async with db.session() as s:
        person = await s.scalar(select(Person).where(Person.telegram_user_id == telegram_id))
        return person.role, person.member_role


async def _audit(db, action):
    async with db.session() as s:
        return [(e.actor, e.target, e.detail) for e in await s.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


async def test_admin_removed_from_zobot_admins_is_demoted_at_start_up_and_audited(settings, db, clock):
    both = Settings(token=TEST_TOKEN, database_url=settings.database_url, admins=frozenset({ADMIN_ID, EX_ADMIN}))
    first = await start_harness(both, clock)
    assert (await first.say("/audit", user_id=EX_ADMIN))[-1].text.startswith("<b>Registro delle operazioni</b>")
    await stop_harness(first)
    assert await _role(db, EX_ADMIN) == ("admin", None)
    restarted = await start_harness(settings, clock)  # ZOBOT_ADMINS without EX_ADMIN: demoted before any message
    try:
        assert await _role(db, EX_ADMIN) == (None, None)
        [(actor, target, detail)] = await _audit(db, "role.demote")
        assert actor == "ZOBOT_ADMINS" and detail == {"from": "admin", "to": None, "source": "ZOBOT_ADMINS", "tavoli": 0}
        for command in ("/audit", "/lancia", "/copertura", "/invita organizzatore; X"):
            assert (await restarted.say(command, user_id=EX_ADMIN))[-1].text == common.NOT_ALLOWED, command
        assert [a for a, *_ in await _audit(db, "role.admin")] == ["ZOBOT_ADMINS"]  # given once, at first contact
    finally:
        await stop_harness(restarted)
    assert not restarted.errors


async def test_an_admin_keeps_the_role_they_had_without_admin(chat, db, clock):
    """An organiser listed in ZOBOT_ADMINS is admin; out of the list, organiser again (not nobody)."""
    await member(db, clock, EX_ADMIN, "organizzatore", name="Olga")
    async with db.session() as s:
        person = await s.scalar(select(Person).where(Person.telegram_user_id == EX_ADMIN))
        assert await membership.follow_admins(s, person, frozenset({EX_ADMIN}), now=clock.now())
    assert await _role(db, EX_ADMIN) == ("admin", "organizzatore")
    calls = await chat.say("/audit", user_id=EX_ADMIN)  # the chat's ZOBOT_ADMINS does not list EX_ADMIN
    assert calls[-1].text == common.NOT_ALLOWED
    assert await _role(db, EX_ADMIN) == ("organizzatore", "organizzatore")
    assert (await chat.say("/lancia", user_id=EX_ADMIN))[-1].text != common.NOT_ALLOWED
    assert (await _audit(db, "role.demote"))[-1][2] == {"from": "admin", "to": "organizzatore", "source": "ZOBOT_ADMINS"}


async def test_admin_invitations_no_longer_exist(db):
    from bot.errors import BadInput
    from bot.people import invites

    async with db.session() as s:
        with pytest.raises(BadInput):
            await invites.resolve(s, "admin")


async def test_retention_treats_an_ex_admin_like_anyone(db, clock):
    await member(db, clock, EX_ADMIN, None, name="Ex")
    await member(db, clock, ADMIN_ID, None, name="Admin")
    async with db.session() as s:
        for person in await s.scalars(select(Person)):
            person.role = "admin"  # both were admins; only ADMIN_ID still is
    clock.advance(timedelta(days=731))
    async with db.session() as s:
        assert await privacy.apply_retention(s, now=clock.now(), days=730, admins=frozenset({ADMIN_ID})) == 1
        erased = await s.scalar(select(Person).where(Person.erased_at.is_not(None)))
        kept = await s.scalar(select(Person).where(Person.telegram_user_id == ADMIN_ID))
    assert erased.telegram_user_id is None and kept.erased_at is None


async def test_revocation_stops_an_open_questionnaire_at_the_next_step(chat, db, clock, db_url, monkeypatch):
    ids = await cast(db, clock)
    cid = await launch(db, TINY, [], clock.now(), kind="all_referents")
    await chat.press(f"q:go:{cid}", user_id=REFERENT_ID)
    no = dict(chat.telegram.messages[-1].buttons())["No"]
    await chat.press(no, user_id=REFERENT_ID)
    question = chat.telegram.messages[-1]
    assert "Quanti comuni?" in question.text  # waits for a typed number; its buttons stay on screen
    monkeypatch.setenv("ZOBOT_DATABASE_URL", db_url)
    assert await asyncio.to_thread(bot.cli.main, ["invite", "revoke-member", str(REFERENT_ID)]) == 0
    calls = await chat.say("5", user_id=REFERENT_ID)
    assert [c.text for c in calls] == [common.NOT_ALLOWED]
    calls = await chat.say("servizi a Rho", user_id=REFERENT_ID)  # the dialogue is over: a catalogue question
    assert calls and calls[-1].text != common.NOT_ALLOWED and "Domanda" not in calls[-1].text
    pressed = await chat.press(question.buttons()[0][1], user_id=REFERENT_ID)  # a button of the open question
    assert [(c.method, c.params.get("text")) for c in pressed] == [("answerCallbackQuery", common.NOT_ALLOWED)]
    assert (await chat.press(f"q:go:{cid}", user_id=REFERENT_ID))[-1].text == "Questo questionario non è rivolto a te."
    async with db.session() as s:
        assert (await s.scalars(select(Answer.value))).all() == ["no"]
        assert (await s.scalar(select(Invitation.status).where(Invitation.person_id == ids["referent"]))) == "opted_out"
        refused = [e.detail["action"] for e in await s.scalars(select(AuditEntry).where(AuditEntry.action == "refused"))]
    assert refused.count("answer_questionnaire") == 3


async def test_revocation_ends_an_announcement_waiting_for_its_text(chat, db, clock):
    ids = await cast(db, clock)
    menu = (await chat.say("/annuncio", user_id=ORGANISER_ID))[-1]
    await chat.press(menu.buttons()[0][1], user_id=ORGANISER_ID)  # an audience: now the text is awaited
    async with db.session() as s:
        await membership.revoke(s, await s.get(Person, ids["organiser"]), actor="cli", now=clock.now())
    calls = await chat.say("Riunione domani alle 10", user_id=ORGANISER_ID)
    assert [c.text for c in calls] == [common.NOT_ALLOWED]
    async with db.session() as s:
        assert (await s.scalars(select(BroadcastDraft.status))).all() == ["cancelled"]
    calls = await chat.say("servizi a Rho", user_id=ORGANISER_ID)
    assert calls[-1].text != common.NOT_ALLOWED


async def test_demotion_ends_a_move_draft_and_the_tavoli_go_with_every_role(chat, db, clock):
    await member(db, clock, EX_ADMIN, None, name="Ex")
    async with db.session() as s:
        person = await s.scalar(select(Person).where(Person.telegram_user_id == EX_ADMIN))
        await membership.follow_admins(s, person, frozenset({EX_ADMIN}), now=clock.now())
        tavolo = await h.monthly_tavolo(s, now=clock.now())
        occ = await s.scalar(select(Occurrence).order_by(Occurrence.start_at))
    async with db.session() as s:  # an admin who joined, as admin, and opened «Sposta»
        s.add(Participant(tavolo_id=tavolo.id, person_id=person.id, source="self", created_at=clock.now()))
        s.add(Draft(person_id=person.id, kind="move", step="date", data={"occurrence_id": occ.id},
                    updated_at=clock.now()))
    calls = await chat.say("12/01/2027 10:00", user_id=EX_ADMIN)  # no longer in ZOBOT_ADMINS
    assert calls[-1].text == common.NOT_ALLOWED
    async with db.session() as s:
        assert (await s.scalars(select(Draft))).all() == []
        assert (await s.scalar(select(Occurrence.start_at).where(Occurrence.id == occ.id))) == occ.start_at
        assert person.id not in (await s.scalars(select(Participant.person_id))).all()
    assert (await _audit(db, "role.demote"))[-1][2]["tavoli"] == 1


async def test_revoke_member_leaves_the_tavoli_and_audits_it(chat, db, clock):
    ids = await cast(db, clock)
    async with db.session() as s:
        tavolo = await h.monthly_tavolo(s, now=clock.now())
        tavolo.all_zones = True
    await chat.press(f"m:s:{tavolo.id}", user_id=REFERENT_ID)
    async with db.session() as s:
        await membership.revoke(s, await s.get(Person, ids["referent"]), actor="cli", now=clock.now())
        assert (await s.scalars(select(Participant))).all() == []
    [(_, target, detail)] = [a for a in await _audit(db, "member.revoke") if a[1] == f"person:{ids['referent']}"]
    assert detail == {"old_role": "referente", "tavoli": 1}


async def test_updates_without_a_sender_and_buttons_on_inline_messages(chat):
    no_from = builders.message("/audit", user_id=4242)
    del no_from["message"]["from"]
    start = len(chat.telegram.calls)
    await chat.feed(no_from)
    assert chat.telegram.calls[start:] == []
    inline = builders.callback("m:t:1", user_id=4242)
    del inline["callback_query"]["message"]
    inline["callback_query"]["inline_message_id"] = "AAAA"
    before = len(chat.telegram.calls)
    await chat.feed(inline)
    assert [(c.method, c.params.get("text")) for c in chat.telegram.calls[before:]] == \
        [("answerCallbackQuery", common.BUTTON_EXPIRED)]


@pytest.mark.parametrize("data", ["m:t:2147483648", "q:go:99999999999", "cat:s:¹:0:0", "p:cs:١", "a:l:" + "9" * 70])
async def test_ids_out_of_range_or_not_ascii_never_reach_a_feature(chat, data):
    calls = await chat.press(data)
    assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", common.BUTTON_EXPIRED)]


def test_valid_id_and_plausible_data():
    assert [policy.valid_id(x) for x in ("1", "2147483647", "2147483648", "0", "-1", "01a", "٣", "", " 5", 7)] == \
        [1, 2147483647, None, None, None, None, None, None, None, 7]
    assert policy.valid_id("0", minimum=0) == 0
    assert policy.plausible_data("m:r:12:y") and policy.plausible_data("q:L:tiny:po:7:6937f1a0")
    assert not any(policy.plausible_data(d) for d in (None, "", "m:t:99999999999", "m:t:é", "x" * 65))


async def test_a_callback_prefix_without_an_expectation_fails_the_matrix(chat):
    from telegram.ext import CallbackQueryHandler

    async def bypass(update, context):  # a new button that asks no policy
        await update.callback_query.answer("segreto")

    chat.app.add_handler(CallbackQueryHandler(bypass, pattern=r"^new:"))
    _, prefixes = _registered(chat.app)
    assert prefixes - set(CALLBACKS) == {"new"}


async def test_the_group_menu_lists_only_help_and_privacy(chat):
    group, default = chat.telegram.of("setMyCommands")[-2:]
    assert group.params["scope"] == {"type": "all_group_chats"}
    assert [c["command"] for c in group.params["commands"]] == ["help", "privacy"]
    assert "scope" not in default.params and len(default.params["commands"]) > 2
