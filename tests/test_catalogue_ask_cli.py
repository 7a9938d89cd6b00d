"""`zobot ask` as a person runs it: a fresh SQLite file is migrated and loaded, then the question answered."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import PG_URL


@pytest.mark.slow
@pytest.mark.skipif(bool(PG_URL), reason="the embedded-SQLite quick start only")
def test_zobot_ask_on_a_fresh_database(tmp_path):
    env = {**os.environ, "ZOBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"}
    env.pop("ZOBOT_TOKEN", None)
    run = lambda *q: subprocess.run([sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())", "ask", *q], env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=120)
    first = run("in che zona è Cernusco sul Naviglio?")
    assert first.returncode == 0, first.stderr
    assert first.stdout == ("📍 Cernusco sul Naviglio è nella zona omogenea Adda Martesana (29 comuni).\n"
                            "Popolazione residente: 34.885 abitanti (fonte: ANPR, gennaio 2026).\n")
    second = run("Trezzano", "--buttons")
    lines = second.stdout.splitlines()
    assert lines[:3] == ["🤔 «Trezzano» può indicare più nomi. Intendevi:",
                         "• Trezzano Rosa (comune, zona Adda Martesana)",
                         "• Trezzano sul Naviglio (comune, zona Sud Ovest)"]
    assert re.fullmatch(r"\[Trezzano Rosa\] \(cat:c:\d+\)", lines[3])
    assert re.fullmatch(r"\[Trezzano sul Naviglio\] \(cat:c:\d+\)", lines[4])
