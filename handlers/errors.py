"""The one error handler: log with context first, then apologise to the user."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application

from bot.texts import common
from handlers.context import ZContext

logger = logging.getLogger("zobot.errors")


async def on_error(update: object, context: ZContext) -> None:
    payload = update.to_dict() if isinstance(update, Update) else repr(update)
    logger.error("error while handling update %s", payload, exc_info=context.error)
    if isinstance(update, Update):
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(common.ERROR[:190], show_alert=True)
            elif update.effective_chat is not None and update.effective_chat.type == "private":
                await update.effective_chat.send_message(common.ERROR)
        except Exception:  # the apology itself failed (e.g. network): already logged above
            logger.warning("could not apologise for update %s", update.update_id, exc_info=True)


def register(app: Application) -> None:
    app.add_error_handler(on_error)
