"""The application starts, registers its commands, and greets a new person."""
from sqlalchemy import select

from bot.people.models import Person
from tests.conftest import ADMIN_ID


async def test_start_greets_and_records_person(chat):
    calls = await chat.say("/start", user_id=4242, first_name="Giulia")
    sent = [c for c in calls if c.method == "sendMessage"]
    assert len(sent) == 1
    assert sent[0].text.startswith("Ciao Giulia! Sono <b>zobot</b>")
    assert ("🗂 Servizi per zona", "cat:z") in sent[0].buttons()
    async with chat.services.db.session() as s:
        person = await s.scalar(select(Person).where(Person.telegram_user_id == 4242))
    assert person.name == "Giulia Rossi" and person.chat_id == 4242 and person.role is None


async def test_commands_registered_in_italian(chat):
    commands = chat.telegram.of("setMyCommands")[-1].params["commands"]
    assert {"command": "help", "description": "Cosa posso fare"} in commands


async def test_admin_from_settings_gets_role(chat):
    await chat.say("/help", user_id=ADMIN_ID)
    async with chat.services.db.session() as s:
        person = await s.scalar(select(Person).where(Person.telegram_user_id == ADMIN_ID))
    assert person.role == "admin"


async def test_unknown_command_and_sticker_get_polite_answers(chat):
    calls = await chat.say("/boh")
    assert calls[-1].text == "Non conosco questo comando. Scrivi /help per vedere cosa posso fare."
    calls = await chat.say(None, extra={"sticker": {"file_id": "s", "file_unique_id": "s", "width": 1,
                                                     "height": 1, "is_animated": False, "is_video": False,
                                                     "type": "regular"}})
    assert calls[-1].text.startswith("Per ora capisco solo messaggi di testo")
