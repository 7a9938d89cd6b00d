"""/start and /help."""
from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.texts import common, render
from handlers.context import ZContext
from handlers.render import reply

MAIN_MENU = [
    [{"text": "🗂 Servizi per zona", "data": "cat:z"}, {"text": "🗺 Zone omogenee", "data": "cat:zl"}],
    [{"text": "📝 Questionari", "data": "q:list"}, {"text": "📅 Tavoli di lavoro", "data": "m:list"}],
]


async def start(update: Update, context: ZContext) -> None:
    name = update.effective_user.first_name if update.effective_user else ""
    await reply(update, render(common.WELCOME, name=name), MAIN_MENU)


async def help_(update: Update, context: ZContext) -> None:
    """The commands and the menu; in a group only a pointer to the private chat (a deep link, no menu)."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        username = context.bot.username
        rows = [[{"text": common.GROUP_HELP_BUTTON, "url": f"https://t.me/{username}?start=help"}]] if username else None
        await reply(update, common.GROUP_HELP, rows)
        return
    await reply(update, common.HELP, MAIN_MENU)
