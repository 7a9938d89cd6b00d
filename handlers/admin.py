"""Organiser tools: /annuncio (broadcast with preview and explicit confirmation) and /consegne (reports).

The typed text of an /annuncio goes through a handler in its own group (TEXT_GROUP, before group 0):
it does nothing unless the organiser has a draft waiting for its text, and then stops the update
there. Everything the dialogue needs is in the database (bot/announcements/drafts.py), not user_data.
"""
from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    filters,
)

from bot.announcements.service import MENU_KINDS
from bot.errors import NotAllowed, NotFound, StaleAction
from bot.people import policy
from bot.texts import common
from bot.texts import delivery as T
from handlers.context import ZContext
from handlers.render import edit_or_reply, message_html, reply

logger = logging.getLogger(__name__)

TEXT_GROUP = -3
PRIVATE = filters.ChatType.PRIVATE


async def annuncio(update: Update, context: ZContext) -> None:
    screen = await context.services.announcements.annuncio(update.effective_user.id)
    await reply(update, screen.text, screen.keyboard)


async def consegne(update: Update, context: ZContext) -> None:
    screen = await context.services.announcements.reports(update.effective_user.id)
    await reply(update, screen.text, screen.keyboard)


async def typed(update: Update, context: ZContext) -> None:
    """The text of a waiting draft becomes its preview (or, for an organiser revoked since, a refusal
    that drops the draft); anything else passes on to other features."""
    if not context.arrival.writing_announcement:
        return
    screens = await context.services.announcements.typed(update.effective_user.id, message_html(update.message))
    if screens is None:
        return
    for screen in screens:
        await reply(update, screen.text, screen.keyboard)
    raise ApplicationHandlerStop


# a:<action>:<arguments>; "id" an id in range (policy.valid_id), "kind" an audience kind of the menu
SHAPES = {"k": ("id", "kind"), "z": ("id", "id"), "t": ("id", "id"), "v": ("id", "id"), "ok": ("id",),
          "no": ("id",), "r": ("id",), "rs": ("id",), "ry": ("id",), "l": ()}


def parse(data: str) -> tuple[str, list]:
    """Callback data `a:…` checked whole (ValueError if forged) before anything reads the database."""
    parts = data.split(":")
    action = parts[1] if len(parts) > 1 else ""
    shape = SHAPES.get(action)
    if shape is None or len(parts) != 2 + len(shape):
        raise ValueError(data)
    args = [policy.valid_id(raw) if kind == "id" else (raw if raw in MENU_KINDS else None)
            for kind, raw in zip(shape, parts[2:])]
    if None in args:
        raise ValueError(data)
    return action, args


async def _route(screens, user_id: int, data: str):
    """Callback data `a:…` to the screen it asks for (each screen asks the policy first)."""
    action, args = parse(data)
    if action == "k":
        return await screens.pick_kind(user_id, args[0], args[1])
    if action in ("z", "t", "v"):
        return await screens.pick_ref(user_id, args[0], action, args[1])
    if action == "l":
        return await screens.reports(user_id)
    routes = {"ok": screens.confirm, "no": screens.cancel, "r": screens.round_detail,
              "rs": screens.resend_ask, "ry": screens.resend}
    return await routes[action](user_id, args[0])


async def pressed(update: Update, context: ZContext) -> None:
    query = update.callback_query
    try:
        screen = await _route(context.services.announcements, update.effective_user.id, query.data)
    except NotAllowed:
        await query.answer(common.NOT_ALLOWED, show_alert=True)
        return
    except (NotFound, StaleAction):
        await query.answer(T.DRAFT_GONE, show_alert=True)
        return
    except (KeyError, IndexError, ValueError):
        await query.answer(common.BUTTON_EXPIRED)
        return
    await query.answer()
    await edit_or_reply(update, screen.text, screen.keyboard)
