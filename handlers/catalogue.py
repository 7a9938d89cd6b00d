"""Catalogue in the chat: /servizi, /zone, /comune, /cerca, `cat:` buttons, inline mode and free-text questions.

Free text is registered last among the features (see handlers/__init__.py): other features' dialogues
take typed text first. In groups only commands addressed to the bot are answered, never free text.
"""
from __future__ import annotations

import logging

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Application, InlineQueryHandler, filters

from bot.catalogue import callbacks as cb
from bot.catalogue import loader
from bot.catalogue.answers import Answer
from bot.catalogue.service import CatalogueService
from bot.errors import NotFound
from bot.texts import catalogue as T
from handlers.context import ZContext
from handlers.jobs import every
from handlers.render import edit_or_reply, reply, split_text
from handlers.start import MAIN_MENU

logger = logging.getLogger(__name__)

NEW_MESSAGES = filters.UpdateType.MESSAGE
INLINE_CACHE_SECONDS = 300
REFRESH_JOB = "catalogue:refresh"
REFRESH_SECONDS = 60


async def startup(app: Application) -> None:
    """Build the search index from the database; a tick rebuilds it when the catalogue changes."""
    services = app.bot_data
    if not services.settings.catalogue_examples:  # a production install: no invented coverage, ever
        await loader.drop_examples(services.db)
    await services.catalogue.reload()
    every(app, REFRESH_JOB, refresh_tick, seconds=REFRESH_SECONDS, first=REFRESH_SECONDS)


async def refresh_tick(context: ZContext) -> None:
    """The catalogue may have been loaded again by `zobot catalogue load` (another process): follow it."""
    if await context.services.catalogue.refresh():
        logger.info("catalogue changed in the database: index rebuilt")


def _catalogue(context: ZContext) -> CatalogueService:
    return context.services.catalogue


def _version(context: ZContext) -> int | None:
    """The catalogue version read with this update: answers cached at it are current."""
    return context.arrival.catalogue_version


async def _send(update: Update, answer: Answer) -> None:
    rows = answer.rows + MAIN_MENU if answer.menu else answer.rows
    await reply(update, answer.text, rows)


async def servizi(update: Update, context: ZContext) -> None:
    await _send(update, await _catalogue(context).view(cb.zone_pick(), _version(context)))


async def zone(update: Update, context: ZContext) -> None:
    await _send(update, await _catalogue(context).view(cb.zone_list(), _version(context)))


async def comune(update: Update, context: ZContext) -> None:
    await _send(update, await _catalogue(context).comune(" ".join(context.args or []), _version(context)))


async def cerca(update: Update, context: ZContext) -> None:
    await _send(update, await _catalogue(context).find(" ".join(context.args or []), _version(context)))


async def question(update: Update, context: ZContext) -> None:
    """Any other text in a private chat is a catalogue question; a follow-up («e a Pero?») completes the
    same person's previous one."""
    person = update.effective_user.id if update.effective_user else None
    await _send(update, await _catalogue(context).ask(update.effective_message.text, _version(context), person=person,
                                                      now=context.services.now,
                                                      registered=context.arrival.role is not None))


async def button(update: Update, context: ZContext) -> None:
    """A `cat:` button: answer the query, then show the view in place; forged data gets a polite notice."""
    query = update.callback_query
    try:
        answer = await _catalogue(context).view(query.data, _version(context))
    except NotFound:
        await query.answer(T.BAD_BUTTON)
        return
    await query.answer()
    try:
        await edit_or_reply(update, answer.text, answer.rows)
    except BadRequest as exc:  # e.g. the same page pressed twice: the message already shows it
        logger.info("catalogue view %s not shown in place: %s", query.data, exc)


async def inline(update: Update, context: ZContext) -> None:
    """`@bot rifiuti`, `@bot Rho` in any chat: matching comuni, zones and services, each sending its answer
    (no buttons: there is no chat of ours to edit)."""
    items = await _catalogue(context).inline(update.inline_query.query, _version(context))
    results = [
        InlineQueryResultArticle(
            id=item.id, title=item.title[:100], description=item.description,
            input_message_content=InputTextMessageContent(split_text(item.answer.text)[0],
                                                          parse_mode=ParseMode.HTML))
        for item in items[:50]
    ]
    await update.inline_query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=False)


def register_inline(app: Application) -> None:
    """Inline mode (`@bot rifiuti` in any chat) answers with a list of results, not a Reply."""
    app.add_handler(InlineQueryHandler(inline))
