"""The port through which the outbox reaches Telegram, and the outcomes it may report.

The domain never imports `telegram`: handlers/transport.py adapts python-telegram-bot to this port,
and tests or benchmarks may plug in any other implementation.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Envelope:
    """What one outbox row asks the transport to send."""

    chat_id: int | None
    kind: str  # text | document | photo
    text: str  # HTML; the caption for files
    keyboard: list[list[dict]] | None = None
    filename: str | None = None
    content: bytes | None = None
    channel: str = "telegram"  # telegram | email (bot/outbox/models.py CHANNELS)
    address: str | None = None  # email: the recipient
    subject: str | None = None  # email
    row_id: int | None = None  # the outbox row: an e-mail's stable Message-ID


class Transport(Protocol):
    async def send(self, message: Envelope) -> int | None:
        """Send the message; return Telegram's message id (None for e-mail) or raise one of the errors below."""


class DeliveryError(Exception):
    """A send that did not succeed; the subclass says what we know about it."""


class Blocked(DeliveryError):
    """403: the person blocked the bot (or the chat is gone for us); by e-mail, the server refused the
    recipient for good (5xx, a bounce). Not sent, and the person is no longer reached on that channel."""


class RetryAfter(DeliveryError):
    """429: flood control. Not sent; retry after `seconds`, and slow the whole sender down."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = float(seconds)


class NotSent(DeliveryError):
    """The request provably never reached Telegram (connect or pool timeout): safe to retry."""


class MaybeSent(DeliveryError):
    """Ambiguous: the request may have been delivered (read timeout, 5xx). Never retried silently."""


class Rejected(DeliveryError):
    """400: Telegram refused the message (chat not found, bad markup). Retrying would not help."""
