"""The callback context every handler receives: python-telegram-bot's, plus zobot's typed services."""
from __future__ import annotations

from telegram.ext import CallbackContext, ExtBot

from bot.arrival import NOBODY, Arrival
from bot.services import AppServices


class ZContext(CallbackContext[ExtBot, dict, dict, AppServices]):
    """Callback context with the application's typed services.

    python-telegram-bot builds one context per update and hands it to every handler group, so
    `arrival` (set first, by handlers/guards.py) is what later groups know about the sender.
    """

    arrival: Arrival = NOBODY

    @property
    def services(self) -> AppServices:
        return self.bot_data
