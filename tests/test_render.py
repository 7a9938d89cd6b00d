"""The lean reply path (handlers/render.py): the same Bot API call python-telegram-bot's own methods
would make, the same errors, and a keyboard identical to python-telegram-bot's serialisation."""
from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from telegram.error import BadRequest, Forbidden

from handlers.render import edit_or_reply, keyboard, markup, reply, send_text
from tests import builders

TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
BUTTONS = st.one_of(
    st.fixed_dictionaries({"text": TEXTS, "data": st.text("abcdefghij:0123456789_-", min_size=1, max_size=64)}),
    st.fixed_dictionaries({"text": TEXTS, "url": st.sampled_from(["https://www.cittametropolitana.mi.it/",
                                                                  "https://example.org/a?b=c"])}),
)
ROWS = st.lists(st.lists(BUTTONS, min_size=1, max_size=4), min_size=1, max_size=8)


@hsettings(max_examples=200, deadline=None)
@given(ROWS)
def test_the_keyboard_json_is_what_python_telegram_bot_would_send(rows):
    assert markup(rows) == keyboard(rows).to_dict()
    assert json.loads(json.dumps(markup(rows))) == json.loads(keyboard(rows).to_json())


def test_no_rows_no_keyboard():
    assert markup(None) is None and markup([]) is None and keyboard([]) is None


def test_callback_data_over_64_bytes_is_refused_before_sending():
    rows = [[{"text": "x", "data": "è" * 33}]]  # 66 bytes in UTF-8
    with pytest.raises(ValueError, match="64 bytes"):
        markup(rows)
    with pytest.raises(ValueError, match="64 bytes"):
        keyboard(rows)


async def test_send_text_makes_the_call_send_message_would(chat):
    rows = [[{"text": "🗺 Zone", "data": "cat:zl"}], [{"text": "Sito", "url": "https://example.org/"}]]
    message_id = await send_text(chat.app.bot, 4242, "<b>Ciao</b> à tutti", rows)
    ours = chat.last()
    await chat.app.bot.send_message(4242, "<b>Ciao</b> à tutti", reply_markup=keyboard(rows),
                                    disable_web_page_preview=True)
    theirs = chat.last()
    assert ours.params == theirs.params
    assert ours.params["parse_mode"] == "HTML"
    assert ours.params["link_preview_options"] == {"is_disabled": True}
    assert ours.buttons() == [("🗺 Zone", "cat:zl"), ("Sito", "https://example.org/")]
    assert await send_text(chat.app.bot, 4242, "x") == message_id + 2  # the fake numbers messages in order


async def test_send_text_raises_telegrams_errors(chat):
    chat.telegram.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(Forbidden, match="blocked"):
        await send_text(chat.app.bot, 4242, "ciao")
    chat.telegram.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    with pytest.raises(BadRequest, match="parse entities"):
        await send_text(chat.app.bot, 4242, "<b>ciao")


async def test_a_long_reply_is_split_and_the_keyboard_rides_on_the_last_part(chat):
    from telegram import Update

    update = Update.de_json(builders.message("x", user_id=4242), chat.app.bot)
    text = "\n".join(f"riga {i} " + "·" * 80 for i in range(100))  # ~8,900 characters
    last_id = await reply(update, text, [[{"text": "Avanti", "data": "cat:zl"}]])
    parts = chat.telegram.of("sendMessage")
    assert len(parts) == 3 and all(len(p.text) <= 4096 for p in parts)
    assert "\n".join(p.text for p in parts) == text
    assert [p.buttons() for p in parts] == [[], [], [("Avanti", "cat:zl")]]
    assert await send_text(chat.app.bot, 4242, "dopo") == last_id + 1  # the id of the last part came back


async def test_a_button_press_edits_the_message_in_place(chat):
    from telegram import Update

    update = Update.de_json(builders.callback("cat:zl", user_id=4242), chat.app.bot)
    await edit_or_reply(update, "<b>Zone</b>", [[{"text": "Rho", "data": "cat:c:1"}]])
    [edit] = chat.telegram.of("editMessageText")
    query = update.callback_query
    assert (int(edit.params["chat_id"]), int(edit.params["message_id"])) == (query.message.chat.id,
                                                                              query.message.message_id)
    assert edit.text == "<b>Zone</b>" and edit.params["parse_mode"] == "HTML"
    assert edit.buttons() == [("Rho", "cat:c:1")]
    assert chat.telegram.of("sendMessage") == []


async def test_send_text_goes_through_the_production_rate_limiter(settings, clock):
    """`zobot run` builds the bot with AIORateLimiter: the lean path passes it like any Bot method."""
    from bot.app import build_application
    from tests.fakes import FakeTelegram

    telegram = FakeTelegram()
    app = build_application(settings, request=telegram, clock=clock, rate_limiter=True)
    async with app.bot:
        assert app.bot.rate_limiter is not None
        await send_text(app.bot, 4242, "privata")
        await send_text(app.bot, -100123, "gruppo", [[{"text": "ok", "data": "cat:zl"}]])
    assert [(c.params["chat_id"], c.text) for c in telegram.of("sendMessage")] == [(4242, "privata"),
                                                                                 (-100123, "gruppo")]
