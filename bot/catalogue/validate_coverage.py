"""Checks of the coverage file: known service, one zone or one comune, status, date, example flag."""
from __future__ import annotations

from datetime import date

from bot.catalogue import datafiles as files
from bot.catalogue.datafiles import LINE, YES_NO, Catalogue, Problem
from bot.catalogue.models import COVERAGE_STATUSES
from bot.texts import datafiles as T


def check_coverage(cat: Catalogue, problems: list[Problem]) -> None:
    name = cat.coverage_file
    services = {s.get("code"): s for s in cat.services}
    zones = {z["code"] for z in cat.zones}
    comuni = {c["istat_code"]: c for c in cat.comuni}
    seen: dict[tuple, int] = {}
    for row in cat.coverage:
        line, service = row[LINE], services.get(row["service"])
        if service is None and files.SERVICES in cat.unreadable:
            pass
        elif service is None:
            problems.append(Problem(name, line, T.UNKNOWN_SERVICE.format(service=row["service"], file=files.SERVICES)))
        elif service.get("status") == "proposto" and row["status"] == "attivato":
            problems.append(Problem(name, line, T.ONLY_PROPOSED.format(service=row["service"])))
        scope = _coverage_scope(row, name, zones, comuni, problems, cat.unreadable)
        if row["status"] not in COVERAGE_STATUSES:
            problems.append(Problem(name, line, T.BAD_STATUS.format(status=row["status"],
                                                                   allowed=", ".join(COVERAGE_STATUSES))))
        if row["since"] and not _is_date(row["since"]):
            problems.append(Problem(name, line, T.BAD_DATE.format(value=row["since"])))
        _check_example_flag(row, name, problems)
        if scope and (row["service"], scope) in seen:
            problems.append(Problem(name, line, T.COVERAGE_TWICE.format(line=seen[(row["service"], scope)])))
        elif scope:
            seen[(row["service"], scope)] = line


def _coverage_scope(row: dict, name: str, zones: set, comuni: dict, problems: list[Problem],
                    unreadable: set[str]) -> str | None:
    """`zone:<code>` or `comune:<istat>`; exactly one of the two columns must be filled."""
    line = row[LINE]
    if bool(row["zone"]) == bool(row["comune"]):
        problems.append(Problem(name, line, T.ZONE_OR_COMUNE))
        return None
    if row["zone"]:
        if row["zone"] not in zones and files.ZONES not in unreadable:
            problems.append(Problem(name, line, T.UNKNOWN_ZONE.format(zone=row["zone"], file=files.ZONES)))
            return None
        return f"zone:{row['zone']}"
    comune = comuni.get(row["comune"])
    if comune is None and files.COMUNI in unreadable:
        return None
    if comune is None:
        problems.append(Problem(name, line, T.UNKNOWN_COMUNE.format(code=row["comune"], file=files.COMUNI)))
        return None
    if row["comune_name"] and row["comune_name"].casefold() != comune["name"].casefold():
        problems.append(Problem(name, line, T.COMUNE_NAME.format(code=row["comune"], name=comune["name"],
                                                                    given=row["comune_name"])))
    return f"comune:{row['comune']}"


def _check_example_flag(row: dict, name: str, problems: list[Problem]) -> None:
    flag = row["example"].casefold()
    if flag not in YES_NO:
        problems.append(Problem(name, row[LINE], T.EXAMPLE_FLAG.format(value=row["example"])))
    elif name == files.COVERAGE_EXAMPLE and not YES_NO.get(flag, False):
        problems.append(Problem(name, row[LINE], T.EXAMPLE_ONLY.format(file=files.COVERAGE_EXAMPLE)))


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
