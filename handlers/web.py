"""/web (a login link for the web pages) and /calendario (secret calendar feeds), with their `w:` buttons.
Translation only: the use cases are `services.people` (bot/people/service.py), the buttons are parsed by
bot/people/feed_callbacks.py. Both are personal: in groups they are declined like the other personal
commands; refusals are audited after the update (handlers/people.py).
"""
from __future__ import annotations

from telegram import Update

from bot.errors import StaleAction
from bot.people import feed_callbacks as wcb
from bot.reply import Reply
from handlers.context import ZContext
from handlers.people import who


async def web(update: Update, context: ZContext) -> Reply:
    return await context.services.people.web_link(who(update))


async def calendario(update: Update, context: ZContext) -> Reply:
    return await context.services.people.calendar(who(update))


async def on_button(update: Update, context: ZContext) -> Reply:
    action = wcb.parse(update.callback_query.data)
    people = context.services.people
    if action is None:
        raise StaleAction()
    if action.name == wcb.REVOKE:
        return await people.revoke_feeds(who(update))
    return await people.new_feed(who(update), action.tavolo_id)
