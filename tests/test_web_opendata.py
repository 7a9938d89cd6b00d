"""Open data: the downloads are the loader's own files; `zobot catalogue load` of a folder of them into an
empty database gives the same answers as the catalogue they were exported from."""
from __future__ import annotations

import asyncio
import io
import json
import zipfile
from dataclasses import replace

import pytest

from bot.catalogue import loader
from bot.catalogue.service import CatalogueService
from bot.catalogue.validate import read_catalogue
from bot.cli import main
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.texts.web import OPEN_DATA_DESCRIPTIONS as OPEN_DATA
from tests.people_support import PO_ID, cast
from tests.web_support import start_web_chat, stop_web_chat

QUESTIONS = ["servizi a Rho", "in che zona è Cernusco sul Naviglio?", "cos'è la SUA", "zone omogenee",
             "servizi ambiente nel Magentino", "comuni del Nord Ovest", "chi contatto per la SUA", "tutti i servizi",
             "servizi a Milano", "Legnano"]


def _labels(answer) -> list[str]:
    return [b["text"] for row in answer.rows for b in row]


@pytest.fixture
async def clean_web_chat(settings, clock, empty_db_url):
    """The web pages over a database holding exactly the shipped catalogue (on PostgreSQL the shared
    catalogue template also keeps rows other tests added, which the loader would refuse)."""
    source = Database(empty_db_url)
    await loader.load(source, None)
    await source.dispose()
    harness = await start_web_chat(replace(settings, database_url=empty_db_url), clock)
    yield harness
    await stop_web_chat(harness)


async def _fresh(tmp_path, name: str) -> str:
    """A new migrated SQLite file to reload into."""
    url = f"sqlite+aiosqlite:///{tmp_path / name}"
    fresh = Database(url)
    await upgrade(fresh.engine)
    await fresh.dispose()
    return url


async def test_downloads_reload_to_the_same_answers(clean_web_chat, clock, tmp_path, monkeypatch):
    await _round_trip(clean_web_chat, clock, tmp_path, monkeypatch)


async def _round_trip(web_chat, clock, tmp_path, monkeypatch):
    db = web_chat.services.db
    await cast(db, clock)  # a PO records real coverage in the chat: it must travel too
    calls = await web_chat.say("/copertura sua; Rho; attivato; 01/03/2026; convenzione firmata", user_id=PO_ID)
    assert calls[-1].text.startswith("Registrato: <b>"), calls[-1].text

    page = await web_chat.web.get("/dati")
    assert page.status_code == 200 and "CC BY 4.0" in page.text
    folder = tmp_path / "opendata"
    folder.mkdir()
    for name in OPEN_DATA:
        answer = await web_chat.web.get(f"/dati/{name}")
        assert answer.status_code == 200 and 'rel="license"' in answer.headers["link"]
        (folder / name).write_bytes(answer.content)
    assert json.loads((folder / "catalogue.json").read_text())["services"][0].keys() >= {"code", "name", "theme",
                                                                                          "source"}
    _, problems = read_catalogue(folder)
    assert problems == []

    target = await _fresh(tmp_path, "reloaded.sqlite3")
    monkeypatch.setenv("ZOBOT_DATABASE_URL", target)
    assert await asyncio.to_thread(main, ["catalogue", "load", str(folder)]) == 0

    original, reloaded = web_chat.services.catalogue, CatalogueService(Database(target))
    await reloaded.reload()
    try:
        for question in QUESTIONS:
            before, after = await original.ask(question), await reloaded.ask(question)
            assert after.text == before.text, question
            assert _labels(after) == _labels(before), question
    finally:
        await reloaded.db.dispose()


async def test_zip_holds_every_file_with_the_licence(clean_web_chat, tmp_path):
    web_chat = clean_web_chat
    answer = await web_chat.web.get("/dati/catalogo-zobot.zip")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as z:
        assert set(z.namelist()) == {*OPEN_DATA, "LICENZA.txt", "LEGGIMI.txt"}
        assert "CC BY 4.0" in z.read("LICENZA.txt").decode()
        for name in OPEN_DATA:
            assert z.read(name) == (await web_chat.web.get(f"/dati/{name}")).content
        z.extractall(tmp_path / "zip")
    target = Database(await _fresh(tmp_path, "from-zip.sqlite3"))
    try:
        report = await loader.load(target, tmp_path / "zip")
    finally:
        await target.dispose()
    assert report.tables["comuni"].created == 133 and report.tables["services"].created > 0
    assert (await web_chat.web.get("/dati/secrets.txt")).status_code == 404
