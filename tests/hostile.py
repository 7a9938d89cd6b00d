"""A stream of hostile updates and a Telegram that refuses what the Bot API refuses.

Shared by tests/test_hostile_stream.py (a small stream in CI) and bench/hostile_updates.py (10,000
updates per database). `StrictTelegram` is the recording fake of tests/fakes.py that also answers 400,
with the Bot API's own descriptions, to HTML it cannot parse, texts over 4096 characters (1024 for
captions), callback data outside 1-64 bytes and alerts over 200 characters: the sandbox's rules
(bot/sandbox/messages.py, bot/sandbox/entities.py), so zobot is checked against one reading of them.
"""
from __future__ import annotations

import itertools
import json

from hypothesis import strategies as st

from bot.sandbox import messages
from bot.sandbox.params import JSON_FIELDS, Params
from bot.sandbox.state import ApiError
from tests import builders
from tests.conftest import ADMIN_ID
from tests.fakes import FakeTelegram
from tests.people_support import ORGANISER_ID, PO_ID, REFERENT_ID, REVOKED_ID, STRANGER_ID

_ids = itertools.count(50_000_000)


class StrictTelegram(FakeTelegram):
    """FakeTelegram that refuses, like the Bot API, replies Telegram would refuse; keeps them in `refused`."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[tuple[str, str]] = []

    def check(self, name: str, params: dict) -> None:
        values = {k: json.loads(v) if k in JSON_FIELDS and isinstance(v, str) else v for k, v in params.items()}
        p = Params(values, {})
        if name in ("sendMessage", "editMessageText"):
            messages.formatted(p, "text", messages.MAX_TEXT, required=True)
        elif name in ("sendDocument", "sendPhoto", "editMessageCaption"):
            messages.formatted(p, "caption", messages.MAX_CAPTION, required=False)
        elif name == "answerCallbackQuery" and len(str(values.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        elif name == "answerInlineQuery":
            for result in values.get("results") or []:
                content = result.get("input_message_content") or {}
                if "message_text" in content:
                    messages.formatted(Params({"text": content["message_text"],
                                               "parse_mode": content.get("parse_mode")}, {}),
                                       "text", messages.MAX_TEXT, required=True)
        messages.markup(p)

    async def do_request(self, url, method, request_data=None, **timeouts):
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        try:
            self.check(name, params)
        except ApiError as exc:
            self.refused.append((name, exc.description))
            return exc.status, json.dumps({"ok": False, "error_code": exc.status, "description": exc.description}).encode()
        return await super().do_request(url, method, request_data, **timeouts)


# --- the stream ---------------------------------------------------------------------------------------
USERS = [ADMIN_ID, ORGANISER_ID, REFERENT_ID, PO_ID, STRANGER_ID, REVOKED_ID, 8001, 8002]
COMMANDS = ["/start", "/help", "/registrati", "/invita", "/audit", "/copertura", "/privacy", "/imiei_dati",
            "/cancellami", "/annuncio", "/consegne", "/nuovotavolo", "/tavoli", "/servizi", "/zone", "/comune",
            "/cerca", "/questionari", "/lancia", "/risultati", "/proposte", "/dettagli", "/web", "/calendario",
            "/email", "/boh"]
PREFIXES = ["cat:z", "cat:zl", "cat:zs:", "cat:zc:", "cat:c:", "cat:cz:", "cat:s:", "cat:sc:", "cat:t:", "cat:sl:",
            "q:", "q:go:", "q:list", "q:no:", "q:S:", "q:L:", "q:L:po_2019:", "q:L:po_2019:z", "q:R:", "q:R:1:",
            "q:1:1:", "q:x:",
            "m:", "m:ad:", "m:aud:", "m:cal:", "m:csv:", "m:d:", "m:list", "m:mv:", "m:new", "m:o:", "m:oc:", "m:p:",
            "m:r:", "m:rep:", "m:s:", "m:t:", "m:u:", "m:x:", "m:xy:", "m:y:",
            "a:", "a:k:", "a:l", "a:no:", "a:ok:", "a:r:", "a:rs:", "a:ry:", "a:z:", "a:t:",
            "p:ap:", "p:au:", "p:ax", "p:cs:", "p:en", "p:er:", "p:rf:", "p:ch:",
            "q:web:", "q:tk:", "q:P:", "q:F:", "q:A:", "cv:", "pr:", "w:", "w:ca", "w:ct:", "w:cx", ""]
CONTROL = "".join(map(chr, range(0, 32))) + "\x7f\x85\u2028\u202e\ufeff"
HTML_BITS = ["<b>", "</b>", "<a href=\"x\">", "&amp;", "&am", "&#0;", "&#x110000;", "<", ">", "&", "\"", "'",
             "<script>", "</i>", "<tg-spoiler>", "<pre><code class=\"language-x\">", "]]>", "{{x}}"]
NUMBERS = ["0", "-1", "1", "9" * 9, "9" * 12, "9" * 19, "9" * 40, "1e400", "-0", "0x10", "٣", "１", "NaN", "1.5"]

text_bits = st.one_of(st.text(max_size=30), st.text(st.sampled_from(CONTROL), max_size=5), st.sampled_from(HTML_BITS),
                      st.sampled_from(NUMBERS), st.sampled_from(COMMANDS))
texts = st.one_of(
    st.lists(text_bits, max_size=8).map("".join),
    st.builds(lambda c, a: f"{c} {a}", st.sampled_from(COMMANDS), st.lists(text_bits, max_size=4).map(" ".join)),
    st.builds(lambda bit, n: bit * n, st.sampled_from(["x", "è", "😀", "&", "<b>", "\n"]), st.integers(4000, 5000)),
    st.builds(lambda k, n: f"/start {k}_{n}", st.sampled_from("iqmx"), st.sampled_from(NUMBERS + ["abc", ""])),
)
callback_data = st.one_of(
    st.builds(lambda p, parts: p + ":".join(parts), st.sampled_from(PREFIXES),
              st.lists(st.one_of(st.sampled_from(NUMBERS), st.text(max_size=6)), max_size=4)),
    st.builds(lambda p, rest: p + rest, st.sampled_from(PREFIXES), st.text(max_size=70)),
)
names = st.one_of(st.just("Anna"), st.text(max_size=20), st.text(st.sampled_from(CONTROL + "ab<&>"), max_size=10),
                  st.just("x" * 300))
entity_types = ["bold", "italic", "text_link", "code", "pre", "bot_command", "mention", "spoiler", "custom_emoji",
                "text_mention", "blockquote", "url", "unknown_kind"]
entities = st.lists(st.fixed_dictionaries(
    {"type": st.sampled_from(entity_types), "offset": st.integers(-5, 50), "length": st.integers(-5, 50)},
    optional={"url": st.sampled_from(['https://x.eu/?"a">b', "javascript:x", "tg://user?id=1"]),
              "user": st.just({"id": 1, "is_bot": False, "first_name": "U"}), "custom_emoji_id": st.just("1"),
              "language": st.just('x"><b>')}), max_size=4)


def _message(text, user_id, first, kind, edited, drop_from, odd_entities, group):
    payload = builders.message(text, user_id=user_id, first_name=first or "A", edited=edited,
                               update_id=next(_ids), **({"chat_id": -100123, "chat_type": "supergroup"} if group else {}))
    body = payload["edited_message" if edited else "message"]
    if kind:
        body.pop("text", None)
        body.update(kind)
    if odd_entities is not None and "text" in body:
        body["entities"] = odd_entities
    if drop_from:
        body.pop("from")
    return payload


def _callback(data, user_id, first, inline, drop_message):
    payload = builders.callback(data, user_id=user_id, first_name=first or "A", update_id=next(_ids))
    query = payload["callback_query"]
    if inline:
        query.pop("message")
        query["inline_message_id"] = "AAAA-inline"
    elif drop_message:
        query["message"] = {"message_id": 5, "date": 0, "chat": {"id": user_id, "type": "private"}}  # inaccessible
    return payload


MEDIA = [None, {"sticker": {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1, "is_animated": False,
                            "is_video": False, "type": "regular"}},
         {"document": {"file_id": "d", "file_unique_id": "d", "file_name": "<x>.pdf"}, "caption": "=1+1 <b>"},
         {"contact": {"phone_number": "+39", "first_name": "\x00"}}, {"location": {"latitude": 1e-9, "longitude": 180}}]

updates = st.one_of(
    st.builds(_message, texts, st.sampled_from(USERS), names, st.sampled_from(MEDIA), st.booleans(),
              st.sampled_from([False] * 9 + [True]), st.one_of(st.none(), entities), st.sampled_from([False] * 4 + [True])),
    st.builds(_callback, callback_data, st.sampled_from(USERS), names, st.sampled_from([False] * 5 + [True]),
              st.sampled_from([False] * 5 + [True])),
    st.builds(lambda q, u: {"update_id": next(_ids), "inline_query": {"id": "iq", "from": builders.user(u), "query": q,
                                                                       "offset": ""}}, texts, st.sampled_from(USERS)),
    st.builds(lambda t: {"update_id": next(_ids), "channel_post": {"message_id": 1, "date": 1, "text": t,
                                                                   "chat": {"id": -1009, "type": "channel"}}}, texts),
)


# --- running it -----------------------------------------------------------------------------------------
async def setup(db, clock) -> None:
    """The usual people (tests/people_support.py), a tavolo they can see and a questionnaire in progress."""
    from tests import meeting_helpers
    from tests.people_support import cast
    from tests.questionnaire_support import TINY, launch

    ids = await cast(db, clock)
    async with db.session() as s:
        await meeting_helpers.monthly_tavolo(s, now=clock.now())
    await launch(db, TINY, [ids["po"], ids["other_po"]], clock.now())


class Tally:
    """What a stream did: updates fed, handler exceptions (with the handler), replies Telegram refused."""

    def __init__(self) -> None:
        self.fed = 0
        self.errors: list[tuple[int, str, BaseException]] = []
        self.refused: list[tuple[str, str]] = []

    def summary(self) -> dict:
        from collections import Counter
        return {"updates": self.fed, "handler_exceptions": len(self.errors), "refused_replies": len(self.refused),
                "exceptions_by_kind": Counter(f"{type(e).__name__} in {where}" for _, where, e in self.errors),
                "refused_by_reason": Counter(f"{method}: {why[:80]}" for method, why in self.refused)}


async def feed(harness, tally: Tally, payloads: list[dict]) -> None:
    """Feed the payloads; every handler exception and refused reply goes into the tally."""
    from handlers.errors import raised_in

    for payload in payloads:
        errors_before, refused_before = len(harness.errors), len(harness.telegram.refused)
        await harness.feed(payload)
        tally.fed += 1
        tally.errors += [(payload["update_id"], raised_in(e), e) for e in harness.errors[errors_before:]]
        tally.refused += harness.telegram.refused[refused_before:]
