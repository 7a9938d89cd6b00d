"""Cells for CSV and XLSX exports that a spreadsheet program shows as text, never runs as a formula.

OWASP's CSV-injection rule (docs/security-hardening.md): a cell that starts with `=`, `+`, `-`, `@`,
tab, carriage return, line feed or NUL may be taken for a formula (`=HYPERLINK(…)` in a free-text
answer or a first name). In CSV such a text gets a leading apostrophe, which spreadsheet programs
read as "this is text"; in XLSX the cell is written as a string with the quote-prefix style, so
the text stays exactly as given. Numbers stay numbers (a negative count is not a formula).
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 cannot hold


def risky(value: Any) -> bool:
    """True for a text a spreadsheet program could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: a risky text gets a leading apostrophe, None an empty cell."""
    if value is None:
        return ""
    return "'" + value if risky(value) else value


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """Rows as CSV in UTF-8 with a BOM (so spreadsheet programs show accents), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def append_row(sheet, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet: every text a string cell (never a formula or an error value),
    risky ones with the quote prefix; characters XLSX cannot hold are dropped."""
    values = [_NOT_IN_XLSX.sub("", v) if isinstance(v, str) else v for v in row]
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values):
        if isinstance(value, str):
            cell.data_type = "s"
            if risky(value):
                cell.quotePrefix = True
