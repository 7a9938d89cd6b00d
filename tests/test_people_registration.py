"""/registrati: a request reaches the organisers through the outbox; one approval, by an organiser only."""
from sqlalchemy import select

from bot.outbox.models import OutboxMessage
from bot.people.models import Person, PersonComune, RegistrationRequest
from tests.people_support import ORGANISER_ID, REFERENT_ID, audit_actions, cast

APPLICANT = 6300


async def _request(chat, db, clock, text="/registrati referente Cernusco sul Naviglio; Carla Neri"):
    ids = await cast(db, clock)
    calls = await chat.say(text, user_id=APPLICANT)
    return ids, calls


async def test_request_goes_to_every_organiser_with_single_use_buttons(chat, db, clock):
    ids, calls = await _request(chat, db, clock)
    assert calls[-1].text == ("Ho inoltrato la tua richiesta (n. 1) agli organizzatori: riceverai un messaggio "
                              "quando sarà approvata.")
    async with db.session() as s:
        rows = list(await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(r.person_id, r.key) for r in rows] == [(ids["organiser"], f"reg:1:to:{ids['organiser']}")]
    assert rows[0].text == ("Richiesta di registrazione n. 1: <b>Carla Neri</b> chiede il ruolo di referente "
                            "comunale per Cernusco sul Naviglio.")
    assert rows[0].keyboard == [[{"text": "✅ Approva", "data": "p:ap:1"}, {"text": "❌ Rifiuta", "data": "p:rf:1"}]]

    again = await chat.say("/registrati referente Rho", user_id=APPLICANT)
    assert again[-1].text.startswith("Hai già una richiesta in attesa")

    calls = await chat.press("p:ap:1", user_id=ORGANISER_ID)
    assert calls[0].method == "answerCallbackQuery"
    assert calls[-1].method == "editMessageText" and calls[-1].text == "Richiesta n. 1 approvata."
    replay = await chat.press("p:rf:1", user_id=ORGANISER_ID)
    assert [c.method for c in replay] == ["answerCallbackQuery"]
    assert replay[0].params["text"] == "Questa richiesta è già stata gestita."
    async with db.session() as s:
        person = await s.scalar(select(Person).where(Person.telegram_user_id == APPLICANT))
        comuni = list(await s.scalars(select(PersonComune.comune_id).where(PersonComune.person_id == person.id)))
        request = await s.get(RegistrationRequest, 1)
        told = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "reg:1:result"))
    assert person.role == "referente" and len(comuni) == 1 and request.status == "approved"
    assert told.text.startswith("La tua richiesta di registrazione è stata approvata.")
    assert (ids["organiser"], "registration.approved", {"person_id": person.id, "role": "referente"}) in \
        await audit_actions(db)


async def test_referent_cannot_approve_by_forged_button(chat, db, clock):
    ids, _ = await _request(chat, db, clock)
    calls = await chat.press("p:ap:1", user_id=REFERENT_ID)
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"] == "Non hai i permessi per questa operazione."
    async with db.session() as s:
        assert (await s.get(RegistrationRequest, 1)).status == "pending"
        assert (await s.scalar(select(Person).where(Person.telegram_user_id == APPLICANT))).role is None
    assert (ids["referent"], "refused", {"action": "approve_registration", "role": "referente"}) in \
        await audit_actions(db)


async def test_refusal_and_bad_requests(chat, db, clock):
    await _request(chat, db, clock, "/registrati po sua; Pietro Po")
    calls = await chat.press("p:rf:1", user_id=ORGANISER_ID)
    assert calls[-1].text == "Richiesta n. 1 rifiutata."
    async with db.session() as s:
        assert (await s.scalar(select(Person).where(Person.telegram_user_id == APPLICANT))).role is None
    assert (await chat.say("/registrati", user_id=6301))[-1].text.startswith("Per chiedere di essere registrato/a")
    assert (await chat.say("/registrati referente Atlantide", user_id=6301))[-1].text.startswith(
        "Non trovo il comune «Atlantide».")
    assert (await chat.say("/registrati po nessuno", user_id=6301))[-1].text.startswith(
        "Non trovo l'ufficio «nessuno».")
    assert (await chat.say("/registrati referente Rho", user_id=REFERENT_ID))[-1].text.startswith(
        "Sei già registrato/a come <b>referente comunale</b>.")
    missing = await chat.press("p:ap:99", user_id=ORGANISER_ID)
    assert missing[0].params["text"] == "Questo pulsante non è più valido."
