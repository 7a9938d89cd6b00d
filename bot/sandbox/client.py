"""A person in the sandbox, from Python: write, press, send files and read replies over HTTP.

Used by the end-to-end tests and the load benchmark; the web chat does the same from JavaScript.
"""
from __future__ import annotations

import asyncio
import time
from typing import Callable

import httpx


class SandboxClient:
    """Talks to the local Bot API server's user API (`/api/...`)."""

    def __init__(self, base_url: str, *, client: httpx.AsyncClient | None = None) -> None:
        self.http = client or httpx.AsyncClient(base_url=base_url, timeout=60)
        self._own = client is None

    async def aclose(self) -> None:
        if self._own:
            await self.http.aclose()

    async def _post(self, path: str, **kw) -> dict:
        response = await self.http.post(path, **kw)
        body = response.json()
        if response.status_code != 200:
            raise AssertionError(f"{path}: {response.status_code} {body}")
        return body

    async def send(self, user_id: int, text: str, **names) -> dict:
        """The user writes `text`; returns message_id and update_id."""
        return await self._post(f"/api/chats/{user_id}/messages", json={"text": text, **names})

    async def press(self, user_id: int, message_id: int, data: str) -> dict:
        return await self._post(f"/api/chats/{user_id}/press", json={"message_id": message_id, "data": data})

    async def send_document(self, user_id: int, filename: str, content: bytes, mime: str = "text/csv") -> dict:
        return await self._post(f"/api/chats/{user_id}/documents", files={"document": (filename, content, mime)})

    async def block(self, user_id: int, blocked: bool = True) -> dict:
        return await self._post(f"/api/chats/{user_id}/block", json={"blocked": blocked})

    async def messages(self, user_id: int, since: int = 0, wait: float = 0) -> tuple[int, list[dict]]:
        """(sequence number, messages changed after `since`), waiting up to `wait` seconds for a change."""
        response = await self.http.get(f"/api/chats/{user_id}/messages", params={"since": since, "wait": wait})
        body = response.json()
        return body["seq"], body["messages"]

    async def wait_for(self, user_id: int, predicate: Callable[[dict], bool], *, since: int = 0,
                       timeout: float = 10.0) -> dict:
        """The first message (changed after `since`) for which `predicate` holds; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        seen: list[dict] = []
        while True:
            seq, changed = await self.messages(user_id, since, wait=max(0.0, min(5.0, deadline - time.monotonic())))
            seen.extend(changed)
            for message in changed:
                if predicate(message):
                    return message
            since = seq
            if time.monotonic() >= deadline:
                texts = [m["text"][:80] for m in seen]
                raise AssertionError(f"no matching message for user {user_id} within {timeout}s; saw {texts}")
            await asyncio.sleep(0)

    async def bot_reply(self, user_id: int, since: int, *, timeout: float = 10.0) -> dict:
        """The next message from the bot after `since`."""
        return await self.wait_for(user_id, lambda m: m["from_bot"], since=since, timeout=timeout)
