"""The outbox's e-mail transport: one outbox row → one multipart message (text + HTML, Italian, with the
unsubscribe line and, for meetings, the .ics as iMIP) handed to the SMTP server with aiosmtplib.

Outcomes map onto the port's errors by what is known of the handover: nothing sent before DATA, or a 4xx
→ NotSent (retried with backoff); the recipient refused with a 5xx → Blocked (a bounce, recorded on the
person); a 5xx on the message → Rejected; the connection lost or timed out once DATA began → MaybeSent
(unknown, never resent: the server may have taken it). The Message-ID is stable per row.
"""
from __future__ import annotations

import hashlib
import html
import logging
import re
from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from bot.config import Settings
from bot.outbox.imip import as_imip
from bot.outbox.ports import Blocked, Envelope, MaybeSent, NotSent, Rejected
from bot.reply import plain
from bot.texts import email as t

logger = logging.getLogger(__name__)
_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")


def _redact(text: str) -> str:
    """A server's reply without the addresses it may quote (last_error is no place for them)."""
    return _ADDRESS.sub("<…>", text)[:300]


def _absolute(base: str | None, link: str) -> str | None:
    return f"{base.rstrip('/')}{link}" if base else None


def _buttons(envelope: Envelope, base: str | None) -> tuple[list[tuple[str, str]], str | None]:
    """(label, url) of the message's links, and the unsubscribe url (the "footer" link)."""
    found: list[tuple[str, str]] = []
    unsubscribe = None
    for row in envelope.keyboard or []:
        for button in row:
            url = button.get("url") or (_absolute(base, button["link"]) if button.get("link") else None)
            if not url:
                continue
            if button.get("footer"):
                unsubscribe = url
            else:
                found.append((plain(str(button.get("text", ""))), url))
    return found, unsubscribe


def message_id(envelope: Envelope, sender: str) -> str:
    """Stable per outbox row: a server or a reader sees a resent row (an organiser's choice) as the same."""
    digest = hashlib.sha256(f"{envelope.row_id}:{envelope.address}".encode()).hexdigest()[:16]
    return f"<zobot.{envelope.row_id}.{digest}@{sender.rsplit('@', 1)[-1]}>"


def compose(envelope: Envelope, settings: Settings) -> EmailMessage:
    """The e-mail of one outbox row: text/plain and text/html from the chat's HTML, its links, the
    unsubscribe line; a meeting's .ics as text/calendar (iMIP), other files as attachments."""
    sender = settings.smtp_from or "zobot@localhost"
    links, unsubscribe = _buttons(envelope, settings.web_url)
    body = plain(envelope.text).strip()
    calendar = envelope.kind == "document" and (envelope.filename or "").endswith(".ics") and envelope.content
    lines = [body, ""]
    lines += [f"{label}: {url}" for label, url in links]
    if calendar:
        lines += ["", t.CALENDAR_NOTE]
    lines += ["", "--", t.SIGNATURE, t.AUTOMATIC]
    if unsubscribe:
        lines.append(t.UNSUBSCRIBE_LINE.format(url=unsubscribe))
    message = EmailMessage()
    message["From"] = sender
    message["To"] = envelope.address or ""
    message["Subject"] = envelope.subject or t.SIGNATURE
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(envelope, sender)
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message.set_content("\n".join(lines).strip() + "\n")
    message.add_alternative(_html(envelope.text, links, unsubscribe, bool(calendar)), subtype="html")
    if calendar:
        ics, method = as_imip(envelope.content or b"", organizer=sender, attendee=envelope.address or "")
        part = EmailMessage()
        part.set_content(ics, maintype="text", subtype="calendar", params={"method": method, "charset": "utf-8"},
                         filename=envelope.filename)
        message.make_mixed()
        message.attach(part)
    elif envelope.kind in ("document", "photo") and envelope.content:
        maintype, subtype = ("image", "png") if envelope.kind == "photo" else ("application", "octet-stream")
        message.add_attachment(envelope.content, maintype=maintype, subtype=subtype,
                               filename=envelope.filename or "allegato")
    message["Content-Language"] = "it"  # after the body: setting content drops Content-* headers
    return message


def _html(text: str, links: list[tuple[str, str]], unsubscribe: str | None, calendar: bool) -> str:
    """The chat's HTML (Telegram's subset is HTML) in a plain, accessible page."""
    body = text.replace("<tg-spoiler>", "<span>").replace("</tg-spoiler>", "</span>").replace("\n", "<br>\n")
    parts = [f'<!DOCTYPE html>\n<html lang="it"><head><meta charset="utf-8"><title>{html.escape(t.SIGNATURE)}'
             f'</title></head>\n<body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a">\n<p>{body}</p>']
    if links:
        parts.append("<ul>" + "".join(f'<li><a href="{html.escape(url, quote=True)}">{html.escape(label)}</a></li>'
                                      for label, url in links) + "</ul>")
    if calendar:
        parts.append(f"<p>{html.escape(t.CALENDAR_NOTE)}</p>")
    footer = f"{html.escape(t.SIGNATURE)}<br>{html.escape(t.AUTOMATIC)}"
    if unsubscribe:
        line = html.escape(t.UNSUBSCRIBE_LINE.split("{url}")[0])
        footer += f'<br>{line}<a href="{html.escape(unsubscribe, quote=True)}">{html.escape(t.UNSUBSCRIBE_LABEL)}</a>'
    parts.append(f'<hr><p style="font-size: 0.9em; color: #444">{footer}</p>\n</body></html>')
    return "\n".join(parts)


class MailTransport:
    """The Transport of e-mail rows: one SMTP session per message (STARTTLS, TLS or plain; login if set)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(hostname=s.smtp_host, port=s.smtp_port, timeout=s.smtp_timeout,
                               use_tls=s.smtp_security == "tls", start_tls=s.smtp_security == "starttls",
                               cert_bundle=s.smtp_ca_file)  # certificates always verified

    async def send(self, envelope: Envelope) -> int | None:
        if not envelope.address:
            raise Rejected("no address")
        message = compose(envelope, self.settings)
        sender = self.settings.smtp_from or ""
        smtp = self._client()
        try:
            await self._hand_over_envelope(smtp, sender, envelope.address)
            try:
                await smtp.data(message.as_bytes())
            except aiosmtplib.SMTPResponseException as exc:  # the server's own answer to the message: not taken
                if 400 <= exc.code < 500:
                    raise NotSent(f"{exc.code} on DATA: {_redact(exc.message)}") from exc
                raise Rejected(f"{exc.code} on DATA: {_redact(exc.message)}") from exc
            except Exception as exc:  # cut after DATA began: it may have been taken
                raise MaybeSent(f"{type(exc).__name__} during DATA") from exc
        finally:
            await _quit(smtp)
        return None

    async def _hand_over_envelope(self, smtp: aiosmtplib.SMTP, sender: str, address: str) -> None:
        """Connect, log in, MAIL FROM, RCPT TO: any failure here leaves the message provably unsent."""
        try:
            await smtp.connect()
            if self.settings.smtp_user:
                await smtp.login(self.settings.smtp_user, self.settings.smtp_password or "")
            await smtp.mail(sender)
            await smtp.rcpt(address)
        except aiosmtplib.SMTPRecipientRefused as exc:
            if exc.code >= 500:
                raise Blocked(f"refused by the server: {exc.code} {_redact(exc.message)}") from exc
            raise NotSent(f"{exc.code} on RCPT: {_redact(exc.message)}") from exc
        except aiosmtplib.SMTPSenderRefused as exc:
            if exc.code >= 500:
                raise Rejected(f"sender refused: {exc.code} {_redact(exc.message)}") from exc
            raise NotSent(f"{exc.code} on MAIL: {_redact(exc.message)}") from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise NotSent(f"{exc.code}: {_redact(exc.message)}") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise NotSent(f"{type(exc).__name__} before the message was handed over") from exc


async def _quit(smtp: aiosmtplib.SMTP) -> None:
    if not smtp.is_connected:
        return
    try:
        await smtp.quit()
    except Exception:  # the message's fate is already decided; a failed QUIT changes nothing
        smtp.close()
