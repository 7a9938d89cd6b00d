"""Running the production Application against the local Bot API server, in one event loop."""
from __future__ import annotations

import asyncio
import logging
import os
import signal
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from bot.sandbox import demo
from bot.sandbox.server import LocalBotApi
from bot.texts.operators import SANDBOX_READY

logger = logging.getLogger(__name__)
SANDBOX_TOKEN = "123456789:SANDBOX-local-bot-api-not-telegram-000"


def sandbox_database_url() -> str:
    """A SQLite file of its own, so demo people never mix with a real deployment's data."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite+aiosqlite:///{base / 'zobot' / 'sandbox.sqlite3'}"


def sandbox_settings(settings: Settings, api: LocalBotApi, database_url: str) -> Settings:
    """The user's settings pointed at the local server, with the demo organiser among the admins."""
    return replace(settings, token=SANDBOX_TOKEN, api_base=api.api_base, api_file_base=api.api_file_base,
                   admins=settings.admins | {demo.ORGANISER_ID}, database_url=database_url, webhook_url=None)


async def start_bot(app, *, poll_timeout: int = 10) -> None:
    """What run_polling does, without owning the loop: initialise, post_init, poll, start."""
    from bot.app import ALLOWED_UPDATES

    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.updater.start_polling(poll_interval=0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES,
                                    drop_pending_updates=False)
    await app.start()


async def stop_bot(app) -> None:
    """Stop polling, finish queued updates, then shut down (the reverse of start_bot)."""
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
        if app.post_stop:
            await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)


async def seed(settings: Settings) -> None:
    """Schema, shipped catalogue, demo people and (when that feature provides them) sample tavoli."""
    from bot.bootstrap import prepare
    from bot.clock import Clock
    from bot.db.engine import Database

    await prepare(settings)
    db = Database(settings.database_url)
    try:
        await demo.seed_people(db, Clock().now())
        await demo.seed_tavoli(db, Clock().now())
    finally:
        await db.dispose()


async def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8765,
                database_url: str | None = None, ready=print) -> None:
    """Local Bot API + web chat + the bot, until SIGINT/SIGTERM."""
    from bot.app import build_application

    for noisy in ("apscheduler", "alembic"):  # a tick every 2 s would bury the chat address
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    api = LocalBotApi(SANDBOX_TOKEN, people=demo.PEOPLE, host=host, port=port)
    local = replace(sandbox_settings(settings, api, database_url or sandbox_database_url()),
                    web_url=f"http://{host}:{port + 1}")  # the web pages beside the chat, for /web and /calendario
    try:
        await seed(local)
        app = build_application(local)
    except BaseException:
        api.socket.close()
        raise
    for person in demo.PEOPLE:
        log = api.state.user(person["id"], person["first_name"], person["last_name"])
        log.started = person["role"] is not None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await api.start()
    pages = None
    try:
        await start_bot(app)
        pages = await _serve_pages(app, host, port + 1)
        ready(SANDBOX_READY.format(chat=api.url, web=local.web_url, database=local.database_url))
        await stop.wait()
    finally:
        if pages is not None:
            pages.should_exit = True
        await stop_bot(app)
        await api.stop()


async def _serve_pages(app, host: str, port: int):
    """The web pages (web/app.py) over the bot's own database and search index; returns the uvicorn server."""
    import uvicorn

    from web.app import build_web

    services = app.bot_data
    web = build_web(services)
    server = uvicorn.Server(uvicorn.Config(web, host=host, port=port, log_level="warning", lifespan="off"))
    server.install_signal_handlers = lambda: None  # the sandbox handles SIGINT/SIGTERM itself
    asyncio.create_task(server.serve(), name="sandbox-web-pages")
    return server
