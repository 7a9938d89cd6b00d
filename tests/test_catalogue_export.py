"""`zobot catalogue export`: the catalogue as open data (CSV, YAML, JSON with sources) that
`zobot catalogue load` reads back, into an empty database, to the very same answers."""
from __future__ import annotations

import asyncio
import json

import pytest

from bot.catalogue import loader
from bot.catalogue.service import CatalogueService
from bot.cli import main as cli
from bot.config import Settings
from bot.db.engine import Database
from bot.db.migrate import upgrade
from tests.conftest import ADMIN_ID, TEST_TOKEN
from tests.people_support import ORGANISER_ID, PO_ID, cast

QUESTIONS = ["servizi a Rho", "servizi nel Magentino", "cos'è la SUA", "chi contattare per la SUA",
             "servizi a Abbiategrasso", "servizi ambiente nel Nord Ovest", "comuni del Nord Milano",
             "in che zona è Melzo?", "forestami"]


def _run_cli(argv, monkeypatch, url, capsys):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", url)
    code = cli(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


async def _answers(db) -> dict[str, str]:
    service = CatalogueService(db)
    await service.reload()
    return {q: (await service.ask(q)).text for q in QUESTIONS}


@pytest.fixture
def settings(empty_db_url) -> Settings:
    """The bot on a database of this test only (on PostgreSQL the catalogue database is shared by every test)."""
    return Settings(token=TEST_TOKEN, database_url=empty_db_url, admins=frozenset({ADMIN_ID}))


async def test_export_reloads_to_the_same_answers(chat, empty_db, empty_db_url, clock, tmp_path, monkeypatch, capsys):
    db, db_url = empty_db, empty_db_url
    await loader.load(db, None, clock=clock)
    await cast(db, clock)
    await chat.say("/copertura sua; Abbiategrasso; attivato; 01/03/2026; convenzione 2026-2028", user_id=PO_ID)
    code, out, err = await asyncio.to_thread(
        _run_cli, ["catalogue", "set", "service", "sua", "email", "sua@cittametropolitana.mi.it",
                   "--source", "sito istituzionale CMM, 2026"], monkeypatch, db_url, capsys)
    assert code == 0, err
    await chat.say("/dettagli ufficio sua; telefono; 02 7740 1; centralino CMM", user_id=ORGANISER_ID)
    before = await _answers(db)
    assert "sua@cittametropolitana.mi.it" in before["chi contattare per la SUA"]

    code, out, err = await asyncio.to_thread(_run_cli, ["catalogue", "export", str(tmp_path / "open")],
                                             monkeypatch, db_url, capsys)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "open").iterdir()) == [
        "catalogue.json", "comuni.csv", "coverage.csv", "offices.yaml", "services.yaml", "themes.yaml", "zones.csv"]
    data = json.loads((tmp_path / "open" / "catalogue.json").read_text(encoding="utf-8"))
    sua = next(s for s in data["services"] if s["code"] == "sua")
    assert sua["details"] == {"email": {"value": "sua@cittametropolitana.mi.it",
                                        "source": "sito istituzionale CMM, 2026"}}
    row = next(c for c in data["coverage"] if c["service"] == "sua" and c["comune"] == "015002")
    assert (row["status"], row["since"], row["example"], row["source"]) == \
        ("attivato", "2026-03-01", False, "/copertura, Stazione Unica Appaltante, 26/11/2026")
    assert "sua,,015002,Abbiategrasso,attivato,2026-03-01,convenzione 2026-2028,Stazione Unica Appaltante,no," \
           "\"/copertura, Stazione Unica Appaltante, 26/11/2026\"" in \
           (tmp_path / "open" / "coverage.csv").read_text(encoding="utf-8")

    fresh_url = f"sqlite+aiosqlite:///{tmp_path / 'reloaded.sqlite3'}"  # another install, from the files alone
    fresh = Database(fresh_url)
    try:
        await upgrade(fresh.engine)
        code, out, err = await asyncio.to_thread(_run_cli, ["catalogue", "load", str(tmp_path / "open")],
                                                 monkeypatch, fresh_url, capsys)
        assert code == 0, err
        assert await _answers(fresh) == before
        again = await loader.load(fresh, tmp_path / "open")
        assert not again.changed  # a second load of the same files changes nothing
    finally:
        await fresh.dispose()
    assert not (await loader.load(db, tmp_path / "open")).changed  # nor into the database it came from
