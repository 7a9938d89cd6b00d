"""The announcement an organiser is writing: its audience, its text and its preview, kept in the database."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime


class BroadcastDraft(Base):
    """An organiser's /annuncio in progress: audience, then text, then preview and confirmation.

    Kept in the database, not in user_data, so a restart mid-dialogue loses nothing; `status` is
    audience → text → preview → sent (or cancelled). The round of the outbox rows is `bc:<id>`.
    """

    __tablename__ = "delivery_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="audience")
    audience: Mapped[dict | None] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
