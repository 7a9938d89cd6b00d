"""`zobot catalogue` (filled in by its issue)."""
from __future__ import annotations


def add_parser(sub) -> None:
    """Nothing registered yet."""
