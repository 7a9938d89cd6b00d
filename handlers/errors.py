"""The one error handler: log with context first, then apologise to the user.

The log line names the update (id and kind), the handler that raised and the exception, never the
update itself: its names, usernames and texts are personal data (docs/security-hardening.md).
"""
from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.ext import Application

from bot.texts import common
from handlers.context import ZContext

logger = logging.getLogger("zobot.errors")


def describe(update: object) -> tuple[object, str]:
    """(update id, kind) of an update, e.g. (812, "callback_query"); what is safe to log about it."""
    if not isinstance(update, Update):
        return None, type(update).__name__
    kind = next((name for name in Update.ALL_TYPES if getattr(update, name, None) is not None), "unknown")
    return update.update_id, kind


PLUMBING = {__name__, "handlers.routes", "handlers.show", "handlers.render"}


def raised_in(error: BaseException | None) -> str:
    """The handler the exception came out of: the outermost frame of a feature's handler module (the route
    runner, the reply's renderer and this module are the plumbing around every handler)."""
    if error is None:
        return "?"
    for frame, _ in traceback.walk_tb(error.__traceback__):
        module = frame.f_globals.get("__name__", "")
        if module.startswith("handlers.") and module not in PLUMBING:
            return f"{module}.{frame.f_code.co_name}"
    return "?"


async def on_error(update: object, context: ZContext) -> None:
    update_id, kind = describe(update)
    logger.error("error while handling update %s (%s) in %s: %s", update_id, kind, raised_in(context.error),
                 type(context.error).__name__, exc_info=context.error)
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
