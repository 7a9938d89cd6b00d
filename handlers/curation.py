"""Catalogue curation in the chat: the PO's /copertura dialogue (`cv:` buttons, typed names) and the
organisers' /dettagli (contacts and details with their source). Translation only: the use cases are
`services.coverage_updates` (bot/people/coverage_updates.py) and `services.details`
(bot/people/curation.py); the `cv:` buttons are parsed by bot/people/coverage_callbacks.py.

Typed text is taken only while a /copertura step waits for it (the update's arrival says so); it sits
in its own group and stops the update when it answered, like the other dialogues.
"""
from __future__ import annotations

from telegram import Update

from bot.errors import StaleAction
from bot.people import coverage_callbacks as cb
from bot.reply import Reply
from handlers.context import ZContext
from handlers.people import args, who


async def copertura(update: Update, context: ZContext) -> Reply:
    return await context.services.coverage_updates.command(who(update), args(update))


async def button(update: Update, context: ZContext) -> Reply:
    action = cb.parse(update.callback_query.data)
    if action is None:
        raise StaleAction()
    return await context.services.coverage_updates.press(who(update), action)


async def typed(update: Update, context: ZContext) -> Reply | None:
    """A name or a date for the /copertura step in progress; otherwise the text goes on."""
    if not context.arrival.updating_coverage:
        return None
    return await context.services.coverage_updates.typed(who(update), update.effective_message.text)


async def dettagli(update: Update, context: ZContext) -> Reply:
    """/dettagli servizio|ufficio CODICE[; campo; valore; fonte]: see or set a contact or detail."""
    return await context.services.details.dettagli(who(update), args(update))
