"""/proposte and its `pr:` buttons: organisers review what questionnaire responses propose for the catalogue.
Translation only: the use cases are in bot/questionnaires/review_service.py."""
from __future__ import annotations

from telegram import Update

from bot.people.who import Who
from bot.reply import Reply
from handlers.context import ZContext


async def proposte(update: Update, context: ZContext) -> Reply:
    """/proposte: the campaigns; /proposte N: the first page of campaign N."""
    who = Who(telegram_user_id=update.effective_user.id)
    return await context.services.review.open(who, (context.args or [""])[0])


async def button(update: Update, context: ZContext) -> Reply:
    who = Who(telegram_user_id=update.callback_query.from_user.id)
    return await context.services.review.press(who, update.callback_query.data or "")
