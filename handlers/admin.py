"""Chat handlers for the admin feature (filled in by its issue)."""
from __future__ import annotations

from telegram.ext import Application

COMMANDS: list[tuple[str, str]] = []


def register(app: Application) -> None:
    """Nothing registered yet."""
