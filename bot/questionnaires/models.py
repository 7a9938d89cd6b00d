"""Questionnaire tables: versions, campaigns, invitations, responses, answers.

Anonymity: an invitation links a person to their response only while they are answering; on
submission of an anonymous questionnaire the link and every timestamp that could re-identify
them are erased, so only "this person completed it" (and the day) remains on the invitation.
Responses and answers have random keys, so no order of rows on either side matches the other.

One response per comune (a campaign's `unit` "comune", never anonymous): the referents of a comune share
one response; its `ComuneShare` row says for which comune, which referent holds it now (and, once sent, who
sent it) and when they last made progress. Responses themselves keep no person column, whatever the unit.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

INVITATION_STATUSES = ("invited", "started", "completed", "opted_out")
UNITS = ("person", "comune")  # one response per invited person, or per comune of the invited referents
DEFAULT_REMINDER_OFFSETS = [3 * 24 * 60, 24 * 60]  # minutes before closing
# 64-bit keys; on SQLite plain INTEGER, the rowid itself (a BIGINT key there would sit beside a hidden
# rowid numbered in insertion order, which is exactly the ordering the random key exists to avoid)
RANDOM_KEY = BigInteger().with_variant(Integer, "sqlite")
MAX_RANDOM_KEY = 2**63 - 1


def random_key() -> int:
    """A key in 1..2**63-1 that says nothing about when, or after which other row, its row was made."""
    return secrets.randbelow(MAX_RANDOM_KEY) + 1


class QuestionnaireVersion(Base):
    """One immutable version of a definition; campaigns and responses point at it."""

    __tablename__ = "q_versions"
    # Composite unique constraints keep the names migration 0005 gave them (first column only), which is
    # what every database in service carries; the naming convention would add all the columns.
    __table_args__ = (UniqueConstraint("key", "version", name="uq_q_versions_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[dict] = mapped_column(JSON)  # the validated YAML, as loaded
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Campaign(Base):
    __tablename__ = "q_campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("q_versions.id"))
    launch_key: Mapped[str] = mapped_column(String(64), unique=True)  # a double press launches once
    audience: Mapped[dict] = mapped_column(JSON)  # the rule, as launched (bot/people/audience.py); applied at every tick
    unit: Mapped[str] = mapped_column(String(10), default="person", server_default="person")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reminder_offsets: Mapped[list] = mapped_column(JSON, default=lambda: list(DEFAULT_REMINDER_OFFSETS))
    reminders_done: Mapped[list] = mapped_column(JSON, default=list)  # offsets already fanned out
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Response(Base):
    """The answers of one respondent to one campaign; no person column, by design."""

    __tablename__ = "q_responses"
    id: Mapped[int] = mapped_column(RANDOM_KEY, primary_key=True, autoincrement=False, default=random_key)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("q_campaigns.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("q_versions.id"))
    status: Mapped[str] = mapped_column(String(12), default="started")  # started | completed
    cursor: Mapped[str | None] = mapped_column(String(64))  # question shown; None = summary
    draft: Mapped[dict] = mapped_column(JSON, default=dict)  # toggles/candidates of the current question
    rev: Mapped[int] = mapped_column(Integer, default=0)  # bumped at every change; buttons carry it
    last_message_id: Mapped[int] = mapped_column(BigInteger, default=0)  # of the typed answer applied last
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ComuneShare(Base):
    """The response of one comune in a per-comune campaign: who holds it (the referent answering it, then
    the one who sent it) and their last progress (`held_at`: after TAKE_OVER_AFTER another may take over)."""

    __tablename__ = "q_comune_shares"
    __table_args__ = (UniqueConstraint("campaign_id", "comune_id"),)
    response_id: Mapped[int] = mapped_column(RANDOM_KEY, ForeignKey("q_responses.id", ondelete="CASCADE"),
                                             primary_key=True, autoincrement=False)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("q_campaigns.id", ondelete="CASCADE"))
    comune_id: Mapped[int] = mapped_column(ForeignKey("comuni.id", ondelete="CASCADE"))
    held_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Invitation(Base):
    """One per person per campaign: the status organisers see and reminders use."""

    __tablename__ = "q_invitations"
    # the name migration 0005 gave it (see QuestionnaireVersion)
    __table_args__ = (UniqueConstraint("campaign_id", "person_id", name="uq_q_invitations_campaign_id"),
                      Index("ix_q_invitations_person", "person_id", "status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("q_campaigns.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="invited")
    response_id: Mapped[int | None] = mapped_column(RANDOM_KEY, ForeignKey("q_responses.id", ondelete="SET NULL"),
                                                    unique=True)  # only while answering, if anonymous
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    touched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # anonymous and completed: the day only
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # joined the audience after launch


class Answer(Base):
    __tablename__ = "q_answers"
    # the name migration 0005 gave it (see QuestionnaireVersion)
    __table_args__ = (UniqueConstraint("response_id", "question_id", name="uq_q_answers_response_id"),)
    id: Mapped[int] = mapped_column(RANDOM_KEY, primary_key=True, autoincrement=False, default=random_key)
    response_id: Mapped[int] = mapped_column(RANDOM_KEY, ForeignKey("q_responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[object | None] = mapped_column(JSON)  # None = skipped
    other_text: Mapped[str | None] = mapped_column(Text)  # the text of "Altro"
    labels: Mapped[list | None] = mapped_column(JSON)  # names of picked comuni/zone/services
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CoverageProposal(Base):
    """One coverage change a completed response of a bound questionnaire proposes (new, changed, ended),
    attributed to the respondent and their office; an organiser accepts or rejects it, then applies the
    accepted ones (bot/questionnaires/review.py). `old_status` is the real coverage when the PO answered:
    a different record made after that is a newer manual record, shown as a conflict, never overwritten."""

    __tablename__ = "coverage_proposals"
    __table_args__ = (UniqueConstraint("response_id", "service_id", "scope_key"),
                      Index("ix_coverage_proposals_campaign", "campaign_id", "service_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("q_campaigns.id", ondelete="CASCADE"))
    response_id: Mapped[int] = mapped_column(RANDOM_KEY, ForeignKey("q_responses.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    scope_key: Mapped[str] = mapped_column(String(80))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))
    comune_id: Mapped[int | None] = mapped_column(ForeignKey("comuni.id"))
    kind: Mapped[str] = mapped_column(String(10))  # new | changed | ended
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str | None] = mapped_column(String(20))  # None: ended
    since: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decision: Mapped[str] = mapped_column(String(10), default="pending")  # pending | accepted | rejected
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(12))  # applied | unchanged | conflict | superseded | blocked
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
