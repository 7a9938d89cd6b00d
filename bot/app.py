"""The composition root: build_application wires settings, database, handlers and jobs."""
from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
)
from telegram.request import BaseRequest

from bot import untrusted
from bot.clock import Clock
from bot.config import Settings, TokenRejected
from bot.db.engine import Database
from bot.ordering import PerPersonOrder
from bot.services import AppServices, build_services

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query", "my_chat_member",
                   "channel_post", "edited_channel_post"]


class ZApplication(Application):
    """python-telegram-bot's Application plus `after_update`: coroutines run after every update, even
    one a handler stopped with ApplicationHandlerStop, in the update's own task and context (so what a
    feature noted in a context variable, e.g. policy refusals, is written before the task ends)."""

    __slots__ = ("after_update",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.after_update: list = []  # async callables (update, application)

    async def process_update(self, update: object) -> None:
        if isinstance(update, Update) and _has_control_characters(update):
            update = Update.de_json(untrusted.clean_payload(update.to_dict()), self.bot)
        try:
            await super().process_update(update)
        finally:
            for hook in self.after_update:
                try:
                    await hook(update, self)
                except Exception:  # a failing hook must not stop the next ones, nor the update loop
                    logger.exception("after-update hook %s failed for update %s", hook.__name__,
                                     getattr(update, "update_id", None))


def _has_control_characters(update: Update) -> bool:
    """Whether a text zobot reads or stores (names, usernames, texts, button data, queries) holds a control
    character: checked field by field (~2 µs), since rebuilding every update would cost ~0.4 ms."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    query = update.callback_query or update.inline_query
    values = (message and message.text, message and message.caption, user and user.first_name,
              user and user.last_name, user and user.username, chat and chat.title, chat and chat.first_name,
              chat and chat.last_name, query and getattr(query, "data", None), query and getattr(query, "query", None))
    return any(untrusted.has_control(v) for v in values if isinstance(v, str))


def build_application(settings: Settings, *, request: BaseRequest | None = None,
                      clock: Clock | None = None, rate_limiter: bool = True,
                      database: Database | None = None, updater: bool = True) -> Application:
    """Build the whole Application; `zobot run` and the tests call exactly this.

    `updater=False` leaves out polling (the webhook server feeds updates itself).
    """
    import handlers  # late import: the wiring knows the handlers, nothing in bot/ below it does
    from handlers.context import ZContext

    builder = (
        ApplicationBuilder()
        .token(settings.token or "123456:SANDBOX-TOKEN-NOT-FOR-TELEGRAM-0000000")
        .base_url(settings.api_base)
        .base_file_url(settings.api_file_base)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone))
        .context_types(ContextTypes(context=ZContext, bot_data=AppServices))
        .post_init(_post_init(settings, clock, database))
        .post_shutdown(_post_shutdown)
        .application_class(ZApplication)
        .concurrent_updates(PerPersonOrder(settings.concurrent_updates))
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        builder = builder.connection_pool_size(64).get_updates_connection_pool_size(4)
    if not updater:
        builder = builder.updater(None)
    if rate_limiter:
        # A safety net only: the outbox sender paces itself (ZOBOT_BROADCAST_RATE, at most 30/s); at
        # Telegram's own 30 messages/s the net never binds below the configured sender rate.
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=30, overall_time_period=1,
                                                      group_max_rate=18, group_time_period=60, max_retries=2))
    app = builder.build()
    handlers.register_all(app)
    return app


def run_polling(settings: Settings) -> None:
    """`zobot run`: long polling until stopped. A token Telegram refuses ends it with TokenRejected before
    polling starts (python-telegram-bot's own start-up logs InvalidToken with a traceback, and its message
    repeats the token)."""
    app = build_application(settings)
    asyncio.run(_check_token(app))
    try:
        app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
    except InvalidToken:  # revoked between the check and the start
        raise TokenRejected() from None


async def _check_token(app: Application) -> None:
    """One getMe; only a refused token stops here (a network error is left to polling's own retries)."""
    try:
        async with app.bot:
            pass
    except InvalidToken:
        raise TokenRejected() from None
    except Exception:  # noqa: BLE001 - not ours to judge: run_polling retries and logs
        logger.warning("could not reach Telegram before polling; polling will retry")


def _post_init(settings: Settings, clock: Clock | None, database: Database | None):
    async def post_init(app: Application) -> None:
        import handlers
        from handlers import menus

        services: AppServices = app.bot_data
        build_services(services, settings, database or Database(settings.database_url), clock or Clock())
        services.bot_username = app.bot.username or "zobot"
        await handlers.startup_all(app)
        await menus.startup(app, handlers.ROUTES)
        logger.info("zobot ready as @%s on %s", services.bot_username, services.db.dialect)

    return post_init


async def _post_shutdown(app: Application) -> None:
    services: AppServices = app.bot_data
    if services.db is not None:
        await services.db.dispose()
