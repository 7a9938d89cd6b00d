"""The sandbox's Telegram world in memory: users, private chats, messages, pending updates, files."""
from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 7000000001
BOT_USERNAME = "zobot_sandbox_bot"


class ApiError(Exception):
    """A Bot API error answer: HTTP status and Telegram's description."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


@dataclass
class StoredFile:
    file_id: str
    data: bytes
    filename: str
    mime: str

    @property
    def unique_id(self) -> str:
        return "u" + self.file_id


@dataclass
class ChatLog:
    """One private chat as the user sees it: messages by id, with a change sequence for readers."""

    user: dict
    started: bool = False
    blocked: bool = False
    messages: dict[int, dict] = field(default_factory=dict)
    next_message_id: int = 1


class SandboxState:
    """Everything the local Bot API server knows; one instance per server."""

    def __init__(self, token: str, *, bot_username: str = BOT_USERNAME) -> None:
        self.token = token
        self.bot = {"id": BOT_ID, "is_bot": True, "first_name": "zobot", "username": bot_username,
                    "can_join_groups": True, "can_read_all_group_messages": False,
                    "supports_inline_queries": True}
        self.chats: dict[int, ChatLog] = {}
        self.updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self.files: dict[str, StoredFile] = {}
        self.queries: dict[str, dict] = {}
        self.commands: list[dict] = []
        self.webhook: dict = {"url": "", "secret_token": None}
        self.pusher: asyncio.Task | None = None
        self.listeners: list = []  # callables(user_id, message) told of every message the bot sends
        self.acknowledged: list[int] = []
        self.calls: dict[str, int] = {}
        self.seq = 0
        self._changed = asyncio.Event()
        self._new_update = asyncio.Event()
        self.poller = 0
        self.closing = False

    # users and chats -------------------------------------------------------------------------
    def user(self, user_id: int, first_name: str | None = None, last_name: str | None = None,
             username: str | None = None) -> ChatLog:
        """The chat with a user, created on first sight; names update when given."""
        log = self.chats.get(user_id)
        if log is None:
            log = self.chats[user_id] = ChatLog(user={"id": user_id, "is_bot": False,
                                                      "first_name": first_name or f"Utente {user_id}",
                                                      "language_code": "it"})
        if first_name:
            log.user["first_name"] = first_name
        if last_name:
            log.user["last_name"] = last_name
        if username:
            log.user["username"] = username
        return log

    def chat_object(self, log: ChatLog) -> dict:
        chat = {"id": log.user["id"], "type": "private", "first_name": log.user["first_name"]}
        for key in ("last_name", "username"):
            if key in log.user:
                chat[key] = log.user[key]
        return chat

    def chat_for_bot(self, chat_id: Any) -> ChatLog:
        """The chat the bot writes to, with Telegram's refusals for unknown, unstarted and blocked chats."""
        try:
            log = self.chats.get(int(chat_id))
        except (TypeError, ValueError):
            log = None
        if log is None:
            raise ApiError(400, "Bad Request: chat not found")
        if log.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if not log.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return log

    # messages --------------------------------------------------------------------------------
    def add_message(self, log: ChatLog, message: dict, *, outgoing: bool) -> dict:
        message["message_id"] = log.next_message_id
        log.next_message_id += 1
        message.setdefault("date", int(time.time()))
        message["chat"] = self.chat_object(log)
        message["from"] = dict(self.bot) if outgoing else dict(log.user)
        log.messages[message["message_id"]] = message
        self.touch(message)
        if outgoing:
            for listener in self.listeners:
                listener(log.user["id"], message)
        return message

    def touch(self, message: dict) -> None:
        """Mark a message changed so web chats and test clients see it."""
        self.seq += 1
        message["_seq"] = self.seq
        self._changed = _pulse(self._changed)

    def store_file(self, data: bytes, filename: str, mime: str) -> StoredFile:
        file_id = f"F{next(self._file_ids):06d}SANDBOX"
        stored = self.files[file_id] = StoredFile(file_id, data, filename, mime)
        return stored

    def changes(self, user_id: int, since: int) -> list[dict]:
        log = self.chats.get(user_id)
        if log is None:
            return []
        return sorted((m for m in log.messages.values() if m["_seq"] > since), key=lambda m: m["message_id"])

    async def wait_changes(self, since: int, timeout: float) -> None:
        """Return when something changed after `since`, or after `timeout` seconds."""
        if self.seq <= since and timeout > 0:
            await _wait(self._changed, timeout)

    # updates ---------------------------------------------------------------------------------
    def push_update(self, kind: str, payload: dict) -> dict:
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self._new_update = _pulse(self._new_update)
        return update

    def new_query_id(self) -> str:
        return f"{next(self._query_ids)}{BOT_ID}"

    def confirm(self, offset: int) -> None:
        """Forget updates below `offset`, as getUpdates with a higher offset does."""
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def pending(self, offset: int, limit: int, allowed: list[str] | None) -> list[dict]:
        items = self.updates
        if offset < 0:
            items = items[offset:]
        if allowed:
            items = [u for u in items if any(k in u for k in allowed)]
        return items[:limit]

    async def wait_update(self, timeout: float) -> None:
        """Return when a new update arrives (or a newer poller takes over), or after `timeout`."""
        await _wait(self._new_update, timeout)

    def wake_pollers(self) -> None:
        self._new_update = _pulse(self._new_update)

    def close(self) -> None:
        """The server is stopping: end every long poll now, so no request is cut mid-way."""
        self.closing = True
        self.wake_pollers()
        self._changed = _pulse(self._changed)


def _pulse(event: asyncio.Event) -> asyncio.Event:
    """Wake everyone waiting on `event` and hand out a fresh one for the next waiters."""
    event.set()
    return asyncio.Event()


async def _wait(event: asyncio.Event, timeout: float) -> None:
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except asyncio.TimeoutError:
        pass
