"""The services of every door: the chat (`context.services`), the web pages and the command line reach
the domain through one `AppServices`, built by `build_services`."""
from __future__ import annotations

from datetime import datetime

from bot.announcements.service import Screens
from bot.catalogue.po_updates import CoverageUpdates
from bot.catalogue.service import CatalogueService
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.outbox.sender import OutboxSender
from bot.questionnaires.review_service import ReviewService
from bot.questionnaires.service import QuestionnaireService


class AppServices:
    """One per process. The chat door fills it in post_init (bot/app.py); `outbox` is set by the door that
    sends (it needs a transport), the other services by `build_services`."""

    def __init__(self) -> None:
        self.settings: Settings = Settings()
        self.db: Database | None = None
        self.clock: Clock = Clock()
        self.bot_username: str = "zobot"
        self.catalogue: CatalogueService | None = None
        self.announcements: Screens | None = None
        self.coverage_updates: CoverageUpdates | None = None  # the PO's /copertura dialogue
        self.questionnaires: QuestionnaireService | None = None  # /questionari, /lancia, /risultati, q:
        self.review: ReviewService | None = None  # /proposte
        self.outbox: OutboxSender | None = None

    @property
    def now(self) -> datetime:
        return self.clock.now()


def build_services(services: AppServices, settings: Settings, db: Database, clock: Clock) -> AppServices:
    """Fill `services` with every feature's service over one database and clock."""
    services.settings, services.db, services.clock = settings, db, clock
    catalogue = services.catalogue = CatalogueService(db)
    services.announcements = Screens(db, clock, settings.timezone)
    services.coverage_updates = CoverageUpdates(db, lambda: catalogue.index, settings.timezone)
    services.questionnaires = QuestionnaireService(db, clock, settings)
    services.review = ReviewService(db, clock, settings.timezone)
    return services
