"""Bad input to the catalogue in the chat: a polite answer or silence, never an exception (the chat fixture fails on any)."""
from __future__ import annotations

from telegram.ext import CallbackQueryHandler, MessageHandler

import handlers.catalogue as catalogue_handlers
from bot.texts import catalogue as T
from bot.texts import common
from tests import builders
from tests.fakes import BOT_USERNAME


def sent(calls, method="sendMessage"):
    return [c for c in calls if c.method == method]


async def test_very_long_text(chat):
    calls = await chat.say("servizi a Rho " * 715)  # 10,010 characters
    assert [c.text for c in sent(calls)] == [
        "La domanda è troppo lunga (10009 caratteri): scrivila in al massimo 500 caratteri."]


async def test_blank_text(chat):
    assert [c.text for c in sent(await chat.say("   "))] == [T.EMPTY]


async def test_only_emoji_and_punctuation(chat):
    assert [c.text for c in sent(await chat.say("🙂🙂🙂"))] == [T.EMPTY]
    assert [c.text for c in sent(await chat.say("?!... ;-)"))] == [T.EMPTY]


async def test_html_is_escaped_in_the_answer(chat):
    calls = await chat.say("<i>Trezzano</i>")
    assert sent(calls)[0].text.startswith("🤔 «&lt;i&gt;Trezzano&lt;/i&gt;» può indicare più nomi.")
    calls = await chat.say("<script>alert(1)</script>")
    assert sent(calls)[0].text == T.UNKNOWN


async def test_sql_looking_text_changes_nothing(chat):
    calls = await chat.say("SELECT * FROM users WHERE 1=1; --")
    assert sent(calls)[0].text == T.UNKNOWN
    calls = await chat.say("'; DROP TABLE comuni; --")
    assert sent(calls)[0].text.startswith("🗺 <b>Le 7 zone omogenee")
    calls = await chat.say("Robert'); DELETE FROM zones WHERE ('1'='1")
    assert len(sent(calls)) == 1
    assert sent(await chat.say("comuni del Nord Milano"))[0].text.startswith("🗺 Zona omogenea <b>Nord Milano</b>")


async def test_free_text_in_groups_is_ignored(chat):
    calls = await chat.say("in che zona è Rho?", chat_id=-100123, chat_type="supergroup")
    assert sent(calls) == []


async def test_commands_addressed_to_the_bot_in_groups(chat):
    """Private by default: in a group only /help (a pointer to the private chat) and /privacy answer."""
    calls = await chat.say(f"/help@{BOT_USERNAME}", chat_id=-100123, chat_type="supergroup")
    assert "scrivimi in privato" in sent(calls)[0].text
    assert sent(calls)[0].buttons() == [("💬 Scrivimi in privato", f"https://t.me/{BOT_USERNAME}?start=help")]
    calls = await chat.say(f"/zone@{BOT_USERNAME}", chat_id=-100123, chat_type="supergroup")
    assert sent(calls) == []
    calls = await chat.say("/help@another_bot", chat_id=-100123, chat_type="supergroup")
    assert sent(calls) == []


async def test_edited_messages_are_not_answered_again(chat):
    calls = await chat.say("in che zona è Rho?", edited=True)
    assert sent(calls) == []
    calls = await chat.say("/comune Rho", edited=True)
    assert sent(calls) == []


async def test_forged_buttons_get_a_polite_notice(chat):
    for data in ("cat:", "cat:zz", "cat:s:abc", "cat:s:999999:0:0", "cat:zs:1:2:3:4", "cat:c:-1", "cat:s:²",
                 "cat:zc:999999999", "cat:t:424242:0", "cat:sc:0", "cat:s:1:0:0:0"):
        calls = await chat.press(data)
        answers = sent(calls, "answerCallbackQuery")
        # data no zobot button carries (not ASCII) is refused at the door (handlers/guards.py), the rest here
        notice = common.BUTTON_EXPIRED if not data.isascii() else T.BAD_BUTTON
        assert len(answers) == 1 and answers[0].params.get("text") == notice, data
        assert sent(calls, "editMessageText") == []


async def test_sticker_is_not_a_question(chat):
    before = len(chat.telegram.calls)
    await chat.feed(builders.message(None, extra={"sticker": {
        "file_id": "x", "file_unique_id": "x", "width": 1, "height": 1, "is_animated": False,
        "is_video": False, "type": "regular"}}))
    assert [c.text for c in sent(chat.telegram.calls[before:])] == [common.NOT_TEXT]


async def test_every_button_fits_and_every_press_is_answered(chat):
    """Walk every view reachable from /servizi and /zone: data ≤ 64 bytes, every callback answered."""
    seen, queue = set(), ["cat:z", "cat:zl", "cat:sl:0"]
    presses = 0
    while queue:
        data = queue.pop()
        if data in seen:
            continue
        seen.add(data)
        calls = await chat.press(data)
        presses += 1
        assert len(sent(calls, "answerCallbackQuery")) == 1
        for call in sent(calls, "editMessageText") + sent(calls):
            assert len(call.text) <= 4096
            for _, target in call.buttons():
                assert len(target.encode()) <= 64
                queue.append(target)
    assert presses > 60


def test_free_text_is_the_last_text_handler_of_the_features(chat):
    """Other features' dialogues (registered before) see typed text first; only fallbacks come after."""
    group = chat.app.handlers[0]
    ours = next(i for i, h in enumerate(group)
                if isinstance(h, MessageHandler) and getattr(h.callback, "route_handler", None) is catalogue_handlers.question)
    later = [h for h in group[ours + 1:] if not isinstance(h, CallbackQueryHandler)]
    assert all(h.callback.__module__ == "handlers.fallbacks" for h in later)
