"""The step engine on a real database: branching, validation, back, skip, resume, versions, anonymity."""
from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.errors import VersionConflict
from bot.questionnaires import registry
from bot.questionnaires.models import Answer, Invitation, QuestionnaireVersion, Response
from bot.questionnaires.reading import from_dict
from tests.questionnaire_support import TINY, UID, Respondent, launch, person


async def _answers(db, response_id=None):
    async with db.session() as s:
        q = select(Answer.question_id, Answer.value, Answer.other_text)
        if response_id:
            q = q.where(Answer.response_id == response_id)
        return {qid: (v, o) for qid, v, o in (await s.execute(q)).all()}


@pytest.fixture
async def tiny(db, clock):
    async with db.session() as s:
        p = await person(s, 5001)
    cid = await launch(db, TINY, [p.id], clock.now())
    return Respondent(db, clock, p.id), cid


async def test_full_walk_with_branching_toggles_other_and_summary(tiny, db):
    r, cid = tiny
    view = await r.open(cid)
    assert "Domanda 1 di 4" in view.text and "📝 <b>Prova</b>\nTre domande." in view.text
    assert [b["text"] for b in view.rows[0]] == ["Sì", "No"]
    view = await r.press("Sì")
    assert "Domanda 2 di 4" in view.text and "<b>Quali temi?</b>" in view.text
    await r.press("Ambiente")
    view = await r.press("Altro")
    assert [row[0]["text"] for row in view.rows[:4]] == ["✓ Ambiente", "Scuola", "Trasporti", "✓ Altro"]
    view = await r.press("Conferma ✅")
    assert "Hai scelto «Altro»: scrivi quale" in view.text
    view = await r.type("Cultura")
    assert "Domanda 3 di 4" in view.text and "(facoltativa)" in view.text
    view = await r.type("tre")
    assert view.text.startswith("⚠️ «tre» non è un numero")
    view = await r.type("200")
    assert view.text.startswith("⚠️ Il numero deve essere tra 1 e 133.")
    view = await r.press("Salta »")
    view = await r.type("x" * 21)
    assert view.text.startswith("⚠️ La risposta è troppo lunga (21 caratteri): al massimo 20.")
    view = await r.type("tutto bene")
    assert "Riepilogo delle tue risposte" in view.text
    assert "→ <b>Ambiente, Altro: Cultura</b>" in view.text and "→ <b>(saltata)</b>" in view.text
    view = await r.press("Invia ✅")
    assert view.text == "✅ Grazie! Le tue risposte a «Prova» sono state registrate."
    assert await _answers(db) == {"eroga": ("si", None), "temi": (["ambiente", "altro"], "Cultura"),
                                  "quanti": (None, None), "note": ("tutto bene", None)}


async def test_multiple_min_max_is_enforced_without_changes(tiny):
    r, cid = tiny
    await r.open(cid)
    await r.press("Sì")
    view = await r.press("Conferma ✅")
    assert view.toast == "Seleziona almeno una voce." and view.alert
    for label in ("Ambiente", "Scuola", "Trasporti"):
        await r.press(label)
    view = await r.press("Conferma ✅")
    assert view.toast == "Puoi selezionare al massimo 2 voci."


async def test_branch_hides_question_and_back_changes_answer(tiny, db):
    r, cid = tiny
    await r.open(cid)
    await r.press("Sì")
    await r.press("Scuola")
    view = await r.press("Conferma ✅")
    assert "Domanda 3 di 4" in view.text
    view = await r.press("« Indietro")
    assert "Domanda 2 di 4" in view.text and "Risposta attuale: Scuola" in view.text
    assert view.rows[1][0]["text"] == "✓ Scuola"
    view = await r.press("« Indietro")
    view = await r.press("No")
    assert "Domanda 2 di 3" in view.text and "Quanti comuni?" in view.text  # temi now hidden
    await r.type("4")
    view = await r.type("ok")
    assert "Quali temi?" not in view.text
    await r.press("Invia ✅")
    assert "temi" not in await _answers(db)  # answers to hidden questions are dropped on submit


async def test_resume_at_first_unanswered_and_stale_and_duplicates(tiny, db):
    r, cid = tiny
    await r.open(cid)
    old = r.data("Sì")
    await r.press("Sì")
    stale = await r.press(data=old)  # an old button pressed again (or the same press redelivered)
    assert stale.notice_only and stale.toast == "Questo pulsante non è più valido: usa l'ultimo messaggio."
    await r.press("Ambiente")
    await r.press("Conferma ✅")
    before = await _answers(db)
    view = await r.open(cid)  # e.g. from /questionari, days later
    assert "Domanda 3 di 4" in view.text and "Tre domande." not in view.text
    assert await _answers(db) == before
    uid = next(UID)
    await r.type("7", message_id=uid)
    again = await r.type("8", message_id=uid)  # the same message redelivered: consumed, no change
    assert again is not None and again.notice_only and not again.text
    assert (await _answers(db))["quanti"] == (7, None)


async def test_closed_campaign_refuses_politely(tiny, db, clock):
    r, cid = tiny
    await r.open(cid)
    clock.advance(timedelta(days=11))
    view = await r.press("Sì")
    assert view.text.startswith("Il questionario «Prova» si è chiuso il ")
    assert await _answers(db) == {}


async def test_new_version_never_rewrites_older_answers(db, clock):
    async with db.session() as s:
        p = await person(s, 5002)
    cid = await launch(db, TINY, [p.id], clock.now())
    r = Respondent(db, clock, p.id)
    await r.open(cid)
    await r.press("No")
    v2 = copy.deepcopy(TINY)
    v2["version"] = 2
    v2["questions"][0]["label"] = "Eroghi servizi ai comuni?"
    v2["questions"].insert(1, {"id": "nuova", "type": "text", "label": "Nuova"})
    cid2 = await launch(db, v2, [p.id], clock.now(), key="t2")
    view = await r.open(cid)  # the old campaign still walks version 1
    assert "Domanda 2 di 3" in view.text and "Quanti comuni?" in view.text
    async with db.session() as s:
        versions = (await s.scalars(select(QuestionnaireVersion.version).order_by(QuestionnaireVersion.id))).all()
        assert versions == [1, 2]
        changed = from_dict({**TINY, "title": "Cambiato"})
        with pytest.raises(VersionConflict):
            await registry.ensure_version(s, changed, clock.now())
    r2 = Respondent(db, clock, p.id)
    view = await r2.open(cid2)
    assert "Eroghi servizi ai comuni?" in view.text and "Domanda 1 di 5" in view.text


async def test_anonymous_response_is_not_linked_to_the_person(db, clock):
    anon = {**TINY, "id": "anon", "anonymous": True}
    async with db.session() as s:
        p = await person(s, 5003)
    cid = await launch(db, anon, [p.id], clock.now())
    r = Respondent(db, clock, p.id)
    await r.open(cid)
    await r.press("No")
    await r.type("3")
    await r.type("bene")
    view = await r.press("Invia ✅")
    assert "in forma anonima" in view.text
    async with db.session() as s:
        inv = await s.scalar(select(Invitation).where(Invitation.person_id == p.id))
        assert inv.status == "completed" and inv.response_id is None
        resp = await s.scalar(select(Response))
        assert resp.status == "completed" and resp.submitted_at is None and resp.last_message_id == 0
        rows = (await s.execute(select(Answer.source_message_id, Answer.answered_at))).all()
        assert rows and all(u is None and t is None for u, t in rows)
        assert await s.scalar(select(func.count()).select_from(Response)) == 1
    view = await r.open(cid)
    assert view.text == "Hai già risposto a «Prova». Grazie!"


async def test_catalogue_questions_pick_by_fuzzy_name(db, clock):
    async with db.session() as s:
        p = await person(s, 5004)
    cid = await launch(db, "followup_po_zone", [p.id], clock.now())
    r = Respondent(db, clock, p.id)
    await r.open(cid)
    await r.press("Sì, li eroghiamo già")
    view = await r.type("stazione appaltante")
    assert "Risultati per «stazione appaltante»" in view.text
    view = await r.press("Stazione Unica Appaltante")
    assert "Selezionati: Stazione Unica Appaltante" in view.text
    view = await r.type("forestami")  # an exact name is taken at once
    assert "Selezionati: Stazione Unica Appaltante, ForestaMi" in view.text
    view = await r.type("zzzzqqq")
    assert view.text.startswith("⚠️ Non ho trovato nulla per «zzzzqqq»")
    await r.press("Conferma ✅")
    view = await r.press("A entrambi")
    assert "A quali Zone Omogenee?" in view.text
    await r.press("Nord Ovest")
    await r.press("Conferma ✅")
    view = await r.type("Rho")  # an exact name is taken at once
    assert "Selezionati: Rho" in view.text
    view = await r.type("legnan")
    assert "Risultati per «legnan»" in view.text
    view = await r.press("Legnano")
    await r.type("Magenta")
    view = await r.press("✖ Magenta")  # a wrong pick is taken out again
    assert "Selezionati: Rho, Legnano" in view.text
    await r.press("Conferma ✅")
    answers = await _answers(db)
    assert answers["zone"] == (["nord-ovest"], None)
    assert sorted(answers["comuni"][0]) == ["015118", "015182"]


async def test_videoconference_interest_dates_other_back_and_edit_from_summary(db, clock):
    async with db.session() as s:
        p = await person(s, 5005, role="referente")
    cid = await launch(db, "videoconferenza", [p.id], clock.now())
    r = Respondent(db, clock, p.id)
    view = await r.open(cid)
    assert "Domanda 1 di 9" in view.text and "✍️ Scrivi il nome del Comune." in view.text
    await r.type("Rho")
    await r.press("Sì")
    view = await r.type("4")
    assert view.text.startswith("⚠️ Il numero deve essere tra 1 e 3.")
    await r.type("2")
    await r.type("Sala giunta")
    await r.press("Fibra")
    await r.press("Altro")
    view = await r.press("Conferma ✅")
    assert "Hai scelto «Altro»" in view.text
    view = await r.press("« Indietro")  # out of the «Altro» text, back to the choices
    assert view.rows[-2][0]["text"] == "Conferma ✅" and view.rows[4][0]["text"] == "✓ Altro"
    await r.press("✓ Altro")
    await r.press("Formazione")
    await r.press("Conferma ✅")
    await r.type("Mario Verdi, 02 1234")
    view = await r.type("31/02/2027")
    assert view.text.startswith("⚠️ Non riconosco la data «31/02/2027»")
    await r.type("15/1/27")
    view = await r.press("Salta »")
    assert "→ <b>15/01/2027</b>" in view.text and "→ <b>Rho</b>" in view.text
    view = await r.press("✏️ 3")
    assert "Quante postazioni" in view.text and "Risposta attuale: 2" in view.text
    view = await r.type("3")
    assert "Riepilogo delle tue risposte" in view.text and "→ <b>3</b>" in view.text
    await r.press("Invia ✅")
    answers = await _answers(db)
    assert answers["comune"] == ("015182", None) and answers["dal"] == ("2027-01-15", None)
    assert answers["uso"] == (["formazione"], None) and answers["note"] == (None, None)
