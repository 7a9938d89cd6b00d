"""Turning domain results (texts and keyboard specs) into what Telegram receives, within Telegram's limits."""
from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot.texts import html

MAX_TEXT = 4096
MAX_CALLBACK = 64
NO_PREVIEW = {"is_disabled": True}  # the Bot API's LinkPreviewOptions


def _button(b: dict) -> dict:
    """One button of the domain's spec as the Bot API's InlineKeyboardButton."""
    if "url" in b:
        return {"text": b["text"], "url": b["url"]}
    data = b["data"]
    if len(data.encode()) > MAX_CALLBACK:
        raise ValueError(f"callback data over {MAX_CALLBACK} bytes: {data!r}")
    return {"text": b["text"], "callback_data": data}


def markup(rows: list[list[dict]] | None) -> dict | None:
    """Rows of {"text", "data"} or {"text", "url"} (the domain's keyboard spec) as the Bot API's
    InlineKeyboardMarkup, ready to send: python-telegram-bot's own objects cost ~15 µs a button to
    build and as much again to serialise (a 12-button answer: 0.4 ms, BENCHMARKS.md)."""
    if not rows:
        return None
    return {"inline_keyboard": [[_button(b) for b in row] for row in rows]}


def keyboard(rows: list[list[dict]] | None) -> InlineKeyboardMarkup | None:
    """The same keyboard as python-telegram-bot objects, for the Bot's own methods (files, markup edits)."""
    if not rows:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(**_button(b)) for b in row] for row in rows])


def message_html(message: Message) -> str:
    """What a person typed, with its formatting, as HTML Telegram accepts back (python-telegram-bot's own
    `text_html` leaves attribute values unescaped and crossing entities mis-nested)."""
    return html.from_entities(message.text or "", [e.to_dict() for e in message.entities])


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Parts within Telegram's limit, cut at line ends where possible and never inside a tag or an
    entity; tags open at a cut are closed there and reopened in the next part (bot/texts/html.py)."""
    return html.split(text, limit)


async def send_text(bot: Bot, chat_id: int, text: str, rows: list[list[dict]] | None = None) -> int:
    """sendMessage (HTML, no link preview) with the keyboard `rows`; returns the new message's id, the
    one thing zobot reads of Telegram's answer.

    This is the path of nearly every reply, so it spares what a reply never uses: `Bot.send_message`
    turns Telegram's answer into a `Message` (every entity and button of a long answer an object of
    its own: ~0.3 ms of CPU, a tenth of a whole update), and the keyboard goes as plain Bot API JSON.
    `_post` is the call every method of the Bot goes through (rate limiter, Telegram's errors raised
    as exceptions), so nothing else is skipped; the parse mode is set here (every zobot text is HTML,
    bot/texts), not taken from `Defaults`.
    """
    result = await bot._post("sendMessage", {"chat_id": chat_id, **_html(text, rows)})
    return result["message_id"]


async def edit_text(bot: Bot, chat_id: int, message_id: int, text: str, rows: list[list[dict]] | None = None) -> None:
    """editMessageText (HTML, no link preview) in place, by the same lean path as `send_text`."""
    await bot._post("editMessageText", {"chat_id": chat_id, "message_id": message_id, **_html(text, rows)})


def _html(text: str, rows: list[list[dict]] | None) -> dict:
    """The parameters a text reply and its in-place edit share."""
    return {"text": text, "parse_mode": ParseMode.HTML, "reply_markup": markup(rows), "link_preview_options": NO_PREVIEW}


async def reply(update: Update, text: str, rows: list[list[dict]] | None = None) -> int | None:
    """Send text (split if needed) to the chat of the update; the keyboard goes on the last part.
    Returns the id of the last message sent (None without a chat)."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_text(text)
    message_id = None
    for i, part in enumerate(parts):
        message_id = await send_text(chat.get_bot(), chat.id, part, rows if i == len(parts) - 1 else None)
    return message_id


async def edit_or_reply(update: Update, text: str, rows: list[list[dict]] | None = None) -> None:
    """On a button press edit the message in place (navigation), otherwise send a new one."""
    query = update.callback_query
    if query is not None and query.message is not None and len(text) <= MAX_TEXT:
        message = query.message
        await edit_text(query.get_bot(), message.chat.id, message.message_id, text, rows)
    else:
        await reply(update, text, rows)
