"""First in line: record who is writing, keep reachability current, skip what must not be answered."""
from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, ChatMemberHandler, TypeHandler

from bot.app import ZContext
from bot.people import directory

GROUP = -10


async def track_person(update: Update, context: ZContext) -> None:
    """Channel posts are never answered; in private chats the person is recorded or refreshed."""
    if update.channel_post or update.edited_channel_post:
        raise ApplicationHandlerStop
    user, chat = update.effective_user, update.effective_chat
    if user is None or user.is_bot:
        return
    services = context.services
    private_chat = chat.id if chat is not None and chat.type == ChatType.PRIVATE else None
    async with services.db.session() as session:
        await directory.touch(session, telegram_user_id=user.id, chat_id=private_chat,
                              name=user.full_name, username=user.username, now=services.now,
                              admins=services.settings.admins)


async def chat_member(update: Update, context: ZContext) -> None:
    """A person who blocks the bot is unreachable until they unblock it."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    reachable = change.new_chat_member.status not in (ChatMember.BANNED, ChatMember.LEFT)
    async with context.services.db.session() as session:
        await directory.set_reachable(session, change.from_user.id, reachable)


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, track_person), group=GROUP)
    app.add_handler(ChatMemberHandler(chat_member, ChatMemberHandler.MY_CHAT_MEMBER), group=GROUP + 1)
