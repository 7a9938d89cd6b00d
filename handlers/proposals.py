"""/proposte and its `pr:` buttons: organisers review what questionnaire responses propose for the catalogue.
Translation only: the use cases are in bot/questionnaires/review_service.py."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import filters

from bot.catalogue.answers import Answer
from bot.errors import NotAllowed, NotFound, StaleAction
from bot.questionnaires.review_service import ReviewService
from bot.texts import Markup, common, render
from bot.texts import proposals as T
from handlers.context import ZContext
from handlers.render import edit_or_reply, reply

logger = logging.getLogger(__name__)
PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE


def _review(context: ZContext) -> ReviewService:
    return context.services.review


async def proposte(update: Update, context: ZContext) -> None:
    """/proposte: the campaigns; /proposte N: the first page of campaign N."""
    arg = (context.args or [""])[0]
    user_id = update.effective_user.id
    try:
        if not arg:
            answer = await _review(context).menu(user_id)
        elif arg.isascii() and arg.isdigit() and len(arg) <= 9:
            answer = await _review(context).show(user_id, int(arg))
        else:
            await _review(context).menu(user_id)  # the policy first, even for a malformed argument
            answer = Answer(Markup(T.USAGE))
    except NotAllowed:
        answer = Answer(Markup(common.NOT_ALLOWED))
    except NotFound:
        answer = Answer(render(T.NOT_FOUND, campaign=arg[:12]))
    await reply(update, answer.text, answer.rows)


async def button(update: Update, context: ZContext) -> None:
    query = update.callback_query
    try:
        answer = await _review(context).press(query.from_user.id, query.data or "", now=context.services.now)
    except NotAllowed:
        await query.answer(common.NOT_ALLOWED, show_alert=True)
        return
    except StaleAction:
        await query.answer(T.STALE, show_alert=True)
        return
    except NotFound:
        await query.answer(common.BUTTON_EXPIRED)
        return
    await query.answer()
    try:
        await edit_or_reply(update, answer.text, answer.rows)
    except BadRequest:  # the same page again (nothing changed), or too old to edit
        logger.info("proposals view %s not shown in place", query.data)
