"""Loading the catalogue: idempotent, all or nothing, Milano kept as capoluogo, real coverage never lost."""
import asyncio
from datetime import date

import pytest
from sqlalchemy import func, select

from bot.catalogue import loader
from bot.catalogue.models import Comune, Coverage, Service, Zone
from bot.cli import main as cli
from tests.catalogue_files import COVERAGE_HEADER, copy_shipped, edit

TABLE_COUNTS = {"zones": 8, "comuni": 133, "themes": 11, "offices": 14, "services": 29, "coverage": 20}


async def _counts(db) -> dict[str, int]:
    from bot.catalogue.models import Office, Theme
    models = {"zones": Zone, "comuni": Comune, "themes": Theme, "offices": Office, "services": Service,
              "coverage": Coverage}
    async with db.session() as s:
        return {name: await s.scalar(select(func.count()).select_from(m)) for name, m in models.items()}


async def test_first_load_creates_everything_and_second_changes_nothing(empty_db):
    assert await loader.is_empty(empty_db)
    first = await loader.load(empty_db, None)
    assert {n: t.created for n, t in first.tables.items()} == TABLE_COUNTS
    assert not await loader.is_empty(empty_db)
    second = await loader.load(empty_db, None)
    assert {n: t.unchanged for n, t in second.tables.items()} == TABLE_COUNTS
    assert not second.changed
    assert second.summary() == ("catalogo da catalogo incluso nel pacchetto: 0 creati, 0 aggiornati, "
                                "215 invariati, 0 rimossi")
    assert await _counts(empty_db) == TABLE_COUNTS


async def test_loaded_data_keeps_milano_as_capoluogo_and_example_flag(db):
    async with db.session() as s:
        milano = await s.scalar(select(Zone).where(Zone.code == "milano"))
        zones = (await s.scalars(select(Zone).where(Zone.is_capoluogo.is_(False)))).all()
        cernusco = await s.scalar(select(Comune).where(Comune.istat_code == "015070"))
        sua = await s.scalar(select(Service).where(Service.code == "sua"))
        coverage = (await s.scalars(select(Coverage))).all()
        cernusco_zone = (await s.get(Zone, cernusco.zone_id)).name
    assert milano.is_capoluogo and milano.name == "Milano" and len(zones) == 7
    assert "Martesana" in next(z for z in zones if z.code == "adda-martesana").aliases
    assert (cernusco.name, cernusco_zone, cernusco.population, cernusco.population_year) == \
        ("Cernusco sul Naviglio", "Adda Martesana", 34885, 2026)
    assert sua.acronyms == ["SUA", "S.U.A."] and sua.status == "attivo" and sua.joining.startswith("convenzione")
    assert coverage and all(c.is_example for c in coverage)


async def test_changed_files_update_only_what_changed(empty_db, tmp_path):
    await loader.load(empty_db, None)
    d = copy_shipped(tmp_path / "cat")
    edit(d / "services.yaml", "  name: ForestaMi\n", "  name: ForestaMi, il progetto\n")
    edit(d / "coverage_example.csv", "sua,sud-ovest,,,in attivazione,,", "sua,sud-ovest,,,attivato,2024-01-01,")
    edit(d / "coverage_example.csv",
         "tpl-interurbano,,015182,Rho,attivato,2017-01-01,DATI DI ESEMPIO: non provengono dalla fonte,esempio,yes\n", "")
    report = await loader.load(empty_db, d)
    assert (report.tables["services"].updated, report.tables["services"].unchanged) == (1, 28)
    assert (report.tables["coverage"].updated, report.tables["coverage"].removed) == (1, 1)
    assert report.tables["comuni"].unchanged == 133
    async with empty_db.session() as s:
        row = await s.scalar(select(Coverage).where(Coverage.scope_key == "zone:sud-ovest"))
    assert (row.status, row.since) == ("attivato", date(2024, 1, 1))
    assert "coperture  creati    0  aggiornati    1  invariati   18  rimossi    1" in report.details()


async def test_invalid_directory_changes_nothing(empty_db, tmp_path):
    await loader.load(empty_db, None)
    d = copy_shipped(tmp_path / "cat")
    edit(d / "services.yaml", "  name: ForestaMi\n", "  name: Altro nome\n")   # valid change...
    edit(d / "comuni.csv", "015070,", "15070,")                                  # ...and one mistake
    with pytest.raises(loader.CatalogueInvalid) as caught:
        await loader.load(empty_db, d)
    assert [str(p) for p in caught.value.problems][0] == "comuni.csv:34: codice ISTAT «15070» non valido: servono 6 cifre"
    async with empty_db.session() as s:
        assert await s.scalar(select(Service.name).where(Service.code == "forestami")) == "ForestaMi"
    assert await _counts(empty_db) == TABLE_COUNTS


TRIGGERS = {
    "sqlite": ["CREATE TRIGGER boom BEFORE INSERT ON services WHEN NEW.name = 'Boom' "
               "BEGIN SELECT RAISE(ABORT, 'boom'); END"],
    "postgresql": ["CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.name = 'Boom' THEN "
                   "RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                   "CREATE TRIGGER boom BEFORE INSERT ON services FOR EACH ROW EXECUTE FUNCTION boom()"],
}
DROP = {"sqlite": ["DROP TRIGGER boom"], "postgresql": ["DROP TRIGGER boom ON services", "DROP FUNCTION boom()"]}


async def _sql(db, statements) -> None:
    async with db.engine.begin() as conn:
        for statement in statements:
            await conn.exec_driver_sql(statement)


async def test_database_failure_half_way_rolls_everything_back(empty_db, tmp_path):
    """Zones are written before services: a service the database refuses leaves the zones untouched."""
    await loader.load(empty_db, None)
    d = copy_shipped(tmp_path / "cat")
    edit(d / "zones.csv", "Sud-Est|Sudest", "Sud-Est|Sudest|Sud Est Milano")
    edit(d / "services.yaml", "- code: forestami\n", "- code: boom\n  name: Boom\n  description: x\n  theme: ambiente\n"
         "  status: attivo\n  source: \"riga 1: «x»\"\n- code: forestami\n")
    await _sql(empty_db, TRIGGERS[empty_db.dialect])
    try:
        with pytest.raises(Exception, match="boom"):
            await loader.load(empty_db, d)
    finally:
        await _sql(empty_db, DROP[empty_db.dialect])
    async with empty_db.session() as s:
        assert await s.scalar(select(Zone.aliases).where(Zone.code == "sud-est")) == ["Sud-Est", "Sudest"]
    assert await _counts(empty_db) == TABLE_COUNTS


async def test_real_coverage_is_never_removed_or_overwritten_by_examples(empty_db, tmp_path):
    await loader.load(empty_db, None)
    async with empty_db.session() as s:
        sua = await s.scalar(select(Service.id).where(Service.code == "sua"))
        forestami = await s.scalar(select(Service.id).where(Service.code == "forestami"))
        mine = await s.scalar(select(Coverage).where(Coverage.service_id == sua,
                                                     Coverage.scope_key == "zone:adda-martesana"))
        mine.is_example, mine.recorded_by, mine.status = False, "Maria PO", "sospeso"
        s.add(Coverage(service_id=forestami, scope_key="zone:sud-est", status="attivato", is_example=False))
    report = await loader.load(empty_db, None)
    cov = report.tables["coverage"]
    assert (cov.kept_real, cov.not_in_files, cov.removed, cov.unchanged) == (1, 1, 0, 19)
    async with empty_db.session() as s:
        kept = await s.scalar(select(Coverage).where(Coverage.service_id == sua,
                                                     Coverage.scope_key == "zone:adda-martesana"))
        assert (kept.status, kept.recorded_by, kept.is_example) == ("sospeso", "Maria PO", False)
        assert await s.scalar(select(func.count()).select_from(Coverage).where(Coverage.is_example.is_(False))) == 2
    # a real coverage.csv replaces the example file: example rows go, the file's real rows win
    d = copy_shipped(tmp_path / "cat", coverage_example_csv=COVERAGE_HEADER)
    (d / "coverage_example.csv").unlink()
    (d / "coverage.csv").write_text(COVERAGE_HEADER + "sua,adda-martesana,,,attivato,2025-02-01,,Ufficio SUA,no\n",
                                    encoding="utf-8")
    report = await loader.load(empty_db, d)
    cov = report.tables["coverage"]
    assert (cov.updated, cov.removed, cov.not_in_files) == (1, 19, 1)
    async with empty_db.session() as s:
        rows = (await s.scalars(select(Coverage).order_by(Coverage.scope_key))).all()
    assert [(r.scope_key, r.status, r.recorded_by, r.is_example) for r in rows] == [
        ("zone:adda-martesana", "attivato", "Ufficio SUA", False), ("zone:sud-est", "attivato", None, False)]


def _run_cli(argv, monkeypatch, url, capsys):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", url)
    code = cli(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


async def test_cli_check_ok_and_with_problems(tmp_path, monkeypatch, capsys, empty_db_url):
    code, out, err = await asyncio.to_thread(_run_cli, ["catalogue", "check"], monkeypatch, empty_db_url, capsys)
    assert (code, err) == (0, "")
    assert out == ("OK: 7 zone omogenee + 1 capoluogo, 133 comuni, 11 temi, 14 uffici, 29 servizi, "
                   "20 coperture (coverage_example.csv)\n")
    d = copy_shipped(tmp_path / "cat")
    edit(d / "comuni.csv", "015070,", "15070,")
    code, out, err = await asyncio.to_thread(_run_cli, ["catalogue", "check", str(d)], monkeypatch, empty_db_url, capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "comuni.csv:34: codice ISTAT «15070» non valido: servono 6 cifre",
        "coverage_example.csv:12: comune con codice ISTAT «015070» sconosciuto (non è in comuni.csv)",
        f"2 problemi in {d}: niente è stato caricato."]


async def test_cli_load_reports_changes_then_nothing(tmp_path, monkeypatch, capsys, empty_db_url, empty_db):
    code, out, _ = await asyncio.to_thread(_run_cli, ["catalogue", "load"], monkeypatch, empty_db_url, capsys)
    assert code == 0
    assert out.splitlines()[:3] == [
        "catalogo da catalogo incluso nel pacchetto: 215 creati, 0 aggiornati, 0 invariati, 0 rimossi",
        "  zone       creati    8  aggiornati    0  invariati    0  rimossi    0",
        "  comuni     creati  133  aggiornati    0  invariati    0  rimossi    0"]
    assert "dati di ESEMPIO" in out
    d = copy_shipped(tmp_path / "cat")
    code, out, _ = await asyncio.to_thread(_run_cli, ["catalogue", "load", str(d)], monkeypatch, empty_db_url, capsys)
    assert code == 0 and out.startswith(f"catalogo da {d}: 0 creati, 0 aggiornati, 215 invariati, 0 rimossi\n")
    edit(d / "services.yaml", "  status: proposto", "  status: forse")
    code, out, err = await asyncio.to_thread(_run_cli, ["catalogue", "load", str(d)], monkeypatch, empty_db_url, capsys)
    assert code == 1 and out == "" and "stato «forse» non valido" in err
    assert err.splitlines()[-1] == f"1 problema in {d}: niente è stato caricato."  # ngettext's singular
    assert await _counts(empty_db) == TABLE_COUNTS
