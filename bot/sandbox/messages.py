"""What the bot sends: text, keyboards and files checked against Telegram's rules, then stored."""
from __future__ import annotations

import re
import struct

from bot.sandbox.entities import EntityParseError, parse_html, to_safe_html
from bot.sandbox.params import Params, upload
from bot.sandbox.state import ApiError, ChatLog, SandboxState

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK = 64
MAX_BUTTONS = 100
NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message")


def formatted(params: Params, field_name: str, limit: int, *, required: bool) -> tuple[str, list[dict]]:
    """Text and entities after parsing, refused like Telegram when empty, too long or bad HTML."""
    raw = params.get(field_name)
    if raw is None or raw == "":
        if required:
            raise ApiError(400, "Bad Request: message text is empty")
        return "", []
    raw = str(raw)
    mode = (params.get("parse_mode") or "").lower()
    entities_key = "entities" if field_name == "text" else "caption_entities"
    if mode == "html":
        try:
            text, entities = parse_html(raw)
        except EntityParseError as exc:
            raise ApiError(400, str(exc)) from None
    else:
        text, entities = raw, list(params.get(entities_key) or [])
    if required and not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > limit:
        raise ApiError(400, "Bad Request: message is too long" if field_name == "text"
                       else "Bad Request: message caption is too long")
    return text, entities


def markup(params: Params) -> dict | None:
    """The inline keyboard, with Telegram's checks on callback data, URLs and size."""
    value = params.get("reply_markup")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    rows = value.get("inline_keyboard")
    if rows is None:
        return value  # reply keyboards and removals: kept as given
    if not isinstance(rows, list) or sum(len(r) for r in rows) > MAX_BUTTONS:
        raise ApiError(400, "Bad Request: reply markup is too long")
    for row in rows:
        for button in row:
            if not str(button.get("text") or "").strip():
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                size = len(str(button["callback_data"]).encode())
                if not 1 <= size <= MAX_CALLBACK:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            elif "url" in button:
                if not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
                    raise ApiError(400, f"Bad Request: inline keyboard button URL '{button['url']}' is invalid: "
                                        "Wrong HTTP URL")
            elif not any(k in button for k in ("switch_inline_query", "switch_inline_query_current_chat",
                                                "web_app", "login_url", "copy_text", "pay", "callback_game")):
                raise ApiError(400, "Bad Request: can't parse inline keyboard button: "
                                    "InlineKeyboardButton must have exactly one optional field")
    return value


def _with_text(message: dict, text: str, entities: list[dict], key: str = "text") -> None:
    message[key] = text
    entity_key = "entities" if key == "text" else "caption_entities"
    if entities:
        message[entity_key] = entities
    else:
        message.pop(entity_key, None)
    message["_html"] = to_safe_html(text, entities)


def send_text(state: SandboxState, params: Params) -> dict:
    log = state.chat_for_bot(params.required("chat_id"))
    text, entities = formatted(params, "text", MAX_TEXT, required=True)
    message: dict = {}
    _with_text(message, text, entities)
    if (keyboard := markup(params)) is not None:
        message["reply_markup"] = keyboard
    return state.add_message(log, message, outgoing=True)


def _own_message(state: SandboxState, params: Params) -> tuple[ChatLog, dict]:
    if params.get("inline_message_id"):
        raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
    log = state.chat_for_bot(params.required("chat_id"))
    message = log.messages.get(int(params.required("message_id")))
    if message is None:
        raise ApiError(400, "Bad Request: message to edit not found")
    if message["from"]["id"] != state.bot["id"]:
        raise ApiError(400, "Bad Request: message can't be edited")
    return log, message


def edit_text(state: SandboxState, params: Params) -> dict:
    _, message = _own_message(state, params)
    if "text" not in message:
        raise ApiError(400, "Bad Request: there is no text in the message to edit")
    text, entities = formatted(params, "text", MAX_TEXT, required=True)
    keyboard = markup(params)
    if text == message["text"] and entities == message.get("entities", []) and keyboard == message.get("reply_markup"):
        raise ApiError(400, NOT_MODIFIED)
    _with_text(message, text, entities)
    _set_markup(message, keyboard)
    message["edit_date"] = message["date"]
    state.touch(message)
    return message


def edit_caption(state: SandboxState, params: Params) -> dict:
    _, message = _own_message(state, params)
    text, entities = formatted(params, "caption", MAX_CAPTION, required=False)
    _with_text(message, text, entities, key="caption")
    _set_markup(message, markup(params))
    state.touch(message)
    return message


def edit_markup(state: SandboxState, params: Params) -> dict:
    _, message = _own_message(state, params)
    keyboard = markup(params)
    if keyboard == message.get("reply_markup"):
        raise ApiError(400, NOT_MODIFIED)
    _set_markup(message, keyboard)
    state.touch(message)
    return message


def _set_markup(message: dict, keyboard: dict | None) -> None:
    if keyboard and keyboard.get("inline_keyboard"):
        message["reply_markup"] = keyboard
    else:
        message.pop("reply_markup", None)


def delete(state: SandboxState, params: Params) -> bool:
    log = state.chat_for_bot(params.required("chat_id"))
    message = log.messages.get(int(params.required("message_id")))
    if message is None:
        raise ApiError(400, "Bad Request: message to delete not found")
    message["_deleted"] = True
    state.touch(message)
    return True


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return 320, 240


def send_file(state: SandboxState, params: Params, kind: str) -> dict:
    """sendDocument / sendPhoto: multipart upload (bytes kept for the web chat) or a known file_id."""
    log = state.chat_for_bot(params.required("chat_id"))
    got = upload(params, kind)
    if isinstance(got, str):
        stored = state.files.get(got)
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
    else:
        stored = state.store_file(*got)
    caption, entities = formatted(params, "caption", MAX_CAPTION, required=False)
    info = {"file_id": stored.file_id, "file_unique_id": stored.unique_id, "file_size": len(stored.data)}
    message: dict = {}
    if kind == "photo":
        width, height = _png_size(stored.data)
        message["photo"] = [dict(info, width=width, height=height)]
    else:
        message["document"] = dict(info, file_name=stored.filename, mime_type=stored.mime)
    if caption:
        _with_text(message, caption, entities, key="caption")
    if (keyboard := markup(params)) is not None:
        message["reply_markup"] = keyboard
    return state.add_message(log, message, outgoing=True)


def public(message: dict) -> dict:
    """The message as the Bot API returns it (without the sandbox's own keys)."""
    return {k: v for k, v in message.items() if not k.startswith("_")}
