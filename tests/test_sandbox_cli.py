"""The README's run command without a token: `zobot run` starts the sandbox, serves the chat, stops on SIGTERM."""
from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_zobot_run_without_token_opens_a_working_chat(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOBOT_")}
    env.update(XDG_DATA_HOME=str(tmp_path), PYTHONPATH=str(ROOT), PTB_TIMEDELTA="1", ZOBOT_LOG_LEVEL="WARNING")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "run", "--port", str(port),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        lines = []
        while not any("aprire http" in line for line in lines):
            line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
            assert line, f"zobot run exited early: {lines}"
            lines.append(line)
        assert lines[0].startswith("zobot: ZOBOT_TOKEN non è impostato, quindi parte la SANDBOX locale")
        address = re.search(r"aprire (http://127\.0\.0\.1:\d+/)", lines[-1]).group(1)
        assert address == f"http://127.0.0.1:{port}/"
        assert (tmp_path / "zobot" / "sandbox.sqlite3").exists()
        async with httpx.AsyncClient(base_url=address, timeout=30) as http:
            page = await http.get("/")
            assert page.status_code == 200 and "<title>zobot — sandbox</title>" in page.text
            info = (await http.get("/api/info")).json()
            assert [p["id"] for p in info["people"]] == [1001, 1002, 1003, 1004]
            assert {"command": "start", "description": "Benvenuto e menu principale"} in info["commands"]
            sent = (await http.post("/api/chats/1001/messages", json={"text": "/start"})).json()
            reply = (await http.get("/api/chats/1001/messages", params={"since": sent["seq"], "wait": 20})).json()
            assert reply["messages"][0]["text"].startswith("Ciao Giulia! Sono zobot")
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
