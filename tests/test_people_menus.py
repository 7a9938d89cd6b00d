"""Telegram conventions (issue 14 item 7), through the production application: the bot's description in
Italian, a default menu for referents and PO, and per-chat menus for organisers and admins that follow
every way a role changes (an invitation, the command line, ZOBOT_ADMINS)."""
from __future__ import annotations

import asyncio

import bot.cli
from bot.people import directory, invites
from bot.texts import menu as menu_texts
from tests.conftest import ADMIN_ID
from tests.people_support import REFERENT_ID, cast

ORGANISER_ONLY = {"lancia", "risultati", "nuovotavolo", "annuncio", "consegne", "invita", "proposte", "dettagli", "web"}


async def _tick(chat) -> list:
    """One run of the menus job, as the JobQueue runs it; the calls it made."""
    [job] = chat.app.job_queue.get_jobs_by_name("people:menus")
    before = len(chat.telegram.calls)
    await job.run(chat.app)
    return [c for c in chat.telegram.calls[before:] if c.method in ("setMyCommands", "deleteMyCommands")]


def _names(call) -> set[str]:
    return {c["command"] for c in call.params["commands"]}


async def test_description_and_the_default_menu_are_set_in_italian_at_start(chat):
    [description] = chat.telegram.of("setMyDescription")
    [short] = chat.telegram.of("setMyShortDescription")
    assert description.params["description"] == menu_texts.DESCRIPTION and len(menu_texts.DESCRIPTION) <= 512
    assert short.params["short_description"] == menu_texts.SHORT_DESCRIPTION and len(menu_texts.SHORT_DESCRIPTION) <= 120
    default = [c for c in chat.telegram.of("setMyCommands") if "scope" not in c.params][-1]
    assert {"copertura", "tavoli", "questionari", "registrati", "servizi"} <= _names(default)
    assert not _names(default) & (ORGANISER_ONLY | {"audit"})


async def test_an_invited_organiser_gets_the_organisers_menu_and_revoking_takes_it_back(chat, db, clock, db_url,
                                                                                          monkeypatch):
    await chat.say("/start", user_id=6601)
    async with db.session() as s:
        spec = await invites.resolve(s, "organizzatore", name="Nuova")
        payload = (await invites.create(s, spec, actor="cli", now=clock.now(), ttl_days=14)).payload
    assert await _tick(chat) == []  # a person with no role keeps the default menu: nothing to set
    await chat.say(f"/start {payload}", user_id=6601)
    [set_] = await _tick(chat)
    assert set_.method == "setMyCommands" and set_.params["scope"] == {"type": "chat", "chat_id": 6601}
    assert ORGANISER_ONLY <= _names(set_) and "audit" not in _names(set_) and "copertura" in _names(set_)
    assert await _tick(chat) == []  # up to date: nothing more
    monkeypatch.setenv("ZOBOT_DATABASE_URL", db_url)
    assert await asyncio.to_thread(bot.cli.main, ["invite", "revoke-member", "6601"]) == 0  # another process
    [reset] = await _tick(chat)
    assert reset.method == "deleteMyCommands" and reset.params["scope"] == {"type": "chat", "chat_id": 6601}
    assert await _tick(chat) == []


async def test_admins_follow_zobot_admins_both_ways(chat, db, clock):
    await chat.say("/help", user_id=ADMIN_ID)  # listed in ZOBOT_ADMINS: admin from the first message
    [admin_menu] = await _tick(chat)
    assert admin_menu.params["scope"] == {"type": "chat", "chat_id": ADMIN_ID}
    assert {"audit"} | ORGANISER_ONLY <= _names(admin_menu)
    async with db.session() as s:  # taken out of ZOBOT_ADMINS: demoted at the next update (bot/arrival.py)
        await directory.touch(s, telegram_user_id=ADMIN_ID, chat_id=ADMIN_ID, name="Admin", username=None,
                              now=clock.now(), admins=frozenset())
    [reset] = await _tick(chat)
    assert reset.method == "deleteMyCommands" and reset.params["scope"] == {"type": "chat", "chat_id": ADMIN_ID}


async def test_referents_and_po_keep_the_default_menu(chat, db, clock):
    await cast(db, clock)  # an organiser, a referent, two PO, a stranger, a revoked referent
    calls = await _tick(chat)
    assert [(c.method, c.params["scope"]["chat_id"]) for c in calls] == [("setMyCommands", 5001)]
    await chat.say("/help", user_id=REFERENT_ID)
    assert await _tick(chat) == []
