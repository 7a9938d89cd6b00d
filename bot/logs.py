"""Logging set-up: one place, and no bot token, name or message text in any record, whoever logged it.

python-telegram-bot and httpx log the Bot API URL (`…/bot<token>/getUpdates`) at DEBUG, and
python-telegram-bot's InvalidToken repeats the token in its message. `TokenFilter` sits on every
handler of the root logger, so it sees every record that is written (a filter on a logger would miss
records of its children), and replaces anything shaped like a token, in the message, the arguments
and the formatted traceback.
"""
from __future__ import annotations

import logging
import re

# <bot id>:<secret>, as @BotFather issues them (the id is 8-10 digits, the secret 35 characters)
TOKEN_RE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
REDACTED = "<token>"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose lower levels print what people wrote: python-telegram-bot logs every Bot API call
# with its parameters and every update whole at DEBUG, aiosqlite every statement with its values;
# httpx logs each request URL (with the token) at INFO.
QUIET = {"telegram": logging.INFO, "aiosqlite": logging.INFO, "httpx": logging.WARNING, "httpcore": logging.WARNING}


def redact(text: str) -> str:
    return TOKEN_RE.sub(REDACTED, text)


class TokenFilter(logging.Filter):
    """Rewrites a record whose message or traceback holds a token; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if TOKEN_RE.search(message):
            record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and TOKEN_RE.search(record.exc_text):
            record.exc_text = redact(record.exc_text)
        if record.stack_info and TOKEN_RE.search(record.stack_info):
            record.stack_info = redact(record.stack_info)
        return True


def setup(level: str | int = "INFO") -> None:
    """Root logging at `level` with the token filter on every handler; the libraries' payload lines off."""
    logging.basicConfig(level=level, format=FORMAT)
    install_filter()
    quiet_libraries()


def quiet_libraries() -> None:
    """The libraries in QUIET never log below their level there, whatever the root level."""
    for name, floor in QUIET.items():
        logger = logging.getLogger(name)
        logger.setLevel(max(floor, logger.getEffectiveLevel()))


def install_filter(logger: logging.Logger | None = None) -> None:
    """Put the token filter on every handler of `logger` (the root logger by default), once."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, TokenFilter) for f in handler.filters):
            handler.addFilter(TokenFilter())
