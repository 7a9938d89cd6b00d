"""Exports never hand a spreadsheet program a formula: a text starting with = + - @ tab CR LF is text.

OWASP's CSV-injection rule on the three exports people's own words reach: questionnaire answers
(CSV and XLSX), the attendance list of a tavolo and the audit log.
"""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.meetings.models import Occurrence, Tavolo
from bot.meetings.rsvp import Attendance, attendance_csv
from bot.people import audit
from bot.people.models import Person
from bot.questionnaires import export, results
from bot.spreadsheet import csv_cell
from tests.questionnaire_support import TZ, Respondent, launch, person

FORMULA = '=HYPERLINK("x.eu","y")'
HOSTILE = [FORMULA, "+39 02 1234", "-2+3", "@SUM(A1)", "\tnome", "\rnome", "\nnome"]
DEFINITION = {
    "id": "esportabile", "version": 1, "title": "Prova", "introduction": "Una domanda.", "audience": "po",
    "anonymous": False, "questions": [{"id": "note", "type": "text", "label": "Note", "max_length": 100}],
}


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_risky_start_gets_an_apostrophe_and_nothing_else_changes():
    assert [csv_cell(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert [csv_cell(v) for v in ("Rho", "a=b", "", None, -3, 2.5)] == ["Rho", "a=b", "", "", -3, 2.5]


async def test_questionnaire_csv_and_xlsx_keep_formulas_as_text(db, clock):
    async with db.session() as s:
        people = [await person(s, 6400 + i, name=name) for i, name in enumerate(["@Rita", "=Leo", "Pia"])]
    cid = await launch(db, DEFINITION, [p.id for p in people], clock.now())
    for p, note in zip(people, (FORMULA, "-1", "normale")):
        r = Respondent(db, clock, p.id)
        await r.open(cid)
        await r.type(note)
        await r.press("Invia ✅")
    async with db.session() as s:
        res = await results.compute(s, cid, named=True)

    rows = _csv(export.to_csv(res, TZ))
    by_name = {row[2]: row for row in rows[1:]}
    assert by_name["'@Rita"][4] == "'" + FORMULA and by_name["'=Leo"][4] == "'-1" and by_name["Pia"][4] == "normale"

    data = export.to_xlsx(res, TZ)
    sheet = load_workbook(io.BytesIO(data))["Risposte"]
    cells = {sheet.cell(row, 3).value: sheet.cell(row, 5) for row in range(2, 5)}
    assert set(cells) == {"@Rita", "=Leo", "Pia"}  # the text itself, unchanged
    formula = cells["@Rita"]
    assert formula.value == FORMULA and formula.data_type == "s" and formula.quotePrefix
    assert cells["=Leo"].value == "-1" and cells["=Leo"].data_type == "s" and cells["=Leo"].quotePrefix
    assert not cells["Pia"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        assert all(b"<f>" not in xlsx.read(name) for name in xlsx.namelist() if name.startswith("xl/worksheets/"))


def test_attendance_csv_neutralises_names_and_usernames():
    tavolo = Tavolo(title="Tavolo", timezone="Europe/Rome")
    at = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
    people = [Person(name=name, username=None) for name in HOSTILE]
    result = Attendance(tavolo, Occurrence(), {"yes": [(p, at) for p in people], "no": [], "maybe": [], "none": []})
    rows = _csv(attendance_csv(result, ZoneInfo("Europe/Rome")))
    assert [row[0] for row in rows[1:]] == ["'" + name for name in HOSTILE]
    assert rows[1][2:] == ["Partecipo", "2026-11-26 10:00", "no"]


async def test_audit_csv_neutralises_every_text_column(db, clock):
    async with db.session() as s:
        await audit.record(s, "@cli", "=azione", FORMULA, {"nota": "x"}, now=clock.now())
        data = await audit.export_csv(s)
    row = _csv(data)[-1]
    assert row[3:6] == ["'@cli", "'=azione", "'" + FORMULA]
