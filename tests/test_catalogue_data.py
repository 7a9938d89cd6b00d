"""The shipped catalogue is complete and valid; every kind of mistake is reported with file, line and reason."""
from collections import Counter

import pytest

from bot.catalogue import citations, datafiles
from bot.catalogue.citations import internal_reference
from bot.catalogue.datafiles import Problem
from bot.catalogue.validate import read_catalogue, validate
from tests.catalogue_files import COVERAGE_HEADER, copy_shipped, edit, line_of

SHIPPED = datafiles.shipped_directory()


def test_shipped_catalogue_validates():
    assert validate(SHIPPED) == []


def test_shipped_counts_and_membership():
    cat, _ = read_catalogue(SHIPPED)
    zones = {z["name"]: z for z in cat.zones}
    official = [z for z in cat.zones if z["is_capoluogo"] == "no"]
    assert len(official) == 7 and len(cat.comuni) == 133
    assert [z["code"] for z in cat.zones if z["is_capoluogo"] == "yes"] == ["milano"]
    per_zone = Counter(c["zona_omogenea"] for c in cat.comuni)
    assert per_zone == {"Adda Martesana": 29, "Alto Milanese": 22, "Magentino e Abbiatense": 28, "Nord Milano": 6,
                        "Nord Ovest": 16, "Sud Est": 15, "Sud Ovest": 16, "Milano": 1}
    assert all(c["zona_omogenea"] in zones for c in cat.comuni)
    assert len({c["istat_code"] for c in cat.comuni}) == 133


def test_shipped_files_equal_the_reference_data():
    """comuni.csv is the reference file unchanged; zones.csv keeps every reference row and source."""
    reference = datafiles.shipped_directory().joinpath("SOURCES.md").read_text(encoding="utf-8")
    assert "C1 – Milano is not a zona omogenea" in reference
    cat, _ = read_catalogue(SHIPPED)
    assert {z["code"]: z["n_comuni"] for z in cat.zones} == {
        "adda-martesana": "29", "alto-milanese": "22", "magentino-abbiatense": "28", "nord-milano": "6",
        "nord-ovest": "16", "sud-est": "15", "sud-ovest": "16", "milano": "1"}
    assert all(z["source"] for z in cat.zones) and all(c["source"].startswith("list:ISTAT") for c in cat.comuni)


def test_every_service_has_theme_status_and_source():
    cat, _ = read_catalogue(SHIPPED)
    themes = {t["code"] for t in cat.themes}
    assert len(cat.services) >= 25
    for service in cat.services:
        assert service["theme"] in themes, service["code"]
        assert service["status"] in ("attivo", "in attivazione", "proposto")
        assert "rig" in service["source"] and "«" in service["source"], service["code"]
        assert service["contact"] is None  # the source gives no contact: none invented
    codes = {s["code"] for s in cat.services}
    for expected in ("emergenze-com", "specie-invasive", "rete-scolastica", "politiche-giovanili", "terzo-settore",
                     "palestre-scolastiche", "campus-digitale", "beni-cmm", "pratiche-catastali",
                     "efficienza-energetica-scuole", "sua", "forestami", "suap-associati", "incubatore-rigenerazione",
                     "metro-adapt", "plus-community", "abbandono-rifiuti", "tpl-interurbano"):
        assert expected in codes
    acronyms = {a for s in cat.services for a in s["acronyms"]}
    assert {"SUA", "SUAP", "COM", "TPL"} <= acronyms


def test_what_readers_see_carries_no_maintainers_reference():
    """Names, descriptions, legal bases and ways to join are shown as they are: no "riga 81", no
    "legal_framework.md §5", no "[CMM-SUA]" (the `source` field keeps those; the bot shows it as a citation)."""
    cat, _ = read_catalogue(SHIPPED)
    for service in cat.services:
        for key in ("name", "description", "legal_basis", "joining"):
            assert not internal_reference(service.get(key)), (service["code"], key)
        assert citations.survey(service["source"]), service["code"]  # every source quotes the survey
    assert internal_reference("riga 81") and internal_reference("legal_framework.md §5") and \
        internal_reference("x [CMM-SUA]") and not internal_reference("L. 56/2014, art. 1")


def test_offices_have_no_invented_contacts():
    cat, _ = read_catalogue(SHIPPED)
    assert all(o["email"] is None and o["phone"] is None for o in cat.offices)


def test_example_coverage_is_marked_and_mixes_zones_and_comuni():
    cat, _ = read_catalogue(SHIPPED)
    assert cat.coverage_file == "coverage_example.csv"
    assert all(r["example"] == "yes" and r["note"].startswith("DATI DI ESEMPIO") for r in cat.coverage)
    assert any(r["zone"] for r in cat.coverage) and any(r["comune"] for r in cat.coverage)
    assert {r["status"] for r in cat.coverage} == {"attivato", "in attivazione"}


def _problems(tmp_path, **replace):
    return validate(copy_shipped(tmp_path / "cat", **replace))


def test_missing_directory_and_missing_file(tmp_path):
    assert validate(tmp_path / "nope") == [Problem(str(tmp_path / "nope"), None, "la cartella non esiste")]
    d = copy_shipped(tmp_path / "cat")
    (d / "offices.yaml").unlink()
    assert Problem("offices.yaml", None, "file mancante") in validate(d)


def test_wrong_header(tmp_path):
    d = copy_shipped(tmp_path / "cat")
    edit(d / "comuni.csv", "istat_code,name,zona_omogenea", "codice,name,zona_omogenea")
    assert validate(d)[0] == Problem("comuni.csv", 1, "intestazione errata: attesa «istat_code,name,zona_omogenea,"
                                     "population,population_year,source», trovata «codice,name,zona_omogenea,"
                                     "population,population_year,source»")


def test_comuni_problems(tmp_path):
    d = copy_shipped(tmp_path / "cat")
    edit(d / "comuni.csv", "015070,Cernusco sul Naviglio,Adda Martesana,34885", "15070,Cernusco sul Naviglio,Brianza,tanti")
    edit(d / "comuni.csv", "015077,Cinisello Balsamo", "015118,Cinisello Balsamo")
    problems = validate(d)
    assert Problem("comuni.csv", 34, "codice ISTAT «15070» non valido: servono 6 cifre") in problems
    assert Problem("comuni.csv", 34, "zona «Brianza» sconosciuta (non è in zones.csv)") in problems
    assert Problem("comuni.csv", 34, "popolazione «tanti» non è un intero") in problems
    assert Problem("comuni.csv", 62, "codice ISTAT «015118» ripetuto (già alla riga 39)") in problems
    assert Problem("zones.csv", 2, "la zona «Adda Martesana» dichiara 29 comuni ma comuni.csv ne assegna 28") in problems
    assert Problem("coverage_example.csv", 12, "comune con codice ISTAT «015070» sconosciuto (non è in comuni.csv)") \
        in problems


def test_zone_problems(tmp_path):
    d = copy_shipped(tmp_path / "cat")
    edit(d / "zones.csv", "nord-ovest,Nord Ovest,no,Rho,16", "Nord Ovest!,Nord Ovest,forse,Rho,16")
    edit(d / "zones.csv", "sud-est,Sud Est,no,San Giuliano Milanese,15", "sud-est,,yes,Milano,x")
    problems = validate(d)
    assert Problem("zones.csv", 6, "codice zona «Nord Ovest!» non valido: minuscole, cifre e trattini") in problems
    assert Problem("zones.csv", 6, "is_capoluogo deve essere yes o no, non «forse»") in problems
    assert Problem("zones.csv", 7, "nome della zona vuoto") in problems
    assert Problem("zones.csv", 7, "n_comuni deve essere un intero positivo, non «x»") in problems
    assert Problem("zones.csv", 9, "più di una zona segnata come capoluogo") in problems


SERVICES = """\
- code: uno
  name: Primo
  description: Un servizio.
  theme: ambiente
  office: null
  status: attivo
  source: "riga 1: «uno»"
- code: uno
  name: Secondo
  description: ""
  theme: meteo
  office: ufficio-fantasma
  status: chiuso
  colore: blu
  synonyms: [ok, 3]
  source: "riga 2"
"""


def test_service_problems_have_lines(tmp_path):
    problems = _problems(tmp_path, services_yaml=SERVICES, coverage_example_csv=COVERAGE_HEADER)
    assert problems == [
        Problem("services.yaml", 8, "campo «colore» sconosciuto (ammessi: code, name, description, theme, office, "
                "status, legal_basis, joining, contact, synonyms, acronyms, source, details)"),
        Problem("services.yaml", 8, "campo «description» mancante o vuoto"),
        Problem("services.yaml", 8, "«synonyms» deve essere un elenco di testi non vuoti"),
        Problem("services.yaml", 8, "codice «uno» ripetuto (già alla riga 1)"),
        Problem("services.yaml", 8, "tema «meteo» sconosciuto (non è in themes.yaml)"),
        Problem("services.yaml", 8, "ufficio «ufficio-fantasma» sconosciuto (non è in offices.yaml)"),
        Problem("services.yaml", 8, "stato «chiuso» non valido (ammessi: attivo, in attivazione, proposto)"),
    ]


@pytest.mark.parametrize("text, expected", [
    ("- code: a\n  name: [aperta\n",
     Problem("themes.yaml", 3, "YAML non valido: manca una «,» o una «]»: una parentesi quadra non chiusa?")),
    ("- code: a\n\tname: A\n", Problem("themes.yaml", 2, "YAML non valido: una tabulazione nel rientro: rientrare "
                                                         "con gli spazi")),
    ("- code: a\n  name: @Rho\n", Problem("themes.yaml", 2, "YAML non valido: un carattere che non può iniziare un "
                                                           "valore (una tabulazione? «@» o «`» senza virgolette?)")),
    ("- code: a\n  name: Rho: Pero\n", Problem("themes.yaml", 2, "YAML non valido: un «:» di troppo: un testo che "
                                                                "contiene «: » va tra virgolette")),
    ("- code: a\n  name: A\n  name: B\n", Problem("themes.yaml", 3, "YAML non valido: chiave «name» ripetuta")),
    ("code: a\n", Problem("themes.yaml", 1, "il file deve contenere un elenco (righe che iniziano con «- »)")),
    ("- code: 12\n  name: A\n", Problem("themes.yaml", 1, "codice «12» non valido: deve essere un testo")),
    ("- code: Acqua Bene\n  name: A\n", Problem("themes.yaml", 1, "codice «Acqua Bene» non valido: minuscole, cifre e trattini")),
])
def test_yaml_problems(tmp_path, text, expected):
    problems = _problems(tmp_path, themes_yaml=text)
    assert problems[0] == expected  # the parser's reasons in Italian, the same with libyaml or pure-Python PyYAML
    # an unreadable themes file does not make every service's theme look unknown
    assert not any("tema «" in p.reason for p in problems) or expected.line == 1 and "codice" in expected.reason


def test_office_email_checked(tmp_path):
    d = copy_shipped(tmp_path / "cat")
    edit(d / "offices.yaml", "  email: null", "  email: non-una-mail")
    assert validate(d) == [Problem("offices.yaml", 7, "e-mail «non-una-mail» non valida")]


COVERAGE = COVERAGE_HEADER + """\
sua,adda-martesana,,,attivato,2023-10-01,n,r,yes
sua,adda-martesana,,,attivato,,n,r,yes
boh,sud-est,,,attivato,,n,r,yes
sua,,015070,Milano,attivato,,n,r,yes
sua,nord-ovest,015070,,attivato,,n,r,yes
sua,atlantide,,,attivato,,n,r,yes
forestami,,999999,,sospeso,2023-02-30,n,r,no
espropri,sud-ovest,,,attivato,,n,r,yes
forestami,sud-est,,,chiuso,ieri,n,r,forse
"""


def test_coverage_problems(tmp_path):
    problems = _problems(tmp_path, coverage_example_csv=COVERAGE)
    f = "coverage_example.csv"
    assert problems == [
        Problem(f, 3, "copertura ripetuta (già alla riga 2)"),
        Problem(f, 4, "servizio «boh» sconosciuto (non è in services.yaml)"),
        Problem(f, 5, "il codice 015070 è «Cernusco sul Naviglio», non «Milano»"),
        Problem(f, 6, "indicare una zona oppure un comune (uno solo dei due)"),
        Problem(f, 7, "zona «atlantide» sconosciuta (non è in zones.csv)"),
        Problem(f, 8, "comune con codice ISTAT «999999» sconosciuto (non è in comuni.csv)"),
        Problem(f, 8, "data «2023-02-30» non valida: usare AAAA-MM-GG"),
        Problem(f, 8, "in coverage_example.csv ogni riga è un esempio: example=yes"),
        Problem(f, 9, "il servizio «espropri» è solo proposto: non può essere attivato"),
        Problem(f, 10, "stato «chiuso» non valido (ammessi: attivato, in attivazione, sospeso)"),
        Problem(f, 10, "data «ieri» non valida: usare AAAA-MM-GG"),
        Problem(f, 10, "example deve essere yes o no, non «forse»"),
    ]


def test_csv_row_with_wrong_column_count_and_both_coverage_files(tmp_path):
    d = copy_shipped(tmp_path / "cat")
    edit(d / "coverage_example.csv", "sua,nord-ovest,,,attivato", "sua,nord-ovest,,attivato")
    assert validate(d) == [Problem("coverage_example.csv", 3, "attese 9 colonne, trovate 8")]
    (d / "coverage.csv").write_text(COVERAGE_HEADER, encoding="utf-8")
    assert Problem("coverage.csv", None, "ci sono sia coverage.csv sia coverage_example.csv: tenere solo quello "
                   "da caricare") in validate(d)


def test_problem_prints_file_line_reason():
    assert str(Problem("comuni.csv", 4, "nome del comune vuoto")) == "comuni.csv:4: nome del comune vuoto"
    assert str(Problem("offices.yaml", None, "file mancante")) == "offices.yaml: file mancante"


def test_line_helper_agrees_with_reported_lines(tmp_path):
    d = copy_shipped(tmp_path / "cat")
    edit(d / "services.yaml", "  status: in attivazione\n  legal_basis: null\n  joining: null\n  contact: null\n"
         "  synonyms: [sportello", "  status: sospeso\n  legal_basis: null\n  joining: null\n  contact: null\n"
         "  synonyms: [sportello")
    expected_line = line_of(d / "services.yaml", "- code: suap-associati")
    assert validate(d) == [Problem("services.yaml", expected_line,
                                   "stato «sospeso» non valido (ammessi: attivo, in attivazione, proposto)")]


def test_a_field_over_the_csv_limit_is_explained_in_italian(tmp_path):
    d = copy_shipped(tmp_path / "cat")
    edit(d / "coverage_example.csv", "sua,nord-ovest,,,attivato", "sua,nord-ovest,,," + "x" * 200_000)
    assert Problem("coverage_example.csv", 3, "CSV non valido: un campo supera i 131072 caratteri") in validate(d)


def test_a_catalogue_file_that_cannot_be_read_is_explained_in_italian(tmp_path):
    d = copy_shipped(tmp_path / "cat")
    (d / "themes.yaml").unlink()
    (d / "themes.yaml").mkdir()
    assert Problem("themes.yaml", None, "file illeggibile: è una cartella, non un file") in validate(d)
    (d / "zones.csv").write_bytes("code,name\nnord,Città".encode("latin-1"))
    assert Problem("zones.csv", None, "il file non è in UTF-8 (byte non valido in posizione 19): salvarlo come "
                                      "UTF-8") in validate(d)
