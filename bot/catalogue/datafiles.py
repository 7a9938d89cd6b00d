"""Reading the catalogue files with line numbers, so every problem can point at file:line."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from bot.texts import datafiles as T
from bot.texts import plural_text, reworded

ZONES = "zones.csv"
COMUNI = "comuni.csv"
THEMES = "themes.yaml"
OFFICES = "offices.yaml"
SERVICES = "services.yaml"
COVERAGE = "coverage.csv"
COVERAGE_EXAMPLE = "coverage_example.csv"
LINE = "_line"  # key added to every parsed row: the line it starts on (1-based)
YES_NO = {"yes": True, "sì": True, "si": True, "no": False}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the catalogue files, for an organiser to fix."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"


def is_yes(text: str) -> bool:
    """A yes/no column read as a boolean (anything but yes/sì is no; the validator rejects others)."""
    return YES_NO.get(text.strip().casefold(), False)


def shipped_directory() -> Traversable:
    """The catalogue installed with the package (works from a checkout, a wheel or the image)."""
    return resources.files("catalogue_data")


def exists(directory: Path | Traversable, name: str) -> bool:
    return directory.joinpath(name).is_file()


def _text(directory: Path | Traversable, name: str, problems: list[Problem]) -> str | None:
    try:
        return directory.joinpath(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.append(Problem(name, None, T.MISSING))
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, T.NOT_UTF8.format(byte=exc.start)))
    except OSError as exc:
        problems.append(Problem(name, None, T.UNREADABLE.format(error=T.os_reason(exc))))
    return None


def read_csv(directory, name: str, header: list[str], problems: list[Problem],
             optional: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts of stripped strings, each with its line; the header must be exactly `header`,
    or `header` + `optional` (columns added later: rows of a file without them get "")."""
    text = _text(directory, name, problems)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        found = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.append(Problem(name, 1, T.EMPTY_CSV))
        return []
    except csv.Error as exc:
        problems.append(Problem(name, 1, T.BAD_CSV.format(error=reworded(str(exc), T.CSV_PROBLEMS))))
        return []
    if optional and found == header + optional:
        header = found
    elif found != header:
        problems.append(Problem(name, 1, T.BAD_HEADER.format(expected=",".join(header), found=",".join(found))))
        return []
    rows: list[dict[str, Any]] = []
    line = reader.line_num + 1
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                line = reader.line_num + 1
                continue
            if len(values) != len(header):
                problems.append(Problem(name, line, plural_text(len(header), *T.COLUMNS, found=len(values))))
            else:
                row = {h: "" for h in optional or ()} | {h: v.strip() for h, v in zip(header, values)}
                row[LINE] = line
                rows.append(row)
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, line, T.BAD_CSV.format(error=reworded(str(exc), T.CSV_PROBLEMS))))
    return rows


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~10x faster
    """A safe loader that records the line of every mapping and refuses duplicate keys."""


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, T.KEY_TWICE.format(key=key), key_node.start_mark)
        seen.add(key)
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml_list(directory, name: str, problems: list[Problem]) -> list[dict[str, Any]]:
    """A YAML file holding a list of mappings; syntax errors come back with their line."""
    text = _text(directory, name, problems)
    if text is None:
        return []
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problems.append(Problem(name, line, T.BAD_YAML.format(error=reworded(str(exc.problem or exc.context),
                                                                               T.YAML_PROBLEMS))))
        return []
    except yaml.YAMLError as exc:
        problems.append(Problem(name, None, T.BAD_YAML.format(error=exc)))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(name, 1, T.NOT_A_LIST))
        return []
    rows = []
    for position, item in enumerate(data, start=1):
        if isinstance(item, dict):
            rows.append(item)
        else:
            problems.append(Problem(name, None, T.NOT_AN_ENTRY.format(position=position)))
    return rows


@dataclass
class Catalogue:
    """The parsed files: rows as dicts (with their line), plus which coverage file was read."""

    zones: list[dict[str, Any]] = field(default_factory=list)
    comuni: list[dict[str, Any]] = field(default_factory=list)
    themes: list[dict[str, Any]] = field(default_factory=list)
    offices: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    coverage_file: str | None = None
    unreadable: set[str] = field(default_factory=set)  # files that could not be parsed at all
