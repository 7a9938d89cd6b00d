"""Every model, imported once so Base.metadata knows all tables (Alembic and tests use it)."""
import bot.announcements.models  # noqa: F401,E402
import bot.meetings.feed_models  # noqa: F401,E402
import bot.meetings.models  # noqa: F401,E402
import bot.people.web_models  # noqa: F401,E402
import bot.questionnaires.models  # noqa: F401,E402
import bot.webhook.models  # noqa: F401,E402
from bot.catalogue.models import Comune, Coverage, Office, Service, Theme, Zone  # noqa: F401
from bot.outbox.models import OutboxMessage  # noqa: F401
from bot.people.models import Person, PersonComune  # noqa: F401
