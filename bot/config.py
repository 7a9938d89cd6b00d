"""Settings from ZOBOT_* environment variables, read once and passed in."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.texts import config as T

DEFAULT_API_BASE = "https://api.telegram.org/bot"
DEFAULT_API_FILE_BASE = "https://api.telegram.org/file/bot"
MAX_CONCURRENT_UPDATES = 64
TOKEN_RE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and the fix."""


class TokenRejected(ConfigError):
    """Telegram refused ZOBOT_TOKEN (401): one Italian line for the operator, never the token itself."""

    def __init__(self) -> None:
        super().__init__(T.TOKEN_REJECTED)


def default_database_url() -> str:
    """A SQLite file in the user's data directory, so the quick start needs no setup."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite+aiosqlite:///{base / 'zobot' / 'zobot.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    database_url: str = field(default_factory=default_database_url)
    api_base: str = DEFAULT_API_BASE
    api_file_base: str = DEFAULT_API_FILE_BASE
    admins: frozenset[int] = frozenset()
    timezone: ZoneInfo = ZoneInfo("Europe/Rome")
    log_level: str = "INFO"
    broadcast_rate: float = 25.0
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8080
    # /privacy (GDPR art. 13): the controller (ZOBOT_PRIVACY_CONTROLLER), its contact for data-protection
    # requests (ZOBOT_PRIVACY_CONTACT) and the contact of its data protection officer (ZOBOT_PRIVACY_DPO,
    # mandatory for a public body, art. 37(1)(a) and 37(7); unset, the notice says to write to the contact
    # for the attention of the DPO); ZOBOT_RETENTION_DAYS: accounts unused that long are erased
    privacy_controller: str = "Città metropolitana di Milano"
    privacy_contact: str = "protocollo@pec.cittametropolitana.mi.it"
    privacy_dpo: str | None = None
    retention_days: int = 730
    invite_ttl_days: int = 14
    concurrent_updates: int = 8  # updates of different people at once (one person's stay in order)
    web_url: str | None = None  # public base URL of the web pages, e.g. https://zobot.example.it
    web_listen: str = "127.0.0.1"
    web_port: int = 8081
    web_idle_minutes: int = 30  # a web session ends after this long without a request
    web_session_hours: int = 8  # and after this long in any case

    @property
    def web_secure(self) -> bool:
        """Cookies marked Secure when the public URL is https (a plain-http URL is for local use only)."""
        return bool(self.web_url and self.web_url.startswith("https://"))
    # e-mail as a channel (bot/outbox/mail.py): ZOBOT_SMTP_HOST, _PORT, _SECURITY (starttls | tls | none),
    # _USER, _PASSWORD (never shown), _FROM (the sender address), _RATE (messages per second)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str | None = None
    smtp_rate: float = 5.0
    smtp_timeout: float = 30.0
    smtp_ca_file: str | None = None  # ZOBOT_SMTP_CA_FILE: trust this CA (an internal relay's) besides the system's

    @property
    def email_enabled(self) -> bool:
        """Whether people may be written to by e-mail (an SMTP server is configured)."""
        return bool(self.smtp_host)
    catalogue_examples: bool = True  # False (production): no example coverage is loaded, «(esempio)» never shown

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def require_token(self) -> str:
        """The token, or a ConfigError that says how to get one."""
        if not self.token:
            raise ConfigError(T.TOKEN_MISSING)
        return self.token


def _int_list(name: str, raw: str) -> frozenset[int]:
    items = [p for p in re.split(r"[,\s]+", raw.strip()) if p]
    try:
        return frozenset(int(p) for p in items)
    except ValueError:
        raise ConfigError(T.ADMINS.format(name=name, raw=raw)) from None


def _positive(name: str, raw: str, cast=int):
    try:
        value = cast(raw)
    except ValueError:
        value = -1
    if value <= 0:
        raise ConfigError(T.POSITIVE.format(name=name, raw=raw))
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from a mapping (os.environ by default), validating every value."""
    env = os.environ if env is None else env
    get = lambda name: (env.get(name) or "").strip() or None  # noqa: E731
    values: dict = {}
    token = get("ZOBOT_TOKEN")
    if token is not None and not TOKEN_RE.match(token):
        raise ConfigError(T.TOKEN_SHAPE)
    values["token"] = token
    if url := get("ZOBOT_DATABASE_URL"):
        if not re.match(r"^(sqlite\+aiosqlite|postgresql\+asyncpg)://", url):
            raise ConfigError(T.DATABASE_URL.format(url=url))
        values["database_url"] = url
    for name, key in (("ZOBOT_API_BASE", "api_base"), ("ZOBOT_API_FILE_BASE", "api_file_base"),
                      ("ZOBOT_WEBHOOK_URL", "webhook_url"), ("ZOBOT_WEB_URL", "web_url")):
        if raw := get(name):
            if not re.match(r"^https?://", raw):
                raise ConfigError(T.HTTP_URL.format(name=name, raw=raw))
            values[key] = raw
    if raw := get("ZOBOT_ADMINS"):
        values["admins"] = _int_list("ZOBOT_ADMINS", raw)
    if raw := get("ZOBOT_TIMEZONE"):
        try:
            values["timezone"] = ZoneInfo(raw)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(T.TIMEZONE.format(raw=raw)) from None
    if raw := get("ZOBOT_LOG_LEVEL"):
        if raw.upper() not in logging.getLevelNamesMapping():
            raise ConfigError(T.LOG_LEVEL.format(raw=raw))
        values["log_level"] = raw.upper()
    if raw := get("ZOBOT_BROADCAST_RATE"):
        values["broadcast_rate"] = _positive("ZOBOT_BROADCAST_RATE", raw, float)
        if values["broadcast_rate"] > 30:
            raise ConfigError(T.BROADCAST_RATE.format(high=30))
    if raw := get("ZOBOT_WEBHOOK_SECRET"):
        if not re.match(r"^[A-Za-z0-9_-]{16,256}$", raw):
            raise ConfigError(T.WEBHOOK_SECRET)
        values["webhook_secret"] = raw
    if raw := get("ZOBOT_WEBHOOK_LISTEN"):
        values["webhook_listen"] = raw
    if raw := get("ZOBOT_WEBHOOK_PORT"):
        values["webhook_port"] = _positive("ZOBOT_WEBHOOK_PORT", raw)
    for name, key in (("ZOBOT_PRIVACY_CONTROLLER", "privacy_controller"),
                      ("ZOBOT_PRIVACY_CONTACT", "privacy_contact"), ("ZOBOT_PRIVACY_DPO", "privacy_dpo")):
        if raw := get(name):
            values[key] = raw
    if raw := get("ZOBOT_RETENTION_DAYS"):
        values["retention_days"] = _positive("ZOBOT_RETENTION_DAYS", raw)
    if raw := get("ZOBOT_INVITE_TTL_DAYS"):
        values["invite_ttl_days"] = _positive("ZOBOT_INVITE_TTL_DAYS", raw)
    if raw := get("ZOBOT_CONCURRENT_UPDATES"):
        values["concurrent_updates"] = _positive("ZOBOT_CONCURRENT_UPDATES", raw)
        if values["concurrent_updates"] > MAX_CONCURRENT_UPDATES:
            raise ConfigError(T.CONCURRENT_UPDATES.format(high=MAX_CONCURRENT_UPDATES))
    _web(get, values)
    _smtp(get, values)
    if raw := get("ZOBOT_CATALOGUE_EXAMPLES"):
        flag = {"yes": True, "si": True, "sì": True, "true": True, "1": True,
                "no": False, "false": False, "0": False}.get(raw.casefold())
        if flag is None:
            raise ConfigError(T.CATALOGUE_EXAMPLES.format(raw=raw))
        values["catalogue_examples"] = flag
    return Settings(**values)


SMTP_PORTS = {"starttls": 587, "tls": 465, "none": 25}


def _smtp(get, values: dict) -> None:
    """ZOBOT_SMTP_HOST and the rest: the server e-mails go through. A host needs a sender (_FROM) and the web address (the
    links in every e-mail: confirm, unsubscribe, answer, RSVP)."""
    host = get("ZOBOT_SMTP_HOST")
    if host is None:
        return
    values["smtp_host"] = host
    security = (get("ZOBOT_SMTP_SECURITY") or "starttls").lower()
    if security not in SMTP_PORTS:
        raise ConfigError(T.SMTP_SECURITY.format(raw=security))
    values["smtp_security"] = security
    values["smtp_port"] = SMTP_PORTS[security]
    if raw := get("ZOBOT_SMTP_PORT"):
        values["smtp_port"] = _positive("ZOBOT_SMTP_PORT", raw)
        if values["smtp_port"] > 65535:
            raise ConfigError(T.SMTP_PORT.format(raw=raw))
    values["smtp_user"] = get("ZOBOT_SMTP_USER")
    values["smtp_password"] = get("ZOBOT_SMTP_PASSWORD")
    if bool(values["smtp_user"]) != bool(values["smtp_password"]):
        raise ConfigError(T.SMTP_LOGIN)
    sender = get("ZOBOT_SMTP_FROM")
    if not sender or not re.match(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", sender):
        raise ConfigError(T.SMTP_FROM)
    values["smtp_from"] = sender
    if raw := get("ZOBOT_SMTP_RATE"):
        values["smtp_rate"] = _positive("ZOBOT_SMTP_RATE", raw, float)
    if raw := get("ZOBOT_SMTP_CA_FILE"):
        if not os.path.isfile(raw):
            raise ConfigError(T.SMTP_CA_FILE.format(raw=raw))
        values["smtp_ca_file"] = raw
    if not values.get("web_url"):
        raise ConfigError(T.SMTP_NEEDS_WEB)


def _web(get, values: dict) -> None:
    """The web pages' settings (ZOBOT_WEB_URL, _LISTEN, _PORT, _IDLE_MINUTES, _SESSION_HOURS): public URL
    (no trailing slash), where they listen, session lifetimes."""
    if "web_url" in values:
        url = values["web_url"].rstrip("/")
        if not re.match(r"^https?://[^/?#\s]+(/[^?#\s]*)?$", url):
            raise ConfigError(T.WEB_URL.format(url=url))
        values["web_url"] = url
    if raw := get("ZOBOT_WEB_LISTEN"):
        values["web_listen"] = raw
    if raw := get("ZOBOT_WEB_PORT"):
        values["web_port"] = _positive("ZOBOT_WEB_PORT", raw)
        if values["web_port"] > 65535:
            raise ConfigError(T.WEB_PORT.format(raw=raw))
    if raw := get("ZOBOT_WEB_IDLE_MINUTES"):
        values["web_idle_minutes"] = _positive("ZOBOT_WEB_IDLE_MINUTES", raw)
    if raw := get("ZOBOT_WEB_SESSION_HOURS"):
        values["web_session_hours"] = _positive("ZOBOT_WEB_SESSION_HOURS", raw)
        if values["web_session_hours"] > 24 * 7:
            raise ConfigError(T.WEB_SESSION_HOURS.format(high=24 * 7))
    if values.get("web_idle_minutes", 30) > values.get("web_session_hours", 8) * 60:
        raise ConfigError(T.WEB_IDLE)
