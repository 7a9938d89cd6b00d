"""Reading a YAML data file that may be hostile: size, encoding, anchors and nesting checked, errors at file:line.

Used for the questionnaire and tavoli files. A file over MAX_BYTES, not UTF-8, with anchors and
aliases (`&a` / `*a`: a "billion laughs" file is a few lines of them) or nested deeper than the
parser allows is refused with a YamlFileError that names the file and, where known, the line.
Every mapping comes back as a LineDict: a dict that also knows the line it starts on.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.texts import datafiles as T
from bot.texts import reworded

MAX_BYTES = 1_000_000


class YamlFileError(ValueError):
    """`file:line: reason` (or `file: reason` when no line applies)."""

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        where = f"{Path(path).name}:{line}" if line else Path(path).name
        super().__init__(f"{where}: {reason}")
        self.line, self.reason = line, reason


class LineDict(dict):
    """A mapping of the file, with the line it starts on (equal to, and serialised as, a plain dict)."""

    line: int | None = None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: faster, depth-limited
    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:  # a node met twice: an alias
            raise yaml.constructor.ConstructorError(None, None, T.YAML_ALIASES,
                                                    node.start_mark)
        return super().construct_object(node, deep)


def _mapping(loader: _Loader, node: yaml.MappingNode):
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def line_of(value: Any) -> int | None:
    return getattr(value, "line", None)


def load(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Any:
    """The parsed file, or YamlFileError."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise YamlFileError(path, None, T.YAML_UNREADABLE.format(error=T.os_reason(exc))) from None
    if len(raw) > max_bytes:
        raise YamlFileError(path, None, T.YAML_TOO_LARGE.format(kb=max_bytes // 1000))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError(path, raw[:exc.start].count(b"\n") + 1, T.YAML_NOT_UTF8) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlFileError(path, mark.line + 1 if mark else None,
                            T.YAML_INVALID.format(error=reworded(str(exc.problem or exc.context),
                                                                 T.YAML_PROBLEMS))) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(path, None, T.YAML_INVALID.format(error=exc)) from None
    except RecursionError:
        raise YamlFileError(path, None, T.YAML_TOO_DEEP) from None
