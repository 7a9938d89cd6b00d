"""Organiser tools: /annuncio (an announcement to an audience, with preview and explicit confirmation) and
/consegne (delivery reports). Translation only: the use cases are `services.announcements`
(bot/announcements/service.py), the `a:` buttons are parsed by bot/announcements/callbacks.py.

Typed text goes to a draft only while one waits for it (comune names, or the message: the update's
arrival says so), in its own group before the catalogue's questions (handlers/__init__.py).
"""
from __future__ import annotations

from telegram import Update

from bot.announcements import callbacks as cb
from bot.errors import StaleAction
from bot.reply import Reply
from handlers.context import ZContext
from handlers.people import who
from handlers.render import message_html


async def annuncio(update: Update, context: ZContext) -> Reply:
    return await context.services.announcements.start(who(update))


async def consegne(update: Update, context: ZContext) -> Reply:
    return await context.services.announcements.reports(who(update))


async def typed(update: Update, context: ZContext) -> Reply | None:
    """Comune names or the text of a waiting draft; anything else passes on to other features."""
    if not context.arrival.writing_announcement:
        return None
    return await context.services.announcements.typed(who(update), message_html(update.message))


async def pressed(update: Update, context: ZContext) -> Reply:
    """Every `a:` button (each use case asks the policy first)."""
    action = cb.parse(update.callback_query.data)
    service, person = context.services.announcements, who(update)
    if action is None:
        raise StaleAction()
    if action.name == "k":
        return await service.pick_kind(person, action.draft, action.args[1])
    if action.name in ("z", "t", "v"):
        return await service.pick_listed(person, action.draft, action.name, action.args[1])
    if action.name == "l":
        return await service.reports(person)
    use_case = {"add": service.add_group, "ok": service.confirm, "no": service.cancel, "r": service.round_detail,
                "rs": service.resend_ask, "ry": service.resend}[action.name]
    return await use_case(person, action.args[0])
