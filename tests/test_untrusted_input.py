"""Control characters are removed at arrival, before anything is stored or parsed (both databases)."""
from __future__ import annotations

from sqlalchemy import select

from bot.people.models import Person
from bot.untrusted import clean, clean_payload
from tests import builders


def test_control_characters_go_tabs_and_newlines_stay():
    assert clean("a\x00b\x01c\td\ne\rf\x7fg\x85h") == "abc\td\nefgh"


def test_entities_move_with_the_text_they_mark():
    message = {"text": "\x00\x01/start ciao\x02", "entities": [
        {"type": "bot_command", "offset": 2, "length": 6}, {"type": "bold", "offset": 13, "length": 1},
        {"type": "italic", "offset": 9, "length": 5}]}
    assert clean_payload({"message": message})["message"] == {"text": "/start ciao", "entities": [
        {"type": "bot_command", "offset": 0, "length": 6}, {"type": "italic", "offset": 7, "length": 4}]}


def test_entities_are_measured_in_utf16_units():
    message = {"text": "😀\x00x", "entities": [{"type": "bold", "offset": 3, "length": 1}]}
    assert clean_payload(message) == {"text": "😀x", "entities": [{"type": "bold", "offset": 2, "length": 1}]}


async def test_a_nul_in_a_name_is_removed_before_the_person_is_stored(chat):
    for _ in range(2):  # the second update of the same person works too (PostgreSQL refused the NUL)
        sent = await chat.say("/help", user_id=4242, first_name="An\x00na", last_name="Ro\x1bssi", username="an\x00na")
        assert sent and sent[-1].method == "sendMessage"
    async with chat.services.db.session() as s:
        person = await s.scalar(select(Person).where(Person.telegram_user_id == 4242))
    assert (person.name, person.username) == ("Anna Rossi", "anna")


async def test_a_command_after_control_characters_still_works(chat):
    payload = builders.message("/help", user_id=4243)
    payload["message"]["text"] = "\x00\x00/help"
    payload["message"]["entities"][0]["offset"] = 2
    before = len(chat.telegram.calls)
    await chat.feed(payload)
    help_text = chat.telegram.calls[before:]
    reference = await chat.say("/help", user_id=4243)
    assert [c.text for c in help_text] == [c.text for c in reference]
