"""CSV and XLSX exports: one row per response, one column per question (per option for multiple choice)."""
from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from bot import timefmt
from bot.questionnaires.definition import CATALOGUE_TYPES, Question
from bot.questionnaires.results import Results
from bot.questionnaires.views import show_answer
from bot.spreadsheet import append_row, csv_bytes
from bot.texts import questionnaires as T


def _columns(q: Question) -> list[str]:
    if q.type == "multiple":
        cols = [T.COL_CHOICE.format(id=q.id, label=c.label) for c in q.choices]
        return cols + ([T.COL_OTHER.format(id=q.id)] if any(c.other for c in q.choices) else [])
    cols = [q.id]
    if any(c.other for c in q.options()):
        cols.append(T.COL_OTHER.format(id=q.id))
    return cols


def _cells(q: Question, row) -> list:
    if q.type == "multiple":
        chosen = set(row.value or []) if row is not None else set()
        cells = [(1 if c.value in chosen else 0) if row is not None and row.value is not None else None
                 for c in q.choices]
        if any(c.other for c in q.choices):
            cells.append(row.other_text if row is not None else None)
        return cells
    if row is None or row.value is None:
        value = None
    elif q.type in ("number", "scale"):
        value = row.value
    elif q.type in CATALOGUE_TYPES or q.type in ("single", "yesno", "date"):
        value = show_answer(q, row) if not row.other_text else q.choice(row.value).label
    else:
        value = row.value
    cells = [value]
    if any(c.other for c in q.options()):
        cells.append(row.other_text if row is not None else None)
    return cells


def table(results: Results, tz: ZoneInfo) -> tuple[list[str], list[list]]:
    """Header and rows, as both exports write them (a per-comune campaign: the comune of each response)."""
    head = [T.COL_RESPONSE, T.COL_SENT] + ([T.COL_COMUNE] if results.per_comune else []) + \
        ([T.COL_NAME, T.COL_ROLE] if results.named else [])
    for q in results.definition.questions:
        head += _columns(q)
    rows = []
    for n, rec in enumerate(results.records, 1):  # a row number: response keys are random 63-bit numbers
        when = timefmt.sortable(rec.submitted_at, tz) or None
        row = [n, when] + ([rec.comune] if results.per_comune else []) + ([rec.name, rec.role] if results.named else [])
        for q in results.definition.questions:
            row += _cells(q, rec.answers.get(q.id))
        rows.append(row)
    return head, rows


def to_csv(results: Results, tz: ZoneInfo) -> bytes:
    """UTF-8 with BOM, so spreadsheet programs show accents right; no cell can run as a formula."""
    head, rows = table(results, tz)
    return csv_bytes([head, *rows])


def summary_rows(results: Results) -> list[list]:
    p, label = results.progress, T.SUMMARY_ROWS
    out = [[label["title"], results.definition.title], [label["version"], results.definition.version],
           [label["invited"], p.total], [label["completed"], p.completed], [label["started"], p.started],
           [label["opted_out"], p.opted_out], [label["rate"], round(p.rate, 4)],
           [label["exported"], results.completed]]
    if results.per_comune:
        out += [[label["comuni"], results.completed], [label["comuni_of"], results.comuni_asked]]
    out += [[], list(T.SUMMARY_HEADER)]
    for qr in results.questions:
        if qr.counts:
            for label, n in qr.counts:
                out.append([qr.question.label, label, n, round(n / qr.answered, 4) if qr.answered else 0])
        for text, n in qr.groups:
            out.append([qr.question.label, text, n, round(n / qr.answered, 4) if qr.answered else 0])
    return out


def to_xlsx(results: Results, tz: ZoneInfo) -> bytes:
    """Sheet «Risposte» (one row per response) and sheet «Riepilogo» (rate and counts)."""
    from openpyxl import Workbook  # here: a spreadsheet is rare, openpyxl's memory is every instance's

    wb = Workbook()
    sheet = wb.active
    sheet.title = T.SHEET_ANSWERS
    head, rows = table(results, tz)
    for row in (head, *rows):
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    summary = wb.create_sheet(T.SHEET_SUMMARY)
    for row in summary_rows(results):
        append_row(summary, row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
