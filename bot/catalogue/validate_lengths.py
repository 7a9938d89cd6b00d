"""Longest values the catalogue files may hold, at file:line: the database columns' own sizes (which
PostgreSQL enforces and SQLite does not), and a sensible bound for free texts shown in a card."""
from __future__ import annotations

from sqlalchemy import String

from bot.catalogue import datafiles as files
from bot.catalogue.datafiles import LINE, Problem
from bot.catalogue.models import Comune, Coverage, Office, Service, Theme, Zone
from bot.texts import datafiles as T
from bot.texts import plural_text

TEXT_MAX = {"description": 3000}  # other free texts (sources, notes, legal basis…): FREE_TEXT_MAX
FREE_TEXT_MAX = 1000
ITEM_MAX = 200  # each alias, synonym or acronym
LISTS = ("aliases", "synonyms", "acronyms")
MODELS = {files.ZONES: Zone, files.COMUNI: Comune, files.THEMES: Theme, files.OFFICES: Office,
          files.SERVICES: Service, files.COVERAGE: Coverage, files.COVERAGE_EXAMPLE: Coverage}


def limit(model, field: str) -> int | None:
    """The most characters `field` may have, None for a field that is not a text column."""
    column = model.__table__.columns.get(field)
    if column is None:
        return None
    if isinstance(column.type, String) and column.type.length:
        return column.type.length
    return TEXT_MAX.get(field, FREE_TEXT_MAX) if isinstance(column.type, String) else None


def check_lengths(name: str, rows: list[dict], problems: list[Problem]) -> None:
    model = MODELS.get(name)
    if model is None:
        return
    for row in rows:
        for field, value in row.items():
            if field == LINE:
                continue
            if field in LISTS:
                items = value.split("|") if isinstance(value, str) else value if isinstance(value, list) else []
                if any(isinstance(v, str) and len(v) > ITEM_MAX for v in items):
                    problems.append(Problem(name, row[LINE], plural_text(ITEM_MAX, *T.ITEM_TOO_LONG, field=field)))
                continue
            most = limit(model, field)
            if most is not None and isinstance(value, str | int | float) and len(str(value)) > most:
                problems.append(Problem(name, row[LINE], T.TOO_LONG.format(field=field, length=len(str(value)),
                                                                           n=most)))
