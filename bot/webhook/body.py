"""The webhook's request body: at most 1 MB, read without holding more, and a valid update or nothing.

Telegram's own updates are a few kilobytes of JSON objects nested a dozen levels at most, with
integers that fit 64 bits. Anything else (a body too large, malformed JSON, NaN, huge numbers, deep
nesting, a non-object, an object python-telegram-bot cannot read as an Update) is refused with 413 or
400 before it is stored, so it can never reach the inbox, the handlers, or a 500.
"""
from __future__ import annotations

import json
import math
from typing import Any, AsyncIterator

from telegram import Update

from bot import untrusted

MAX_BODY = 1024 * 1024
MAX_DEPTH = 32
MAX_INT = 2 ** 63 - 1


class BadBody(Exception):
    """The body is refused; `status` is the HTTP answer (400 or 413)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


async def read_limited(content_length: str | None, stream: AsyncIterator[bytes], limit: int = MAX_BODY) -> bytes:
    """The whole body, or BadBody(413) as soon as the declared or the received size passes `limit`."""
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise BadBody(400, "Content-Length is not a number") from None
        if declared > limit:
            raise BadBody(413, "body too large")
    chunks, size = [], 0
    async for chunk in stream:
        size += len(chunk)
        if size > limit:
            raise BadBody(413, "body too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > 19 or abs(value := int(text)) > MAX_INT:
        raise ValueError("integer out of range")
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _check_depth(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ValueError("nested too deep")
    if isinstance(value, dict):
        for v in value.values():
            _check_depth(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_depth(v, depth + 1)


def parse_update(body: bytes, bot) -> tuple[int, dict]:
    """(update_id, payload cleaned of control characters), or BadBody(400)."""
    try:
        payload = json.loads(body, parse_int=_integer, parse_float=_float, parse_constant=_constant)
        _check_depth(payload)
    except (ValueError, RecursionError):  # malformed JSON, bad UTF-8, numbers out of range, deep nesting
        raise BadBody(400, "not valid JSON") from None
    if not isinstance(payload, dict):
        raise BadBody(400, "not a JSON object")
    update_id = payload.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or not 0 <= update_id <= MAX_INT:
        raise BadBody(400, "no valid update_id")
    payload = untrusted.clean_payload(payload)
    try:
        Update.de_json(payload, bot)
    except Exception:  # noqa: BLE001 - whatever python-telegram-bot cannot read is not an update
        raise BadBody(400, "not a valid update") from None
    return update_id, payload
