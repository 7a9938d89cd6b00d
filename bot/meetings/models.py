"""Tables of the tavoli di lavoro: series, their occurrences, participants, RSVPs and dialogue drafts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

DEFAULT_OFFSETS = [7 * 24 * 60, 24 * 60, 60]  # minutes before the start: 7 days, 1 day, 1 hour
RSVP_ANSWERS = ("yes", "no", "maybe")
OCCURRENCE_STATUSES = ("scheduled", "cancelled")


class Tavolo(Base):
    """A series of meetings; the schedule is an RRULE over a local DTSTART, or a list of local dates."""

    __tablename__ = "tavoli"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)  # stable key for YAML reloads
    title: Mapped[str] = mapped_column(String(200))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    all_zones: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    place: Mapped[str | None] = mapped_column(String(300))
    video_link: Mapped[str | None] = mapped_column(String(500))
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Rome")
    rrule: Mapped[str | None] = mapped_column(String(300))  # e.g. FREQ=MONTHLY;BYDAY=1TU
    dtstart_local: Mapped[str | None] = mapped_column(String(16))  # "2027-01-05T10:00", wall time
    dates_local: Mapped[list] = mapped_column(JSON, default=list)  # ["2027-01-12T10:00", …]
    reminder_offsets: Mapped[list] = mapped_column(JSON, default=lambda: list(DEFAULT_OFFSETS))
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TavoloZone(Base):
    __tablename__ = "tavolo_zones"
    tavolo_id: Mapped[int] = mapped_column(ForeignKey("tavoli.id", ondelete="CASCADE"), primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), primary_key=True)


class Occurrence(Base):
    """One meeting of a series, materialised ahead; `original_start` identifies it even after a move."""

    __tablename__ = "occurrences"
    __table_args__ = (UniqueConstraint("tavolo_id", "original_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tavolo_id: Mapped[int] = mapped_column(ForeignKey("tavoli.id", ondelete="CASCADE"), index=True)
    original_start: Mapped[datetime] = mapped_column(UTCDateTime())
    start_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE, bumped on change


class Participant(Base):
    __tablename__ = "tavolo_participants"
    tavolo_id: Mapped[int] = mapped_column(ForeignKey("tavoli.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(40), default="self")  # self | audience:<kind> | yaml
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("occurrence_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Draft(Base):
    """An organiser's dialogue in progress (create a tavolo, move an occurrence): survives restarts."""

    __tablename__ = "tavolo_drafts"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # create | move
    step: Mapped[str] = mapped_column(String(12))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
