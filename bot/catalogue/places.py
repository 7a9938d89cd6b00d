"""Italian comuni outside the Città metropolitana di Milano (ISTAT-derived gazetteer shipped as data)."""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

FILE = "places_outside_cmm.csv"


@lru_cache(maxsize=1)
def outside_places() -> tuple[dict, ...]:
    """Rows name, provincia, istat_code, source of catalogue_data/places_outside_cmm.csv (empty if absent)."""
    try:
        raw = resources.files("catalogue_data").joinpath(FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ()
    return tuple(csv.DictReader(io.StringIO(raw)))


@lru_cache(maxsize=1)
def outside_entries() -> tuple:
    """The gazetteer as index entries, folded once per process (the file is static)."""
    from bot.catalogue.index import outside_entries as build
    return build(outside_places())
