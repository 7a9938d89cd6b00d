"""What nothing else handled: unknown commands, media, edits. Polite, and silent in groups."""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.texts import common
from handlers.context import ZContext
from handlers.render import reply

GROUP = 0  # same group as the features, registered last: only what nobody else took
PRIVATE = filters.ChatType.PRIVATE


async def unknown_command(update: Update, context: ZContext) -> None:
    await reply(update, common.UNKNOWN_COMMAND)


async def not_text(update: Update, context: ZContext) -> None:
    await reply(update, common.NOT_TEXT)


async def edited(update: Update, context: ZContext) -> None:
    """Edits are not re-answered (the first answer stands); say so once, quietly."""
    return None


async def stale_button(update: Update, context: ZContext) -> None:
    await update.callback_query.answer(common.BUTTON_EXPIRED)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, edited), group=GROUP)
    app.add_handler(MessageHandler(PRIVATE & filters.COMMAND & filters.UpdateType.MESSAGE, unknown_command), group=GROUP)
    app.add_handler(MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & ~filters.TEXT, not_text), group=GROUP)
    app.add_handler(CallbackQueryHandler(stale_button), group=GROUP)
