"""A real SMTP server for the e-mail tests (aiosmtpd on 127.0.0.1, in its own thread), never a mock.

`Inbox` keeps every message it accepted; addresses can be made to refuse (5xx), defer (4xx) or stall
after DATA (the server holds the message and does not answer, as a server cut mid-handover)."""
from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import replace
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

WEB = "https://zobot.example.it"
SENDER = "zobot@cittametropolitana.example.it"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self.defer: set[str] = set()
        self.stall: set[str] = set()
        self.reject_data: dict[str, str] = {}  # address -> the server's reply to the message (e.g. a 554)
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.delay = 0.0  # seconds the server takes to answer DATA, after it has the message

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address in self.refuse:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        if address in self.defer:
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        refusal = next((self.reject_data[a] for a in envelope.rcpt_tos if a in self.reject_data), None)
        if refusal:
            return refusal
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)  # the server holds it from here, whatever the client hears next
        if self.delay:
            await asyncio.sleep(self.delay)
        if any(a in self.stall for a in envelope.rcpt_tos):
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        return "250 2.0.0 accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port  # type: ignore[attr-defined]
    try:
        yield inbox
    finally:
        inbox.release.set()
        controller.stop()


def mail_settings(settings, inbox: Inbox):
    """The test's settings with the local SMTP server and a web address (links in every e-mail)."""
    return replace(settings, smtp_host="127.0.0.1", smtp_port=inbox.port, smtp_security="none",  # type: ignore[attr-defined]
                   smtp_from=SENDER, smtp_timeout=20.0, smtp_rate=50.0, web_url=WEB)


def parts(message: EmailMessage) -> dict[str, str]:
    """text/plain, text/html and text/calendar contents of a message."""
    found: dict[str, str] = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html", "text/calendar"):
            found[part.get_content_type()] = part.get_content()
    return found


def link(message: EmailMessage, path: str) -> str:
    """The token of the first link to `path` in the text part."""
    text = parts(message)["text/plain"]
    start = text.index(f"{WEB}{path}/") + len(f"{WEB}{path}/")
    end = start
    while end < len(text) and text[end] not in " \r\n\t":
        end += 1
    return text[start:end]


@pytest.fixture
async def mail_web_chat(settings, clock):
    """The production Application with the web pages (`harness.web`), over the module's `settings` (with the
    local SMTP server: `mail_settings`); fails the test if a handler raised."""
    from tests.conftest import start_harness
    from tests.web_support import client_for, stop_web_chat

    harness = await start_harness(settings, clock)
    harness.web = client_for(harness)
    yield harness
    await stop_web_chat(harness)
    assert not harness.errors, f"handler errors: {harness.errors!r}"
