"""Every HTML text zobot sends is one Telegram accepts: rebuilt entities, and long texts cut in parts.

Checked with the sandbox's parser, which follows the Bot API server's (bot/sandbox/entities.py).
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.sandbox.entities import parse_html
from bot.texts.html import from_entities, split
from handlers.render import split_text

TYPES = ["bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre", "blockquote",
         "expandable_blockquote", "text_link", "text_mention", "custom_emoji", "mention", "url", "bot_command"]
URLS = ['https://x.eu/?a="b">c&d', "javascript:alert(1)", "tg://user?id=1", "http://ok.example/<x>", "", None, 7]
entity = st.fixed_dictionaries({"type": st.sampled_from(TYPES), "offset": st.integers(-3, 60),
                                "length": st.integers(-2, 60)},
                               optional={"url": st.sampled_from(URLS), "user": st.sampled_from([{"id": 5}, {}, 3])})
texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=60)


@settings(max_examples=400, deadline=None)
@given(texts, st.lists(entity, max_size=8))
def test_rebuilt_entities_are_always_valid_html_with_the_same_text(text, entities):
    parsed, _ = parse_html(from_entities(text, entities))
    assert parsed == text


def test_attribute_values_are_escaped_and_crossing_entities_nested():
    html = from_entities('a "b" c', [{"type": "text_link", "offset": 0, "length": 5, "url": 'https://x.eu/"><b>'},
                                     {"type": "bold", "offset": 2, "length": 5}])
    assert html == ('<a href="https://x.eu/&quot;&gt;&lt;b&gt;">a <b>"b"</b></a><b> c</b>')
    text, entities = parse_html(html)
    assert entities[0]["url"] == 'https://x.eu/"><b>'
    assert from_entities("x", [{"type": "text_link", "offset": 0, "length": 1, "url": "javascript:alert(1)"}]) == "x"


words = st.sampled_from(["parola", "&amp;", "&lt;tag&gt;", "è", "😀", " ", " ", "\n", "x" * 30])


@st.composite
def html_texts(draw):
    plain = "".join(draw(st.lists(st.sampled_from(["ab", "c d ", "\n", "😀", "<", "&", '"', "x" * 40]), max_size=300)))
    entities = draw(st.lists(entity, max_size=10))
    return from_entities(plain, entities)


@settings(max_examples=300, deadline=None)
@given(html_texts(), st.integers(500, 1500))
def test_parts_are_valid_within_the_limit_and_lose_no_text(html, limit):
    parts = split(html, limit)
    assert all(len(p) <= limit for p in parts)
    plain = [parse_html(p)[0] for p in parts]  # raises if a part is not valid HTML
    assert len(html) <= limit or all(p.strip() for p in plain)  # a cut never leaves an empty message
    assert re.sub(r"\s", "", "".join(plain)) == re.sub(r"\s", "", parse_html(html)[0])


def test_a_long_name_never_cuts_an_entity_or_a_tag():
    card = "<b>" + "Servizio &amp; più " * 400 + "</b>\n" + "<i>nota</i>"
    parts = split_text(card)
    assert len(parts) == 2 and all(len(p) <= 4096 for p in parts)
    assert parts[0].startswith("<b>") and parts[0].endswith("</b>") and parts[1].startswith("<b>")
    for part in parts:
        parse_html(part)
    assert "&am" not in re.sub(r"&amp;", "", "".join(parts))


def test_short_texts_are_untouched():
    assert split_text("<b>ciao</b>") == ["<b>ciao</b>"]


async def test_an_announcement_with_quotes_and_brackets_in_a_link_is_sent_as_valid_html(chat):
    from tests import builders
    from tests.conftest import ADMIN_ID
    from tests.delivery_support import make_people

    await make_people(chat.services.db, chat.services.clock, [501])
    await chat.say("/annuncio", user_id=ADMIN_ID)
    await chat.press("a:k:1:all_referents", user_id=ADMIN_ID)
    payload = builders.message("Leggi qui e poi là", user_id=ADMIN_ID)
    payload["message"]["entities"] = [
        {"type": "text_link", "offset": 0, "length": 10, "url": 'https://x.eu/?q="a">b'},
        {"type": "bold", "offset": 6, "length": 12}]
    before = len(chat.telegram.calls)
    await chat.feed(payload)
    preview = chat.telegram.calls[before:][-1]
    text, entities = parse_html(preview.text)
    assert text.endswith("Leggi qui e poi là")
    assert {"type": "text_link", "url": 'https://x.eu/?q="a">b'} in [
        {k: e[k] for k in ("type", "url")} for e in entities if e["type"] == "text_link"]
