"""Persistence: engine, session factory, models and Alembic migrations."""
from bot.db.base import Base, UTCDateTime
from bot.db.engine import Database

__all__ = ["Base", "UTCDateTime", "Database"]
