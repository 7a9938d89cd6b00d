"""Wiring of the outbox dispatcher to Telegram (filled in by the tavoli/delivery issue)."""
from __future__ import annotations

from telegram.ext import Application

COMMANDS: list[tuple[str, str]] = []


def register(app: Application) -> None:
    """Nothing registered yet."""
