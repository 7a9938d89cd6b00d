"""Updates of different people processed concurrently; updates of one person one at a time, in order.

python-telegram-bot processes one update at a time by default, so every database round trip of one
person's update leaves the CPU idle while others wait. This processor lets up to N updates run at once
(ZOBOT_CONCURRENT_UPDATES) but chains the updates of one user (or, without a user, of one chat): a
person's questionnaire answers, RSVPs and dialogue steps still happen in the order they were sent, and
each update's arrival (bot/arrival.py) is read after the previous one of that person finished.
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def person_key(update: object) -> int | None:
    """Whose updates must not overlap: the user's id, else the chat's; None runs unchained."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None


class PerPersonOrder(BaseUpdateProcessor):
    """At most `max_concurrent_updates` at once; one person's updates in arrival order."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._last: dict[int, asyncio.Future] = {}  # per person: done when their latest update is

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = person_key(update)
        if key is None:
            await coroutine
            return
        previous = self._last.get(key)  # read and replaced before the first await: arrival order
        mine = asyncio.get_running_loop().create_future()
        self._last[key] = mine
        started = False
        try:
            if previous is not None:
                await asyncio.wait((previous,))  # unlike `await previous`, a cancellation here leaves it alone
            started = True
            await coroutine
        finally:
            if not started and hasattr(coroutine, "close"):
                coroutine.close()  # cancelled while waiting: the update is dropped like any cancelled one
            if previous is None or previous.done():
                self._done(key, mine)
            else:  # the next update must still wait for the one before this cancelled one
                previous.add_done_callback(lambda _: self._done(key, mine))

    async def drained(self, key: int) -> None:
        """Return once every update of `key` handed in so far is finished (tests, diagnostics)."""
        last = self._last.get(key)
        if last is not None:
            await asyncio.wait((last,))

    def _done(self, key: int, mine: asyncio.Future) -> None:
        mine.set_result(None)
        if self._last.get(key) is mine:
            del self._last[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
