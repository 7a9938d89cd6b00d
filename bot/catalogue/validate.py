"""Checking the catalogue files before anything touches the database; every problem has file:line."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bot.catalogue import datafiles as files
from bot.catalogue.datafiles import LINE, YES_NO, Catalogue, Problem
from bot.catalogue.details import check_details
from bot.catalogue.models import SERVICE_STATUSES
from bot.catalogue.validate_coverage import check_coverage
from bot.catalogue.validate_lengths import check_lengths
from bot.texts import datafiles as T
from bot.texts import plural_text

ZONE_HEADER = ["code", "name", "is_capoluogo", "reference_comune", "n_comuni", "aliases", "source"]
COMUNE_HEADER = ["istat_code", "name", "zona_omogenea", "population", "population_year", "source"]
COVERAGE_HEADER = ["service", "zone", "comune", "comune_name", "status", "since", "note", "recorded_by", "example"]
COVERAGE_OPTIONAL = ["source"]  # added with the review of questionnaire proposals; older files lack it
THEME_FIELDS = {"code": True, "name": True, "aliases": False}
OFFICE_FIELDS = {"code": True, "name": True, "area": False, "named": False, "email": False, "phone": False,
                 "source": True, "details": False}
SERVICE_FIELDS = {"code": True, "name": True, "description": True, "theme": True, "office": False,
                  "status": True, "legal_basis": False, "joining": False, "contact": False,
                  "synonyms": False, "acronyms": False, "source": True, "details": False}
CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISTAT = re.compile(r"^\d{6}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_ATTR = {files.ZONES: "zones", files.COMUNI: "comuni", files.THEMES: "themes", files.OFFICES: "offices",
         files.SERVICES: "services", files.COVERAGE: "coverage", files.COVERAGE_EXAMPLE: "coverage"}



def validate(directory: Path) -> list[Problem]:
    """Every problem in the catalogue at `directory`; an empty list means it can be loaded."""
    return read_catalogue(directory)[1]


def read_catalogue(directory) -> tuple[Catalogue, list[Problem]]:
    """Parse and check all files; the Catalogue is only safe to load when the problems are none."""
    problems: list[Problem] = []
    if not directory.is_dir():
        return Catalogue(), [Problem(str(directory), None, T.NO_DIRECTORY)]
    cat = Catalogue()
    cat.zones = files.read_csv(directory, files.ZONES, ZONE_HEADER, problems)
    cat.comuni = files.read_csv(directory, files.COMUNI, COMUNE_HEADER, problems)
    cat.themes = files.read_yaml_list(directory, files.THEMES, problems)
    cat.offices = files.read_yaml_list(directory, files.OFFICES, problems)
    cat.services = files.read_yaml_list(directory, files.SERVICES, problems)
    cat.coverage_file = _coverage_file(directory, problems)
    if cat.coverage_file:
        cat.coverage = files.read_csv(directory, cat.coverage_file, COVERAGE_HEADER, problems, COVERAGE_OPTIONAL)
    # a file that failed as a whole would make every reference to it look wrong: skip those checks
    cat.unreadable = {p.file for p in problems if p.file in _ATTR and not getattr(cat, _ATTR[p.file])}
    _check_zones(cat, problems)
    _check_comuni(cat, problems)
    _check_yaml(files.THEMES, cat.themes, THEME_FIELDS, problems)
    _check_yaml(files.OFFICES, cat.offices, OFFICE_FIELDS, problems)
    _check_yaml(files.SERVICES, cat.services, SERVICE_FIELDS, problems)
    _check_offices(cat, problems)
    _check_services(cat, problems)
    check_coverage(cat, problems)
    for name, rows in ((files.ZONES, cat.zones), (files.COMUNI, cat.comuni), (files.THEMES, cat.themes),
                       (files.OFFICES, cat.offices), (files.SERVICES, cat.services),
                       (cat.coverage_file, cat.coverage)):
        check_lengths(name, rows, problems)
    return cat, problems


def _coverage_file(directory, problems: list[Problem]) -> str | None:
    real, example = files.exists(directory, files.COVERAGE), files.exists(directory, files.COVERAGE_EXAMPLE)
    if real and example:
        problems.append(Problem(files.COVERAGE, None, T.BOTH_COVERAGE.format(real=files.COVERAGE,
                                                                             example=files.COVERAGE_EXAMPLE)))
        return None
    return files.COVERAGE if real else files.COVERAGE_EXAMPLE if example else None


def _duplicates(name: str, rows: list[dict], key: str, label: str, problems: list[Problem]) -> None:
    seen: dict = {}
    for row in rows:
        value = row.get(key)
        if not isinstance(value, str) or not value:
            continue
        folded = value.casefold()
        if folded in seen:
            problems.append(Problem(name, row[LINE], T.REPEATED.format(label=label, value=value, line=seen[folded])))
        else:
            seen[folded] = row[LINE]


def _check_zones(cat: Catalogue, problems: list[Problem]) -> None:
    name = files.ZONES
    for row in cat.zones:
        line = row[LINE]
        if not CODE.match(row["code"]):
            problems.append(Problem(name, line, T.BAD_ZONE_CODE.format(code=row["code"])))
        if not row["name"]:
            problems.append(Problem(name, line, T.EMPTY_ZONE_NAME))
        if row["is_capoluogo"].casefold() not in YES_NO:
            problems.append(Problem(name, line, T.IS_CAPOLUOGO.format(value=row["is_capoluogo"])))
        if not row["n_comuni"].isdigit() or int(row["n_comuni"]) < 1:
            problems.append(Problem(name, line, T.N_COMUNI.format(value=row["n_comuni"])))
        if any(not a.strip() for a in row["aliases"].split("|")) and row["aliases"]:
            problems.append(Problem(name, line, T.EMPTY_ALIAS))
    _duplicates(name, cat.zones, "code", T.LABEL_ZONE_CODE, problems)
    _duplicates(name, cat.zones, "name", T.LABEL_ZONE_NAME, problems)
    capoluoghi = [r for r in cat.zones if YES_NO.get(r["is_capoluogo"].casefold(), False)]
    for row in capoluoghi[1:]:
        problems.append(Problem(name, row[LINE], T.TWO_CAPOLUOGHI))


def zone_lookup(cat: Catalogue) -> dict[str, dict]:
    """Zones by code and by name (case-folded), as comuni.csv may use either."""
    lookup = {}
    for row in cat.zones:
        lookup[row["code"].casefold()] = row
        lookup[row["name"].casefold()] = row
    return lookup


def _check_comuni(cat: Catalogue, problems: list[Problem]) -> None:
    name, zones = files.COMUNI, zone_lookup(cat)
    per_zone: Counter = Counter()
    for row in cat.comuni:
        line = row[LINE]
        if not ISTAT.match(row["istat_code"]):
            problems.append(Problem(name, line, T.BAD_ISTAT.format(code=row["istat_code"])))
        if not row["name"]:
            problems.append(Problem(name, line, T.EMPTY_COMUNE_NAME))
        zone = zones.get(row["zona_omogenea"].casefold())
        if zone is None and files.ZONES not in cat.unreadable:
            problems.append(Problem(name, line, T.UNKNOWN_ZONE.format(zone=row["zona_omogenea"], file=files.ZONES)))
        elif zone is not None:
            per_zone[zone["code"]] += 1
        _check_population(row, problems)
    _duplicates(name, cat.comuni, "istat_code", T.LABEL_ISTAT, problems)
    _duplicates(name, cat.comuni, "name", T.LABEL_COMUNE_NAME, problems)
    if not cat.comuni:
        return
    for zone in cat.zones:
        expected = int(zone["n_comuni"]) if zone["n_comuni"].isdigit() else None
        if expected is not None and per_zone[zone["code"]] != expected:
            problems.append(Problem(files.ZONES, zone[LINE], plural_text(
                expected, *T.ZONE_COUNT, zone=zone["name"], file=name, found=per_zone[zone["code"]])))
        members = {c["name"].casefold() for c in cat.comuni if zones.get(c["zona_omogenea"].casefold()) is zone}
        if zone["reference_comune"] and zone["reference_comune"].casefold() not in members:
            problems.append(Problem(files.ZONES, zone[LINE], T.REFERENCE_COMUNE.format(
                comune=zone["reference_comune"], file=name)))


def _check_population(row: dict, problems: list[Problem]) -> None:
    population, year = row["population"], row["population_year"]
    if population and not population.isdigit():
        problems.append(Problem(files.COMUNI, row[LINE], T.POPULATION.format(value=population)))
    if year and not (year.isdigit() and 1800 <= int(year) <= 2200):
        problems.append(Problem(files.COMUNI, row[LINE], T.POPULATION_YEAR.format(value=year)))
    if population and not year:
        problems.append(Problem(files.COMUNI, row[LINE], T.POPULATION_NO_YEAR))


def _check_yaml(name: str, rows: list[dict], spec: dict[str, bool], problems: list[Problem]) -> None:
    """Fields present, known and of the right type; codes well formed and unique."""
    for row in rows:
        line = row[LINE]
        for key in row:
            if key != LINE and key not in spec:
                problems.append(Problem(name, line, T.UNKNOWN_FIELD.format(key=key, allowed=", ".join(spec))))
        for key, required in spec.items():
            value = row.get(key)
            if key in ("aliases", "synonyms", "acronyms"):
                if value is not None and not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
                    problems.append(Problem(name, line, T.TEXT_LIST.format(key=key)))
            elif key == "details":
                problems += [Problem(name, line, p) for p in check_details(name, value)]
            elif key == "named":
                if value is not None and not isinstance(value, bool):
                    problems.append(Problem(name, line, T.NAMED))
            elif value is not None and not isinstance(value, str | int | float):
                problems.append(Problem(name, line, T.TEXT.format(key=key)))
            elif required and (value is None or not str(value).strip()):
                problems.append(Problem(name, line, T.REQUIRED.format(key=key)))
        code = row.get("code")
        if code is not None and not isinstance(code, str):
            problems.append(Problem(name, line, T.CODE_NOT_TEXT.format(code=code)))
        elif isinstance(code, str) and code and not CODE.match(code):
            problems.append(Problem(name, line, T.BAD_CODE.format(code=code)))
    _duplicates(name, rows, "code", T.LABEL_CODE, problems)


def _check_offices(cat: Catalogue, problems: list[Problem]) -> None:
    for row in cat.offices:
        email = row.get("email")
        if isinstance(email, str) and email and not EMAIL.match(email):
            problems.append(Problem(files.OFFICES, row[LINE], T.BAD_EMAIL.format(email=email)))


def _check_services(cat: Catalogue, problems: list[Problem]) -> None:
    themes = {t.get("code") for t in cat.themes}
    offices = {o.get("code") for o in cat.offices}
    for row in cat.services:
        line = row[LINE]
        if files.THEMES not in cat.unreadable and isinstance(row.get("theme"), str) and row["theme"] not in themes:
            problems.append(Problem(files.SERVICES, line, T.UNKNOWN_THEME.format(theme=row["theme"], file=files.THEMES)))
        if files.OFFICES not in cat.unreadable and isinstance(row.get("office"), str) and row["office"] not in offices:
            problems.append(Problem(files.SERVICES, line, T.UNKNOWN_OFFICE.format(office=row["office"],
                                                                                  file=files.OFFICES)))
        if isinstance(row.get("status"), str) and row["status"] not in SERVICE_STATUSES:
            problems.append(Problem(files.SERVICES, line, T.BAD_STATUS.format(status=row["status"],
                                                                              allowed=", ".join(SERVICE_STATUSES))))
    _duplicates(files.SERVICES, cat.services, "name", T.LABEL_SERVICE_NAME, problems)
