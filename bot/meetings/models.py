"""Tables of the tavoli di lavoro: series, their occurrences, participants, RSVPs, dialogue drafts, the
audience rules that keep the participants current, agendas, minutes and actual presence."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

DEFAULT_OFFSETS = [7 * 24 * 60, 24 * 60, 60]  # minutes before the start: 7 days, 1 day, 1 hour
RSVP_ANSWERS = ("yes", "no", "maybe")
OCCURRENCE_STATUSES = ("scheduled", "cancelled")
CANCEL_REASONS = ("organiser", "schedule", "archive")  # a meeting cancelled by the schedule comes back with it
RSVP_CHASE = 2 * 24 * 60  # minutes before the start: the last call to those who have not answered
NOTE_KINDS = ("agenda", "minutes")


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
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name; the configured zone unless a file says otherwise
    rrule: Mapped[str | None] = mapped_column(String(300))  # e.g. FREQ=MONTHLY;BYDAY=1TU
    dtstart_local: Mapped[str | None] = mapped_column(String(16))  # "2027-01-05T10:00", wall time
    dates_local: Mapped[list] = mapped_column(JSON, default=list)  # ["2027-01-12T10:00", …]
    reminder_offsets: Mapped[list] = mapped_column(JSON, default=lambda: list(DEFAULT_OFFSETS))
    # dates the schedule skips: {"exdate": [local datetimes], "dates": [days], "periods": [[from, to]],
    # "months": [8], "holidays": true} (bot/meetings/skipping.py)
    skip: Mapped[dict | None] = mapped_column(JSON)
    rsvp_chase_minutes: Mapped[int | None] = mapped_column(Integer)  # None: no last call
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
    cancel_reason: Mapped[str | None] = mapped_column(String(12))  # CANCEL_REASONS
    # the iCalendar UID, frozen when a new schedule moves the meeting to another slot (`original_start`
    # then names the new slot); None: derived from `original_start` (bot/meetings/ics.py)
    uid: Mapped[str | None] = mapped_column(String(120))


class Participant(Base):
    __tablename__ = "tavolo_participants"
    tavolo_id: Mapped[int] = mapped_column(ForeignKey("tavoli.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(40), default="self")  # self | named | rule | audience:<kind> (older)
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
    kind: Mapped[str] = mapped_column(String(12))  # create | move | edit | person | note
    step: Mapped[str] = mapped_column(String(12))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OccurrenceNote(Base):
    """The agenda (before) or the minutes (after) of one meeting: a text, a document, or both."""

    __tablename__ = "occurrence_notes"
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # NOTE_KINDS
    text: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class Presence(Base):
    """Who actually attended a meeting, as the organiser recorded it (beside their RSVP)."""

    __tablename__ = "presences"
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class AudienceRule(Base):
    """A whole audience a tavolo is for ("referents of zone X", "PO of theme T", …): applied at every reminder
    tick, so a referent who registers later joins and one who no longer qualifies leaves."""

    __tablename__ = "tavolo_rules"
    __table_args__ = (UniqueConstraint("tavolo_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tavolo_id: Mapped[int] = mapped_column(ForeignKey("tavoli.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))  # e.g. zone_referents:adda-martesana
    rule: Mapped[dict] = mapped_column(JSON)  # bot/people/audience.py: Audience as JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OptOut(Base):
    """A person who left a tavolo (or was removed by the organiser): its rules do not add them again."""

    __tablename__ = "tavolo_opt_outs"
    tavolo_id: Mapped[int] = mapped_column(ForeignKey("tavoli.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
