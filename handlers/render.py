"""Turning domain results (texts and keyboard specs) into Telegram objects, within Telegram's limits."""
from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

MAX_TEXT = 4096
MAX_CALLBACK = 64


def keyboard(rows: list[list[dict]] | None) -> InlineKeyboardMarkup | None:
    """Rows of {"text", "data"} or {"text", "url"} (the domain's keyboard spec) to a markup."""
    if not rows:
        return None
    built = []
    for row in rows:
        buttons = []
        for b in row:
            if "url" in b:
                buttons.append(InlineKeyboardButton(b["text"], url=b["url"]))
            else:
                data = b["data"]
                if len(data.encode()) > MAX_CALLBACK:
                    raise ValueError(f"callback data over {MAX_CALLBACK} bytes: {data!r}")
                buttons.append(InlineKeyboardButton(b["text"], callback_data=data))
        built.append(buttons)
    return InlineKeyboardMarkup(built)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split on line boundaries so that no chunk exceeds Telegram's limit."""
    if len(text) <= limit:
        return [text]
    chunks, current = [], ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


async def reply(update: Update, text: str, rows: list[list[dict]] | None = None) -> Message | None:
    """Send text (split if needed) to the chat of the update; the keyboard goes on the last part."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_text(text)
    message = None
    for i, part in enumerate(parts):
        markup = keyboard(rows) if i == len(parts) - 1 else None
        message = await chat.send_message(part, reply_markup=markup, disable_web_page_preview=True)
    return message


async def edit_or_reply(update: Update, text: str, rows: list[list[dict]] | None = None) -> None:
    """On a button press edit the message in place (navigation), otherwise send a new one."""
    query = update.callback_query
    if query is not None and query.message is not None and len(text) <= MAX_TEXT:
        await query.edit_message_text(text, reply_markup=keyboard(rows), disable_web_page_preview=True)
    else:
        await reply(update, text, rows)
