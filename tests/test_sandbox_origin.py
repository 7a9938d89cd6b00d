"""The sandbox's person API acts only for its own page: cross-site posts and non-JSON bodies are refused."""
from __future__ import annotations

import httpx
import pytest

from bot.sandbox.server import create_app
from bot.sandbox.state import SandboxState

OWN = "http://testserver"


@pytest.fixture
def state():
    return SandboxState("4242:sandbox-token")


async def _post(state, path, **kw) -> int:
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url=OWN) as client:
        return (await client.post(path, **kw)).status_code


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": "null"},
                                     {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}])
async def test_cross_site_posts_are_refused_and_change_nothing(state, headers):
    assert await _post(state, "/api/chats/7/messages", json={"text": "/start"}, headers=headers) == 403
    assert await _post(state, "/api/chats/7/documents", files={"document": ("a.txt", b"x")}, headers=headers) == 403
    assert await _post(state, "/api/chats/7/block", json={"blocked": True}, headers=headers) == 403
    assert state.pending(0, 100, None) == []


async def test_a_form_post_is_refused_even_without_an_origin(state):
    assert await _post(state, "/api/chats/7/messages", data={"text": "/start"}) == 415
    assert await _post(state, "/api/chats/7/press", data={"message_id": "1", "data": "x"}) == 415
    assert await _post(state, "/api/chats/7/messages", content=b'{"text": "/start"}',
                       headers={"Content-Type": "text/plain"}) == 415
    assert state.pending(0, 100, None) == []


async def test_the_own_page_and_programs_may_post(state):
    assert await _post(state, "/api/chats/7/messages", json={"text": "/start"},
                       headers={"Origin": OWN, "Sec-Fetch-Site": "same-origin"}) == 200
    assert await _post(state, "/api/chats/7/messages", json={"text": "ciao"}) == 200  # no Origin: not a browser
    assert await _post(state, "/api/chats/7/documents", files={"document": ("a.txt", b"x")},
                       headers={"Origin": OWN}) == 200
    assert [u["message"].get("text") for u in state.pending(0, 100, None)] == ["/start", "ciao", None]
