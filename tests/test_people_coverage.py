"""PO monitoring: a PO records where their office's services are delivered; answers change at once."""
from datetime import date, timezone

from sqlalchemy import select

from bot.catalogue.models import Coverage
from bot.people import monitoring
from bot.people.models import CoverageChange
from tests.people_support import OTHER_PO_ID, PO_ID, REFERENT_ID, audit_actions, cast, service_of

NOT_ALLOWED = "Non hai i permessi per questa operazione."


async def test_po_update_shows_in_the_referents_next_question(chat, db, clock):
    """Driven through the chat: the catalogue's free-text handler answers the referent."""
    ids = await cast(db, clock)
    before = await chat.say("servizi a Abbiategrasso", user_id=REFERENT_ID)
    assert "Stazione Unica Appaltante" not in before[-1].text
    calls = await chat.say("/copertura sua; Abbiategrasso; attivato; 01/03/2026; convenzione 2026-2028",
                           user_id=PO_ID, first_name="Paola", last_name="Pi")
    assert calls[-1].text == "Registrato: <b>Stazione Unica Appaltante</b> – Abbiategrasso: «attivato» dal 01/03/2026."
    after = await chat.say("servizi a Abbiategrasso", user_id=REFERENT_ID)
    assert "• Stazione Unica Appaltante (Abbiategrasso) – attivato\n" in after[-1].text

    service = await service_of(db, "sua")
    async with db.session() as s:
        change = await s.scalar(select(CoverageChange))
        last = await monitoring.last_update(s, service.id)
        row = await s.scalar(select(Coverage).where(Coverage.scope_key == "comune:015002",
                                                    Coverage.service_id == service.id))
    assert (change.scope_key, change.old_status, change.new_status, change.since, change.note, change.actor_id) == \
        ("comune:015002", None, "attivato", date(2026, 3, 1), "convenzione 2026-2028", ids["po"])
    assert last == monitoring.LastUpdate(clock.now().astimezone(timezone.utc), "Stazione Unica Appaltante",
                                         "comune:015002", "attivato")
    assert change.actor == "Paola Pi" and row.recorded_by == "Stazione Unica Appaltante"  # names only in history
    assert (ids["po"], "coverage.update", {"scope": "comune:015002", "old": None, "new": "attivato"}) in \
        await audit_actions(db)


async def test_status_change_keeps_history_and_zone_scope(chat, db, clock):
    await cast(db, clock)
    await chat.say("/copertura SUA; Nord Ovest; sospeso; ; fine convenzione", user_id=PO_ID)
    await chat.say("/copertura Stazione Unica Appaltante; nord-ovest; in attivazione; 2026-12-01", user_id=PO_ID)
    service = await service_of(db, "sua")
    async with db.session() as s:
        row = await s.scalar(select(Coverage).where(Coverage.service_id == service.id,
                                                    Coverage.scope_key == "zone:nord-ovest"))
        history = [(c.old_status, c.new_status) for c in await s.scalars(select(CoverageChange).order_by(CoverageChange.id))]
    assert (row.status, row.since, row.note, row.is_example) == ("in attivazione", date(2026, 12, 1), None, False)
    assert history == [("attivato", "sospeso"), ("sospeso", "in attivazione")]


async def test_po_cannot_touch_another_offices_service(chat, db, clock):
    ids = await cast(db, clock)
    calls = await chat.say("/copertura sua; Rho; sospeso", user_id=OTHER_PO_ID)
    assert calls[-1].text == NOT_ALLOWED
    service = await service_of(db, "sua")
    calls = await chat.press(f"cv:h:{service.id}", user_id=OTHER_PO_ID)
    assert calls[0].params["text"] == NOT_ALLOWED
    async with db.session() as s:
        assert (await s.scalars(select(CoverageChange))).all() == []
    assert [(a, d["action"]) for a, act, d in await audit_actions(db) if act == "refused"] == \
        [(ids["other_po"], "update_coverage")] * 2


async def test_list_card_and_input_errors(chat, db, clock):
    await cast(db, clock)
    calls = await chat.say("/copertura", user_id=PO_ID)
    assert calls[-1].text.startswith("<b>I servizi del tuo ufficio</b>")
    service = await service_of(db, "sua")
    assert calls[-1].buttons() == [("Stazione Unica Appaltante", f"cv:s:{service.id}"), ("✖️ Annulla", "cv:x")]
    await chat.say("/copertura sua; Rho; attivato", user_id=PO_ID)
    card = await chat.press(f"cv:h:{service.id}", user_id=PO_ID)
    assert card[-1].method == "editMessageText"
    assert "• Rho: attivato dal 26/11/2026 <i>(fonte: /copertura, Stazione Unica Appaltante, 26/11/2026)</i>\n" \
        in card[-1].text
    assert ("• 26/11/2026 – Rho: — → attivato dal 26/11/2026 <i>(/copertura, Stazione Unica Appaltante, "
            "26/11/2026)</i>") in card[-1].text
    errors = {"/copertura sua; Rho": "Per aggiornare la copertura", "/copertura sua; Rho; chiuso": "Stato non valido",
              "/copertura sua; Rho; attivato; 31/02/2026": "Data non valida",
              "/copertura boh; Rho; attivato": "Non trovo il servizio «boh».",
              "/copertura sua; Atlantide; attivato": "Non trovo né un comune né una zona «Atlantide».",
              "/copertura sua; Rho; attivato; ; " + "x" * 501: "La nota è troppo lunga"}
    for command, start in errors.items():
        assert (await chat.say(command, user_id=PO_ID))[-1].text.startswith(start), command
    assert (await chat.say("/copertura sua; Rho; sospeso", user_id=REFERENT_ID))[-1].text == NOT_ALLOWED


async def test_last_update_is_none_without_history(db):
    service = await service_of(db, "sua")
    async with db.session() as s:
        assert await monitoring.last_update(s, service.id) is None


async def test_reloading_the_catalogue_keeps_the_pos_record(chat, db, clock):
    from bot.catalogue import loader

    await cast(db, clock)
    await chat.say("/copertura sua; Nord Ovest; sospeso", user_id=PO_ID)  # over an example row
    await loader.load(db, None, clock=clock)
    service = await service_of(db, "sua")
    async with db.session() as s:
        row = await s.scalar(select(Coverage).where(Coverage.service_id == service.id,
                                                    Coverage.scope_key == "zone:nord-ovest"))
    assert (row.status, row.is_example) == ("sospeso", False)
