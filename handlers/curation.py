"""Catalogue curation in the chat: the PO's /copertura dialogue (`cv:` buttons, typed names) and the
organisers' /dettagli (contacts and details with their source). Translation only: every use case is
in bot/catalogue (po_updates.py, details.py), one transaction each, the policy asked first.

Typed text is taken only while a /copertura step waits for it (the update's arrival says so); it sits
in its own group (TEXT_GROUP) and stops the update when it answered, like the other dialogues.
"""
from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    ApplicationHandlerStop,
    filters,
)

from bot.catalogue import details
from bot.catalogue.answers import Answer
from bot.catalogue.po_updates import CoverageUpdates
from bot.errors import BadInput, NotAllowed, NotFound, StaleAction, UnknownName
from bot.texts import Markup, common, render
from bot.texts import curation as T
from bot.texts import people as P
from handlers.context import ZContext
from handlers.render import edit_or_reply, reply

logger = logging.getLogger(__name__)
TEXT_GROUP = -2
PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE
BAD_INPUT = {"status": P.BAD_STATUS, "date": P.BAD_DATE, "nothing": T.NOTHING_TO_END}


def _refusal(exc: Exception) -> str:
    """The polite answer to a refused /copertura step (nothing changed)."""
    if isinstance(exc, NotAllowed):
        return common.NOT_ALLOWED
    if isinstance(exc, UnknownName):
        return render(P.UNKNOWN[exc.kind], name=exc.name[:100])
    if isinstance(exc, BadInput):
        if exc.reason == "note":
            return render(P.NOTE_TOO_LONG, limit=500)
        return BAD_INPUT.get(exc.reason, P.COVERAGE_USAGE)
    return common.BUTTON_EXPIRED


def _args(update: Update) -> str:
    parts = (update.effective_message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def _updates(context: ZContext) -> CoverageUpdates:
    return context.services.coverage_updates


async def copertura(update: Update, context: ZContext) -> None:
    try:
        answer = await _updates(context).command(update.effective_user.id, _args(update), now=context.services.now)
    except (NotAllowed, NotFound, UnknownName, BadInput) as exc:
        answer = Answer(Markup(_refusal(exc)))
    await reply(update, answer.text, answer.rows)


async def button(update: Update, context: ZContext) -> None:
    query = update.callback_query
    try:
        answer = await _updates(context).press(query.from_user.id, query.data or "", now=context.services.now)
    except (NotAllowed, NotFound, StaleAction, UnknownName, BadInput) as exc:
        await query.answer(re.sub(r"<[^>]+>", "", _refusal(exc))[:200], show_alert=isinstance(exc, NotAllowed))
        return
    await query.answer()
    try:
        await edit_or_reply(update, answer.text, answer.rows)
    except BadRequest:  # too old to edit, or unchanged: a new message is always possible
        await reply(update, answer.text, answer.rows)


async def typed(update: Update, context: ZContext) -> None:
    """A name or a date for the /copertura step in progress; otherwise the text goes on."""
    if not context.arrival.updating_coverage:
        return
    answer = await _updates(context).typed(update.effective_user.id, update.effective_message.text,
                                           now=context.services.now)
    if answer is None:
        return
    await reply(update, answer.text, answer.rows)
    raise ApplicationHandlerStop


async def dettagli(update: Update, context: ZContext) -> None:
    """/dettagli servizio|ufficio CODICE[; campo; valore; fonte]: see or set a contact or detail."""
    services, user_id = context.services, update.effective_user.id
    parts = [p.strip() for p in _args(update).split(";")]
    head = parts[0].split(maxsplit=1)
    try:
        if len(head) < 2 or len(parts) not in (1, 4):
            await details.may_manage(services.db, user_id)
            text = T.DETAILS_USAGE
        elif len(parts) == 1:
            text = _described(*await details.show(services.db, user_id, head[0], head[1]))
        else:
            kind, thing, name, value = await details.change(services.db, user_id, head[0], head[1], parts[1],
                                                            parts[2], parts[3], now=services.now)
            text = (render(T.DETAIL_SAVED, field=T.FIELD_NAMES[name], name=thing.name, kind=T.KIND_NAMES[kind],
                           value=value, source=" ".join(parts[3].split())) if value is not None
                    else render(T.DETAIL_REMOVED, field=T.FIELD_NAMES[name], name=thing.name, kind=T.KIND_NAMES[kind]))
    except NotAllowed:
        text = common.NOT_ALLOWED
    except details.BadDetail as exc:
        text = details.refusal(exc)
    await reply(update, text)


def _described(kind: str, thing, found: dict) -> str:
    out = [render(T.DETAILS_HEAD, name=thing.name, kind=T.KIND_NAMES[kind], code=thing.code)]
    out += [render(T.DETAILS_LINE, field=T.FIELD_NAMES[name], value=d.value, source=d.source)
            for name, d in sorted(found.items())] or [T.DETAILS_NONE]
    return "\n".join(out + ["", T.DETAILS_USAGE])
