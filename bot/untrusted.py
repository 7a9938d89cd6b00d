"""What arrives from outside, made safe to store: control characters out, before anything reads it.

A NUL in a first name is refused by PostgreSQL (every update of that person would then fail), and
control characters in names or texts break exports, logs and terminals. Tab and newline are kept:
people write them. Removing a character from a message text moves its entities (offsets in UTF-16
units), so they are moved with it; an entity left empty is dropped.
"""
from __future__ import annotations

import re
from typing import Any

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode Cc except \t and \n
TEXT_FIELDS = (("text", "entities"), ("caption", "caption_entities"))


def has_control(text: str | None) -> bool:
    return bool(text) and CONTROL.search(text) is not None


def clean(text: str) -> str:
    return CONTROL.sub("", text)


def clean_payload(value: Any) -> Any:
    """A decoded JSON value (an update) with every string cleaned, entities kept on their text."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_payload(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: clean_payload(v) for k, v in value.items() if k not in ("text", "caption")}
    for text_key, entities_key in TEXT_FIELDS:
        text = value.get(text_key)
        if isinstance(text, str):
            out[text_key] = clean(text)
            if isinstance(value.get(entities_key), list) and has_control(text):
                out[entities_key] = _moved(text, out[entities_key])
        elif text_key in value:
            out[text_key] = clean_payload(text)
    return out


def _moved(text: str, entities: list) -> list:
    """Entities of `text` re-measured on the cleaned text (control characters are one UTF-16 unit each)."""
    removed: list[int] = []  # UTF-16 positions of the removed characters
    position = 0
    for char in text:
        if CONTROL.match(char):
            removed.append(position)
        position += 2 if ord(char) > 0xFFFF else 1

    def shift(i: int) -> int:
        return i - sum(1 for r in removed if r < i)

    moved = []
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("offset"), int) \
                or not isinstance(entity.get("length"), int):
            moved.append(entity)
            continue
        start, end = shift(entity["offset"]), shift(entity["offset"] + entity["length"])
        if end > start:
            moved.append({**entity, "offset": start, "length": end - start})
    return moved
