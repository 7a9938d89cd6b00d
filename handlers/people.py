"""People: invitation links, /registrati and approvals, privacy commands, /audit. Translation only: every
use case is a method of `services.people` (bot/people/service.py), the `p:` buttons are parsed by
bot/people/callbacks.py.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.ext import Application

from bot.errors import StaleAction
from bot.people import callbacks as cb
from bot.people import policy
from bot.people.who import Who
from bot.reply import Reply
from handlers.context import ZContext
from handlers.jobs import every

logger = logging.getLogger(__name__)


def who(update: Update) -> Who:
    """The person writing or pressing, as the chat knows them."""
    user = update.effective_user
    return Who(telegram_user_id=user.id if user is not None else None)


def args(update: Update) -> str:
    """The text after the command (CommandHandler's args lose the separators the commands need)."""
    parts = (update.effective_message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def start_invitation(update: Update, context: ZContext) -> Reply:
    return await context.services.people.redeem(who(update), context.args[0] if context.args else "")


async def invita(update: Update, context: ZContext) -> Reply:
    return await context.services.people.invite(who(update), args(update))


async def registrati(update: Update, context: ZContext) -> Reply:
    return await context.services.people.register(who(update), args(update))


async def privacy_notice(update: Update, context: ZContext) -> Reply:
    return context.services.people.privacy_notice()


async def imiei_dati(update: Update, context: ZContext) -> Reply:
    return await context.services.people.my_data(who(update))


async def email(update: Update, context: ZContext) -> Reply:
    return await context.services.people.email(who(update), args(update))


async def cancellami(update: Update, context: ZContext) -> Reply:
    return await context.services.people.ask_erasure(who(update))


async def audit_view(update: Update, context: ZContext) -> Reply:
    return await context.services.people.audit_page(who(update))


async def on_button(update: Update, context: ZContext) -> Reply:
    """Every `p:` button; anything forged or truncated only gets «not valid»."""
    action = cb.parse(update.callback_query.data)
    people = context.services.people
    if action is None:
        raise StaleAction()
    if action.name in ("ap", "rf"):
        return await people.decide(who(update), action.arg(), action.name == "ap")
    if action.name == "er":
        return await people.erase(who(update), action.arg())
    if action.name == "en":
        return people.keep_data()
    if action.name == "au":
        return await people.audit_page(who(update), action.arg())
    if action.name == "ch":
        if action.arg() >= len(cb.CHANNEL_CODES):
            raise StaleAction()
        return await people.set_channel(who(update), cb.CHANNEL_CODES[action.arg()])
    return await people.audit_export(who(update))


async def audit_refusals(update: object, app: Application) -> None:
    """After every update (bot/app.py `after_update`, even one a handler stopped): each refusal any
    feature met while handling it goes to the audit log."""
    noted = policy.take_refusals()
    if noted:
        await app.bot_data.people.note_refusals(noted)


async def retention_tick(context: ZContext) -> None:
    """Daily: erase accounts inactive for longer than ZOBOT_RETENTION_DAYS."""
    erased = await context.application.bot_data.people.retention()
    if erased:
        logger.info("retention: erased %s inactive accounts", erased)


def register_after_update(app: Application) -> None:
    """Refusals are written to the audit log after every update, whatever stopped it."""
    app.after_update.append(audit_refusals)


async def startup(app: Application) -> None:
    """Roles follow ZOBOT_ADMINS from the start (an admin removed while the bot was stopped is demoted
    now); the retention job: one per process, by name, replaced on restart."""
    changed = await app.bot_data.people.follow_admins()
    if changed:
        logger.info("roles: %s people brought in line with ZOBOT_ADMINS", changed)
    every(app, "people:retention", retention_tick, seconds=timedelta(days=1), first=timedelta(minutes=10))
