"""The services of every door: the chat (`context.services`), the web pages and the command line reach
the domain through one `AppServices`, built by `build_services`."""
from __future__ import annotations

from datetime import datetime

from bot.announcements.service import AnnouncementService
from bot.catalogue.service import CatalogueService
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.meetings.service import MeetingService
from bot.outbox.sender import OutboxSender
from bot.people.coverage_updates import CoverageUpdates
from bot.people.curation import DetailsService
from bot.people.service import PeopleService
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
        self.people: PeopleService | None = None  # invitations, registration, privacy, audit, /web, /calendario
        self.announcements: AnnouncementService | None = None  # /annuncio, /consegne
        self.coverage_updates: CoverageUpdates | None = None  # the PO's /copertura dialogue
        self.questionnaires: QuestionnaireService | None = None  # /questionari, /lancia, /risultati, q:
        self.details: DetailsService | None = None  # the organisers' /dettagli
        self.review: ReviewService | None = None  # /proposte
        self.meetings: MeetingService | None = None  # /tavoli, /nuovotavolo, `zobot tavoli`
        self.outbox: OutboxSender | None = None

    @property
    def now(self) -> datetime:
        return self.clock.now()


def build_services(services: AppServices, settings: Settings, db: Database, clock: Clock) -> AppServices:
    """Fill `services` with every feature's service over one database and clock."""
    services.settings, services.db, services.clock = settings, db, clock
    catalogue = services.catalogue = CatalogueService(db)
    services.people = PeopleService(db, clock, settings, lambda: services.bot_username)
    services.announcements = AnnouncementService(db, clock, settings)
    services.coverage_updates = CoverageUpdates(db, clock, lambda: catalogue.index, settings.timezone)
    services.details = DetailsService(db, clock)
    services.questionnaires = QuestionnaireService(db, clock, settings)
    services.review = ReviewService(db, clock, settings.timezone)
    services.meetings = MeetingService(db, clock, settings)
    return services
