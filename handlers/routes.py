"""How a route of the table in handlers/__init__.py becomes a python-telegram-bot handler.

Every route's handler has one shape: `async def handler(update, context) -> Reply | None`. It
parses the update, calls one service of bot/ and returns what to show. This module runs them all
the same way: a domain error becomes its Italian text (bot/texts/errors.py), the reply is shown by
handlers/show.py, and a typed-text or deep-link route that answered stops the update there (`None`
means "not mine": the next group gets the text).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.errors import DomainError
from bot.reply import Reply
from bot.texts.errors import text_for
from handlers.context import ZContext
from handlers.show import show

Handler = Callable[[Update, ZContext], Awaitable[Reply | None]]
PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE  # edits are never answered again (handlers/fallbacks.py)


@dataclass(frozen=True)
class Command:
    """`/name`, in private chats (`in_groups`: also in groups, where the guard lets only /help and
    /privacy through); `menu` is who sees it in Telegram's command menu ("" = nobody)."""

    name: str
    handler: Handler
    menu: str = "everyone"
    in_groups: bool = False


@dataclass(frozen=True)
class Button:
    """Every button whose callback data starts with `prefix:`; the feature's callbacks module parses it."""

    prefix: str
    handler: Handler


@dataclass(frozen=True)
class DeepLink:
    """`/start <prefix>…` (t.me/<bot>?start=<prefix>…): invitation links, questionnaire links."""

    prefix: str
    handler: Handler


@dataclass(frozen=True)
class Typed:
    """Typed text in a private chat, looked at in `group` (lower first); `None` passes it on."""

    handler: Handler
    group: int


Route = Command | Button | DeepLink | Typed
DEEP_LINK_GROUP = -1  # before the plain /start of group 0


def register(app: Application, routes: list[Route]) -> None:
    for route in routes:
        app.add_handler(*_handler(route))


def _handler(route: Route):
    if isinstance(route, Command):
        where = NEW if route.in_groups else PRIVATE & NEW
        return CommandHandler(route.name, run(route.handler), filters=where), 0
    if isinstance(route, Button):
        return CallbackQueryHandler(run(route.handler), pattern=rf"^{route.prefix}:"), 0
    if isinstance(route, DeepLink):
        link = filters.Regex(rf"^/start(@\w+)?\s+{route.prefix}")
        return CommandHandler("start", run(route.handler, stop=True), filters=PRIVATE & NEW & link), DEEP_LINK_GROUP
    text = PRIVATE & NEW & filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT
    return MessageHandler(text, run(route.handler, stop=True)), route.group


def run(handler: Handler, *, stop: bool = False):
    """The python-telegram-bot callback of one route (see the module's docstring)."""
    async def callback(update: Update, context: ZContext) -> None:
        try:
            reply = await handler(update, context)
        except DomainError as exc:  # a refusal (noted for the audit by the policy), a stale button, bad input
            reply = Reply.notice(text_for(exc))
        if reply is None:
            return
        await show(update, reply)
        if stop:
            raise ApplicationHandlerStop

    callback.__name__ = callback.__qualname__ = getattr(handler, "__name__", "route")
    callback.route_handler = handler  # type: ignore[attr-defined]  # what tests and the error log name
    return callback


def commands(routes: list[Route], menu: str) -> list[Command]:
    """The commands of one menu ("everyone", "organisers", "admins"), in table order."""
    return [r for r in routes if isinstance(r, Command) and r.menu == menu]
