"""Reading the catalogue files with line numbers, so every problem can point at file:line."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

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
        problems.append(Problem(name, None, "file mancante"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, f"il file non è in UTF-8 ({exc.reason} al byte {exc.start})"))
    except OSError as exc:
        problems.append(Problem(name, None, f"file illeggibile: {exc.strerror or exc}"))
    return None


def read_csv(directory, name: str, header: list[str], problems: list[Problem]) -> list[dict[str, Any]]:
    """Rows as dicts of stripped strings, each with its line; the header must be exactly `header`."""
    text = _text(directory, name, problems)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        found = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.append(Problem(name, 1, "file vuoto: manca l'intestazione"))
        return []
    except csv.Error as exc:
        problems.append(Problem(name, 1, f"CSV non valido: {exc}"))
        return []
    if found != header:
        problems.append(Problem(name, 1, f"intestazione errata: attesa «{','.join(header)}», trovata «{','.join(found)}»"))
        return []
    rows: list[dict[str, Any]] = []
    line = reader.line_num + 1
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                line = reader.line_num + 1
                continue
            if len(values) != len(header):
                problems.append(Problem(name, line, f"attese {len(header)} colonne, trovate {len(values)}"))
            else:
                row = {h: v.strip() for h, v in zip(header, values)}
                row[LINE] = line
                rows.append(row)
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, line, f"CSV non valido: {exc}"))
    return rows


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~10x faster
    """A safe loader that records the line of every mapping and refuses duplicate keys."""


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"chiave «{key}» ripetuta", key_node.start_mark)
        seen.add(key)
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def json_twin(name: str) -> str:
    """themes.yaml -> themes.json: the open-data export writes JSON, which is YAML too."""
    return name.rsplit(".", 1)[0] + ".json"


def canonical(name: str) -> str:
    """The name the checks know a file by: a JSON twin counts as its YAML file."""
    return {json_twin(n): n for n in (THEMES, OFFICES, SERVICES)}.get(name, name)


def read_yaml_list(directory, name: str, problems: list[Problem]) -> list[dict[str, Any]]:
    """A YAML file holding a list of mappings; syntax errors come back with their line.

    Where only its JSON twin is there (a folder of open-data downloads), that file is read instead."""
    if not exists(directory, name) and exists(directory, json_twin(name)):
        name = json_twin(name)
    elif exists(directory, name) and exists(directory, json_twin(name)):
        problems.append(Problem(name, None, f"ci sono sia {name} sia {json_twin(name)}: tenere solo quello da caricare"))
        return []
    text = _text(directory, name, problems)
    if text is None:
        return []
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problems.append(Problem(name, line, f"YAML non valido: {exc.problem or exc.context}"))
        return []
    except yaml.YAMLError as exc:
        problems.append(Problem(name, None, f"YAML non valido: {exc}"))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(name, 1, "il file deve contenere un elenco (righe che iniziano con «- »)"))
        return []
    rows = []
    for position, item in enumerate(data, start=1):
        if isinstance(item, dict):
            rows.append(item)
        else:
            problems.append(Problem(name, None, f"elemento n. {position} dell'elenco: non è una voce con campi"))
    return rows
