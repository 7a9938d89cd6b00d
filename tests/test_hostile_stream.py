"""Hostile updates through the production Application against a strict fake Telegram: no handler raises,
no reply is one the Bot API would refuse (a small stream; bench/hostile_updates.py runs 10,000)."""
from __future__ import annotations

import asyncio
import traceback

import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot.clock import FixedClock
from bot.config import Settings
from tests import hostile
from tests.conftest import ADMIN_ID, ROME, TEST_TOKEN, _database_url, start_harness, stop_harness


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # a failing batch's repr is long
def test_hostile_updates_raise_nothing_and_send_nothing_telegram_refuses(database_templates, tmp_path):
    from datetime import datetime

    loop = asyncio.new_event_loop()
    harness = None
    tally = hostile.Tally()
    try:
        url = loop.run_until_complete(_database_url(database_templates, tmp_path, "catalogue"))
        config = Settings(token=TEST_TOKEN, database_url=url, admins=frozenset({ADMIN_ID}))
        clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=ROME))
        harness = loop.run_until_complete(start_harness(config, clock, hostile.StrictTelegram()))
        loop.run_until_complete(hostile.setup(harness.services.db, clock))

        @hsettings(max_examples=25, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(st.lists(hostile.updates, min_size=20, max_size=30))
        def stream(batch):
            errors, refused = len(tally.errors), len(tally.refused)
            loop.run_until_complete(hostile.feed(harness, tally, batch))
            if tally.errors[errors:]:
                update_id, where, error = tally.errors[errors]
                payload = next(p for p in batch if p["update_id"] == update_id)
                raise AssertionError(f"update {payload!r} raised in {where}:\n"
                                     + "".join(traceback.format_exception(error)))
            assert tally.refused[refused:] == []

        stream()
        assert tally.fed >= 400 and tally.errors == [] and tally.refused == []
    finally:
        if harness is not None:
            loop.run_until_complete(stop_harness(harness))
        loop.close()


async def test_the_strict_fake_refuses_what_the_bot_api_refuses(chat):
    from telegram.error import BadRequest

    from handlers.render import send_text

    telegram = hostile.StrictTelegram()
    chat.app.bot._request = (telegram, telegram)  # noqa: SLF001 - the same Bot, talking to the strict fake
    for text, rows in (("<b>aperto", None), ("&am <i>", None), ("x" * 4097, None),
                       ("ok", [[{"text": "b", "data": "x" * 65}]])):
        try:
            await send_text(chat.app.bot, 1, text, rows)
        except (BadRequest, ValueError):
            pass
    await send_text(chat.app.bot, 1, "<b>ciao</b> &amp; " + "x" * 4000)
    assert [why.split(":")[1].strip() for _, why in telegram.refused] == [
        "can't parse entities", "can't parse entities", "message is too long"]
    assert len(telegram.of("sendMessage")) == 1


def test_callback_ids_are_ascii_digits_within_an_integer_column():
    """One check for ids in buttons and links (bot/people/policy.py), used by the guard on every callback."""
    from bot.people import policy

    assert [policy.valid_id(p, minimum=0) for p in ("0", "7", "2147483647")] == [0, 7, 2147483647]
    for bad in ("", "-1", "2147483648", "9" * 12, "٣", "²", "1.0", " 1", "x", True):
        assert policy.valid_id(bad, minimum=0) is None
    assert policy.plausible_data("q:no:12") and policy.plausible_data("q:L:po_2019:z3")
    assert not policy.plausible_data("q:no:999999999999") and not policy.plausible_data("q:1:٣:a")


def test_the_stream_reaches_every_command_and_every_button_prefix():
    """A command or a button family added to the route table is fuzzed from the day it is added."""
    import handlers
    from handlers.routes import Button, Command

    commands = {f"/{r.name}" for r in handlers.ROUTES if isinstance(r, Command)}
    prefixes = {f"{r.prefix}:" for r in handlers.ROUTES if isinstance(r, Button)}
    assert commands - set(hostile.COMMANDS) == set()
    assert {p for p in prefixes if not any(x.startswith(p) for x in hostile.PREFIXES)} == set()
