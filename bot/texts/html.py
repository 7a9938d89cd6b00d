"""Telegram HTML that Telegram always accepts: from a message's entities, and cut into message-sized parts.

`from_entities` rebuilds what a person wrote (text + entities, e.g. the text of an /annuncio) as the
HTML subset of the Bot API: attribute values escaped, tags always properly nested (entities that
cross are closed and reopened), links only to http(s) and tg, entity types the Bot API cannot send
back kept as plain text. `split` cuts a long HTML text between tags and character references, never
inside one, and closes the tags open at a cut and reopens them in the next part.
"""
from __future__ import annotations

import re
from html import escape

SIMPLE = {"bold": "b", "italic": "i", "underline": "u", "strikethrough": "s", "spoiler": "tg-spoiler",
          "code": "code", "pre": "pre", "blockquote": "blockquote"}
LINK_RE = re.compile(r"^(https?|tg)://[^\s\x00-\x1f]+$", re.IGNORECASE)
_TOKEN = re.compile(r"<[^<>]*>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{1,10});|[^<&\n]+|\n|[<&]")
_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")


def _tags(entity: dict) -> tuple[str, str] | None:
    kind = entity.get("type")
    if kind in SIMPLE:
        return f"<{SIMPLE[kind]}>", f"</{SIMPLE[kind]}>"
    if kind == "expandable_blockquote":
        return "<blockquote expandable>", "</blockquote>"
    if kind == "text_link" and isinstance(entity.get("url"), str) and LINK_RE.match(entity["url"]):
        return f'<a href="{escape(entity["url"], quote=True)}">', "</a>"
    user = entity.get("user")
    if kind == "text_mention" and isinstance(user, dict) and isinstance(user.get("id"), int):
        return f'<a href="tg://user?id={int(user["id"])}">', "</a>"
    return None  # mentions, hashtags, urls, commands, custom emoji…: Telegram finds or refuses them itself


def _inside_pair(units: bytes, i: int) -> bool:
    """True when UTF-16 offset `i` falls between the two halves of a surrogate pair."""
    return 0 < i < len(units) // 2 and 0xDC00 <= int.from_bytes(units[2 * i:2 * i + 2], "little") < 0xE000


def from_entities(text: str, entities: list[dict] | None) -> str:
    """`text` with its entities (offsets in UTF-16 units) as valid Telegram HTML."""
    units = text.encode("utf-16-le")
    size = len(units) // 2
    spans: list[tuple[int, int, tuple[str, str]]] = []
    for entity in entities or []:
        tags = _tags(entity) if isinstance(entity, dict) else None
        offset, length = entity.get("offset") if tags else None, entity.get("length") if tags else None
        if not isinstance(offset, int) or not isinstance(length, int):
            continue
        start, end = max(0, offset), min(size, offset + length)
        if tags and start < end and not _inside_pair(units, start) and not _inside_pair(units, end):
            spans.append((start, end, tags))
    cuts = sorted({0, size, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    stack: list[tuple[int, int, tuple[str, str]]] = []
    for k, cut in enumerate(cuts):
        if any(end == cut for _, end, _ in stack):  # close what ends here, reopen what goes on
            going_on = []
            while any(end == cut for _, end, _ in stack):
                span = stack.pop()
                out.append(span[2][1])
                if span[1] != cut:
                    going_on.append(span)
            for span in reversed(going_on):
                out.append(span[2][0])
                stack.append(span)
        for span in sorted((s for s in spans if s[0] == cut), key=lambda s: -s[1]):  # longest outside
            out.append(span[2][0])
            stack.append(span)
        if k + 1 < len(cuts):
            out.append(escape(units[2 * cut:2 * cuts[k + 1]].decode("utf-16-le"), quote=False))
    return "".join(out)


class _Parts:
    """Parts being filled, with the tags open at the end of the current one."""

    def __init__(self, limit: int) -> None:
        self.limit, self.current = limit, ""
        self.parts: list[str] = []
        self.stack: list[tuple[str, str]] = []

    def closing(self, stack: list[tuple[str, str]] | None = None) -> str:
        return "".join(f"</{name}>" for name, _ in reversed(self.stack if stack is None else stack))

    def fits(self, piece: str, stack: list[tuple[str, str]]) -> bool:
        return len(self.current) + len(piece) + len(self.closing(stack)) <= self.limit

    def add(self, piece: str, stack: list[tuple[str, str]]) -> None:
        self.current += piece
        self.stack = stack

    def cut(self) -> None:
        """Close the open tags, keep the part if it shows anything, start the next with the tags reopened."""
        part = self.current + self.closing()
        if re.sub(r"<[^>]*>", "", part).strip():
            self.parts.append(part)
        self.current = "".join(tag for _, tag in self.stack)


def _after(stack: list[tuple[str, str]], tokens: list[str]) -> list[tuple[str, str]]:
    """The open tags after `tokens`."""
    stack = list(stack)
    for token in tokens:
        if token.startswith("</") and token.endswith(">"):
            name = token[2:-1].strip().lower()
            if stack and stack[-1][0] == name:
                stack.pop()
        elif token.startswith("<") and token.endswith(">") and (m := _OPEN.match(token)):
            stack.append((m.group(1).lower(), token))
    return stack


def _pieces(token: str, room: int) -> tuple[str, str]:
    """A text token cut to `room` characters, at the last space if there is one in the second half."""
    head = token[:room]
    space = head.rfind(" ")
    if space > room // 2:
        head = head[:space + 1]
    return head, token[len(head):]


def split(text: str, limit: int) -> list[str]:
    """Parts of at most `limit` characters, cut at line ends where possible, never inside a tag or a
    character reference; tags open at a cut are closed there and reopened in the next part."""
    if len(text) <= limit:
        return [text]
    parts = _Parts(limit)
    for i, line in enumerate(text.split("\n")):
        tokens = _TOKEN.findall(line)
        piece = ("\n" if i and parts.current.strip() else "") + line
        after = _after(parts.stack, tokens)
        if parts.fits(piece, after):
            parts.add(piece, after)
            continue
        if parts.current:
            parts.cut()
        if parts.fits(line, after):
            parts.add(line, after)
            continue
        for token in tokens:  # a line longer than a part: token by token
            while token:
                after = _after(parts.stack, [token])
                if parts.fits(token, after):
                    parts.add(token, after)
                    break
                room = limit - len(parts.current) - len(parts.closing())
                if token[0] in "<&" or room <= 0:  # a tag or reference is never cut: next part
                    if parts.current.strip() and re.sub(r"<[^>]*>", "", parts.current).strip():
                        parts.cut()
                        continue
                    parts.add(token, after)  # longer than a whole part by itself: sent as it is
                    break
                head, token = _pieces(token, room)
                parts.add(head, parts.stack)
                parts.cut()
    parts.cut()
    return parts.parts
