"""Done-when of issue 15, through the production application: three PO answer the follow-up in the chat,
an organiser reviews the proposals, rejects one and applies the rest; referents' answers change, with the
source, never «(esempio)»; a newer manual record is reported, not overwritten; the audit holds every step."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.catalogue.models import Coverage, Service
from bot.config import Settings
from bot.people.models import CoverageChange
from tests.conftest import ADMIN_ID, TEST_TOKEN
from tests.people_support import ORGANISER_ID, OTHER_PO_ID, PO_ID, REFERENT_ID, audit_actions, cast
from tests.survey_support import (
    MOBILITY_PO_ID,
    answer_followup,
    button,
    last_text,
    launch_followup,
    mobility_po,
    proposals,
    tap,
)


@pytest.fixture
def settings(db_url) -> Settings:
    """A production install: real data only (ZOBOT_CATALOGUE_EXAMPLES=no)."""
    return Settings(token=TEST_TOKEN, database_url=db_url, admins=frozenset({ADMIN_ID}), catalogue_examples=False)


async def test_three_po_answer_the_organiser_reviews_and_applies(chat, db, clock):
    ids = await cast(db, clock)
    mobility = await mobility_po(db, clock)
    # what the catalogue knew before: the SUA in the whole Nord Ovest and (suspended) in Rho
    await chat.say("/copertura sua; Nord Ovest; attivato; 01/01/2025", user_id=PO_ID)
    await chat.say("/copertura sua; Rho; sospeso", user_id=PO_ID)
    await launch_followup(chat, ORGANISER_ID)

    await answer_followup(chat, PO_ID, eroga="Sì, li eroghiamo già",
                          services=[("stazione appaltante", "Stazione Unica Appaltante")], ambito="A entrambi",
                          zones=["Nord Ovest", "Sud Ovest"], comuni=["Abbiategrasso"], forma="Convenzione")
    await answer_followup(chat, OTHER_PO_ID, eroga="Sì, è in programma", services=[("forestami", "")],
                          ambito="A singoli Comuni", comuni=["Legnano"], forma="Protocollo d'intesa")
    await answer_followup(chat, MOBILITY_PO_ID, eroga="Sì, li eroghiamo già",
                          services=[("trasporto pubblico", "Trasporto pubblico locale interurbano")],
                          ambito="A intere Zone Omogenee", zones=["Alto Milanese"], forma="Convenzione")
    async with db.session() as s:  # computed at submission, attributed to each PO and office
        sua, forestami, tpl = [await s.scalar(select(Service.id).where(Service.code == c))
                               for c in ("sua", "forestami", "tpl-interurbano")]
    assert [(p.id, p.person_id, p.service_id, p.scope_key, p.kind, p.old_status, p.new_status, p.note)
            for p in await proposals(db)] == [
        (1, ids["po"], sua, "comune:015002", "new", None, "attivato", "Convenzione"),
        (2, ids["po"], sua, "comune:015182", "ended", "sospeso", None, None),  # Rho: not named any more
        (3, ids["po"], sua, "zone:sud-ovest", "new", None, "attivato", "Convenzione"),
        (4, ids["other_po"], forestami, "comune:015118", "new", None, "in attivazione", "Protocollo d'intesa"),
        (5, mobility, tpl, "zone:alto-milanese", "new", None, "attivato", "Convenzione")]  # Nord Ovest: unchanged
    # a newer manual record, after the PO answered: the SUA is suspended in the Sud Ovest
    await chat.say("/copertura sua; Sud Ovest; sospeso; ; in attesa del rinnovo", user_id=PO_ID)

    await chat.say("/proposte", user_id=ORGANISER_ID)
    await tap(chat, "#1 (5/5 da decidere) Approfondimento: i servizi per Zona…", ORGANISER_ID)  # cut between words
    diff = last_text(chat)
    assert diff.index("<b>ForestaMi</b>") < diff.index("<b>Stazione Unica Appaltante</b>") < \
        diff.index("<b>Trasporto pubblico locale interurbano</b>")  # grouped by service
    assert ("⏳ <b>#1</b> Abbiategrasso: — → attivato (nuova) · risposta di Stazione Unica Appaltante del "
            "26/11/2026 · da decidere\n   nota: Convenzione") in diff
    assert "⏳ <b>#2</b> Rho: sospeso → cessato (cessazione)" in diff
    assert ("⏳ <b>#3</b> Sud Ovest: — → attivato (nuova) · risposta di Stazione Unica Appaltante del 26/11/2026 · "
            "da decidere\n   nota: Convenzione\n   ⚠️ dopo la risposta il catalogo è cambiato: oggi «sospeso» "
            "(fonte: /copertura, Stazione Unica Appaltante, 26/11/2026): non verrà sovrascritto") in diff
    refused = await chat.press(button(chat.telegram.messages, "❌ #4"), user_id=REFERENT_ID)
    assert refused[0].params["text"] == "Non hai i permessi per questa operazione."

    await tap(chat, "❌ #4", ORGANISER_ID)
    assert "❌ <b>#4</b> Legnano: — → in attivazione (nuova) · risposta di Ambiente e tutela del territorio del " \
           "26/11/2026 · rifiutata" in last_text(chat)
    await tap(chat, "✅ Accetta tutte", ORGANISER_ID)
    assert "5 proposte: da decidere 0, accettate 4, rifiutate 1, applicate 0" in last_text(chat)
    await tap(chat, "▶️ Applica le accettate", ORGANISER_ID)  # a dry run first
    preview = last_text(chat)
    assert preview.startswith("▶️ <b>Applicare le proposte accettate della campagna #1?</b>\nDa applicare: 3\n")
    assert "In conflitto con un dato più recente (non sovrascritti): 1\n   • #3 Stazione Unica Appaltante – Sud Ovest" \
        in preview
    async with db.session() as s:
        assert await s.scalar(select(Coverage).where(Coverage.scope_key == "comune:015002")) is None  # nothing yet
    before = (await chat.say("servizi a Abbiategrasso", user_id=REFERENT_ID))[-1].text  # now cached per version
    assert "Stazione Unica Appaltante" not in before
    await tap(chat, "✅ Conferma: applica", ORGANISER_ID)
    assert last_text(chat).startswith("✔️ <b>Proposte applicate – campagna #1</b>\nApplicate: 3\n")

    # a referent's next question: the new coverage with its source, never «(esempio)»
    answer = (await chat.say("servizi a Abbiategrasso", user_id=REFERENT_ID))[-1].text
    assert "• Stazione Unica Appaltante (Abbiategrasso) – attivato\n" in answer
    assert ("Fonte dei dati di copertura: questionario «Approfondimento: i servizi per Zona Omogenea», risposta di "
            "Stazione Unica Appaltante del 26/11/2026") in answer
    assert "esempio" not in answer
    rho = (await chat.say("servizi a Rho", user_id=REFERENT_ID))[-1].text
    assert "• Stazione Unica Appaltante – attivato" in rho and "(Rho)" not in rho  # Nord Ovest kept, Rho ended
    legnano = (await chat.say("servizi a Legnano", user_id=REFERENT_ID))[-1].text
    assert "Trasporto pubblico locale interurbano – attivato" in legnano and "ForestaMi" not in legnano
    async with db.session() as s:
        sud_ovest = await s.scalar(select(Coverage).where(Coverage.service_id == sua,
                                                          Coverage.scope_key == "zone:sud-ovest"))
        assert (sud_ovest.status, sud_ovest.note) == ("sospeso", "in attesa del rinnovo")  # not overwritten
        assert await s.scalar(select(Coverage).where(Coverage.is_example.is_(True))) is None
        history = [(c.scope_key, c.old_status, c.new_status, c.source) for c in
                   await s.scalars(select(CoverageChange).where(CoverageChange.actor_id == ids["organiser"])
                                   .order_by(CoverageChange.id))]
    source = ("questionario «Approfondimento: i servizi per Zona Omogenea», risposta di Stazione Unica Appaltante "
              "del 26/11/2026")
    assert history == [("comune:015002", None, "attivato", source), ("comune:015182", "sospeso", "cessato", source),
                       ("zone:alto-milanese", None, "attivato", source.replace("Stazione Unica Appaltante",
                                                                                "Trasporti e mobilità"))]
    # the audit holds every step
    steps = [(actor, action, detail) for actor, action, detail in await audit_actions(db)
             if action.startswith(("catalogue.", "questionnaire.launch")) or action == "refused"]
    assert steps == [
        (ids["organiser"], "questionnaire.launch", steps[0][2]),
        (ids["referent"], "refused", {"action": "review_proposals", "role": "referente"}),
        (ids["organiser"], "catalogue.proposals.decide", {"accepted": [], "rejected": [4]}),
        (ids["organiser"], "catalogue.proposals.decide", {"accepted": [1, 2, 3, 5], "rejected": []}),
        (ids["organiser"], "catalogue.proposals.apply", {"applied": [1, 2, 5], "conflict": [3]})]
