"""The local Bot API server answers python-telegram-bot's own HTTP client as Telegram would."""
from __future__ import annotations

import asyncio

import httpx
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken

from bot.sandbox.entities import EntityParseError, parse_html, to_safe_html
from bot.sandbox.server import LocalBotApi

TOKEN = "123456789:SANDBOX-test-token-abcdefghijklmnop"
USER = 4242
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x03\x08\x02\x00\x00\x00\xff\xfe\x00"
       b"\x80\x01\x02")


@pytest.fixture
async def api():
    server = LocalBotApi(TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(api):
    async with Bot(TOKEN, base_url=api.api_base, base_file_url=api.api_file_base) as b:
        yield b


@pytest.fixture
async def person(api):
    async with httpx.AsyncClient(base_url=api.url) as client:
        response = await client.post(f"/api/chats/{USER}/messages", json={"text": "/start", "first_name": "Ada"})
        assert response.status_code == 200
        yield client


def test_html_is_parsed_like_telegram():
    text, entities = parse_html('<b>Rho</b> &amp; <a href="https://x.it/?a=1&amp;b=2">zona</a> &copy; 5 &lt; 6')
    assert text == "Rho & zona &copy; 5 < 6"
    assert entities == [{"type": "bold", "offset": 0, "length": 3},
                        {"type": "text_link", "offset": 6, "length": 4, "url": "https://x.it/?a=1&b=2"}]
    assert parse_html("😀 <i>x</i>")[1] == [{"type": "italic", "offset": 3, "length": 1}]  # UTF-16 offsets


@pytest.mark.parametrize("html, error", [
    ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
    ("è <b>x", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
])
def test_html_telegram_rejects(html, error):
    with pytest.raises(EntityParseError) as info:
        parse_html(html)
    assert str(info.value) == f"Bad Request: can't parse entities: {error}"


def test_web_chat_html_is_escaped_and_links_are_safe():
    text, entities = parse_html('&lt;script&gt; <a href="javascript:alert(1)">x</a> <b>ok</b>')
    assert to_safe_html(text, entities) == "&lt;script&gt; <span>x</span> <b>ok</b>"


async def test_bad_html_and_limits_are_refused(bot, person):
    with pytest.raises(BadRequest, match="Can't parse entities: unsupported start tag \"foo\""):
        await bot.send_message(USER, "<foo>x</foo>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Can't parse entities: can't find end tag"):
        await bot.send_message(USER, "<b>x", parse_mode=ParseMode.HTML)
    sent = await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    assert len(sent.text) == 4096 and sent.entities[0].type == "bold"
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "a", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("b", callback_data="è" * 33)]]))
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode=ParseMode.HTML)


async def test_edits_follow_telegram(bot, person):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Sì", callback_data="y")]])
    sent = await bot.send_message(USER, "Domanda", reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Domanda", USER, sent.message_id, reply_markup=markup)
    edited = await bot.edit_message_text("Risposta", USER, sent.message_id)
    assert edited.text == "Risposta" and edited.reply_markup is None  # no markup given: keyboard removed
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", USER, 999)
    _, changed = (await person.get(f"/api/chats/{USER}/messages")).json().values()
    assert [m["text"] for m in changed if m["from_bot"]] == ["Risposta"]


async def _polling(api, count: int) -> None:
    """Until the server has seen `count` getUpdates calls (no timing assumption)."""
    while api.state.poller < count:
        await asyncio.sleep(0.005)


async def test_long_polling_offsets_and_conflict(api, bot):
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await _polling(api, 1)
    async with httpx.AsyncClient(base_url=api.url) as client:
        await client.post(f"/api/chats/{USER}/messages", json={"text": "/help"})
        await client.post(f"/api/chats/{USER}/messages", json={"text": "ciao"})
    first = await asyncio.wait_for(waiting, 5)
    assert [u.message.text for u in first] in (["/help"], ["/help", "ciao"])
    assert first[0].message.entities[0].type == "bot_command"
    updates = await bot.get_updates(offset=first[0].update_id + 1)
    assert [u.message.text for u in updates] == ["ciao"]
    assert await bot.get_updates(offset=updates[-1].update_id + 1) == ()
    older = asyncio.create_task(bot.get_updates(timeout=5))
    await _polling(api, 4)
    async with Bot(TOKEN, base_url=api.api_base) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await older


async def test_files_are_kept_for_the_web_chat_and_downloadable_by_the_bot(bot, person):
    doc = await bot.send_document(USER, b"comune;servizi\nRho;3\n", filename="rho.csv", caption="<b>Dati</b>",
                                  parse_mode=ParseMode.HTML)
    photo = await bot.send_photo(USER, PNG)
    assert doc.document.file_name == "rho.csv" and doc.caption == "Dati"
    assert (photo.photo[-1].width, photo.photo[-1].height) == (2, 3)
    _, messages = (await person.get(f"/api/chats/{USER}/messages")).json().values()
    shown = {m["message_id"]: m for m in messages}
    download = await person.get(shown[doc.message_id]["document"]["url"])
    assert download.content == b"comune;servizi\nRho;3\n"
    assert download.headers["content-disposition"] == 'attachment; filename="rho.csv"'
    assert (await person.get(shown[photo.message_id]["photo"])).content == PNG
    file = await bot.get_file(doc.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"comune;servizi\nRho;3\n"


async def test_users_who_never_started_or_blocked_the_bot_are_refused(api, bot, person):
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(777, "ciao")
    await person.post("/api/chats/778/inline", json={"query": "rifiuti"})  # known, never started the bot
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(778, "ciao")
    await person.post(f"/api/chats/{USER}/block", json={"blocked": True})
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "ciao")
    updates = await bot.get_updates()
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"


async def test_wrong_token_and_callback_answers(api, bot, person):
    wrong = Bot("123456789:SANDBOX-wrong-token-abcdefghijklmno", base_url=api.api_base)
    with pytest.raises(InvalidToken, match="was rejected by the server"):
        await wrong.initialize()
    await wrong.shutdown()
    sent = await bot.send_message(USER, "Scegli", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("A", callback_data="pick:a")]]))
    refused = await person.post(f"/api/chats/{USER}/press", json={"message_id": sent.message_id, "data": "forged"})
    assert refused.status_code == 400
    pressed = (await person.post(f"/api/chats/{USER}/press",
                                 json={"message_id": sent.message_id, "data": "pick:a"})).json()
    query = (await bot.get_updates())[-1].callback_query
    assert (query.id, query.data, query.message.message_id) == (pressed["query_id"], "pick:a", sent.message_id)
    assert await query.answer("Fatto")
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer("Ancora")
    _, messages = (await person.get(f"/api/chats/{USER}/messages")).json().values()
    assert [m["answers"] for m in messages if m["message_id"] == sent.message_id] == [
        [{"text": "Fatto", "show_alert": False}]]


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "b", "i", "code"]),
                          st.text(alphabet="ab <&>😀è\n", min_size=1, max_size=8)), max_size=8))
def test_the_web_chat_html_says_what_the_bot_sent(pieces):
    """parse → to_safe_html → parse gives back the same text and entities (escaping, emoji offsets)."""
    import html as stdlib_html

    source = "".join(f"<{tag}>{stdlib_html.escape(part, quote=False)}</{tag}>" if tag
                     else stdlib_html.escape(part, quote=False) for tag, part in pieces)
    text, entities = parse_html(source)
    assert parse_html(to_safe_html(text, entities)) == (text, entities)
