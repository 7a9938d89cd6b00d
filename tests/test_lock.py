"""The lock files (requirements/*.txt) install what pyproject.toml asks for: every package pinned with
hashes, inside pyproject's ranges, and the image (runtime.txt) on the same versions CI tests (test.txt)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def pins(name: str) -> dict[str, str]:
    """package -> pinned version; fails on an entry without an exact pin or without a sha256 hash."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for entry in re.split(r"\n(?=[^\s#])", text):
        entry = "\n".join(line for line in entry.splitlines() if not line.lstrip().startswith("#")).strip()
        if not entry:
            continue
        match = PIN.match(entry)
        assert match, f"{name}: not an exact pin: {entry.splitlines()[0]!r}"
        assert "--hash=sha256:" in entry, f"{name}: {match[1]} has no hash"
        found[canonicalize_name(match[1])] = match[2]
    return found


def _requirements(group: list[str]) -> list[Requirement]:
    return [Requirement(r) for r in group]


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _assert_inside(requirements: list[Requirement], locked: dict[str, str], where: str) -> None:
    for req in requirements:
        version = locked.get(canonicalize_name(req.name))
        assert version is not None, f"{req.name} (pyproject) is not in {where}: run requirements/lock"
        assert req.specifier.contains(version, prereleases=True), \
            f"{where} pins {req.name}=={version}, outside pyproject's {req.specifier}: run requirements/lock"


def test_every_entry_is_pinned_with_hashes():
    assert len(pins("runtime.txt")) > 20 and len(pins("test.txt")) > len(pins("runtime.txt"))


def test_the_locks_satisfy_pyproject():
    project = _project()
    build = _requirements(project["build-system"]["requires"])
    runtime = _requirements(project["project"]["dependencies"])
    test = _requirements(project["project"]["optional-dependencies"]["test"])
    _assert_inside(runtime + build, pins("runtime.txt"), "requirements/runtime.txt")
    _assert_inside(runtime + test + build, pins("test.txt"), "requirements/test.txt")


def test_the_image_gets_the_versions_ci_tests():
    runtime, test = pins("runtime.txt"), pins("test.txt")
    assert {name: test.get(name) for name in runtime} == runtime


def test_the_rule_finds_a_pin_outside_the_range_and_a_missing_one():
    with pytest.raises(AssertionError, match="outside pyproject's"):
        _assert_inside([Requirement("starlette>=1.0,<2")], {"starlette": "0.37.2"}, "x")
    with pytest.raises(AssertionError, match="is not in x"):
        _assert_inside([Requirement("starlette>=1.0,<2")], {}, "x")


def test_the_readme_test_command_is_the_one_ci_runs():
    """README's "Install and run the tests" line is, word for word, the line .ci/run runs."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    shown = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("python3 -m venv .venv") and "requirements/test.txt" in line]
    assert shown, "README.md shows no test command"
    assert all(line in ci for line in shown), shown
