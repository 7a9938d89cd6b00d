"""Logs without secrets or people: no token in any output, no name or text in any record.

Every chat test also checks its own log (the `chat` fixture in conftest.py captures at DEBUG through
the production filter); these tests cover the paths a chat test does not take.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

import pytest

from tests import builders
from tests.conftest import TEST_TOKEN, assert_logs_clean, captured_logs, start_harness, stop_harness

ROOT = Path(__file__).resolve().parent.parent
NAME = {"first_name": "Giulietta", "last_name": "Capuleti", "username": "giulietta_verona"}
QUESTION = "chi gestisce la raccolta dei rifiuti a Rho?"


def test_the_filter_redacts_tokens_in_messages_arguments_and_tracebacks():
    with captured_logs() as log:
        logging.getLogger("telegram.test").warning("Set Bot API URL: %s", f"https://api.telegram.org/bot{TEST_TOKEN}")
        try:
            raise RuntimeError(f"The token `{TEST_TOKEN}` was rejected by the server.")
        except RuntimeError:
            logging.getLogger("zobot.test").exception("start failed")
    assert "https://api.telegram.org/bot<token>" in log.text and "The token `<token>` was rejected" in log.text
    assert_logs_clean(log.text, set())


def test_library_payload_lines_stay_off_even_at_debug():
    with captured_logs() as log:
        logging.getLogger("telegram.Bot").debug("Calling Bot API endpoint `sendMessage` with parameters %s", QUESTION)
        logging.getLogger("aiosqlite").debug("executing %s", QUESTION)
        logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TEST_TOKEN)
        logging.getLogger("zobot.test").debug("zobot's own debug lines stay")
    assert log.lines and all("zobot.test" in line for line in log.lines)


async def test_the_error_handler_logs_ids_kind_handler_and_exception_only(settings, clock):
    with captured_logs() as log:
        harness = await start_harness(settings, clock)
        try:
            harness.telegram.fail_next("sendMessage", 400, "Bad Request: chat not found")
            payload = builders.message(QUESTION, user_id=5551, **NAME)
            await harness.feed(payload)
        finally:
            await stop_harness(harness)
    assert len(harness.errors) == 1
    [record] = [r for r in log.records if r.name == "zobot.errors"]
    message = record.getMessage()
    assert message.startswith(f"error while handling update {payload['update_id']} (message) in handlers.")
    assert message.endswith(": BadRequest") and record.exc_info is not None
    assert_logs_clean(log.text, harness.personal | {"Giulietta", "Capuleti", "giulietta_verona"})


@pytest.mark.slow
async def test_zobot_run_with_a_rejected_token_prints_one_italian_line_and_exits_2(tmp_path):
    from bot.sandbox.server import LocalBotApi

    server = LocalBotApi("42424242:another-token-the-server-knows-abcdefghij")
    await server.start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZOBOT_")}
        env.update(PYTHONPATH=str(ROOT), PTB_TIMEDELTA="1", ZOBOT_TOKEN=TEST_TOKEN, ZOBOT_LOG_LEVEL="DEBUG",
                   ZOBOT_API_BASE=server.api_base, ZOBOT_API_FILE_BASE=server.api_file_base,
                   ZOBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'z.sqlite3'}")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "run",
            cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 120)
    finally:
        await server.stop()
    output = (out + err).decode()
    assert process.returncode == 2, output
    assert TEST_TOKEN.split(":")[1] not in output and "Traceback" not in output
    assert err.decode().strip().splitlines()[-1] == (
        "zobot: Telegram ha rifiutato il token (ZOBOT_TOKEN): è revocato o sbagliato. "
        "Copiarlo di nuovo da @BotFather e riavviare.")
