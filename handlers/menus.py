"""Telegram's command menus and the bot's description.

At start-up: the default menu (private chats: what referents and PO use), the group menu (only what
answers there: /help, /privacy) and the description and short description, in Italian. Organisers and
admins get a menu of their own in their private chat (a chat scope); a job on every instance asks the
people service which chats show a menu their role no longer fits (bot/people/menus.py: a role changed by
an approval, an invitation, the command line or ZOBOT_ADMINS) and sets or deletes each chat's menu.
"""
from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application

from bot.people import menus
from bot.texts import menu as texts
from handlers.context import ZContext
from handlers.jobs import every
from handlers.routes import Command, Route

logger = logging.getLogger(__name__)
JOB = "people:menus"
EVERY = 60  # seconds: a changed role shows its menu within a minute, whichever instance or CLI changed it
# which route `menu` values each menu lists (in route-table order)
SHOWN = {menus.DEFAULT: ("everyone", "po"), menus.ORGANISERS: ("everyone", "po", "organisers"),
         menus.ADMINS: ("everyone", "po", "organisers", "admins")}


def commands_of(routes: list[Route], menu: str | None) -> list[BotCommand]:
    """The commands of one menu (None: the default), with their Italian descriptions."""
    return [BotCommand(r.name, texts.COMMANDS[r.name]) for r in routes
            if isinstance(r, Command) and r.menu in SHOWN[menu]]


async def startup(app: Application, routes: list[Route]) -> None:
    """Description, group and default menus once; then the per-chat menus job."""
    bot = app.bot
    await bot.set_my_description(texts.DESCRIPTION)
    await bot.set_my_short_description(texts.SHORT_DESCRIPTION)
    in_groups = [BotCommand(r.name, texts.COMMANDS[r.name]) for r in routes if isinstance(r, Command) and r.in_groups]
    await bot.set_my_commands(in_groups, scope=BotCommandScopeAllGroupChats())
    await bot.set_my_commands(commands_of(routes, menus.DEFAULT))
    chosen = {menu: commands_of(routes, menu) for menu in (menus.ORGANISERS, menus.ADMINS)}

    async def tick(context: ZContext) -> None:
        await refresh(context.application, chosen)

    every(app, JOB, tick, seconds=EVERY, first=5)


async def refresh(app: Application, chosen: dict[str | None, list[BotCommand]]) -> int:
    """Bring every chat whose menu is out of date up to date; returns how many changed."""
    people = app.bot_data.people
    changed = 0
    for due in await people.menus_due():
        scope = BotCommandScopeChat(due.chat_id)
        try:
            if due.menu is menus.DEFAULT:
                await app.bot.delete_my_commands(scope=scope)
            else:
                await app.bot.set_my_commands(chosen[due.menu], scope=scope)
        except (BadRequest, Forbidden):  # a chat that is gone or blocked us: its menu cannot be set, nor read
            logger.info("menu of person %s not set: chat unavailable", due.person_id)
        await people.menu_set(due)
        changed += 1
    return changed
