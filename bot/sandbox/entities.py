"""Telegram's HTML parse mode, as the Bot API server parses it: text and entities, or its exact error.

Follows tdlib's `parse_html`: only the documented tags, the four named entities plus numeric ones
(any other `&` stays literal), errors with UTF-8 byte offsets, prefixed "can't parse entities: ".
"""
from __future__ import annotations

import html
import re

TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
        "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
        "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
        "tg-emoji": "custom_emoji"}
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_SPECIAL = re.compile(r"[<&]")
_ATTR = re.compile(r"""\s*([a-zA-Z-]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


class EntityParseError(ValueError):
    """HTML that Telegram refuses; str() is the Bot API description."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {detail}")


def _offset(text: str, i: int) -> int:
    return len(text[:i].encode())


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _attributes(raw: str) -> dict[str, str]:
    attrs = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        attrs[m.group(1).lower()] = html.unescape(value)
    return attrs


def parse_html(text: str) -> tuple[str, list[dict]]:
    """Plain text and entities (offsets in UTF-16 units), or EntityParseError like Telegram's."""
    out: list[str] = []
    stack: list[dict] = []
    entities: list[dict] = []
    length = 0  # utf-16 length of out
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "&":
            m = _ENTITY.match(text, i)
            decoded = None
            if m and m.group(1):
                decoded = chr(int(m.group(1))) if 0 < int(m.group(1)) < 0x110000 else None
            elif m and m.group(2):
                decoded = chr(int(m.group(2), 16)) if 0 < int(m.group(2), 16) < 0x110000 else None
            elif m:
                decoded = NAMED.get(m.group(3))
            if decoded is None:
                out.append("&")
                length += 1
                i += 1
            else:
                out.append(decoded)
                length += _utf16(decoded)
                i = m.end()
            continue
        if c != "<":  # a run of plain text up to the next tag or entity, measured once
            special = _SPECIAL.search(text, i + 1)
            run = text[i:special.start() if special else n]
            out.append(run)
            length += _utf16(run)
            i += len(run)
            continue
        start = i
        if i + 1 < n and text[i + 1] == "/":
            end = text.find(">", i)
            if end < 0:
                raise EntityParseError(f"Unclosed end tag at byte offset {_offset(text, start)}")
            name = text[i + 2:end].strip().lower()
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {_offset(text, start)}")
            if name != stack[-1]["tag"]:
                raise EntityParseError(f"Unmatched end tag at byte offset {_offset(text, start)}, "
                                       f"expected \"</{stack[-1]['tag']}>\", found \"</{name}>\"")
            opened = stack.pop()
            if length > opened["offset"]:
                entity = {"type": opened["type"], "offset": opened["offset"], "length": length - opened["offset"]}
                entity.update(opened["extra"])
                entities.append(entity)
            i = end + 1
            continue
        j = i + 1
        while j < n and not text[j].isspace() and text[j] not in ">/":
            j += 1
        name = text[i + 1:j].lower()
        if name not in TAGS:
            raise EntityParseError(f"Unsupported start tag \"{name}\" at byte offset {_offset(text, start)}")
        end = text.find(">", j)
        if end < 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {_offset(text, start)}")
        attrs = _attributes(text[j:end].rstrip("/"))
        stack.append({"tag": name, "type": TAGS[name], "offset": length,
                      "extra": _extra(name, attrs, text, start)})
        i = end + 1
    if stack:
        raise EntityParseError(f"Can't find end tag corresponding to start tag \"{stack[-1]['tag']}\"")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _extra(name: str, attrs: dict[str, str], text: str, start: int) -> dict:
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityParseError(f"Tag \"span\" must have class \"tg-spoiler\" at byte offset {_offset(text, start)}")
    if name == "a":
        return {"url": attrs.get("href", "")}
    if name == "tg-emoji":
        return {"custom_emoji_id": attrs.get("emoji-id", "")}
    if name == "code" and attrs.get("class", "").startswith("language-"):
        return {"language": attrs["class"][len("language-"):]}
    if name == "blockquote" and "expandable" in attrs:
        return {"expandable": True}
    return {}


SAFE = {"bold": "b", "italic": "i", "underline": "u", "strikethrough": "s", "spoiler": "span", "code": "code",
        "pre": "pre", "blockquote": "blockquote", "text_link": "a", "custom_emoji": "span", "bot_command": "span"}


def to_safe_html(text: str, entities: list[dict] | None) -> str:
    """Re-serialise text + entities as escaped HTML for the web chat (links only http, https, tg)."""
    units = text.encode("utf-16-le")
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for e in sorted(entities or [], key=lambda e: (e["offset"], -e["length"])):
        tag = SAFE.get(e["type"])
        if tag is None or _inside_pair(units, e["offset"]) or _inside_pair(units, e["offset"] + e["length"]):
            continue  # unknown type, or an edge that would split a character: shown as plain text
        attr = ' class="spoiler"' if e["type"] == "spoiler" else ""
        if tag == "a":
            url = e.get("url", "")
            if not re.match(r"^(https?|tg)://", url):
                tag, url = "span", ""
            attr = f' href="{html.escape(url)}" target="_blank" rel="noopener"' if url else ""
        opens.setdefault(e["offset"], []).append(f"<{tag}{attr}>")
        closes.setdefault(min(e["offset"] + e["length"], len(units) // 2), []).insert(0, f"</{tag}>")
    count = len(units) // 2
    # Tags go at entity boundaries; the text between two boundaries is escaped in one piece.
    cuts = sorted(b for b in {0, count, *opens, *closes} if 0 <= b <= count)
    parts: list[str] = []
    for k, cut in enumerate(cuts):
        parts.extend(closes.get(cut, []))
        parts.extend(opens.get(cut, []))
        if k + 1 < len(cuts):
            parts.append(html.escape(units[2 * cut:2 * cuts[k + 1]].decode("utf-16-le"), quote=False))
    return "".join(parts)


def _inside_pair(units: bytes, i: int) -> bool:
    """True when UTF-16 offset `i` falls between the two halves of a surrogate pair."""
    return 0 < i and 0xD800 <= int.from_bytes(units[2 * i - 2:2 * i], "little") < 0xDC00
