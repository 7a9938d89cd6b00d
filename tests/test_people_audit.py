"""The audit log: viewable by admins, pageable, exportable as CSV; groups never see personal data."""
import csv
import io

from tests.conftest import ADMIN_ID
from tests.people_support import ORGANISER_ID, audit_actions, cast


async def test_admin_views_pages_and_exports_the_log(chat, db, clock):
    await cast(db, clock)
    for i in range(25):
        await chat.say(f"/invita referente Rho; Persona {i}", user_id=ORGANISER_ID)
    calls = await chat.say("/audit", user_id=ADMIN_ID)
    view = calls[-1]
    # 1 revocation (the cast), 25 invitations, the admin's role from ZOBOT_ADMINS at their first message
    assert view.text.startswith("<b>Registro delle operazioni</b> (1–20 di 27, più recenti prima)\n")
    assert "26/11/2026 09:00 · ZOBOT_ADMINS #- · Amministratore da ZOBOT_ADMINS · person:" in view.text
    assert "26/11/2026 09:00 · organizzatore #1 · Invito creato · invitation:25" in view.text
    assert view.buttons() == [("⬇️ Esporta CSV", "p:ax"), ("Più vecchie »", "p:au:20")]
    older = await chat.press("p:au:20", user_id=ADMIN_ID)
    assert older[-1].text.startswith("<b>Registro delle operazioni</b> (21–27 di 27")
    export = await chat.press("p:ax", user_id=ADMIN_ID)
    doc = export[-1]
    assert doc.method == "sendDocument" and doc.files["document"][0] == "registro_operazioni.csv"
    rows = list(csv.DictReader(io.StringIO(doc.files["document"][1].decode("utf-8-sig"))))
    assert len(rows) == 28 and rows[-1]["action"] == "audit.export"
    assert rows[1]["action"] == "invite.create" and rows[1]["target"] == "invitation:1"
    assert "role=referente" in rows[1]["detail"]
    assert (await audit_actions(db))[-1][1] == "audit.export"


async def test_group_chats_only_commands_for_the_bot_and_no_personal_data(chat, db, clock):
    await cast(db, clock)
    group = {"chat_id": -100123, "chat_type": "supergroup"}
    assert await chat.say("servizi a Rho", user_id=ORGANISER_ID, **group) == []
    assert await chat.say("/audit@other_bot", user_id=ADMIN_ID, **group) == []
    for command in ("/imiei_dati", "/audit@zobot_test_bot", "/invita referente Rho", "/cancellami"):
        assert await chat.say(command, user_id=ADMIN_ID, **group) == [], command  # only /privacy and /help
    calls = await chat.say("/privacy@zobot_test_bot", user_id=ORGANISER_ID, **group)
    assert calls[-1].text.startswith("<b>Informativa sul trattamento dei dati personali</b>")
    assert await chat.say(None, user_id=ORGANISER_ID, extra={"sticker": {"file_id": "s", "file_unique_id": "s",
                          "width": 1, "height": 1, "is_animated": False, "is_video": False, "type": "regular"}},
                          **group) == []


async def test_a_refusal_is_audited_even_when_the_handler_stops_the_update(chat, db, clock):
    """The tavolo dialogue answers a refusal and stops the update (ApplicationHandlerStop); the update
    runs in a task of its own, as under concurrent processing, and the refusal is still written."""
    import asyncio

    from bot.people import membership
    from bot.people.models import Person
    from tests import builders

    ids = await cast(db, clock)
    await chat.say("/nuovotavolo", user_id=ORGANISER_ID)
    async with db.session() as s:
        await membership.revoke(s, await s.get(Person, ids["organiser"]), actor="test", now=clock.now())
    before = len(chat.telegram.calls)
    await asyncio.create_task(chat.feed(builders.message("Tavolo rifiuti", user_id=ORGANISER_ID)))
    assert chat.telegram.calls[before:][-1].text == "Non hai i permessi per questa operazione."
    refused = [(a, d["action"]) for a, act, d in await audit_actions(db) if act == "refused"]
    assert refused == [(ids["organiser"], "manage_tavoli")]
