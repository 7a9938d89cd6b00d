"""The organisers' dashboard pages over the chat's services (httpx in the test's loop): a campaign's live
figures, «Sollecita ora» (CSRF, the chat's outbox rows and audit entry), exports with formulas neutralised;
refusals (no session, a role without the right, forged ids) read nothing and are audited."""
from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from bot.outbox.models import OutboxMessage
from bot.people.models import AuditEntry, Person
from bot.questionnaires.campaigns import invitation_buttons
from tests.people_support import ORGANISER_ID, cast
from tests.questionnaire_support import TINY, Respondent, launch
from tests.web_support import csrf_of, link_from_chat, log_in

NONCE = re.compile(r'name="nonce" value="([0-9a-f]+)"')


def figure(page, name: str) -> str:
    return re.search(rf'id="fig-{name}">([^<]*)<', page.text)[1]


async def _answer(db, clock, person_id: int, cid: int, note: str) -> None:
    r = Respondent(db, clock, person_id)
    await r.open(cid)
    await r.press("Sì")
    await r.press("Ambiente")
    await r.press("Conferma ✅")
    await r.type("3")
    await r.type(note)
    await r.press("Invia ✅")


async def _setup(web_chat, clock):
    db = web_chat.services.db
    ids = await cast(db, clock)
    cid = await launch(db, TINY, [ids["referent"], ids["po"]], clock.now())
    await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    return db, ids, cid


async def _nudges(db, cid) -> list[OutboxMessage]:
    async with db.read() as s:
        return list(await s.scalars(select(OutboxMessage).where(OutboxMessage.round.like(f"q:{cid}:nudge%"))
                                    .order_by(OutboxMessage.person_id)))


async def _audit(db, action: str) -> list[AuditEntry]:
    async with db.read() as s:
        return list(await s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


async def test_campaign_figures_change_when_someone_answers(web_chat, clock):
    db, ids, cid = await _setup(web_chat, clock)
    listed = await web_chat.web.get("/gestione/questionari")
    assert listed.status_code == 200 and f'href="/gestione/questionari/{cid}">Prova</a>' in listed.text
    assert (await web_chat.web.get("/gestione/questionari?q=prova")).text.count("/gestione/questionari/") >= 1
    assert "Nessun questionario con «zzz»" in (await web_chat.web.get("/gestione/questionari?q=zzz")).text

    before = await web_chat.web.get(f"/gestione/questionari/{cid}")
    assert before.status_code == 200 and before.headers["cache-control"] == "no-store"
    assert (figure(before, "invited"), figure(before, "completed"), figure(before, "rate")) == ("2", "0", "0%")
    assert "Remo Referente" in before.text and "Paola Pi" in before.text  # who has not answered, by name

    await _answer(db, clock, ids["referent"], cid, "Più fondi")
    after = await web_chat.web.get(f"/gestione/questionari/{cid}")
    assert (figure(after, "completed"), figure(after, "rate")) == ("1", "50%")
    pending = after.text.split('id="pending-title"')[1].split('id="remind-title"')[0]
    assert "Paola Pi" in pending and "Remo Referente" not in pending
    assert "<li>Paola Pi — Telegram</li>" in pending  # how the invitation reached her, as the chat's list says
    by_zone = after.text.split('id="by-zone"')[1].split("</table>")[0]
    assert "Nord Ovest" in by_zone and ">100%<" in by_zone  # the referent of Rho answered
    by_role = after.text.split('id="by-role"')[1].split("</table>")[0]
    assert "referente" in by_role and "PO" in by_role
    assert "Rho" in after.text.split('id="by-comune"')[1].split("</table>")[0]
    assert "Remo Referente: Più fondi" in after.text  # the raw answer, behind its group
    assert 'width="100"' in after.text.split('id="question-1"')[1].split("</figure>")[0]  # «Sì»: 100%


async def test_sollecita_ora_needs_the_csrf_token_and_queues_the_chats_reminder(web_chat, clock):
    db, ids, cid = await _setup(web_chat, clock)
    await _answer(db, clock, ids["referent"], cid, "ok")
    shown = await web_chat.web.get(f"/gestione/questionari/{cid}")
    assert "Il sollecito arriverà nel bot a 1 persona" in shown.text
    nonce = NONCE.search(shown.text)[1]

    forged = await web_chat.web.post(f"/gestione/questionari/{cid}/sollecita", data={"nonce": nonce})
    assert forged.status_code == 403 and await _nudges(db, cid) == []
    wrong = await web_chat.web.post(f"/gestione/questionari/{cid}/sollecita", data={"nonce": nonce, "csrf": "x"})
    assert wrong.status_code == 403 and await _nudges(db, cid) == []

    done = await web_chat.web.post(f"/gestione/questionari/{cid}/sollecita",
                                   data={"nonce": nonce, "csrf": csrf_of(shown)})
    assert done.status_code == 200 and "Sollecito messo in coda per 1 persona" in done.text
    rows = await _nudges(db, cid)
    assert [(r.person_id, r.key, r.keyboard) for r in rows] == \
        [(ids["po"], f"q:{cid}:{ids['po']}:nudge{nonce}", invitation_buttons(cid))]
    assert "Prova" in rows[0].text
    again = await web_chat.web.post(f"/gestione/questionari/{cid}/sollecita",
                                    data={"nonce": nonce, "csrf": csrf_of(shown)})
    assert "già stato inviato" in again.text and len(await _nudges(db, cid)) == 1
    entries = await _audit(db, "questionnaire.remind")
    assert [(e.actor_id, e.target, e.detail) for e in entries] == \
        [(ids["organiser"], f"campaign:{cid}", {"queued": 1}), (ids["organiser"], f"campaign:{cid}", {"queued": 0})]

    # the chat's «Sollecita ora» on a twin campaign queues the very same rows
    twin = await launch(db, TINY, [ids["referent"], ids["po"]], clock.now(), key="twin")
    await _answer(db, clock, ids["referent"], twin, "ok")
    from bot.questionnaires import callbacks
    await web_chat.press(callbacks.follow_up(twin, "rs", nonce), user_id=ORGANISER_ID)

    def shape(row, campaign):
        return (row.person_id, row.chat_id, row.key.replace(f"q:{campaign}:", "q:*:"), row.text, row.due_at,
                row.expires_at, str(row.keyboard).replace(f":{campaign}", ":*"))

    assert [shape(r, twin) for r in await _nudges(db, twin)] == [shape(r, cid) for r in rows]


async def test_exports_are_the_chats_with_formulas_neutralised_and_audited(web_chat, clock):
    db, ids, cid = await _setup(web_chat, clock)
    await _answer(db, clock, ids["referent"], cid, "=HYPERLINK(1)")
    got = await web_chat.web.get(f"/gestione/questionari/{cid}/esporta.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert f'filename="tiny-{cid}.csv"' in got.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("note")] == "'=HYPERLINK(1)"
    assert "Remo Referente" in rows[1]  # organisers see names, as in the chat
    book = await web_chat.web.get(f"/gestione/questionari/{cid}/esporta.xlsx")
    sheet = load_workbook(io.BytesIO(book.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert (await web_chat.web.get(f"/gestione/questionari/{cid}/esporta.exe")).status_code == 404
    assert [e.detail["format"] for e in await _audit(db, "questionnaire.export")] == ["csv", "xlsx"]
    sent = await web_chat.press(f"q:R:{cid}:-:c", user_id=ORGANISER_ID)  # the chat's export: the same entry
    assert any(c.method == "sendDocument" for c in sent)
    assert [(e.actor_id, e.detail) for e in await _audit(db, "questionnaire.export")][-1] == \
        (ids["organiser"], {"format": "csv", "named": True, "rows": 1})


async def test_no_session_a_referent_session_and_forged_ids_read_nothing(web_chat, clock):
    db = web_chat.services.db
    ids = await cast(db, clock)
    cid = await launch(db, TINY, [ids["referent"]], clock.now())
    paths = ["/gestione/questionari", f"/gestione/questionari/{cid}", f"/gestione/questionari/{cid}/esporta.csv"]
    for path in paths:
        answer = await web_chat.web.get(path)
        assert answer.status_code == 401 and "Prova" not in answer.text, path
    assert (await web_chat.web.post(f"/gestione/questionari/{cid}/sollecita", data={})).status_code == 401

    home = await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    assert home.status_code == 303
    for forged in ("0", "2147483648", "99999999999", "4242"):
        assert (await web_chat.web.get(f"/gestione/questionari/{forged}")).status_code == 404, forged
        assert (await web_chat.web.get(f"/gestione/questionari/{forged}/esporta.csv")).status_code == 404
    assert (await web_chat.web.get("/gestione/questionari/-1")).status_code == 404
    shown = await web_chat.web.get("/gestione")
    async with db.session() as s:
        (await s.get(Person, ids["organiser"])).role = "referente"
    for path in paths:
        answer = await web_chat.web.get(path)
        assert answer.status_code == 403 and "Prova" not in answer.text, path
    refused = await web_chat.web.post(f"/gestione/questionari/{cid}/sollecita",
                                      data={"csrf": csrf_of(shown), "nonce": "1"})
    assert refused.status_code == 403 and await _nudges(db, cid) == []
    assert {e.target for e in await _audit(db, "refused")} >= {*paths, f"/gestione/questionari/{cid}/sollecita"}


async def _tavolo(db, clock, ids) -> tuple[int, int]:
    """A monthly tavolo with the referent taking part and answering «Partecipo» to the next meeting."""
    from bot.meetings import occurrences, rsvp, tavoli
    from tests.meeting_helpers import monthly_tavolo, zone

    async with db.session() as s:
        tavolo = await monthly_tavolo(s, now=clock.now(), zone_row=await zone(s, "nord-ovest", "Nord Ovest"))
        referent = await s.get(Person, ids["referent"])
        await tavoli.subscribe(s, tavolo.id, referent, now=clock.now())
        first = (await occurrences.upcoming(s, tavolo.id, clock.now()))[0]
        await rsvp.answer(s, first.id, referent, "yes", now=clock.now())
        return tavolo.id, first.id


async def test_tavoli_calendar_attendance_and_its_csv(web_chat, clock):
    db = web_chat.services.db
    ids = await cast(db, clock)
    tavolo_id, occurrence_id = await _tavolo(db, clock, ids)
    await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    listed = await web_chat.web.get("/gestione/tavoli")
    assert listed.status_code == 200 and f'href="/gestione/tavoli/{tavolo_id}">Tavolo Ambiente</a>' in listed.text
    calendar = await web_chat.web.get(f"/gestione/tavoli/{tavolo_id}")
    assert calendar.status_code == 200 and "05/01/2027 10:00" in calendar.text  # Europe/Rome wall time
    first_row = calendar.text.split('id="upcoming"')[1].split("</tr>")[1]
    assert f'/gestione/incontri/{occurrence_id}"' in first_row and '<td class="text-end">1</td>' in first_row
    shown = await web_chat.web.get(f"/gestione/incontri/{occurrence_id}")
    assert shown.status_code == 200 and re.search(r'id="count-yes">1<', shown.text)
    assert "Remo Referente</th><td>Partecipo</td>" in shown.text
    got = await web_chat.web.get(f"/gestione/incontri/{occurrence_id}/presenze.csv")
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[1][0] == "Remo Referente" and "Partecipo" in rows[1]
    assert [e.target for e in await _audit(db, "occurrence.export")] == [f"occurrence:{occurrence_id}"]
    from bot.meetings import callbacks as meeting_callbacks
    sent = await web_chat.press(meeting_callbacks.attendance(occurrence_id, as_csv=True), user_id=ORGANISER_ID)
    assert any(c.method == "sendDocument" for c in sent)  # the chat's «⬇️ CSV presenze»: the same use case
    assert len(await _audit(db, "occurrence.export")) == 2
    for forged in ("0", "2147483648", "987654"):
        assert (await web_chat.web.get(f"/gestione/tavoli/{forged}")).status_code == 404
        assert (await web_chat.web.get(f"/gestione/incontri/{forged}")).status_code == 404
        assert (await web_chat.web.get(f"/gestione/incontri/{forged}/presenze.csv")).status_code == 404

    async with db.session() as s:
        (await s.get(Person, ids["organiser"])).role = "po"
    for path in ("/gestione/tavoli", f"/gestione/tavoli/{tavolo_id}", f"/gestione/incontri/{occurrence_id}",
                 f"/gestione/incontri/{occurrence_id}/presenze.csv"):
        answer = await web_chat.web.get(path)
        assert answer.status_code == 403 and "Remo" not in answer.text and "Tavolo Ambiente" not in answer.text


async def test_deliveries_show_each_round_with_its_outcomes(web_chat, clock):
    from bot.outbox.queue import Outgoing, enqueue

    db, ids, cid = await _setup(web_chat, clock)
    async with db.session() as s:
        await enqueue(s, [Outgoing(key=f"bc:7:{pid}", round="bc:7", chat_id=5000 + pid, person_id=pid,
                                   text="<b>Riunione</b> di giovedì", due_at=clock.now()) for pid in ids.values()],
                      now=clock.now())
        await s.execute(OutboxMessage.__table__.update().where(OutboxMessage.person_id == ids["po"],
                                                               OutboxMessage.round == "bc:7").values(
            status="failed", channel="email", chat_id=None, address="paola@comune.example.it"))
    listed = await web_chat.web.get("/gestione/annunci")
    assert listed.status_code == 200 and "Annuncio #7" in listed.text and f"q:{cid}:invite" in listed.text
    first_id = int(re.search(r'href="/gestione/annunci/(\d+)">Annuncio #7', listed.text)[1])
    detail = await web_chat.web.get(f"/gestione/annunci/{first_id}")
    assert detail.status_code == 200 and "<b>Riunione</b> di giovedì" in detail.text  # the chat's HTML, as sent
    assert "Paola Pi – Falliti (e-mail)" in detail.text  # the channel, where e-mail is involved
    assert 'id="round-channels"' in detail.text and "<th scope=\"row\">e-mail</th>" in detail.text
    assert (await web_chat.web.get(f"/gestione/annunci/{first_id + 1}")).status_code == 404  # not a round's first
    assert (await web_chat.web.get("/gestione/annunci/2147483648")).status_code == 404
    async with db.session() as s:
        (await s.get(Person, ids["organiser"])).role = "referente"
    for path in ("/gestione/annunci", f"/gestione/annunci/{first_id}"):
        refused = await web_chat.web.get(path)
        assert refused.status_code == 403 and "Riunione" not in refused.text


async def test_audit_log_for_admins_with_filters_and_a_neutralised_csv(web_chat, clock):
    from bot.people import audit
    from tests.conftest import ADMIN_ID

    db, ids, cid = await _setup(web_chat, clock)
    organiser_page = await web_chat.web.get("/gestione")
    assert "/gestione/registro" not in organiser_page.text  # not in an organiser's navigation
    assert (await web_chat.web.get("/gestione/registro")).status_code == 403  # admins only, as /audit
    assert (await web_chat.web.get("/gestione/registro.csv")).status_code == 403
    async with db.session() as s:
        await audit.record(s, ids["organiser"], "test.formula", "=HYPERLINK(\"x\")", now=clock.now())
    web_chat.web.cookies.clear()
    await log_in(web_chat.web, await link_from_chat(web_chat, ADMIN_ID))

    everything = await web_chat.web.get("/gestione/registro")
    assert everything.status_code == 200 and "web.login" in everything.text and "test.formula" in everything.text
    logins = await web_chat.web.get("/gestione/registro?azione=web.login")
    rows = logins.text.split('id="audit"')[1]
    assert rows.count("<code>web.login</code>") == 2 and "test.formula" not in rows
    mine = (await web_chat.web.get(f"/gestione/registro?chi={ids['organiser']}")).text.split('id="audit"')[1]
    assert "test.formula" in mine and "questionnaire.add" not in mine
    today = clock.now().strftime("%d/%m/%Y")
    assert "test.formula" in (await web_chat.web.get(f"/gestione/registro?dal={today}&al={today}")).text
    tomorrow = "27/11/2026"
    assert "Nessuna voce" in (await web_chat.web.get(f"/gestione/registro?dal={tomorrow}")).text
    bad = await web_chat.web.get("/gestione/registro?dal=31/02/2026&azione=x%00y")
    assert bad.status_code == 200 and "Filtri non validi" in bad.text

    got = await web_chat.web.get("/gestione/registro.csv?azione=test.formula")
    table = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert [r[4] for r in table[1:]] == ["test.formula"] and table[1][5] == "'=HYPERLINK(\"x\")"
    exports = await _audit(db, "audit.export")
    assert [(e.actor, e.detail) for e in exports] == [("admin", {"action": "test.formula"})]


async def test_an_anonymous_campaign_shows_counts_and_no_names(web_chat, clock):
    db = web_chat.services.db
    ids = await cast(db, clock)
    cid = await launch(db, {**TINY, "id": "anon", "anonymous": True}, [ids["referent"], ids["po"]], clock.now())
    await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    await _answer(db, clock, ids["referent"], cid, "segreto")
    shown = await web_chat.web.get(f"/gestione/questionari/{cid}")
    assert (figure(shown, "completed"), figure(shown, "rate")) == ("1", "50%")
    assert "Questionario anonimo" in shown.text and "Non hanno iniziato: 1." in shown.text
    assert "Remo" not in shown.text and "Paola" not in shown.text and 'id="by-zone"' not in shown.text
    assert "<li class=\"zb-raw\">segreto</li>" in shown.text  # the raw answer, without a name
    assert "Il sollecito arriverà nel bot a 1 persona" in shown.text
    exported = (await web_chat.web.get(f"/gestione/questionari/{cid}/esporta.csv")).content.decode("utf-8-sig")
    assert "segreto" in exported and "Remo" not in exported


async def test_a_per_comune_campaign_waits_for_comuni(web_chat, clock):
    from tests.people_support import member

    db = web_chat.services.db
    ids = await cast(db, clock)
    await member(db, clock, 5099, "referente", comuni=("Legnano",), name="Lia Legnano")
    cid = await launch(db, TINY, [], clock.now(), kind="all_referents", unit="comune")
    await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    r = Respondent(db, clock, ids["referent"])
    await r.open(cid)
    await r.press("No")
    shown = await web_chat.web.get(f"/gestione/questionari/{cid}")
    pending = shown.text.split('id="pending-title"')[1].split('id="remind-title"')[0]
    assert "Comuni senza risposta, con referenti invitati (1)" in pending and "<li>Legnano</li>" in pending
    assert "Rho: risponde Remo Referente" in pending and "Comuni senza referenti invitati" in pending
    assert "Comuni che hanno risposto" in shown.text


async def test_the_archive_pages_twenty_at_a_time(web_chat, clock):
    db = web_chat.services.db
    await cast(db, clock)
    first = await launch(db, TINY, [], clock.now(), key="k0")
    for n in range(1, 21):
        await launch(db, {**TINY, "id": f"t{n}", "title": f"Numero {n}"}, [], clock.now(), key=f"k{n}")
    await log_in(web_chat.web, await link_from_chat(web_chat, ORGANISER_ID))
    one = await web_chat.web.get("/gestione/questionari")
    assert "21 questionari · Pagina 1 di 2" in one.text and "Numero 20" in one.text
    assert f"/gestione/questionari/{first}\"" not in one.text and "?pagina=2" in one.text
    for query in ("?pagina=2", "?pagina=99", "?pagina=x"):
        two = await web_chat.web.get("/gestione/questionari" + query)
        assert (f"/gestione/questionari/{first}\"" in two.text) == (query != "?pagina=x"), query
    found = await web_chat.web.get("/gestione/questionari?q=numero+2")
    assert "Numero 2<" in found.text and "Numero 20" in found.text and "Prova" not in found.text
