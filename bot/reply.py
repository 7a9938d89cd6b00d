"""The one reply value every feature returns, whatever the door: the chat, a web page, an e-mail.

`text` is Telegram's HTML subset with every value escaped (`bot.texts.render`); `rows` are rows of
actions, each `{"text": label, "data": verb}` (a verb of the bot: callback data in the chat, a route
on the web, a signed link in an e-mail) or `{"text": label, "url": link}`. The doors only render
it: handlers/show.py for the chat, the web's templates, the e-mail composer. Nothing decides there.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace

Rows = list[list[dict]]
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML as plain text (tags removed, entities decoded): terminals, toasts, e-mail parts."""
    return html.unescape(_TAG.sub("", text))


@dataclass(frozen=True)
class File:
    """A document (or a photo) sent with a reply: an export, a chart, a calendar, a QR code."""

    filename: str
    data: bytes
    caption: str = ""
    photo: bool = False


@dataclass(frozen=True)
class Reply:
    """What the person is shown next.

    On a button press the reply replaces the message the button sits on (navigation) unless
    `new_message`; `toast` is the short notice Telegram shows for the press (a dialog if `alert`).
    A `notice` (see `Reply.notice`) changes nothing on screen: a button press only gets the toast,
    a command or typed text gets the text as a message.
    """

    text: str = ""
    rows: Rows | None = None
    files: tuple[File, ...] = ()
    toast: str = ""
    alert: bool = False
    new_message: bool = False
    notice_only: bool = False
    more: tuple["Reply", ...] = field(default=())

    @classmethod
    def notice(cls, text: str, *, alert: bool = True) -> "Reply":
        """A refusal or a short notice: nothing on screen changes."""
        return cls(text=text, toast=plain(text)[:200], alert=alert, notice_only=True)

    @classmethod
    def toast_only(cls, toast: str, *, alert: bool = False) -> "Reply":
        """Only the notice of a button press (e.g. «già inviato»), nothing else."""
        return cls(toast=toast, alert=alert, notice_only=True)

    def plain(self) -> str:
        """The text for a terminal or an e-mail's text part."""
        return plain(self.text)

    def then(self, *others: "Reply") -> "Reply":
        """This reply followed by further messages."""
        return replace(self, more=self.more + others)

    def as_new_message(self) -> "Reply":
        return replace(self, new_message=True)
