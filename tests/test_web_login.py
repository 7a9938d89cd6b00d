"""Logging in to the web pages with a /web link: once, within 10 minutes, organisers only, CSRF, logout."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.people.models import AuditEntry
from bot.people.web_models import WebLoginLink, WebSession
from tests.people_support import ORGANISER_ID, REFERENT_ID, cast
from tests.web_support import csrf_of, link_from_chat, log_in


async def _actions(db) -> list[str]:
    async with db.read() as s:
        return list(await s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


async def test_link_logs_in_once_and_logout_ends_the_session(web_chat, clock):
    db = web_chat.services.db
    await cast(db, clock)
    path = await link_from_chat(web_chat, ORGANISER_ID)
    async with db.read() as s:
        link = await s.scalar(select(WebLoginLink))
    assert path.rsplit("/", 1)[1] not in (link.token_hash,) and len(link.token_hash) == 64  # only the hash
    assert link.expires_at - link.created_at == timedelta(minutes=10)

    answer = await log_in(web_chat.web, path)
    assert answer.status_code == 303 and answer.headers["location"] == "/gestione"
    cookie = answer.headers["set-cookie"]
    assert "zobot_sessione=" in cookie and "HttpOnly" in cookie and "Secure" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    dashboard = await web_chat.web.get("/gestione")
    assert dashboard.status_code == 200 and "<h1>Gestione</h1>" in dashboard.text
    assert "Accesso come Anna Rossi (organizzatore)" in dashboard.text
    assert dashboard.headers["cache-control"] == "no-store"

    again = await web_chat.web.get(path)  # the same link a second time
    assert again.status_code == 410 and "già stato usato" in again.text
    replay = await web_chat.web.post(path, data={"csrf": "x"})
    assert replay.status_code in (403, 410)

    out = await web_chat.web.post("/esci", data={"csrf": csrf_of(dashboard)})
    assert out.status_code == 200 and "Sei uscito" in out.text
    assert (await web_chat.web.get("/gestione")).status_code == 401
    async with db.read() as s:
        ended = await s.scalar(select(WebSession))
    assert ended.end_reason == "logout"
    assert [a for a in await _actions(db) if a.startswith("web.")] == ["web.link", "web.login", "web.logout"]


async def test_expired_link_is_refused(web_chat, clock):
    await cast(web_chat.services.db, clock)
    path = await link_from_chat(web_chat, ORGANISER_ID)
    clock.advance(timedelta(minutes=10, seconds=1))
    shown = await web_chat.web.get(path)
    assert shown.status_code == 410 and "scaduto" in shown.text


async def test_referent_gets_no_link_and_no_organiser_page(web_chat, clock):
    db = web_chat.services.db
    ids = await cast(db, clock)
    calls = await web_chat.say("/web", user_id=REFERENT_ID)
    assert "per organizzatori e amministratori" in calls[-1].text and "/accesso/" not in calls[-1].text
    # an organiser's link, used after the organiser became a referent, opens nothing
    path = await link_from_chat(web_chat, ORGANISER_ID)
    async with db.session() as s:
        from bot.people.models import Person
        (await s.get(Person, ids["organiser"])).role = "referente"
    refused = await log_in(web_chat.web, path)
    assert refused.status_code == 403 and "zobot_sessione" not in refused.headers.get("set-cookie", "")
    assert (await web_chat.web.get("/gestione")).status_code == 401
    assert "refused" in await _actions(db)


async def test_a_session_whose_person_lost_the_role_sees_no_dashboard(web_chat, clock):
    db = web_chat.services.db
    ids = await cast(db, clock)
    await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    assert (await web_chat.web.get("/gestione")).status_code == 200
    async with db.session() as s:
        from bot.people.models import Person
        (await s.get(Person, ids["organiser"])).role = "referente"
    page = await web_chat.web.get("/gestione")
    assert page.status_code == 403 and "Gestione</h1>" not in page.text


async def test_forms_without_the_csrf_token_are_refused(web_chat, clock):
    await cast(web_chat.services.db, clock)
    path = await link_from_chat(web_chat, ORGANISER_ID)
    await web_chat.web.get(path)
    assert (await web_chat.web.post(path, data={})).status_code == 403  # login form without its token
    assert (await web_chat.web.post(path, data={"csrf": "forged"})).status_code == 403
    answer = await log_in(web_chat.web, path)  # the link was not used up by the refused posts
    assert answer.status_code == 303
    assert (await web_chat.web.post("/esci", data={})).status_code == 403  # logout without the token
    assert (await web_chat.web.post("/esci", data={"csrf": "0" * 64})).status_code == 403
    assert (await web_chat.web.get("/gestione")).status_code == 200  # still logged in


async def test_idle_and_absolute_timeouts_end_the_session(web_chat, clock):
    await cast(web_chat.services.db, clock)
    await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    clock.advance(timedelta(minutes=29))
    assert (await web_chat.web.get("/gestione")).status_code == 200
    clock.advance(timedelta(minutes=31))  # more than 30 minutes without a request
    assert (await web_chat.web.get("/gestione")).status_code == 401
    await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    for _ in range(17):  # busy all day: still ends after 8 hours
        clock.advance(timedelta(minutes=29))
        await web_chat.web.get("/gestione")
    assert (await web_chat.web.get("/gestione")).status_code == 401


async def test_web_in_a_group_is_declined(web_chat, clock):
    await cast(web_chat.services.db, clock)
    calls = await web_chat.say("/web", user_id=ORGANISER_ID, chat_id=-100123, chat_type="supergroup")
    assert calls == []  # in a group only /help and /privacy answer (docs/security-access.md)


async def test_without_a_web_url_the_bot_says_the_pages_are_off(chat, clock):
    await cast(chat.services.db, clock)
    for command in ("/web", "/calendario"):
        calls = await chat.say(command, user_id=ORGANISER_ID)
        assert calls[-1].text.startswith("Le pagine web non sono attive"), command
    async with chat.services.db.read() as s:
        assert await s.scalar(select(WebLoginLink)) is None
