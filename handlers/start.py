"""/start and /help."""
from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.catalogue import callbacks as catalogue_buttons
from bot.reply import Reply
from bot.texts import common, render
from handlers.context import ZContext

# q:list and m:list: the lists of questionnaires and tavoli (their features' callbacks modules parse them)
MAIN_MENU = [
    [{"text": common.MENU_SERVICES, "data": catalogue_buttons.zone_pick()},
     {"text": common.MENU_ZONES, "data": catalogue_buttons.zone_list()}],
    [{"text": common.MENU_QUESTIONNAIRES, "data": "q:list"}, {"text": common.MENU_TAVOLI, "data": "m:list"}],
]


async def start(update: Update, context: ZContext) -> Reply:
    name = update.effective_user.first_name if update.effective_user else ""
    return Reply(render(common.WELCOME, name=name), MAIN_MENU)


async def help_(update: Update, context: ZContext) -> Reply:
    """The commands and the menu; in a group only a pointer to the private chat (a deep link, no menu)."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        username = context.bot.username
        rows = [[{"text": common.GROUP_HELP_BUTTON, "url": f"https://t.me/{username}?start=help"}]] if username else None
        return Reply(common.GROUP_HELP, rows)
    return Reply(common.HELP, MAIN_MENU)
