"""Results, filters, grouped free text, CSV/XLSX exports and charts; the definition checker and conditions."""
from __future__ import annotations

import csv
import io
import struct
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import select

from bot.catalogue.models import Comune, Zone
from bot.people.models import PersonComune
from bot.questionnaires import charts, conditions, export, registry, results
from bot.questionnaires.checks import check
from tests.questionnaire_support import TINY, TZ, Respondent, launch, person

PNG = b"\x89PNG\r\n\x1a\n"


def test_conditions_parse_and_evaluate_safely():
    node = conditions.parse('(q3 == "si" or "ambiente" in q5) and not q7 >= 3')
    assert conditions.names(node) == ["q3", "q5", "q7"]
    assert conditions.evaluate(node, {"q3": "no", "q5": ["ambiente"], "q7": 2})
    assert not conditions.evaluate(node, {"q3": "si", "q7": 5})
    assert not conditions.evaluate(conditions.parse('q1 == "si"'), {})  # unanswered: false
    assert conditions.evaluate(conditions.parse('"x" not in q2'), {"q2": ["y"]})
    for bad in ('q1 == ', '__import__("os")', 'q1 == "si" q2', "(q1", "q1 = 3"):
        with pytest.raises(conditions.ConditionError):
            conditions.parse(bad)


def test_check_reports_each_problem_with_question_and_reason():
    data = {"id": "bad", "version": 1, "title": "x", "audience": "po", "colour": "red", "questions": [
        {"id": "a", "type": "single", "label": "A", "choices": ["Uno"]},
        {"id": "a", "type": "yesno", "label": "B", "when": "c == 1"},
        {"id": "c", "type": "scale", "label": "C", "when": 'z == "si"'},
        {"id": "d", "type": "colour", "label": "D"},
        {"id": "e", "type": "yesno", "label": "E", "when": 'c == 1 and a == "forse"'},
        {"id": "f", "type": "multiple", "label": "F", "choices": ["X", "Y"], "min": 3},
        {"id": "g", "type": "number", "label": "G", "min": 5, "max": 1},
    ]}
    assert [str(p) for p in check(data)] == [
        "questionario: campo sconosciuto «colour»",
        "a: mancano le scelte: una domanda a scelta ne vuole almeno due",
        "a: id di domanda ripetuto",
        "a: la condizione si riferisce a «c», che viene dopo: le condizioni possono usare solo risposte precedenti",
        "c: la condizione si riferisce alla domanda sconosciuta «z»",
        "d: il tipo 'colour' non è uno tra single, multiple, text, number, scale, yesno, date, comune, zona, service",
        "e: la condizione confronta «a» con «forse», che non è uno dei suoi valori (uno)",
        "f: min 3 supera le 2 scelte",
        "g: l'intervallo 5–1 è vuoto: min deve essere minore di max",
    ]


def test_the_four_shipped_questionnaires_pass_check(capsys):
    from bot.cli import main
    assert main(["questionnaire", "check"]) == 0
    out = capsys.readouterr().out
    assert sorted(registry.shipped()) == ["comuni_2026", "followup_po_zone", "po_2019", "videoconferenza"]
    assert out.count(": ok — ") == 4
    for path in registry.DATA_DIR.glob("*.yaml"):
        assert check(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_group_texts_puts_near_duplicates_together_most_frequent_first():
    groups = results.group_texts(["Nessun ostacolo", "non so", "Non so.", "nessun ostacolo!", "Non so",
                                  "Tavoli di lavoro periodici", "tavoli di lavoro periodici per tema"])
    assert groups[0] == ("non so", 3)
    assert groups[1] == ("Nessun ostacolo", 2)
    assert sum(n for _, n in groups) == 7


async def _three_respondents(db, clock):
    """Two referents (Rho, Legnano) and a PO answer TINY; returns the campaign id."""
    async with db.session() as s:
        rho = await person(s, 6001, role="referente", name="Rita Rho")
        leg = await person(s, 6002, role="referente", name="Leo Legnano")
        po = await person(s, 6003, role="po", name="Pia PO")
    cid = await launch(db, TINY, [rho.id, leg.id, po.id], clock.now())
    async with db.session() as s:
        ids = dict((await s.execute(select(Comune.istat_code, Comune.id))).all())
        s.add_all([PersonComune(person_id=rho.id, comune_id=ids["015182"]),
                   PersonComune(person_id=leg.id, comune_id=ids["015118"])])
    for p, temi, note in ((rho, ("Ambiente",), "non so"), (leg, ("Ambiente", "Scuola"), "Non so."), (po, (), "tavoli")):
        r = Respondent(db, clock, p.id)
        await r.open(cid)
        await r.press("Sì" if temi else "No")
        for t in temi:
            await r.press(t)
        if temi:
            await r.press("Conferma ✅")
        await r.type("3")
        await r.type(note)
        await r.press("Invia ✅")
    return cid


async def test_results_counts_filters_and_exports(db, clock):
    cid = await _three_respondents(db, clock)
    async with db.session() as s:
        res = await results.compute(s, cid, named=True)
        zone_id = await s.scalar(select(Zone.id).where(Zone.code == "nord-ovest"))
        by_zone = await results.compute(s, cid, zone_id=zone_id)
        by_role = await results.compute(s, cid, role="po")
    assert res.progress.completed == 3 and res.completed == 3
    eroga, temi, quanti, note = res.questions
    assert eroga.counts == [("Sì", 2), ("No", 1)] and eroga.percent(2) == "67%"
    assert temi.counts == [("Ambiente", 2), ("Scuola", 1), ("Trasporti", 0), ("Altro", 0)] and temi.answered == 2
    assert quanti.numbers == [3, 3, 3]
    assert note.groups == [("non so", 2), ("tavoli", 1)]
    assert by_zone.completed == 1 and by_zone.questions[3].texts == [("non so", None)]
    assert by_role.completed == 1 and by_role.questions[0].counts == [("Sì", 0), ("No", 1)]

    rows = list(csv.reader(io.StringIO(export.to_csv(res, TZ).decode("utf-8-sig"))))
    assert rows[0] == ["risposta", "inviata il", "nome", "ruolo", "eroga", "temi: Ambiente", "temi: Scuola",
                       "temi: Trasporti", "temi: Altro", "temi: altro (testo)", "quanti", "note"]
    assert rows[2][2:] == ["Leo Legnano", "referente", "Sì", "1", "1", "0", "0", "", "3", "Non so."]
    assert rows[3][4:10] == ["No", "", "", "", "", ""]  # temi not shown to this respondent

    wb = load_workbook(io.BytesIO(export.to_xlsx(res, TZ)))
    sheet = wb["Risposte"]
    assert sheet["C2"].value == "Rita Rho" and sheet["F2"].value == 1 and sheet["G2"].value == 0
    summary = [[c.value for c in r] for r in wb["Riepilogo"].iter_rows()]
    assert ["Tasso di risposta", 1] == summary[6][:2]
    assert ["Quali temi?", "Ambiente", 2, 1] in summary and ["Note", "non so", 2, 0.6667] in summary

    png = charts.question_chart(1, eroga)
    assert png.startswith(PNG) and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 800 and height > 100
    assert not charts.chartable(note)


async def test_anonymous_results_never_show_names(db, clock):
    anon = {**TINY, "id": "anon2", "anonymous": True}
    async with db.session() as s:
        p = await person(s, 6101, name="Segreto")
    cid = await launch(db, anon, [p.id], clock.now())
    r = Respondent(db, clock, p.id)
    await r.open(cid)
    await r.press("No")
    await r.type("2")
    await r.type("ok")
    await r.press("Invia ✅")
    async with db.session() as s:
        res = await results.compute(s, cid, named=True)
    assert not res.named and res.records[0].name is None and res.questions[3].texts == [("ok", None)]
    head, rows = export.table(res, TZ)
    assert "nome" not in head and rows[0][1] is None  # no submission time either
    assert "Segreto" not in export.to_csv(res, TZ).decode("utf-8-sig")


def test_documented_example_definition_passes_check():
    page = (Path(__file__).resolve().parent.parent / "docs" / "data-formats.md").read_text(encoding="utf-8")
    section = page.split("\n## Questionnaires", 1)[1].split("\n## ", 1)[0]
    example = section.split("```yaml", 1)[1].split("```", 1)[0]
    assert check(yaml.safe_load(example)) == []
