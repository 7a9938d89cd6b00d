"""/annuncio and /consegne in the chat: audience, text, preview, explicit confirmation, reports, resend."""
from sqlalchemy import func, select

from bot.outbox.models import OutboxMessage
from tests.conftest import ADMIN_ID
from tests.delivery_support import make_people, statuses

HEADER = "📣 <b>Comunicazione della Città Metropolitana di Milano</b>\n\n"


async def _count(db) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(OutboxMessage))


async def test_broadcast_with_preview_and_confirmation_is_idempotent(chat, clock):
    db = chat.services.db
    await make_people(db, clock, [501, 502, 503])
    await make_people(db, clock, [601], role="po")
    calls = await chat.say("/annuncio", user_id=ADMIN_ID)
    menu = calls[-1]
    assert menu.text == "📣 <b>Nuovo annuncio</b>\nA chi vuoi scrivere?"
    assert menu.buttons() == [("Tutte le persone registrate", "a:k:1:everyone"),
                              ("Tutti i referenti dei comuni", "a:k:1:all_referents"),
                              ("Referenti di una zona…", "a:k:1:zone_referents"),
                              ("Referenti di alcuni comuni…", "a:k:1:comuni_referents"),
                              ("Tutte le posizioni organizzative", "a:k:1:all_po"),
                              ("PO di un tema…", "a:k:1:theme_po"),
                              ("Partecipanti di un tavolo…", "a:k:1:tavolo"),
                              ("✖ Annulla", "a:no:1")]
    calls = await chat.press("a:k:1:all_referents", user_id=ADMIN_ID)
    assert calls[0].method == "answerCallbackQuery"
    assert calls[-1].method == "editMessageText"
    assert calls[-1].text == ("Destinatari: <b>Tutti i referenti dei comuni</b> (3 persone).\n\n"
                              "Ora scrivi il messaggio da inviare (puoi usare grassetto e corsivo).")
    calls = await chat.say("Riunione giovedì & venerdì <alle 10>", user_id=ADMIN_ID)
    preview, message = [c for c in calls if c.method == "sendMessage"]
    assert preview.text == "👀 <b>Anteprima</b> — andrà a <b>3 persone</b> (Tutti i referenti dei comuni):"
    assert message.text == HEADER + "Riunione giovedì &amp; venerdì &lt;alle 10&gt;"
    assert message.buttons() == [("✅ Invia a 3 persone", "a:ok:1"), ("✖ Annulla", "a:no:1")]
    assert await _count(db) == 0  # nothing goes out before the explicit confirmation
    calls = await chat.press("a:ok:1", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("✅ Annuncio in coda per <b>3 persone</b>.")
    calls = await chat.press("a:ok:1", user_id=ADMIN_ID)
    assert calls[-1].text == "Questo annuncio è già stato inviato: non lo rimando. Lo stato è in /consegne."
    assert await _count(db) == 3
    chat.telegram.clear()
    await chat.services.outbox.tick()
    sent = chat.telegram.of("sendMessage")
    assert sorted(c.params["chat_id"] for c in sent) == [501, 502, 503]
    assert {c.text for c in sent} == {HEADER + "Riunione giovedì &amp; venerdì &lt;alle 10&gt;"}


async def test_referent_is_refused(chat, clock):
    await make_people(chat.services.db, clock, [701])
    calls = await chat.say("/annuncio", user_id=701)
    assert calls[-1].text == "Non hai i permessi per questa operazione."
    calls = await chat.say("/consegne", user_id=701)
    assert calls[-1].text == "Non hai i permessi per questa operazione."
    calls = await chat.press("a:ok:1", user_id=701)
    assert calls[-1].method == "answerCallbackQuery"
    assert calls[-1].params["text"] == "Non hai i permessi per questa operazione."
    assert await _count(chat.services.db) == 0


async def test_cancelled_draft_refuses_its_old_buttons(chat, clock):
    await chat.say("/annuncio", user_id=ADMIN_ID)
    calls = await chat.press("a:no:1", user_id=ADMIN_ID)
    assert calls[-1].text == "Annuncio annullato: non è stato inviato nulla."
    calls = await chat.press("a:k:1:everyone", user_id=ADMIN_ID)
    assert calls[-1].params["text"] == "Questa bozza non è più attiva: ricomincia con /annuncio."


async def test_report_and_explicit_resend_of_unknown(chat, clock):
    db = chat.services.db
    await make_people(db, clock, [801, 802])
    await chat.say("/annuncio", user_id=ADMIN_ID)
    await chat.press("a:k:1:all_referents", user_id=ADMIN_ID)
    await chat.say("Avviso", user_id=ADMIN_ID)
    await chat.press("a:ok:1", user_id=ADMIN_ID)
    chat.telegram.timeout_next("sendMessage", sent=True)
    await chat.services.outbox.tick()
    calls = await chat.say("/consegne", user_id=ADMIN_ID)
    assert calls[-1].text == "📬 <b>Consegne recenti</b>\n• <b>Annuncio #1</b> (26/11/2026 09:00): 1 consegnato su 2"
    first_id = calls[-1].buttons()[0][1].split(":")[-1]
    assert calls[-1].buttons() == [("Annuncio #1: 1/2", f"a:r:{first_id}")]
    calls = await chat.press(f"a:r:{first_id}", user_id=ADMIN_ID)
    detail = calls[-1]
    assert detail.text.startswith("📬 <b>Annuncio #1</b>\nCreato il 26/11/2026 09:00\n\nConsegnati: 1\nIn coda: 0\n"
                                  "Bloccati (hanno bloccato il bot): 0\nIncerti: 1\nFalliti: 0\nScaduti: 0\n\n"
                                  "<b>Da controllare</b>:\n• Persona 801 — incerto")
    assert detail.buttons() == [("🔁 Rimanda l'incerto", f"a:rs:{first_id}"), ("« Consegne", "a:l")]
    calls = await chat.press(f"a:rs:{first_id}", user_id=ADMIN_ID)
    assert calls[-1].buttons() == [("🔁 Sì, rimanda", f"a:ry:{first_id}"), ("✖ Annulla", f"a:r:{first_id}")]
    assert (await statuses(db))["bc:1:1"] == "unknown"
    calls = await chat.press(f"a:ry:{first_id}", user_id=ADMIN_ID)
    assert calls[-1].text == "🔁 1 messaggio rimesso in coda."
    await chat.services.outbox.tick()
    assert set((await statuses(db)).values()) == {"sent"}


async def test_zone_audience_reaches_only_that_zones_referents(chat, clock):
    from bot.catalogue.models import Comune, Zone
    from bot.people.models import PersonComune
    db = chat.services.db
    inside, outside = await make_people(db, clock, [901, 902])
    async with db.session() as s:
        adda = await s.scalar(select(Zone).where(Zone.code == "adda-martesana"))
        melzo = await s.scalar(select(Comune).where(Comune.name == "Melzo"))
        rho = await s.scalar(select(Comune).where(Comune.name == "Rho"))
        s.add_all([PersonComune(person_id=inside.id, comune_id=melzo.id),
                   PersonComune(person_id=outside.id, comune_id=rho.id)])
    await chat.say("/annuncio", user_id=ADMIN_ID)
    calls = await chat.press("a:k:1:zone_referents", user_id=ADMIN_ID)
    assert calls[-1].text == "Referenti di quale zona omogenea?"
    assert ("Adda Martesana", f"a:z:1:{adda.id}") in calls[-1].buttons()
    calls = await chat.press(f"a:z:1:{adda.id}", user_id=ADMIN_ID)
    assert calls[-1].text.startswith("Destinatari: <b>Referenti della zona Adda Martesana</b> (1 persona).")
    await chat.say("Tavolo rinviato", user_id=ADMIN_ID)
    await chat.press("a:ok:1", user_id=ADMIN_ID)
    chat.telegram.clear()
    await chat.services.outbox.tick()
    assert [c.params["chat_id"] for c in chat.telegram.of("sendMessage")] == [901]


async def test_empty_audience_offers_the_choice_again(chat, clock):
    await chat.say("/annuncio", user_id=ADMIN_ID)
    calls = await chat.press("a:k:1:all_po", user_id=ADMIN_ID)
    assert calls[-1].text == ("Nessuna persona registrata fa parte di «Tutte le posizioni organizzative»: "
                              "scegli un altro gruppo.")
    assert ("Tutti i referenti dei comuni", "a:k:1:all_referents") in calls[-1].buttons()
