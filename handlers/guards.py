"""First in line: record who is writing, keep reachability current, skip what must not be answered."""
from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, ChatMemberHandler, TypeHandler

from bot.app import ZContext
from bot import arrival
from bot.people import directory, policy

GROUP = -10


async def track_person(update: Update, context: ZContext) -> None:
    """Channel posts are never answered; in private chats the person is recorded or refreshed."""
    policy.start_noting_refusals()  # written to the audit log by handlers/people.py after every feature
    if update.channel_post or update.edited_channel_post:
        raise ApplicationHandlerStop
    if _not_for_us_in_group(update, context.bot.username):
        raise ApplicationHandlerStop
    user, chat = update.effective_user, update.effective_chat
    if user is None:  # no sender (a forged message without `from`): nobody to check or answer
        raise ApplicationHandlerStop
    if user.is_bot:
        return
    services = context.services
    private_chat = chat.id if chat is not None and chat.type == ChatType.PRIVATE else None
    context.arrival = await arrival.receive(services.db, telegram_user_id=user.id, chat_id=private_chat,
                                            name=user.full_name, username=user.username, now=services.now,
                                            admins=services.settings.admins)


def _not_for_us_in_group(update: Update, bot_username: str | None) -> bool:
    """In groups only commands addressed to the bot (/cmd or /cmd@this_bot) are answered."""
    message = update.message or update.edited_message
    if message is None or message.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return False
    if update.edited_message is not None or not message.text:
        return True
    entity = message.entities[0] if message.entities else None
    if entity is None or entity.type != "bot_command" or entity.offset != 0:
        return True
    command = message.text[:entity.length]
    return "@" in command and command.split("@", 1)[1].lower() != (bot_username or "").lower()


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
