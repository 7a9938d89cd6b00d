"""The outbox: every unsolicited message is one row per (reason, recipient)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

# pending -> claimed -> sending -> sent | blocked | failed | unknown ; pending|claimed -> expired
OUTBOX_STATUSES = ("pending", "claimed", "sending", "sent", "blocked", "failed", "unknown", "expired")
CHANNELS = ("telegram", "email")
FINAL_STATUSES = ("sent", "blocked", "failed", "unknown", "expired")


class OutboxMessage(Base):
    __tablename__ = "outbox"
    # ix_outbox_chat (migration 0003): the claim looks for earlier rows of the same chat
    # ix_outbox_address (0027): the same for e-mail rows, which have an address and no chat
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"), Index("ix_outbox_chat", "chat_id", "id"),
                      Index("ix_outbox_address", "address", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # reason + recipient: fan-out is idempotent
    round: Mapped[str] = mapped_column(String(120), index=True)  # groups rows for a delivery report
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(10), default="telegram", server_default="telegram")  # CHANNELS
    chat_id: Mapped[int | None] = mapped_column(BigInteger)  # telegram rows
    address: Mapped[str | None] = mapped_column(String(254))  # email rows
    subject: Mapped[str | None] = mapped_column(String(200))  # email rows
    kind: Mapped[str] = mapped_column(String(12), default="text")  # text | document | photo
    text: Mapped[str] = mapped_column(Text, default="")  # HTML, already escaped; caption for files
    keyboard: Mapped[list | None] = mapped_column(JSON)  # [[{"text":…, "data":…}|{"text":…, "url":…}]]
    filename: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    tg_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
