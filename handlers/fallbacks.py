"""What nothing else handled: unknown commands, media, edits, buttons nobody claims. Polite, and silent
in groups (the guard stops group messages before they get here). Registered after every route, in the
same group, so they see only what no route took."""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.reply import Reply
from bot.texts import common
from handlers.context import ZContext
from handlers.show import show

GROUP = 0  # same group as the features, registered last: only what nobody else took
PRIVATE = filters.ChatType.PRIVATE


async def unknown_command(update: Update, context: ZContext) -> None:
    await show(update, Reply(common.UNKNOWN_COMMAND))


async def not_text(update: Update, context: ZContext) -> None:
    await show(update, Reply(common.NOT_TEXT))


async def edited(update: Update, context: ZContext) -> None:
    """Edits are not re-answered: the first answer stands."""


async def stale_button(update: Update, context: ZContext) -> None:
    await show(update, Reply.toast_only(common.BUTTON_EXPIRED))


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, edited), group=GROUP)
    app.add_handler(MessageHandler(PRIVATE & filters.COMMAND & filters.UpdateType.MESSAGE, unknown_command), group=GROUP)
    app.add_handler(MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & ~filters.TEXT, not_text), group=GROUP)
    app.add_handler(CallbackQueryHandler(stale_button), group=GROUP)
