"""Questionnaires answered on the web page /q/<token> with the chat's engine: the same steps, conditions,
pickers, validation, «Altro», save and resume, one response whatever the door (the chat through the
production Application, the web through the real Starlette app), closed campaigns and unusable links."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.people import links
from bot.people.models import AuditEntry, Person
from bot.people.web_models import PersonalLink
from bot.people.who import Who
from bot.questionnaires import weblinks
from bot.questionnaires.models import Answer, Invitation, Response
from tests.questionnaire_support import TINY, launch, person
from tests.web_questionnaire_support import WebRespondent
from tests.web_support import WEB_URL

PO = 7301
OTHER = 7302
PICKER = {
    "id": "sedi", "version": 1, "title": "Sedi", "introduction": "Dove lavori.", "audience": "po",
    "anonymous": False,
    "questions": [
        {"id": "ha_sede", "type": "yesno", "label": "Hai una sede?"},
        {"id": "sede", "type": "comune", "label": "In quale Comune?", "when": 'ha_sede == "si"'},
        {"id": "altri", "type": "comune", "multiple": True, "label": "Quali altri Comuni servi?", "required": False},
    ],
}


async def _po(chat, tg_id: int = PO, role: str = "po") -> int:
    async with chat.services.db.session() as s:
        return (await person(s, tg_id, role=role, name="Paola Web")).id


async def _link(chat, person_id: int, campaign_id: int) -> str:
    url = await chat.services.questionnaires.answer_link(Who(person_id=person_id), campaign_id)
    assert url is not None and url.startswith(WEB_URL + "/q/")
    return url[len(WEB_URL):]


async def _rows(chat, campaign_id: int):
    """(responses, answers by question, invitations) of the campaign."""
    async with chat.services.db.read() as s:
        responses = (await s.scalars(select(Response).where(Response.campaign_id == campaign_id))).all()
        answers = {a.question_id: a for a in await s.scalars(
            select(Answer).join(Response, Response.id == Answer.response_id).where(Response.campaign_id == campaign_id))}
        invitations = (await s.scalars(select(Invitation).where(Invitation.campaign_id == campaign_id))).all()
    return responses, answers, invitations


async def test_a_questionnaire_with_a_condition_altro_validation_and_send_on_the_web(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, TINY, [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    page = await web.open()
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "Tre domande." in web.text and web.buttons() == ["Rispondi"]
    assert (await _rows(web_chat, cid))[0] == [] and (await _rows(web_chat, cid))[2][0].status == "invited"
    await web.press("Rispondi")
    assert "Domanda 1 di 4" in web.text and "Eroghi servizi?" in web.text
    await web.press("Avanti")  # nothing chosen
    assert "Scegli una risposta" in web.text and "Eroghi servizi?" in web.text
    await web.choose("Sì")
    assert "Quali temi?" in web.text and "Domanda 2 di 4" in web.text  # shown: eroga == "si"
    await web.tick()
    assert "Seleziona almeno una voce." in web.text and "Quali temi?" in web.text
    await web.tick("Ambiente", "Scuola", "Trasporti")
    assert "Puoi selezionare al massimo 2 voci." in web.text
    _, answers, _ = await _rows(web_chat, cid)
    assert set(answers) == {"eroga"}  # refused selections saved nothing
    await web.tick("Ambiente", "Altro", other="Sport")
    assert "Quanti comuni?" in web.text
    await web.type("tre")
    assert "«tre» non è un numero" in web.text and "Quanti comuni?" in web.text
    _, answers, _ = await _rows(web_chat, cid)
    assert "quanti" not in answers
    await web.press("Salta")
    assert "Note" in web.text
    await web.type("x" * 21)
    assert "troppo lunga" in web.text
    await web.type("Tutto bene")
    assert "Riepilogo delle tue risposte" in web.text and "Ambiente, Altro: Sport" in web.text
    await web.press("Invia le risposte")
    assert "Le tue risposte a «Prova» sono state registrate" in web.text
    responses, answers, invitations = await _rows(web_chat, cid)
    assert [r.status for r in responses] == ["completed"] and invitations[0].status == "completed"
    assert answers["eroga"].value == "si" and answers["temi"].value == ["ambiente", "altro"]
    assert answers["temi"].other_text == "Sport" and answers["quanti"].value is None
    assert answers["note"].value == "Tutto bene"
    await web.open()
    assert "Hai già risposto a «Prova»" in web.text


async def test_a_condition_not_met_skips_its_question_and_back_returns(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, TINY, [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await web.start()
    await web.choose("No")
    assert "Quanti comuni?" in web.text and "Quali temi?" not in web.text
    await web.press("Indietro")
    assert "Eroghi servizi?" in web.text and "Risposta attuale: No" in web.text


async def test_a_comune_picker_finds_a_misspelt_name_and_a_multiple_selection_is_edited(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, PICKER, [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await web.start()
    await web.choose("Sì")
    assert "In quale Comune?" in web.text
    await web.type("<b>Zq")
    assert "Non ho trovato nulla per «&lt;b&gt;Zq»" in web.text  # escaped once, shown as typed
    await web.type("Legnnao")
    assert "Risultati per «Legnnao»" in web.text
    await web.choose("Legnano")
    assert "Quali altri Comuni servi?" in web.text
    await web.type("Rho")  # one exact match: added at once
    await web.type("magenta")
    assert "Selezionati" in web.text and "Rho" in web.text and "Magenta" in web.text
    await web.press("Togli")  # the first: Rho
    await web.press("Conferma")
    assert "Riepilogo delle tue risposte" in web.text
    _, answers, _ = await _rows(web_chat, cid)
    assert answers["sede"].labels == ["Legnano"] and answers["altri"].labels == ["Magenta"]
    await web.press("Invia le risposte")
    responses, _, _ = await _rows(web_chat, cid)
    assert [r.status for r in responses] == ["completed"]


async def test_stop_half_way_and_resume_from_a_second_link(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, TINY, [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await web.start()
    await web.choose("Sì")
    await web.tick("Scuola")
    assert "Quanti comuni?" in web.text
    clock.advance(timedelta(days=2))  # the reminder's e-mail carries a new link
    again = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await again.open()
    assert "Quanti comuni?" in again.text and "Domanda 3 di 4" in again.text
    await again.type("12")
    await again.type("ok")
    await again.press("Invia le risposte")
    responses, answers, _ = await _rows(web_chat, cid)
    assert len(responses) == 1 and answers["temi"].value == ["scuola"] and answers["quanti"].value == 12


async def test_a_stale_form_changes_nothing_and_shows_where_the_person_is(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, TINY, [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await web.start()
    old = web.page
    await web.choose("No")
    web.page = old  # the same form again (back button of the browser, a second window)
    await web.choose("Sì")
    assert "non era più aggiornata" in web.text and "Quanti comuni?" in web.text
    _, answers, _ = await _rows(web_chat, cid)
    assert answers["eroga"].value == "no"


async def test_started_in_the_chat_finished_on_the_web_one_response(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, TINY, [pid], clock.now())
    shown = await web_chat.press(f"q:go:{cid}", user_id=PO)
    assert "Eroghi servizi?" in shown[-1].text
    yes = dict(shown[-1].buttons())["Sì"]
    old_buttons = dict(shown[-1].buttons())
    step = await web_chat.press(yes, user_id=PO)
    assert "Quali temi?" in step[-1].text
    # «Continua sul web»: a personal link, in a message of its own
    sent = await web_chat.press(dict(step[-1].buttons())["🌐 Continua sul web"], user_id=PO)
    url = dict(sent[-1].buttons())["Apri il questionario sul web"]
    assert url.startswith(WEB_URL + "/q/")
    web = WebRespondent(web_chat.web, url[len(WEB_URL):])
    await web.open()
    assert "Quali temi?" in web.text  # looking changes nothing: the chat's buttons still work
    await web_chat.press(dict(step[-1].buttons())["Ambiente"], user_id=PO)
    await web.open()
    assert "Quali temi?" in web.text
    await web.tick("Trasporti")
    await web.type("7")
    await web.type("fine")
    await web.press("Invia le risposte")
    stale = await web_chat.press(old_buttons["No"], user_id=PO)  # the chat's old button changes nothing
    assert "Eroghi servizi?" not in stale[-1].text
    responses, answers, invitations = await _rows(web_chat, cid)
    assert len(responses) == 1 and len(invitations) == 1 and invitations[0].status == "completed"
    assert answers["eroga"].value == "si" and answers["temi"].value == ["trasporti"] and answers["note"].value == "fine"
    counted = await web_chat.services.questionnaires.results(cid)  # what organisers see: one response
    assert counted.completed == 1 and counted.progress.completed == 1
    by_id = {r.question.id: r for r in counted.questions}
    assert by_id["eroga"].answered == 1 and dict(by_id["temi"].counts)["Trasporti"] == 1
    assert dict(by_id["temi"].counts).get("Ambiente", 0) == 0  # the choice replaced on the web is not counted


async def test_started_on_the_web_finished_in_the_chat_one_response(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, TINY, [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await web.start()
    await web.choose("No")
    resumed = await web_chat.press(f"q:go:{cid}", user_id=PO)
    assert "Quanti comuni?" in resumed[-1].text
    await web_chat.say("3", user_id=PO)
    done = await web_chat.say("dalla chat", user_id=PO)
    assert "Riepilogo" in done[-1].text
    sent = await web_chat.press(dict(done[-1].buttons())["Invia ✅"], user_id=PO)
    assert "sono state registrate" in sent[-1].text
    await web.open()
    assert "Hai già risposto" in web.text
    responses, answers, _ = await _rows(web_chat, cid)
    assert len(responses) == 1 and answers["quanti"].value == 3 and answers["note"].value == "dalla chat"


async def test_a_closed_campaign_says_so_and_an_unusable_link_is_404(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, TINY, [pid], clock.now(), days=3)
    path = await _link(web_chat, pid, cid)
    web = WebRespondent(web_chat.web, path)
    await web.start()
    form_page = web.page
    clock.advance(timedelta(days=4))
    await web.open()
    assert web.page.status_code == 200 and "si è chiuso" in web.text
    web.page = form_page
    await web.choose("Sì")  # a form left open past the closing
    assert "si è chiuso" in web.text
    _, answers, _ = await _rows(web_chat, cid)
    assert answers == {}
    for bad in ("/q/" + "A" * 43, "/q/abc", "/q/" + "!" * 30):
        assert (await web_chat.web.get(bad)).status_code == 404
        assert (await web_chat.web.post(bad, data={"data": f"q:go:{cid}"})).status_code == 404
    clock.advance(weblinks.GRACE)
    assert (await web_chat.web.get(path)).status_code == 404  # expired
    async with web_chat.services.db.session() as s:  # a link of another purpose opens nothing here
        token = await links.issue(s, purpose="rsvp", person_id=pid, subject=f"campaign:{cid}", now=clock.now(),
                                  expires_at=clock.now() + timedelta(days=1))
    assert (await web_chat.web.get(f"/q/{token}")).status_code == 404


async def test_a_person_no_longer_in_the_audience_gets_nothing_and_no_link(web_chat, clock):
    pid = await _po(web_chat)
    other = await _po(web_chat, OTHER)
    cid = await launch(web_chat.services.db, TINY, [pid], clock.now(), kind="all_po")
    path = await _link(web_chat, pid, cid)
    async with web_chat.services.db.session() as s:
        (await s.get(Person, pid)).role = None  # revoked
    page = await web_chat.web.get(path)
    assert page.status_code == 404 and "Link non valido" in page.text
    async with web_chat.services.db.read() as s:  # the refusal is in the audit log, as the chat's are
        refusals = (await s.scalars(select(AuditEntry).where(AuditEntry.action == "refused"))).all()
    assert [(e.actor_id, e.target) for e in refusals] == [(pid, "answer_questionnaire")]
    try:
        await web_chat.services.questionnaires.answer_link(Who(person_id=other), cid + 1)
        raise AssertionError("a link for a campaign the person is not invited to")
    except Exception as exc:  # NotFound
        assert type(exc).__name__ == "NotFound"


async def test_anonymous_on_the_web_keeps_no_more_than_the_chat(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, {**TINY, "id": "anon", "anonymous": True}, [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await web.start()
    assert "Questionario anonimo." in web.text  # said before the first question
    await web.choose("No")
    await web.press("Salta")
    await web.type("anonima")
    await web.press("Invia le risposte")
    assert "in forma anonima" in web.text
    responses, answers, invitations = await _rows(web_chat, cid)
    assert invitations[0].response_id is None and invitations[0].status == "completed"
    assert responses[0].submitted_at is None and all(a.answered_at is None for a in answers.values())
    async with web_chat.services.db.read() as s:
        subjects = (await s.scalars(select(PersonalLink.subject).where(PersonalLink.person_id == pid))).all()
        assert subjects == [f"campaign:{cid}"]  # the link names the campaign, never the response
        assert await s.scalar(select(func.count()).select_from(Response)) >= 1


async def test_one_response_per_comune_pick_held_and_take_over_on_the_web(web_chat, clock):
    from tests.people_support import member

    db = web_chat.services.db
    first = await member(db, clock, 7311, "referente", comuni=("Rho", "Legnano"), name="Rina Due")
    second = await member(db, clock, 7312, "referente", comuni=("Rho",), name="Ugo Rho")
    cid = await launch(db, TINY, [], clock.now(), kind="all_referents", unit="comune")
    web = WebRespondent(web_chat.web, await _link(web_chat, first, cid))
    await web.start()
    assert "Per quale Comune rispondi?" in web.text and "🏛 Legnano" in web.buttons()
    await web.press("🏛 Rho")
    assert "Rispondi per il Comune di" in web.text and "Rho" in web.text and "Eroghi servizi?" in web.text
    await web.choose("No")
    other = WebRespondent(web_chat.web, await _link(web_chat, second, cid))
    await other.start()
    assert "sta già rispondendo" in other.text and "Rina Due" in other.text and "✋ Subentra" not in other.buttons()
    clock.advance(timedelta(hours=49))
    await other.start()
    await other.press("✋ Subentra")
    assert "Quanti comuni?" in other.text  # goes on from the answers already given
    await other.press("Salta")
    await other.type("da Ugo")
    await other.press("Invia le risposte")
    assert "La risposta del Comune di Rho" in other.text
    responses, answers, _ = await _rows(web_chat, cid)
    assert len(responses) == 1 and answers["eroga"].value == "no" and answers["note"].value == "da Ugo"


async def test_opening_the_link_takes_no_comune_share_and_forged_verbs_do_nothing(web_chat, clock):
    """A mail scanner fetching the link (GET) neither starts a response nor holds the comune; verbs the page
    never shows (an organiser's, another campaign's, opting out) posted with a valid link change nothing."""
    from bot.questionnaires.models import Campaign, ComuneShare
    from tests.people_support import member

    db = web_chat.services.db
    first = await member(db, clock, 7321, "referente", comuni=("Rho",), name="Rina Uno")
    second = await member(db, clock, 7322, "referente", comuni=("Rho",), name="Ugo Due")
    cid = await launch(db, TINY, [], clock.now(), kind="all_referents", unit="comune")
    other_cid = await launch(db, TINY, [], clock.now(), kind="all_referents", key="t2")
    web = WebRespondent(web_chat.web, await _link(web_chat, first, cid))
    await web.open()
    assert web.buttons() == ["Rispondi"] and "Risponde una persona per Comune" in web.text
    async with db.read() as s:
        assert await s.scalar(select(func.count()).select_from(ComuneShare)) == 0
    for forged in (f"q:F:{cid}:cy", f"q:no:{cid}", f"q:go:{other_cid}", "q:L", "q:list", "zz:1", "q:9:0:a:0"):
        page = await web_chat.web.post(web.path, data={"data": forged})
        assert page.status_code == 200 and "non era più aggiornata" in page.text, forged
    async with db.read() as s:
        campaign = await s.get(Campaign, cid)
        assert campaign.closes_at > clock.now()
        statuses = set((await s.scalars(select(Invitation.status).where(Invitation.campaign_id.in_([cid, other_cid])))).all())
        assert statuses == {"invited"} and await s.scalar(select(func.count()).select_from(ComuneShare)) == 0
    other = WebRespondent(web_chat.web, await _link(web_chat, second, cid))
    await other.start()
    assert "Eroghi servizi?" in other.text  # the comune was free: the second referent holds it


async def test_without_web_pages_the_chat_shows_no_web_button(chat, clock):
    async with chat.services.db.session() as s:
        pid = (await person(s, PO, role="po")).id
    cid = await launch(chat.services.db, TINY, [pid], clock.now())
    shown = await chat.press(f"q:go:{cid}", user_id=PO)
    assert "Eroghi servizi?" in shown[-1].text and "🌐 Continua sul web" not in dict(shown[-1].buttons())
    refused = await chat.press(f"q:web:{cid}", user_id=PO)
    assert "http" not in refused[-1].params.get("text", "") and not refused[-1].buttons()
    assert await chat.services.questionnaires.answer_link(Who(person_id=pid), cid) is None


OTHERS = {
    "id": "forme", "version": 1, "title": "Forme", "introduction": "", "audience": "po", "anonymous": False,
    "questions": [
        {"id": "forma", "type": "single", "label": "Quale forma?",
         "choices": ["Convenzione", "Delega", {"value": "altro", "label": "Altro", "other": True}]},
        {"id": "dal", "type": "date", "label": "Da quando?"},
        {"id": "voto", "type": "scale", "label": "Quanto funziona?", "labels": {1: "poco", 5: "molto"}},
    ],
}


async def test_altro_with_its_text_or_asked_after_and_a_date_and_a_scale(web_chat, clock):
    pid = await _po(web_chat)
    cid = await launch(web_chat.services.db, OTHERS, [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await web.start()
    await web.choose("Altro")  # no text: the page asks for it, as the chat does
    assert "Hai scelto «Altro»: specifica quale" in web.text
    await web.type("")
    assert "La risposta è vuota" in web.text
    await web.press("Indietro")
    assert "Quale forma?" in web.text
    await web.choose("Altro", other="Accordo quadro")
    assert "Da quando?" in web.text and 'type="date"' in web.text
    await web.type("2027-02-30")  # what a date field cannot send, typed anyway
    assert "Non riconosco la data" in web.text
    await web.type("2027-01-15")  # what <input type="date"> sends
    assert "Quanto funziona?" in web.text
    await web.choose("5 molto")
    assert "15/01/2027" in web.text and "Altro: Accordo quadro" in web.text and "5/5" in web.text
    await web.press("Modifica")  # the first answer
    assert "Quale forma?" in web.text and "Risposta attuale: Altro: Accordo quadro" in web.text
    await web.choose("Delega")
    assert "Riepilogo delle tue risposte" in web.text  # back to the summary: everything else answered
    _, answers, _ = await _rows(web_chat, cid)
    assert answers["forma"].value == "delega" and answers["forma"].other_text is None
    assert answers["dal"].value == "2027-01-15" and answers["voto"].value == 5


async def test_the_shipped_follow_up_answered_on_the_web_proposes_its_coverage(web_chat, clock):
    """catalogue_data/questionnaires/followup_po_zone.yaml, every type but date, on the web page: the service
    and comune pickers, the zone checkboxes, «Altro» in a single and a multiple choice; sent, it proposes
    the office's coverage like the chat's."""
    from bot.questionnaires.models import CoverageProposal
    from tests.people_support import member

    db = web_chat.services.db
    pid = await member(db, clock, 7331, "po", office_code="sua", name="Pia Ufficio")
    cid = await launch(db, "followup_po_zone", [pid], clock.now())
    web = WebRespondent(web_chat.web, await _link(web_chat, pid, cid))
    await web.start()
    await web.choose("Sì, li eroghiamo già")
    await web.type("stazione appaltante")
    await web.choose("Stazione Unica Appaltante")
    await web.type("forestami")
    await web.press("Conferma")
    await web.choose("A entrambi")
    assert "A quali Zone Omogenee?" in web.text
    await web.tick("Nord Ovest")
    await web.type("Rho")
    await web.press("Conferma")
    await web.choose("Altro", other="Accordo di programma")
    await web.type("12")
    await web.tick("Personale insufficiente", "Altro", other="Mancano fondi")
    await web.type("Tavoli di lavoro per zona")
    await web.choose("Sì")
    await web.choose("4")
    assert "Riepilogo delle tue risposte" in web.text and "Stazione Unica Appaltante, ForestaMi" in web.text
    await web.press("Invia le risposte")
    assert "sono state registrate" in web.text
    responses, answers, _ = await _rows(web_chat, cid)
    assert len(responses) == 1 and answers["zone"].labels == ["Nord Ovest"] and answers["comuni"].labels == ["Rho"]
    assert answers["forma"].other_text == "Accordo di programma" and answers["ostacoli"].other_text == "Mancano fondi"
    async with db.read() as s:
        proposed = (await s.scalars(select(CoverageProposal).where(CoverageProposal.campaign_id == cid))).all()
    assert proposed and {p.person_id for p in proposed} == {pid} and {p.new_status for p in proposed} == {"attivato"}
