"""A writable copy of the shipped catalogue, for tests that break one file at a time."""
from __future__ import annotations

from pathlib import Path

from bot.catalogue import datafiles

FILES = ("zones.csv", "comuni.csv", "themes.yaml", "offices.yaml", "services.yaml", "coverage_example.csv")
COVERAGE_HEADER = "service,zone,comune,comune_name,status,since,note,recorded_by,example\n"


def copy_shipped(target: Path, **replace: str) -> Path:
    """Copy the shipped files into `target`; `replace={"services_yaml": text}` swaps one file's content."""
    target.mkdir(parents=True, exist_ok=True)
    source = datafiles.shipped_directory()
    for name in FILES:
        text = replace.get(name.replace(".", "_"), source.joinpath(name).read_text(encoding="utf-8"))
        (target / name).write_text(text, encoding="utf-8")
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there) in the file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    """The 1-based line number where `fragment` first appears."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path.name}")
