"""Fixtures: a real database built by the real migrations, and the real Application with a fake Telegram.

SQLite (default): the migrations run once into a template file, copied for every test.
PostgreSQL (ZOBOT_TEST_DATABASE_URL=postgresql+asyncpg://…/test): a database of its own per run,
migrated once, tables emptied between tests, dropped at the end.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from telegram import Update

from bot.clock import FixedClock
from bot.config import Settings
from bot.db.base import Base
from bot.db.engine import Database
from bot.db.migrate import upgrade
from tests.fakes import FakeTelegram
from tests.mail_support import mail_web_chat, smtp  # noqa: F401  fixtures: the local SMTP server, the chat with the web pages

os.environ.setdefault("PTB_TIMEDELTA", "1")
ROME = ZoneInfo("Europe/Rome")
ADMIN_ID = 900001
TEST_TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz"
PG_URL = os.environ.get("ZOBOT_TEST_DATABASE_URL")


def database_threads() -> set[threading.Thread]:
    """aiosqlite runs each connection on a thread of its own; the thread ends when the connection closes."""
    return {t for t in threading.enumerate() if t.name.endswith("(_connection_worker_thread)")}


SESSIONS_SQL = "SELECT count(*) FROM pg_stat_activity WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()"


async def postgres_sessions(databases: list[str]) -> int:
    """Sessions open on these PostgreSQL databases, besides the one asking."""
    import asyncpg

    connection = await asyncpg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(False))
    try:
        return await connection.fetchval(SESSIONS_SQL, databases)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_watch():
    """Counts the sessions open on given databases, on one connection of its own (to the `test` database,
    so it never counts itself) and a private event loop: a few milliseconds per test."""
    import asyncpg

    loop = asyncio.new_event_loop()
    connection = loop.run_until_complete(
        asyncpg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(False)))
    yield lambda databases: loop.run_until_complete(connection.fetchval(SESSIONS_SQL, databases))
    loop.run_until_complete(connection.close())
    loop.close()


@pytest.fixture(autouse=True)
def no_database_connection_left_behind(request):
    """Fails the test that leaves a database connection open (an engine not disposed, a connection not
    closed). On SQLite its aiosqlite thread would outlive the test's event loop and break a later test
    ("Event loop is closed"); on PostgreSQL its session would stay open on the server."""
    before = database_threads()
    templates = request.getfixturevalue("database_templates") if "database_templates" in request.fixturenames else None
    watch = request.getfixturevalue("postgres_watch") if templates and templates["kind"] == "postgresql" else None
    yield
    left = database_threads() - before
    for thread in left:
        thread.join(timeout=2)  # a connection closed at the very end may still be finishing
    left_names = sorted(t.name for t in left if t.is_alive())
    assert not left_names, f"SQLite connection(s) left open by this test: {left_names}"
    if watch:
        databases = [make_url(url).database for url in templates["urls"].values()]
        for _ in range(40):  # a session closed at the very end takes a moment to leave pg_stat_activity
            sessions = watch(databases)
            if sessions == 0:
                break
            time.sleep(0.05)
        assert sessions == 0, f"PostgreSQL session(s) left open by this test: {sessions}"


async def _migrate(url: str, *, load_catalogue: bool) -> None:
    db = Database(url)
    try:
        await upgrade(db.engine)
        if load_catalogue:
            from bot.catalogue import loader
            if hasattr(loader, "load"):
                await loader.load(db, None)
    finally:
        await db.dispose()


async def _admin(sql: str) -> None:
    url = make_url(PG_URL)
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory):
    """One migrated database without data and one with the shipped catalogue."""
    if PG_URL:
        names = {kind: f"zobot_t_{uuid.uuid4().hex[:10]}_{kind}" for kind in ("empty", "catalogue")}
        urls = {}
        for kind, name in names.items():
            asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
            urls[kind] = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
            asyncio.run(_migrate(urls[kind], load_catalogue=kind == "catalogue"))
        yield {"kind": "postgresql", "urls": urls}
        for name in names.values():
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        base = tmp_path_factory.mktemp("templates")
        paths = {}
        for kind in ("empty", "catalogue"):
            paths[kind] = base / f"{kind}.sqlite3"
            asyncio.run(_migrate(f"sqlite+aiosqlite:///{paths[kind]}", load_catalogue=kind == "catalogue"))
        yield {"kind": "sqlite", "paths": paths}


async def _pg_restore(url: str, *, keep_catalogue: bool) -> None:
    """Empty the tables a test may have written; keep the catalogue rows if the template had them."""
    catalogue_tables = {"zones", "comuni", "themes", "offices", "services"}  # coverage: reloaded below
    tables = [t.name for t in Base.metadata.sorted_tables if t.name != "catalogue_version"  # one row, kept
              and not (keep_catalogue and t.name in catalogue_tables)]
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        if tables:
            await conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    await engine.dispose()


async def _database_url(templates, tmp_path: Path, kind: str) -> str:
    if templates["kind"] == "postgresql":
        url = templates["urls"][kind]
        await _pg_restore(url, keep_catalogue=kind == "catalogue")
        if kind == "catalogue":
            # the catalogue itself may have been changed by a test: reload it (idempotent upsert)
            await _migrate(url, load_catalogue=True)
        return url
    target = tmp_path / f"{kind}.sqlite3"
    shutil.copy(templates["paths"][kind], target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
async def empty_db_url(database_templates, tmp_path) -> str:
    """A migrated database with no rows."""
    return await _database_url(database_templates, tmp_path, "empty")


@pytest.fixture
async def db_url(database_templates, tmp_path) -> str:
    """A migrated database with the shipped catalogue loaded."""
    return await _database_url(database_templates, tmp_path, "catalogue")


@pytest.fixture
async def db(db_url):
    database = Database(db_url)
    yield database
    await database.dispose()


@pytest.fixture
async def empty_db(empty_db_url):
    database = Database(empty_db_url)
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=ROME))


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(token=TEST_TOKEN, database_url=db_url, admins=frozenset({ADMIN_ID}))


class ChatHarness:
    """The production Application, a fake Telegram, and helpers to talk to it like a user."""

    def __init__(self, app, telegram: FakeTelegram) -> None:
        self.app = app
        self.telegram = telegram
        self.errors: list[BaseException] = []
        self.personal: set[str] = set()  # names, usernames and texts people sent: never in a log line

    @property
    def services(self):
        return self.app.bot_data

    async def feed(self, payload: dict) -> None:
        self.personal |= personal_strings(payload)
        await self.app.process_update(Update.de_json(payload, self.app.bot))

    async def say(self, text: str | None, **kw) -> list:
        from tests import builders
        before = len(self.telegram.calls)
        await self.feed(builders.message(text, **kw))
        return self.telegram.calls[before:]

    async def press(self, data: str, **kw) -> list:
        from tests import builders
        before = len(self.telegram.calls)
        await self.feed(builders.callback(data, **kw))
        return self.telegram.calls[before:]

    def last(self, method: str = "sendMessage"):
        calls = self.telegram.of(method)
        assert calls, f"no {method} call recorded"
        return calls[-1]


def personal_strings(payload: dict) -> set[str]:
    """Full names, usernames and longer texts (not commands) of an update: what a log must not show."""
    found: set[str] = set()
    for kind in ("message", "edited_message", "callback_query"):
        body = payload.get(kind) or {}
        person = body.get("from") or {}
        name = " ".join(p for p in (person.get("first_name"), person.get("last_name")) if p)
        text = body.get("text") or ""
        found |= {v for v in (name if " " in name else "", person.get("username") or "") if len(v) >= 5}
        if len(text.strip()) >= 12 and not text.startswith("/"):
            found.add(text.strip())
    return found


def assert_logs_clean(text: str, personal: set[str]) -> None:
    """No token, no name, no message text in the captured log (messages and tracebacks)."""
    assert TEST_TOKEN not in text and TEST_TOKEN.split(":")[1] not in text
    leaked = sorted(s for s in personal if s in text)
    assert not leaked, f"personal data in the log: {leaked}"


class LogCapture(logging.Handler):
    """Every record at DEBUG, through the production filter and library levels (bot/logs.py), formatted
    with its traceback as a log file would show it."""

    def __init__(self) -> None:
        from bot import logs
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []
        self.addFilter(logs.TokenFilter())
        self.setFormatter(logging.Formatter(logs.FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@contextlib.contextmanager
def captured_logs():
    from bot import logs
    root, handler = logging.getLogger(), LogCapture()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logs.quiet_libraries()
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def start_harness(settings: Settings, clock: FixedClock, telegram: FakeTelegram | None = None) -> ChatHarness:
    from bot.app import build_application

    telegram = telegram or FakeTelegram()
    app = build_application(settings, request=telegram, clock=clock, rate_limiter=False)
    harness = ChatHarness(app, telegram)

    async def collect(update, context):
        harness.errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    await app.post_init(app)
    return harness


async def stop_harness(harness: ChatHarness) -> None:
    await harness.app.shutdown()
    await harness.app.post_shutdown(harness.app)


@pytest.fixture
async def chat(settings, clock):
    """A running Application on the test database; fails the test if any handler raised, or if the log
    (captured at DEBUG) shows the token, a person's name or a message text."""
    with captured_logs() as log:
        harness = await start_harness(settings, clock)
        yield harness
        await stop_harness(harness)
    assert not harness.errors, f"handler errors: {harness.errors!r}"
    assert_logs_clean(log.text, harness.personal)


@pytest.fixture
async def web_chat(settings, clock):
    """The chat harness with the web pages beside it (tests/web_support.py)."""
    from tests.web_support import start_web_chat, stop_web_chat

    harness = await start_web_chat(settings, clock)
    yield harness
    await stop_web_chat(harness)
