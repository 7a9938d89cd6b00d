"""Small factories for Bot API update payloads, fed through Update.de_json like real ones."""
from __future__ import annotations

import itertools
from typing import Any

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def user(user_id: int, first_name: str = "Anna", last_name: str | None = "Rossi", username: str | None = None) -> dict:
    u: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "it"}
    if last_name:
        u["last_name"] = last_name
    if username:
        u["username"] = username
    return u


def message(text: str | None, *, user_id: int = 1001, chat_id: int | None = None, chat_type: str = "private",
            update_id: int | None = None, edited: bool = False, extra: dict | None = None, **user_kw) -> dict:
    """A text message; commands get the bot_command entity at offset 0 that CommandHandler needs."""
    chat_id = user_id if chat_id is None else chat_id
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = user_kw.get("first_name", "Anna")
    else:
        chat["title"] = "Gruppo"
    msg: dict[str, Any] = {"message_id": next(_message_ids), "date": 1700000000, "chat": chat,
                           "from": user(user_id, **user_kw)}
    if text is not None:
        msg["text"] = text
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    if extra:
        msg.update(extra)
    key = "edited_message" if edited else "message"
    if edited:
        msg["edit_date"] = 1700000100
    return {"update_id": update_id or next(_update_ids), key: msg}


def callback(data: str, *, user_id: int = 1001, message_id: int = 1000, chat_id: int | None = None,
             update_id: int | None = None, text: str = "…", **user_kw) -> dict:
    chat_id = user_id if chat_id is None else chat_id
    return {
        "update_id": update_id or next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)), "from": user(user_id, **user_kw), "chat_instance": "ci", "data": data,
            "message": {"message_id": message_id, "date": 1700000000, "text": text,
                        "chat": {"id": chat_id, "type": "private", "first_name": "Anna"},
                        "from": {"id": 777000111, "is_bot": True, "first_name": "zobot"}},
        },
    }


def inline_query(query: str, *, user_id: int = 1001) -> dict:
    return {"update_id": next(_update_ids),
            "inline_query": {"id": str(next(_update_ids)), "from": user(user_id), "query": query, "offset": ""}}


def my_chat_member(status: str, *, user_id: int = 1001) -> dict:
    return {"update_id": next(_update_ids), "my_chat_member": {
        "chat": {"id": user_id, "type": "private", "first_name": "Anna"}, "from": user(user_id), "date": 1700000000,
        "old_chat_member": {"status": "member", "user": {"id": 777000111, "is_bot": True, "first_name": "zobot"}},
        "new_chat_member": {"status": status, "user": {"id": 777000111, "is_bot": True, "first_name": "zobot"},
                            **({"until_date": 0} if status == "kicked" else {})}}}
