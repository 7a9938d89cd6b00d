"""People who talk to the bot, the comuni a referent stands for, and the records of the people feature:
invitations, registration requests, the audit log and the history of coverage changes."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

ROLES = ("referente", "po", "organizzatore", "admin")
REQUEST_STATUSES = ("pending", "approved", "refused")


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200), default="")
    username: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(20))  # the role that applies now
    # the role from invitations and approvals; `role` is "admin" instead while the person is in ZOBOT_ADMINS
    member_role: Mapped[str | None] = mapped_column(String(20))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    reachable: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # personal data blanked (GDPR art. 17)
    # the command menu last set for this person's private chat ("organisers", "admins"; None: the default
    # menu, no chat scope of its own): bot/people/menus.py brings it in line with the role
    menu: Mapped[str | None] = mapped_column(String(20))
    # e-mail as a channel (bot/people/channels.py): reachable by e-mail once confirmed, until unsubscribed or
    # refused by the server (the last hard bounce); `channel` is the preferred one (telegram | email)
    email: Mapped[str | None] = mapped_column(String(254))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(10), default="telegram", server_default="telegram")
    email_refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PersonComune(Base):
    """A referent may stand for one or more comuni."""

    __tablename__ = "person_comuni"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    comune_id: Mapped[int] = mapped_column(ForeignKey("comuni.id"), primary_key=True)


class Invitation(Base):
    """A personal deep-link invitation; only the sha256 of its token is kept."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    comune_ids: Mapped[list] = mapped_column(JSON, default=list)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    batch: Mapped[str | None] = mapped_column(String(120))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RegistrationRequest(Base):
    """Someone without an invitation asks for a role; an organiser approves or refuses it once."""

    __tablename__ = "registration_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    comune_id: Mapped[int | None] = mapped_column(ForeignKey("comuni.id"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class AuditEntry(Base):
    """Who did (or tried) what, when: every organiser and admin action and every refusal."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(200), default="")  # role or "cli" at the time
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class CoverageChange(Base):
    """History of the coverage of a service: who changed what and when (the PO's monitoring)."""

    __tablename__ = "coverage_changes"
    __table_args__ = (Index("ix_coverage_changes_service", "service_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    scope_key: Mapped[str] = mapped_column(String(80))
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    since: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str | None] = mapped_column(Text)  # e.g. "/copertura" or the questionnaire response it came from
