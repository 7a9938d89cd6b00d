"""/copertura step by step: a PO names their service and the place with typos, picks from «Intendevi…?»,
the state and the date by buttons; the card shows the coverage with its source and the history."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.catalogue.models import Comune, Coverage, CoverageDraft, Service
from bot.people.models import CoverageChange
from tests.conftest import start_harness, stop_harness
from tests.people_support import OTHER_PO_ID, PO_ID, REFERENT_ID, audit_actions, cast
from tests.survey_support import button, last_text, tap

PO = OTHER_PO_ID  # the PO of the Ambiente office: five services
SOURCE = "/copertura, Ambiente e tutela del territorio, 26/11/2026"


async def _row(db, service_code: str, comune: str):
    async with db.session() as s:
        return await s.scalar(select(Coverage).join(Service, Service.id == Coverage.service_id)
                              .join(Comune, Comune.id == Coverage.comune_id)
                              .where(Service.code == service_code, Comune.name == comune))


async def test_by_name_with_typos_step_by_step_and_the_history(chat, db, clock, settings):
    ids = await cast(db, clock)
    await chat.say("/copertura autorizazioni", user_id=PO)  # misspelt and partial: «Intendevi…?»
    assert last_text(chat) == "🤔 «autorizazioni»: intendevi uno di questi servizi del tuo ufficio?"
    await tap(chat, "Autorizzazioni ambientali sulla piattaforma Inlinea", PO)
    assert last_text(chat).startswith("<b>Autorizzazioni ambientali sulla piattaforma Inlinea</b> "
                                      "(<code>autorizzazioni-ambientali</code>)\nNessun comune o zona registrato.")
    assert "scrivi il nome di un comune o di una zona" in last_text(chat)

    await chat.say("Trezzano", user_id=PO)  # two comuni: «Intendevi…?»
    assert last_text(chat) == "🤔 «Trezzano»: intendevi?"
    assert [t for t, _ in chat.telegram.messages[-1].buttons()] == ["Trezzano Rosa", "Trezzano sul Naviglio",
                                                                     "✖️ Annulla"]
    await tap(chat, "Trezzano sul Naviglio", PO)
    assert last_text(chat) == ("<b>Autorizzazioni ambientali sulla piattaforma Inlinea</b> – Trezzano sul Naviglio\n"
                               "Oggi risulta: nessuna registrazione.\nChe cosa vuoi registrare?")
    stale_status = button(chat.telegram.messages, "✅ attivato")
    await tap(chat, "⏳ in attivazione", PO)
    assert (await chat.press(stale_status, user_id=PO))[0].params["text"] == "Questo pulsante non è più valido."
    await chat.say("31/02/2027", user_id=PO)
    assert last_text(chat).startswith("Data non valida")
    await chat.say("01/03/2027", user_id=PO)
    assert last_text(chat) == ("Confermi?\n<b>Autorizzazioni ambientali sulla piattaforma Inlinea</b> – "
                               "Trezzano sul Naviglio: «in attivazione» dal 01/03/2027")
    assert await _row(db, "autorizzazioni-ambientali", "Trezzano sul Naviglio") is None  # nothing before «Salva»
    await tap(chat, "✅ Salva", PO)
    row = await _row(db, "autorizzazioni-ambientali", "Trezzano sul Naviglio")
    assert (row.status, row.since, row.source, row.is_example) == ("in attivazione", date(2027, 3, 1), SOURCE, False)
    assert last_text(chat).startswith("✅ Registrato: <b>Autorizzazioni ambientali sulla piattaforma Inlinea</b> – "
                                      "Trezzano sul Naviglio: «in attivazione» dal 01/03/2027.")
    assert ("• Trezzano sul Naviglio: in attivazione dal 01/03/2027 <i>(fonte: " + SOURCE + ")</i>") in last_text(chat)

    # the bot restarts: the dialogue is in the database, the next place is typed (misspelt) at once
    await stop_harness(chat)
    chat2 = await start_harness(settings, clock)
    try:
        await chat2.say("Abiategrasso", user_id=PO)
        assert last_text(chat2).startswith("<b>Autorizzazioni ambientali sulla piattaforma Inlinea</b> – Abbiategrasso")
        await tap(chat2, "✅ attivato", PO)
        await tap(chat2, "Oggi", PO)
        await tap(chat2, "✅ Salva", PO)
        await tap(chat2, "➕ Un altro comune o zona", PO)
        await chat2.say("trezzano sul navilio", user_id=PO)
        await tap(chat2, "⛔ cessato (non più erogato)", PO)
        assert last_text(chat2).endswith("Trezzano sul Naviglio: «cessato»")
        await tap(chat2, "✅ Salva", PO)
        card = last_text(chat2)
        assert card.startswith("✅ Registrato: <b>Autorizzazioni ambientali sulla piattaforma Inlinea</b> – "
                               "Trezzano sul Naviglio: «cessato».\n\n")
        # the card: what is recorded now, with its source, and the history, newest first
        assert "• Abbiategrasso: attivato dal 26/11/2026 <i>(fonte: " + SOURCE + ")</i>" in card
        assert "• Trezzano sul Naviglio: in attivazione dal" not in card  # ended: only in the history
        assert card.split("<b>Storico delle modifiche</b> (3 di 3)\n")[1].startswith(
            f"• 26/11/2026 – Trezzano sul Naviglio: in attivazione → cessato <i>({SOURCE})</i>\n"
            f"• 26/11/2026 – Abbiategrasso: — → attivato dal 26/11/2026 <i>({SOURCE})</i>\n"
            f"• 26/11/2026 – Trezzano sul Naviglio: — → in attivazione dal 01/03/2027 <i>({SOURCE})</i>")
        # a referent's question now shows it; free text of someone without a dialogue is a question
        answer = (await chat2.say("servizi a Abbiategrasso", user_id=REFERENT_ID))[-1].text
        assert "Autorizzazioni ambientali sulla piattaforma Inlinea (Abbiategrasso) – attivato" in answer
    finally:
        await stop_harness(chat2)
    assert not chat2.errors
    async with db.session() as s:
        history = (await s.scalars(select(CoverageChange).order_by(CoverageChange.id))).all()
    assert [(h.new_status, h.actor_id) for h in history] == [("in attivazione", ids["other_po"]),
                                                             ("attivato", ids["other_po"]),
                                                             ("cessato", ids["other_po"])]
    assert [a for _, a, _ in await audit_actions(db) if a == "coverage.update"] == ["coverage.update"] * 3


async def test_another_office_and_other_roles_are_refused(chat, db, clock):
    await cast(db, clock)
    async with db.session() as s:
        forestami = await s.scalar(select(Service.id).where(Service.code == "forestami"))
    refused = await chat.press(f"cv:s:{forestami}", user_id=PO_ID)  # the SUA's PO, not Ambiente's
    assert refused[0].params["text"] == "Non hai i permessi per questa operazione."
    assert (await chat.say("/copertura forestami", user_id=PO_ID))[-1].text.startswith("Non trovo «forestami»")
    assert (await chat.say("/copertura", user_id=REFERENT_ID))[-1].text == "Non hai i permessi per questa operazione."
    assert (await chat.press("cv:t:9", user_id=PO_ID))[0].params["text"] == "Questo pulsante non è più valido."
    group = await chat.say("/copertura", user_id=PO_ID, chat_type="group")
    assert group == []  # in a group only /help and /privacy answer (docs/security-access.md)


async def test_leaving_the_dialogue_gives_typed_text_back_to_the_catalogue(chat, db, clock):
    await cast(db, clock)
    await chat.say("/copertura forestami", user_id=PO)
    await tap(chat, "✖️ Annulla", PO)
    assert last_text(chat).startswith("Va bene, niente è cambiato.")
    async with db.session() as s:
        assert await s.scalar(select(CoverageDraft)) is None
    answer = (await chat.say("in che zona è Melzo?", user_id=PO))[-1].text
    assert answer.startswith("📍 <b>Melzo</b> è nella zona omogenea")


async def test_a_role_taken_away_mid_dialogue_ends_it(chat, db, clock):
    from bot.people import membership
    from bot.people.models import Person

    ids = await cast(db, clock)
    await chat.say("/copertura forestami", user_id=PO)
    async with db.session() as s:
        await membership.revoke(s, await s.get(Person, ids["other_po"]), actor="test", now=clock.now())
    answer = (await chat.say("in che zona è Melzo?", user_id=PO))[-1].text
    assert answer.startswith("📍 <b>Melzo</b> è nella zona omogenea")
    async with db.session() as s:
        assert await s.scalar(select(CoverageDraft)) is None
