"""The web pages in tests: the real Starlette app over the chat harness's database, search index and clock,
driven by httpx in the test's own event loop (no thread, no second loop)."""
from __future__ import annotations

import re
from dataclasses import replace

import httpx

from tests.conftest import start_harness, stop_harness

WEB_URL = "https://zobot.test"
LINK = re.compile(r"https://zobot\.test(/accesso/[A-Za-z0-9_-]+)")
CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def client_for(harness) -> httpx.AsyncClient:
    from web.app import build_web

    services = harness.services
    app = build_web(services)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=WEB_URL)


async def start_web_chat(settings, clock):
    """The chat harness with ZOBOT_WEB_URL set, and an httpx client on the web pages (`harness.web`)."""
    harness = await start_harness(replace(settings, web_url=WEB_URL), clock)
    harness.web = client_for(harness)
    return harness


async def stop_web_chat(harness) -> None:
    await harness.web.aclose()
    await stop_harness(harness)
    assert not harness.errors, f"handler errors: {harness.errors!r}"


async def link_from_chat(chat, user_id: int) -> str:
    """Send /web as `user_id`; the path of the login link in the bot's answer."""
    calls = await chat.say("/web", user_id=user_id)
    found = LINK.search(calls[-1].text)
    assert found, calls[-1].text
    return found[1]


async def log_in(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """Open the link (the «Accedi» page) and press «Accedi»; the answer to the POST."""
    shown = await client.get(path)
    assert shown.status_code == 200, shown.text
    return await client.post(path, data={"csrf": CSRF.search(shown.text)[1]})


def csrf_of(page: httpx.Response) -> str:
    return CSRF.search(page.text)[1]
