"""Updates received by the webhook, stored before Telegram gets its 200 (unique update_id)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

KEEP_UPDATE_IDS = timedelta(days=7)  # processed update ids, against redelivery (Telegram stops after 24 hours)


class InboundUpdate(Base):
    """One Telegram update; `processed_at` is set only after the handlers ran, and then `payload` is NULL."""

    __tablename__ = "inbound_updates"
    __table_args__ = (Index("ix_inbound_updates_pending", "processed_at", "update_id"),)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))  # only until processed
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
