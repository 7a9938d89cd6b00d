"""The services every handler reaches through `context.services` (PTB's bot_data)."""
from __future__ import annotations

from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database


class AppServices:
    """Filled by build_application's post_init; features attach their own service objects.

    Attribute per feature (None until that feature's `startup` sets it): `catalogue`
    (search index and queries), `questionnaires`, `meetings`, `delivery`, `people`.
    """

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.db: Database | None = None
        self.clock: Clock = Clock()
        self.catalogue: Any = None
        self.questionnaires: Any = None
        self.meetings: Any = None
        self.delivery: Any = None
        self.people: Any = None
        self.coverage_updates: Any = None  # the PO's /copertura dialogue (bot/catalogue/po_updates.py)
        self.review: Any = None  # /proposte (bot/questionnaires/review_service.py)
        self.bot_username: str = "zobot"

    @property
    def now(self):
        return self.clock.now()
