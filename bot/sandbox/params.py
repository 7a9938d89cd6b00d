"""Reading Bot API parameters as Telegram does: query string, form, multipart or JSON bodies."""
from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from bot.sandbox.state import ApiError

# parameters whose form value is JSON (python-telegram-bot json-encodes every non-string value)
JSON_FIELDS = {"reply_markup", "entities", "caption_entities", "commands", "results", "allowed_updates",
               "scope", "reply_parameters", "link_preview_options", "media", "button"}
INT_FIELDS = {"message_id", "offset", "limit", "timeout", "cache_time", "max_connections", "user_id"}
BOOL_FIELDS = {"show_alert", "drop_pending_updates", "disable_web_page_preview", "disable_notification",
               "is_personal", "protect_content"}


@dataclass
class Upload:
    filename: str
    content_type: str
    data: bytes


class Params(dict):
    """Parameters by name; uploaded files kept apart in `files`."""

    def __init__(self, values: dict[str, Any], files: dict[str, Upload]) -> None:
        super().__init__(values)
        self.files = files

    def required(self, name: str) -> Any:
        value = self.get(name)
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: {name} is empty" if name in ("text", "message_text")
                           else f"Bad Request: parameter \"{name}\" is required")
        return value


def _coerce(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in JSON_FIELDS:
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
    if name in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None
    if name in BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


async def read_params(request: Request) -> Params:
    """Everything the client sent, coerced to Python values."""
    values: dict[str, Any] = dict(request.query_params)
    files: dict[str, Upload] = {}
    ctype = request.headers.get("content-type", "")
    body = await request.body()
    if ctype.startswith("application/json"):
        if body:
            try:
                data = json.loads(body)
            except json.JSONDecodeError:
                raise ApiError(400, "Bad Request: can't parse JSON") from None
            if not isinstance(data, dict):
                raise ApiError(400, "Bad Request: JSON object expected")
            values.update(data)
    elif ctype.startswith("application/x-www-form-urlencoded"):
        values.update(parse_qsl(body.decode(), keep_blank_values=True))
    elif ctype.startswith("multipart/form-data"):
        _multipart(ctype, body, values, files)
    return Params({k: _coerce(k, v) for k, v in values.items()}, files)


def _multipart(ctype: str, body: bytes, values: dict, files: dict) -> None:
    """Split a multipart/form-data body with the standard library's MIME parser."""
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise ApiError(400, "Bad Request: can't parse multipart body")
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = Upload(filename, part.get_content_type(), payload)
        else:
            values[name] = payload.decode(part.get_content_charset() or "utf-8")


def upload(params: Params, field_name: str) -> tuple[bytes, str, str] | str:
    """The file sent as `field_name`: bytes with name and type, or an existing file_id string."""
    value = params.get(field_name)
    part = params.files.get(field_name)
    if part is None and isinstance(value, str) and value.startswith("attach://"):
        part = params.files.get(value[len("attach://"):])
    if part is not None:
        if not part.data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        return part.data, part.filename or field_name, part.content_type or "application/octet-stream"
    if isinstance(value, str) and value:
        return value
    raise ApiError(400, f"Bad Request: there is no {field_name} in the request")
