"""End-to-end harness: the production Application polling the local Bot API server over real HTTP.

python-telegram-bot uses its own HTTPXRequest (no `request=` override) against 127.0.0.1 on a free
port. Updates of different people run concurrently (the production setting, bot/ordering.py), so
"update N of person P is finished" is: a first-group handler saw N start, then the update processor
has nothing of P left in hand (`PerPersonOrder.drained`). No sleeping.
"""
from __future__ import annotations

import asyncio

import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.app import build_application
from bot.config import Settings
from bot.sandbox import demo, runner
from bot.sandbox.client import SandboxClient
from bot.sandbox.server import LocalBotApi
from tests.conftest import ADMIN_ID

FIRST_GROUP = -100


class LiveSandbox:
    """A running sandbox + bot, and a person-side client with waits on processed updates."""

    def __init__(self, api: LocalBotApi, app, client: SandboxClient) -> None:
        self.api, self.app, self.client = api, app, client
        self.errors: list[BaseException] = []
        self.started: set[int] = set()
        self._progress = asyncio.Event()

    @property
    def state(self):
        return self.api.state

    @property
    def services(self):
        return self.app.bot_data

    async def mark(self, update: Update, context) -> None:
        self.started.add(update.update_id)
        self._progress.set()

    async def done(self, update_id: int, user_id: int, timeout: float = 20.0) -> None:
        """Wait until the bot ran every handler for `update_id` of `user_id` (and their earlier ones)."""
        async def wait() -> None:
            while update_id not in self.started:
                self._progress.clear()
                await self._progress.wait()
            await self.app.update_processor.drained(user_id)
        await asyncio.wait_for(wait(), timeout)

    async def say(self, user_id: int, text: str, **names) -> list[dict]:
        """Write as `user_id`; the bot's messages sent or changed while handling it."""
        sent = await self.client.send(user_id, text, **names)
        await self.done(sent["update_id"], user_id)
        _, changed = await self.client.messages(user_id, since=sent["seq"])
        return [m for m in changed if m["from_bot"]]

    async def press(self, user_id: int, message_id: int, data: str) -> list[dict]:
        pressed = await self.client.press(user_id, message_id, data)
        await self.done(pressed["update_id"], user_id)
        _, changed = await self.client.messages(user_id, since=pressed["seq"])
        return [m for m in changed if m["from_bot"]]

    async def upload(self, user_id: int, filename: str, content: bytes, mime: str = "text/csv") -> list[dict]:
        sent = await self.client.send_document(user_id, filename, content, mime)
        await self.done(sent["update_id"], user_id)
        _, changed = await self.client.messages(user_id, since=sent["seq"])
        return [m for m in changed if m["from_bot"]]


def buttons(message: dict) -> list[tuple[str, str]]:
    return [(b["text"], b.get("data") or b.get("url", "")) for row in message["keyboard"] for b in row]


def button(message: dict, text_start: str) -> str:
    """The callback data of the button whose label starts with `text_start`."""
    for label, data in buttons(message):
        if label.startswith(text_start):
            return data
    raise AssertionError(f"no button {text_start!r} in {buttons(message)}")


async def start_live(db_url: str, clock, *, admins: frozenset[int] = frozenset(), **more_settings) -> LiveSandbox:
    api = LocalBotApi(runner.SANDBOX_TOKEN, people=demo.PEOPLE)
    settings = Settings(token=runner.SANDBOX_TOKEN, database_url=db_url, api_base=api.api_base,
                        api_file_base=api.api_file_base,
                        admins=frozenset({ADMIN_ID, demo.ORGANISER_ID}) | admins, **more_settings)
    await runner.seed(settings)
    for person in demo.PEOPLE:
        api.state.user(person["id"], person["first_name"], person["last_name"]).started = bool(person["role"])
    await api.start()
    app = build_application(settings, clock=clock, rate_limiter=False)
    live = LiveSandbox(api, app, SandboxClient(api.url))

    async def collect(update, context) -> None:
        live.errors.append(context.error)

    app.add_error_handler(collect)
    app.add_handler(TypeHandler(Update, live.mark), group=FIRST_GROUP)
    await runner.start_bot(app, poll_timeout=5)
    return live


async def stop_live(live: LiveSandbox) -> None:
    await runner.stop_bot(live.app)
    await live.client.aclose()
    await live.api.stop()


@pytest.fixture
async def live(db_url, clock):
    """The sandbox with the catalogue, demo people and sample data; fails the test on any handler error."""
    sandbox = await start_live(db_url, clock)
    yield sandbox
    await stop_live(sandbox)
    assert not sandbox.errors, f"handler errors: {sandbox.errors!r}"
