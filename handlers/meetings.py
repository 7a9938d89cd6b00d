"""Tavoli di lavoro in the chat: /tavoli, subscriptions, RSVP buttons, the organiser's tools.

Typed text is taken only while the person has an open draft in the database (creating a tavolo,
moving an occurrence): that check needs the database, which a PTB filter cannot query, so the text
handler sits in its own group (TEXT_GROUP, before group 0), does nothing without a draft and, when
it does answer, stops the update there — the catalogue never sees dialogue answers. Buttons use
the prefix `m:` (see bot/meetings/views.py and dialogue.py for the layouts).
"""
from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    filters,
)

from bot.errors import MeetingCancelled, MeetingStarted, NotAllowed, NotFound, NotParticipant, StaleAction
from bot.meetings import dialogue, jobs, moving
from bot.people import directory
from bot.texts import common
from bot.texts import meetings as t
from handlers import meetings_actions as actions
from handlers.context import ZContext
from handlers.jobs import every
from handlers.render import reply

logger = logging.getLogger(__name__)
TEXT_GROUP = -4
PRIVATE = filters.ChatType.PRIVATE

ERROR_TEXTS = {NotAllowed: common.NOT_ALLOWED, NotFound: t.NOT_FOUND, StaleAction: common.BUTTON_EXPIRED,
               MeetingStarted: t.ALREADY_STARTED, MeetingCancelled: t.ALREADY_CANCELLED,
               NotParticipant: t.RSVP_NOT_PARTICIPANT}


OCCURRENCE_ACTIONS = {"oc", "x", "xy", "mv", "p", "csv", "rep"}
RSVP_TEXTS = {NotFound: t.OCC_NOT_FOUND, MeetingStarted: t.RSVP_STARTED, MeetingCancelled: t.RSVP_CANCELLED}


def error_text(exc: Exception, action: str = "") -> str:
    """The polite answer to a refused action; RSVP and occurrence buttons have their own wording."""
    texts = dict(ERROR_TEXTS)
    if action == "r":
        texts.update(RSVP_TEXTS)
    elif action in OCCURRENCE_ACTIONS:
        texts[NotFound] = t.OCC_NOT_FOUND
    elif action == "d":
        texts[StaleAction] = t.STALE_STEP
    return next(text for kind, text in texts.items() if isinstance(exc, kind))


async def tavoli_command(update: Update, context: ZContext) -> None:
    await actions.show_list(update, context)


async def new_command(update: Update, context: ZContext) -> None:
    services = context.services
    try:
        async with services.db.session() as s:
            person = await directory.by_telegram_id(s, update.effective_user.id)
            prompt = await dialogue.start(s, person, now=services.now)
    except NotAllowed:
        await reply(update, common.NOT_ALLOWED)
        return
    await reply(update, prompt.text, prompt.keyboard)


async def dialogue_text(update: Update, context: ZContext) -> None:
    """Typed text is a dialogue answer only while a draft is open; otherwise let others have it."""
    services = context.services
    if not context.arrival.creating_tavolo:  # most texts are catalogue questions: no write lock for them
        return
    try:
        async with services.db.session() as s:
            person = await directory.by_telegram_id(s, update.effective_user.id)
            if person is None:
                return
            prompt = await moving.on_text_any(s, person, update.effective_message.text, now=services.now,
                                              tz=services.settings.timezone)
    except (NotAllowed, NotFound, MeetingStarted, MeetingCancelled) as exc:
        async with services.db.session() as s:  # the draft can no longer be completed: drop it
            person = await directory.by_telegram_id(s, update.effective_user.id)
            await dialogue.cancel(s, person)
        await reply(update, error_text(exc))
        raise ApplicationHandlerStop from None
    if prompt is None:
        return
    await reply(update, prompt.text, prompt.keyboard)
    raise ApplicationHandlerStop


async def on_button(update: Update, context: ZContext) -> None:
    """Every `m:` button: parsed here, acted on in meetings_actions; always answered."""
    query = update.callback_query
    parts = (query.data or "").split(":")
    try:
        await actions.dispatch(update, context, query.data or "")
    except (NotAllowed, NotFound, StaleAction, MeetingStarted, MeetingCancelled, NotParticipant) as exc:
        await query.answer(error_text(exc, parts[1] if len(parts) > 1 else ""), show_alert=isinstance(exc, NotAllowed))
    except (ValueError, IndexError, KeyError):  # forged or malformed data
        logger.info("malformed meetings button %r", query.data)
        await query.answer(common.BUTTON_EXPIRED)


async def tick_job(context: ZContext) -> None:
    services = context.bot_data
    await jobs.tick(services.db, now=services.now)


async def startup(app: Application) -> None:
    """The reminder job; the database says what is due."""
    every(app, jobs.JOB_NAME, tick_job, seconds=jobs.INTERVAL)
