"""The search engine without Telegram: folding, self-scoring entries, ambiguity, places outside CMM, reload."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from bot.catalogue import callbacks as cb
from bot.catalogue.index import CatalogueIndex, build_entries, outside_entries
from bot.catalogue.intents import Intent, parse
from bot.catalogue.models import Service, Theme
from bot.catalogue.normalize import fold
from bot.catalogue.service import CatalogueService
from bot.errors import NotFound


@pytest.mark.parametrize(("a", "b"), [
    ("sull Adda", "sull'Adda"), ("cassina de pecchi", "Cassina de' Pecchi"), ("Trezzo sull’Adda", "trezzo sull adda"),
    ("CITTÀ", "citta"), ("Cos'è?", "cos e"), ("  Rho!!  ", "rho"), ("Agliè", "aglie"),
])
def test_fold(a, b):
    assert fold(a) == fold(b)


def test_fold_of_nothing():
    assert fold("") == "" and fold("🙂 ?!") == ""


ZONES = [{"id": 1, "code": "sud-ovest", "name": "Sud Ovest", "aliases": ["Sudovest"], "is_capoluogo": False},
         {"id": 2, "code": "alto-milanese", "name": "Alto Milanese", "aliases": [], "is_capoluogo": False},
         {"id": 9, "code": "milano", "name": "Milano", "aliases": ["capoluogo"], "is_capoluogo": True}]
COMUNI = [{"id": 10, "name": "Cerro al Lambro", "zone_id": 1, "is_capoluogo": False},
          {"id": 11, "name": "Cerro Maggiore", "zone_id": 2, "is_capoluogo": False},
          {"id": 12, "name": "Milano", "zone_id": 9, "is_capoluogo": True},
          {"id": 13, "name": "Sesto San Giovanni", "zone_id": 2, "is_capoluogo": False}]
SERVICES = [{"id": 20, "code": "sua", "name": "Stazione Unica Appaltante", "synonyms": ["appalti"],
             "acronyms": ["SUA"], "theme_id": 30}]
THEMES = [{"id": 30, "name": "Omogeneità delle procedure", "aliases": ["procedure"]}]
OUTSIDE = [{"name": "Monza", "provincia": "Monza e della Brianza", "istat_code": "108033", "common_word": ""},
           {"name": "Sesto", "provincia": "Bolzano/Bozen", "istat_code": "021092", "common_word": "yes"},
           {"name": "Ora", "provincia": "Bolzano/Bozen", "istat_code": "021060", "common_word": "yes"}]


@pytest.fixture
def index():
    return CatalogueIndex(build_entries(COMUNI, ZONES, SERVICES, THEMES, outside_entries(OUTSIDE)))


def test_entries_score_themselves(index):
    cerro = index.get("comune", 10)
    assert cerro.score("cerro al lambro") == 100
    assert cerro.score("cero al lambro") > 90           # a typo
    assert cerro.score("cerro") == 90                   # the leading word: good, never as good as the name
    assert index.get("service", 20).score("sua") == 100
    assert index.get("service", 20).score("suap") < 75  # acronyms match only exactly


def test_two_close_names_are_candidates_not_a_guess(index):
    p = parse(index, "servizi a Cerro")
    assert p.intent == Intent.AMBIGUOUS
    assert [e.label for e in p.candidates] == ["Cerro al Lambro", "Cerro Maggiore"]
    assert p.candidate_intent == Intent.COMUNE_SERVICES


def test_the_capoluogo_is_a_comune_not_a_zone(index):
    assert index.of_kind("zone") and all(e.label != "Milano" for e in index.of_kind("zone"))
    assert parse(index, "il capoluogo").entity("comune").label == "Milano"


def test_places_outside_cmm(index):
    assert parse(index, "in che zona è Monza").outside.label == "Monza"
    assert parse(index, "servizi a monza").intent == Intent.OUTSIDE
    # a CMM comune's leading word wins over an outside comune of that name
    assert parse(index, "in che zona è Sesto").entity("comune").label == "Sesto San Giovanni"
    # an outside name that is a common word counts only when capitalised
    assert parse(index, "a che ora").intent == Intent.UNKNOWN
    assert parse(index, "in che zona è Ora?").intent == Intent.OUTSIDE


def test_without_the_gazetteer_nothing_outside_is_guessed():
    index = CatalogueIndex(build_entries(COMUNI, ZONES, SERVICES, THEMES, []))
    p = parse(index, "in che zona è Monza")
    assert p.intent == Intent.ZONE_LIST and p.entities == {}


def test_callback_data_round_trip():
    assert cb.parse(cb.service_card(12, 3, 1)) == cb.Action("s", (12, 3, 1))
    assert cb.parse("cat:s:12:3:1:9") is None and cb.parse("cat:x") is None and cb.parse("q:list") is None
    assert cb.parse("cat:c:１２") is None  # full-width digits are not ours


async def test_reload_picks_up_new_services(db):
    service = CatalogueService(db)
    await service.reload()
    assert service.parse("cos'è il Bibliobus").intent == Intent.UNKNOWN
    async with db.session() as s:
        theme = await s.scalar(select(Theme).where(Theme.code == "scuola"))
        s.add(Service(code="bibliobus", name="Bibliobus metropolitano", description="Libri in giro", theme_id=theme.id,
                      status="proposto", synonyms=[], acronyms=[], source="test"))
    try:
        await service.reload()
        p = service.parse("cos'è il Bibliobus")
        assert p.intent == Intent.SERVICE_CARD and p.entity("service").label == "Bibliobus metropolitano"
        card = await service.ask("bibliobus")
        assert card.plain().split("\n")[:2] == ["📋 Bibliobus metropolitano", "Libri in giro"]
    finally:  # on PostgreSQL the catalogue database is shared by the run: leave it as shipped
        async with db.session() as s:
            await s.execute(delete(Service).where(Service.code == "bibliobus"))


async def test_forged_view_is_not_found(db):
    service = CatalogueService(db)
    await service.reload()
    for data in ("cat:s:0:0:0", "garbage", "cat:zs:999:0"):
        with pytest.raises(NotFound):
            await service.view(data)


async def test_empty_catalogue_says_so(empty_db):
    service = CatalogueService(empty_db)
    await service.reload()
    assert "zobot catalogue load" in (await service.ask("servizi a Rho")).plain()


async def test_refresh_tick_follows_a_catalogue_loaded_elsewhere(chat, db):
    """`zobot catalogue load` runs in another process: the bot's tick rebuilds its index from the rows."""
    [tick] = chat.app.job_queue.get_jobs_by_name("catalogue:refresh")
    await tick.run(chat.app)
    assert chat.services.catalogue.parse("Bibliotour metropolitano").intent != Intent.SERVICE_CARD
    async with db.session() as s:
        theme = await s.scalar(select(Theme).where(Theme.code == "turismo"))
        s.add(Service(code="bibliotour-test", name="Bibliotour metropolitano", description="", theme_id=theme.id,
                      status="proposto", synonyms=[], acronyms=[], source="test"))
    try:
        await tick.run(chat.app)
        assert chat.services.catalogue.parse("Bibliotour metropolitano").entity("service").label == "Bibliotour metropolitano"
        assert not await chat.services.catalogue.refresh()  # nothing changed since: no rebuild
    finally:
        async with db.session() as s:
            await s.execute(delete(Service).where(Service.code == "bibliotour-test"))
