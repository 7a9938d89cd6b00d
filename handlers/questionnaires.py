"""Questionnaires in the chat: answering (`q:` buttons, typed answers), /questionari, /lancia, /risultati.

Translation only: each handler calls one use case of `context.services.questionnaires`
(bot/questionnaires/service.py) and returns its reply. Typed text and `/start q_<campaign>` are looked at in
group -1, before the catalogue's free text in group 0: when the person's current step waits for typing,
the text is an answer and nothing else sees it; otherwise it flows on to the catalogue unchanged.
"""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.people import policy
from bot.people.who import Who
from bot.reply import Reply
from handlers.context import ZContext
from handlers.jobs import every

JOB = "questionnaires:reminders"


def _who(update: Update) -> Who:
    return Who(telegram_user_id=update.effective_user.id)


async def on_button(update: Update, context: ZContext) -> Reply:
    return await context.services.questionnaires.press(_who(update), update.callback_query.data or "")


async def on_text(update: Update, context: ZContext) -> Reply | None:
    """A typed answer when one is awaited; otherwise None: the next groups see the text."""
    if not context.arrival.answering_questionnaire:  # most texts are catalogue questions
        return None
    message = update.effective_message
    return await context.services.questionnaires.typed(_who(update), message.text, message.message_id)


async def on_deep_link(update: Update, context: ZContext) -> Reply:
    """`/start q_<campaign>`: open that questionnaire (other /start payloads go on to people/start)."""
    campaign_id = policy.valid_id(context.args[0][2:])  # an id in range, or no campaign at all
    return await context.services.questionnaires.open(_who(update), campaign_id)


async def my_list(update: Update, context: ZContext) -> Reply:
    return await context.services.questionnaires.my_list(_who(update))


async def launch(update: Update, context: ZContext) -> Reply:
    return await context.services.questionnaires.launch_menu(_who(update))


async def results(update: Update, context: ZContext) -> Reply:
    """/risultati, or /risultati words: the campaigns whose title has them."""
    return await context.services.questionnaires.results_menu(_who(update), " ".join(context.args or []))


async def remind_tick(context: ZContext) -> None:
    """The JobQueue only ticks; what is due is decided from the database."""
    await context.services.questionnaires.tick()


async def startup(app: Application) -> None:
    every(app, JOB, remind_tick, seconds=60, first=15)
