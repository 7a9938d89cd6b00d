"""GDPR: the notice, a person's own data as JSON, erasure that keeps counts right, retention."""
import json
from datetime import timedelta

from sqlalchemy import func, select

from bot.config import load_settings
from bot.outbox.models import OutboxMessage
from bot.outbox.queue import Outgoing, enqueue
from bot.people import my_data, privacy
from bot.people.models import Person, PersonComune
from tests.conftest import ADMIN_ID
from tests.people_support import ORGANISER_ID, REFERENT_ID, audit_actions, cast


async def test_privacy_notice_from_settings(chat):
    calls = await chat.say("/privacy", user_id=6500)
    text = calls[-1].text
    assert text.startswith("<b>Informativa sul trattamento dei dati personali</b> (art. 13 GDPR)\n\n<b>Titolare del "
                           "trattamento</b>: Città metropolitana di Milano (contatto: "
                           "protocollo@pec.cittametropolitana.mi.it).\n<b>Responsabile della protezione dei dati "
                           "(RPD)</b>: scrivi a protocollo@pec.cittametropolitana.mi.it, all'attenzione del "
                           "Responsabile della protezione dei dati.")
    assert "art. 6, par. 1, lett. e, GDPR; art. 2-ter D.Lgs. 196/2003" in text
    assert "dopo 730 giorni senza usarlo vengono cancellati" in text
    assert "poi per 7 giorni ne resta il solo numero" in text
    assert "servizio indipendente con sede fuori dall'Unione europea" in text
    assert "non è un responsabile del trattamento" in text
    for right in ("accesso (/imiei_dati", "cancellazione (/cancellami)", "rettifica", "limitazione", "opposizione",
                  "reclamo al Garante"):
        assert right in text


def test_privacy_notice_uses_every_setting_and_fits_one_message():
    settings = load_settings({"ZOBOT_PRIVACY_CONTROLLER": "Città metropolitana di Milano, " + "x" * 150,
                              "ZOBOT_PRIVACY_CONTACT": "privacy@example.it", "ZOBOT_PRIVACY_DPO": "rpd@example.it",
                              "ZOBOT_RETENTION_DAYS": "365"})
    text = privacy.notice(settings)
    assert "<b>Responsabile della protezione dei dati (RPD)</b>: rpd@example.it." in text
    assert "dopo 365 giorni senza usarlo" in text and text.count("privacy@example.it") == 3
    assert len(text) <= 4096


def test_every_reference_to_a_person_has_an_erasure_rule():
    """A new table or column pointing at people.id must say what /cancellami does with it."""
    references = {(table.name, column.name) for table, column in my_data.referencing()}
    assert references == set(privacy.ERASURE)


async def test_my_data_is_a_json_document_of_everything_about_me(chat, db, clock):
    ids = await cast(db, clock)
    await chat.say("/registrati po sua; Remo", user_id=REFERENT_ID)  # refused: already registered
    await chat.say("/audit", user_id=REFERENT_ID)  # a refusal, audited
    calls = await chat.say("/imiei_dati", user_id=REFERENT_ID)
    doc = calls[-1]
    assert doc.method == "sendDocument" and doc.text == "Ecco tutti i dati che conserviamo su di te (formato JSON)."
    data = json.loads(doc.files["document"][1])
    assert doc.files["document"][0] == "imiei_dati.json"
    assert data["person"]["id"] == ids["referent"] and data["person"]["role"] == "referente"
    assert data["person"]["telegram_user_id"] == REFERENT_ID
    assert len(data["records"]["person_comuni.person_id"]) == 1
    assert [r["action"] for r in data["records"]["audit_log.actor_id"]] == ["refused"]
    assert all("token_hash" not in r for rows in data["records"].values() for r in rows)


async def test_erase_after_confirmation_keeps_the_row_and_counts(chat, db, clock):
    ids = await cast(db, clock)
    async with db.session() as s:
        await enqueue(s, [Outgoing(key="x:1", round="x", chat_id=REFERENT_ID, person_id=ids["referent"],
                                   text="Ciao Remo", due_at=clock.now())], now=clock.now())
        people_before = await s.scalar(select(func.count()).select_from(Person))
    calls = await chat.say("/cancellami", user_id=REFERENT_ID)
    assert calls[-1].text.startswith("Vuoi davvero cancellare i tuoi dati personali?")
    assert calls[-1].buttons() == [("🗑 Sì, cancella i miei dati", f"p:er:{ids['referent']}"), ("Annulla", "p:en")]
    # another person's forged confirmation does nothing
    forged = await chat.press(f"p:er:{ids['referent']}", user_id=ORGANISER_ID)
    assert forged[0].params["text"] == "Questo pulsante non è più valido."
    cancelled = await chat.press("p:en", user_id=REFERENT_ID)
    assert cancelled[-1].text == "Va bene, non ho cancellato nulla."
    done = await chat.press(f"p:er:{ids['referent']}", user_id=REFERENT_ID)
    assert done[-1].text.startswith("Fatto: i tuoi dati personali sono stati cancellati.")
    async with db.session() as s:
        erased = await s.get(Person, ids["referent"])
        out = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "x:1"))
        comuni = (await s.scalars(select(PersonComune).where(PersonComune.person_id == ids["referent"]))).all()
        assert await s.scalar(select(func.count()).select_from(Person)) == people_before + 0
    assert (erased.telegram_user_id, erased.chat_id, erased.name, erased.username, erased.role) == \
        (None, None, "", None, None)
    assert erased.erased_at is not None and comuni == []
    assert (out.status, out.text, out.chat_id) == ("expired", "", 0)
    replay = await chat.press(f"p:er:{ids['referent']}", user_id=REFERENT_ID)  # now a new, unknown person
    assert replay[0].params["text"] == "Questo pulsante non è più valido."
    async with db.session() as s:
        again = await s.scalar(select(Person).where(Person.telegram_user_id == REFERENT_ID))
    assert again.id != ids["referent"] and again.role is None
    assert (ids["referent"], "privacy.erase", {"reason": "request"}) in await audit_actions(db)


async def test_retention_erases_inactive_accounts_but_not_admins(chat, db, clock):
    ids = await cast(db, clock)
    await chat.say("/help", user_id=ADMIN_ID)
    clock.advance(timedelta(days=729))
    await chat.say("/help", user_id=REFERENT_ID)  # still active
    clock.advance(timedelta(days=2))
    job = chat.app.job_queue.get_jobs_by_name("people:retention")
    assert len(job) == 1
    await job[0].run(chat.app)
    async with db.session() as s:
        people = {p.id: p for p in await s.scalars(select(Person))}
        admin = await s.scalar(select(Person).where(Person.telegram_user_id == ADMIN_ID))
    assert people[ids["organiser"]].erased_at is not None and people[ids["po"]].erased_at is not None
    assert people[ids["referent"]].erased_at is None and admin.erased_at is None
    async with db.session() as s:
        assert await privacy.apply_retention(s, now=clock.now(), days=730, admins=frozenset({ADMIN_ID})) == 0
