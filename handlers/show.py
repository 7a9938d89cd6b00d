"""The one path out to the chat: a feature's `Reply` shown as Telegram messages.

A button press is always answered (its toast, or nothing); its reply replaces the message the
button sits on, unless the reply asks for a new message or the edit is impossible (too long, too
old: then a new message). A notice (a refusal) changes nothing on screen. Files follow the text;
further replies (`more`) follow as new messages.
"""
from __future__ import annotations

import logging

from telegram import InputFile, Update
from telegram.error import BadRequest

from bot.reply import Reply, plain
from handlers.render import MAX_TEXT, edit_text, keyboard, send_text, split_text

logger = logging.getLogger(__name__)
CAPTION_MAX = 1024


async def show(update: Update, reply: Reply) -> None:
    """Answer the update with `reply` (see the module's docstring)."""
    query = update.callback_query
    if query is not None:
        await query.answer(reply.toast or None, show_alert=reply.alert)
    if reply.notice_only and (query is not None or not reply.text):
        return
    if reply.text:
        if query is not None and not reply.new_message and query.message is not None:
            await _edit(update, reply)
        else:
            await send(update, reply.text, reply.rows)
    await _files_and_more(update, reply)


async def show_new(update: Update, reply: Reply) -> None:
    """`reply` as new messages, whatever the update was."""
    if reply.text:
        await send(update, reply.text, reply.rows)
    await _files_and_more(update, reply)


async def _files_and_more(update: Update, reply: Reply) -> None:
    chat = update.effective_chat
    for file in reply.files:
        document = InputFile(file.data, filename=file.filename)
        caption = file.caption[:CAPTION_MAX] or None
        await (chat.send_photo if file.photo else chat.send_document)(document, caption=caption)
    for further in reply.more:
        await show_new(update, further)


async def send(update: Update, text: str, rows=None) -> int | None:
    """Text (split if needed) to the update's chat; the keyboard goes on the last part."""
    chat = update.effective_chat
    if chat is None:
        return None
    parts = split_text(text)
    message_id = None
    for i, part in enumerate(parts):
        message_id = await send_text(chat.get_bot(), chat.id, part, rows if i == len(parts) - 1 else None)
    return message_id


async def _edit(update: Update, reply: Reply) -> None:
    """Replace the pressed message; the same page pressed twice changes nothing and calls nothing."""
    message = update.callback_query.message
    if len(reply.text) > MAX_TEXT:
        await send(update, reply.text, reply.rows)
        return
    if message.text == plain(reply.text) and message.reply_markup == keyboard(reply.rows):
        return
    try:
        await edit_text(update.get_bot(), message.chat.id, message.message_id, reply.text, reply.rows)
    except BadRequest:  # too old to edit, or a message without text (a document): a new one always works
        logger.info("edit of message %s refused; sent as a new message", message.message_id)
        await send(update, reply.text, reply.rows)
