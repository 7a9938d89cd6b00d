"""Catalogue tables: zones, comuni, themes, offices, services and where services are active.

Field names follow the CPSV-AP_IT idea of a public service (name, description, competent
authority, legal resource, channel/contact, status) where it helps.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base, UTCDateTime

SERVICE_STATUSES = ("attivo", "in attivazione", "proposto")
COVERAGE_STATUSES = ("attivato", "in attivazione", "sospeso")


class Zone(Base):
    __tablename__ = "zones"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    is_capoluogo: Mapped[bool] = mapped_column(Boolean, default=False)
    reference_comune: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")
    comuni: Mapped[list["Comune"]] = relationship(back_populates="zone", order_by="Comune.name")


class Comune(Base):
    __tablename__ = "comuni"
    id: Mapped[int] = mapped_column(primary_key=True)
    istat_code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"))
    population: Mapped[int | None] = mapped_column(Integer)
    population_year: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    zone: Mapped[Zone] = relationship(back_populates="comuni")


class Theme(Base):
    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list] = mapped_column(JSON, default=list)


class Office(Base):
    __tablename__ = "offices"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    area: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    source: Mapped[str] = mapped_column(Text, default="")


class Service(Base):
    __tablename__ = "services"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    status: Mapped[str] = mapped_column(String(20), default="attivo")
    legal_basis: Mapped[str | None] = mapped_column(Text)
    joining: Mapped[str | None] = mapped_column(Text)  # how a comune joins, e.g. convenzione
    contact: Mapped[str | None] = mapped_column(Text)
    synonyms: Mapped[list] = mapped_column(JSON, default=list)
    acronyms: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[Theme] = relationship()
    office: Mapped[Office | None] = relationship()


class Coverage(Base):
    """A service active (or being activated) in a whole zone or in one comune."""

    __tablename__ = "coverage"
    __table_args__ = (UniqueConstraint("service_id", "scope_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    scope_key: Mapped[str] = mapped_column(String(80))  # "zone:<code>" or "comune:<istat>"
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))
    comune_id: Mapped[int | None] = mapped_column(ForeignKey("comuni.id"))
    status: Mapped[str] = mapped_column(String(20), default="attivato")
    since: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    source: Mapped[str | None] = mapped_column(Text)  # where this record comes from (a questionnaire, /copertura, a file)
    service: Mapped[Service] = relationship()
    zone: Mapped[Zone | None] = relationship()
    comune: Mapped[Comune | None] = relationship()


class CatalogueVersion(Base):
    """One row, bumped in the same transaction as every change to what catalogue answers read
    (bot/catalogue/version.py): one indexed read tells an instance whether its cached answers are current."""

    __tablename__ = "catalogue_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class CatalogueDetail(Base):
    """A contact or detail of an office or a service (e-mail, PEC, phone, web page, legal basis, how to
    join), set by an organiser or loaded from the files, each with its source (bot/catalogue/details.py).

    Keyed by the office's or service's code, so a reload of the files (which match on codes) keeps it."""

    __tablename__ = "catalogue_details"
    __table_args__ = (UniqueConstraint("kind", "code", "field"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # office | service
    code: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(200), default="")  # a role or "cli", never a person's name


class CoverageDraft(Base):
    """A PO's /copertura dialogue in progress (service → place → status → date → confirm): survives restarts."""

    __tablename__ = "coverage_drafts"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    step: Mapped[str] = mapped_column(String(12))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
