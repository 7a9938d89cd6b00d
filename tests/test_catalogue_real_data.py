"""Real data mode: with ZOBOT_CATALOGUE_EXAMPLES=no no example coverage is loaded and «(esempio)» never
shows; the default install keeps the labelled examples. And /proposte pages through many proposals."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.catalogue import loader
from bot.catalogue.models import Coverage
from bot.cli import main as cli
from bot.config import ConfigError, Settings, load_settings
from tests.conftest import ADMIN_ID, TEST_TOKEN, start_harness, stop_harness
from tests.people_support import ORGANISER_ID, PO_ID, REFERENT_ID, cast
from tests.survey_support import answer_followup, last_text, launch_followup, tap

COMUNI = ["Rho", "Pero", "Arese", "Legnano", "Magenta", "Abbiategrasso", "Melzo", "Corsico", "Corbetta"]


def test_the_setting():
    assert load_settings({}).catalogue_examples is True
    assert load_settings({"ZOBOT_CATALOGUE_EXAMPLES": "no"}).catalogue_examples is False
    assert load_settings({"ZOBOT_CATALOGUE_EXAMPLES": "YES"}).catalogue_examples is True
    with pytest.raises(ConfigError, match="ZOBOT_CATALOGUE_EXAMPLES='forse'"):
        load_settings({"ZOBOT_CATALOGUE_EXAMPLES": "forse"})


async def _examples(db) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(Coverage).where(Coverage.is_example.is_(True)))


async def test_default_install_keeps_labelled_examples_production_shows_none(chat, db, db_url, clock):
    answer = (await chat.say("servizi nel Nord Ovest", user_id=REFERENT_ID))[-1].text
    assert "(esempio)" in answer and await _examples(db) > 0
    production = Settings(token=TEST_TOKEN, database_url=db_url, admins=frozenset({ADMIN_ID}),
                          catalogue_examples=False)
    other = await start_harness(production, clock)  # a production instance starting on the same database
    try:
        answer = (await other.say("servizi nel Nord Ovest", user_id=REFERENT_ID))[-1].text
        assert "esempio" not in answer and "Il catalogo non registra ancora servizi attivi nella zona" in answer
        card = (await other.say("cos'è la SUA", user_id=REFERENT_ID))[-1].text
        assert "esempio" not in card and "nessuna zona o comune registrato" in card
    finally:
        await stop_harness(other)
    assert await _examples(db) == 0


async def test_loading_in_production_mode_loads_no_examples(empty_db, empty_db_url, monkeypatch, capsys):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", empty_db_url)
    monkeypatch.setenv("ZOBOT_CATALOGUE_EXAMPLES", "no")
    code = await asyncio.to_thread(cli, ["catalogue", "load"])
    out = capsys.readouterr().out
    assert code == 0 and "coperture  creati    0" in out and "ESEMPIO" not in out
    assert await _examples(empty_db) == 0
    again = await loader.load(empty_db, None)  # a default load afterwards brings them (labelled) back
    assert again.tables["coverage"].created == 20 and await _examples(empty_db) == 20


async def test_proposals_come_in_pages(chat, db, clock):
    await cast(db, clock)
    await launch_followup(chat, ORGANISER_ID)
    await answer_followup(chat, PO_ID, eroga="Sì, è in programma", services=[("sua", "Stazione Unica Appaltante")],
                          ambito="A singoli Comuni",
                          comuni=COMUNI, forma="Convenzione")
    await chat.say("/proposte 1", user_id=ORGANISER_ID)
    first = last_text(chat)
    assert "9 proposte: da decidere 9" in first and "Pagina 1 di 2" in first and "#8" in first and "#9" not in first
    await tap(chat, "Avanti »", ORGANISER_ID)
    assert "Pagina 2 di 2" in last_text(chat) and "<b>#9</b>" in last_text(chat)
    await tap(chat, "✅ #9", ORGANISER_ID)
    assert "Pagina 2 di 2" in last_text(chat) and "✅ <b>#9</b>" in last_text(chat)  # the same page, updated
    assert (await chat.say("/proposte 77", user_id=ORGANISER_ID))[-1].text == "Non trovo la campagna #77."
    assert (await chat.say("/proposte 1", user_id=PO_ID))[-1].text == "Non hai i permessi per questa operazione."
    group = await chat.say("/proposte", user_id=ORGANISER_ID, chat_type="group")
    assert group == []  # in a group only /help and /privacy answer (docs/security-access.md)
    assert (await chat.press("pr:a:1:9999:0", user_id=ORGANISER_ID))[0].params["text"] == \
        "Questa proposta è già stata applicata o non esiste più."
