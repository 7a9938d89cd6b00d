"""Questionnaires in the chat: answering (`q:` buttons, typed answers), /questionari, /lancia, /risultati.

Typed text and `/start q_<campaign>` are looked at in group -1, before the catalogue's free text in
group 0: when the person's current step waits for typing, the text is an answer and nothing else
sees it (ApplicationHandlerStop); otherwise it flows on to the catalogue unchanged.
"""
from __future__ import annotations

import logging

from telegram import InputFile, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    filters,
)

from bot.errors import NotAllowed
from bot.people import policy
from bot.questionnaires import service
from bot.questionnaires.views import View
from bot.texts import common
from handlers.context import ZContext
from handlers.jobs import every
from handlers.render import edit_or_reply, reply

logger = logging.getLogger(__name__)
EARLY = -1
JOB = "questionnaires:reminders"
PRIVATE = filters.ChatType.PRIVATE


async def show(update: Update, view: View, *, edit: bool) -> None:
    """Answer the button press (always), then the text and any files."""
    query = update.callback_query
    if query is not None:
        await query.answer(view.toast or None, show_alert=view.alert)
    if view.text:
        if edit and query is not None:
            try:
                await edit_or_reply(update, view.text, view.keyboard)
            except BadRequest:  # too old to edit, or unchanged: a new message is always possible
                logger.debug("edit refused, replying instead", exc_info=True)
                await reply(update, view.text, view.keyboard)
        else:
            await reply(update, view.text, view.keyboard)
    chat = update.effective_chat
    for kind, filename, data, caption in view.files:
        if kind == "photo":
            await chat.send_photo(InputFile(data, filename=filename), caption=caption)
        else:
            await chat.send_document(InputFile(data, filename=filename), caption=caption)


async def on_button(update: Update, context: ZContext) -> None:
    query = update.callback_query
    try:
        view = await service.press(context.services, query.from_user.id, query.data or "", update.update_id)
    except NotAllowed:  # organiser buttons (q:L, q:S, q:R) pressed by someone else; audited by the policy
        await query.answer(common.NOT_ALLOWED, show_alert=True)
        return
    await show(update, view, edit=not (query.data or "").startswith(("q:go:", "q:list")))


async def on_text(update: Update, context: ZContext) -> None:
    """A typed answer when one is awaited; otherwise let the next groups see the text."""
    if not context.arrival.answering_questionnaire:  # most texts are catalogue questions
        return
    message = update.effective_message
    view = await service.typed(context.services, update.effective_user.id, message.text, update.update_id)
    if view is None:
        return
    await show(update, view, edit=False)
    raise ApplicationHandlerStop


async def on_deep_link(update: Update, context: ZContext) -> None:
    """`/start q_<campaign>`: open that questionnaire (other /start payloads go on to people/start)."""
    campaign_id = policy.valid_id(context.args[0][2:])  # an id in range, or no campaign at all
    view = await service.open_campaign(context.services, update.effective_user.id, campaign_id, update.update_id)
    await show(update, view, edit=False)
    raise ApplicationHandlerStop


async def my_list(update: Update, context: ZContext) -> None:
    await show(update, await service.my_list(context.services, update.effective_user.id), edit=False)


async def launch(update: Update, context: ZContext) -> None:
    await _organiser_menu(update, service.launch_menu(context.services, update.effective_user.id))


async def results(update: Update, context: ZContext) -> None:
    await _organiser_menu(update, service.results_menu(context.services, update.effective_user.id))


async def _organiser_menu(update: Update, menu) -> None:
    """/lancia and /risultati: the menu, or the polite refusal (audited by the policy)."""
    try:
        view = await menu
    except NotAllowed:
        view = View(common.NOT_ALLOWED)
    await show(update, view, edit=False)


async def remind_tick(context: ZContext) -> None:
    """The JobQueue only ticks; which reminders are due is decided from the database."""
    await service.remind(context.services)


async def startup(app: Application) -> None:
    """The reminder job; which reminders are due is decided from the database."""
    every(app, JOB, remind_tick, seconds=60, first=15)
