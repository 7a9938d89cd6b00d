"""Organiser-only questionnaire commands and buttons: a polite refusal, written to the audit log."""
from tests.people_support import REFERENT_ID, audit_actions, cast

NOT_ALLOWED = "Non hai i permessi per questa operazione."


async def test_refused_commands_and_buttons_are_audited(chat, db, clock):
    ids = await cast(db, clock)
    for command in ("/lancia", "/risultati"):
        calls = await chat.say(command, user_id=REFERENT_ID)
        assert [(c.method, c.text) for c in calls] == [("sendMessage", NOT_ALLOWED)], command
    for data in ("q:L", "q:S:1", "q:R:1"):
        calls = await chat.press(data, user_id=REFERENT_ID)
        assert [(c.method, c.params["text"], c.params["show_alert"]) for c in calls] == [
            ("answerCallbackQuery", NOT_ALLOWED, True)], data
    refused = [d["action"] for actor, act, d in await audit_actions(db) if act == "refused" and actor == ids["referent"]]
    assert refused == ["launch_questionnaire", "see_results", "launch_questionnaire", "launch_questionnaire",
                       "see_results"]
