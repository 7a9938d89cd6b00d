"""First in line: record who is writing, keep reachability current, skip what must not be answered."""
from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, ChatMemberHandler, TypeHandler

from bot import arrival
from bot.people import policy
from bot.reply import Reply
from bot.texts import common
from handlers.context import ZContext
from handlers.show import show

GROUP = -10


async def track_person(update: Update, context: ZContext, public_in_groups: frozenset[str]) -> None:
    """Channel posts are never answered; in private chats the person is recorded or refreshed.

    Private by default: in a group only /help and /privacy addressed to the bot answer, and a button
    pressed there (any prefix) only gets an alert pointing to the private chat, before any feature
    runs. An update without a sender, a button on an inline message (zobot's inline answers carry
    none) or with data no zobot button carries (policy.plausible_data) goes no further either."""
    policy.start_noting_refusals()  # written to the audit log by handlers/people.py after every feature
    if update.channel_post or update.edited_channel_post:
        raise ApplicationHandlerStop
    query = update.callback_query
    if query is not None and (query.message is None or query.message.chat.type != ChatType.PRIVATE
                              or not policy.plausible_data(query.data)):
        in_group = query.message is not None and query.message.chat.type != ChatType.PRIVATE
        await show(update, Reply.notice(common.PRIVATE_CHAT_ONLY) if in_group
                   else Reply.toast_only(common.BUTTON_EXPIRED))
        raise ApplicationHandlerStop
    if _not_for_us_in_group(update, context.bot.username, public_in_groups):
        raise ApplicationHandlerStop
    user, chat = update.effective_user, update.effective_chat
    if user is None:  # a message without `from` (or a poll, a reaction count): nobody to answer
        raise ApplicationHandlerStop
    if user.is_bot:
        return
    services = context.services
    private_chat = chat.id if chat is not None and chat.type == ChatType.PRIVATE else None
    context.arrival = await arrival.receive(services.db, telegram_user_id=user.id, chat_id=private_chat,
                                            name=user.full_name, username=user.username, now=services.now,
                                            admins=services.settings.admins)


def _not_for_us_in_group(update: Update, bot_username: str | None, public_in_groups: frozenset[str]) -> bool:
    """In groups only the commands the route table marks `in_groups` (/help, /privacy), addressed to the
    bot (/cmd or /cmd@this_bot), are answered (docs/security-access.md)."""
    message = update.message or update.edited_message
    if message is None or message.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return False
    if update.edited_message is not None or not message.text:
        return True
    entity = message.entities[0] if message.entities else None
    if entity is None or entity.type != "bot_command" or entity.offset != 0:
        return True
    name, _, addressee = message.text[1:entity.length].partition("@")
    if addressee and addressee.lower() != (bot_username or "").lower():
        return True
    return name.lower() not in public_in_groups


async def chat_member(update: Update, context: ZContext) -> None:
    """A person who blocks the bot is unreachable until they unblock it."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    reachable = change.new_chat_member.status not in (ChatMember.BANNED, ChatMember.LEFT)
    await context.services.people.set_reachable(change.from_user.id, reachable)


def register(app: Application, public_in_groups: frozenset[str]) -> None:
    """`public_in_groups`: the commands that answer in a group (the routes marked `in_groups`)."""
    async def guard(update: Update, context: ZContext) -> None:
        await track_person(update, context, public_in_groups)

    app.add_handler(TypeHandler(Update, guard), group=GROUP)
    app.add_handler(ChatMemberHandler(chat_member, ChatMemberHandler.MY_CHAT_MEMBER), group=GROUP + 1)
