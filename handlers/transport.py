"""The delivery port implemented with python-telegram-bot: Bot API calls in, domain outcomes out."""
from __future__ import annotations

from datetime import timedelta

import httpx
from telegram import Bot, InputFile
from telegram import error as tg

from bot.outbox.ports import Blocked, Envelope, MaybeSent, NotSent, Rejected, RetryAfter
from handlers.render import keyboard, send_text

# httpx errors raised before a single byte of the request left: retrying cannot duplicate.
NEVER_LEFT = (httpx.ConnectTimeout, httpx.ConnectError, httpx.PoolTimeout)


def _seconds(value) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramTransport:
    """send_message / send_document / send_photo; Telegram errors mapped to the domain's."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, message: Envelope) -> int:
        try:
            return await self._call(message)
        except tg.Forbidden as exc:
            raise Blocked(exc.message) from exc
        except tg.RetryAfter as exc:
            raise RetryAfter(_seconds(exc.retry_after)) from exc
        except (tg.BadRequest, tg.ChatMigrated) as exc:
            raise Rejected(exc.message) from exc
        except tg.TimedOut as exc:
            if isinstance(exc.__cause__, NEVER_LEFT):
                raise NotSent(f"{type(exc.__cause__).__name__}: {exc.message}") from exc
            raise MaybeSent(f"timed out: {exc.message}") from exc
        except tg.NetworkError as exc:
            if isinstance(exc.__cause__, NEVER_LEFT):
                raise NotSent(exc.message) from exc
            raise MaybeSent(exc.message) from exc

    async def _call(self, m: Envelope) -> int:
        """The Bot API call for the envelope; the id of the message Telegram made."""
        if m.kind == "document":
            sent = await self.bot.send_document(m.chat_id, InputFile(m.content or b"", filename=m.filename),
                                                caption=m.text or None, reply_markup=keyboard(m.keyboard))
        elif m.kind == "photo":
            sent = await self.bot.send_photo(m.chat_id, InputFile(m.content or b"", filename=m.filename),
                                             caption=m.text or None, reply_markup=keyboard(m.keyboard))
        else:
            return await send_text(self.bot, m.chat_id, m.text, m.keyboard)
        return sent.message_id
