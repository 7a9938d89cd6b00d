"""Typed answers: parse and validate against a question, with an Italian message on error."""
from __future__ import annotations

import re
from datetime import date

from bot.questionnaires.definition import Question
from bot.texts import plural, render
from bot.texts import questionnaires as T

NUMBER_RE = re.compile(r"^[+-]?\d{1,12}(?:[.,]\d{1,6})?$")
DATE_FORMS = (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$"), re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"))


class Invalid(ValueError):
    """The typed answer is not acceptable; `message` is the Italian explanation."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def fmt_number(value: float | int) -> str:
    """Italian notation: a comma for decimals, no trailing .0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def text(q: Question, raw: str, max_length: int | None = None) -> str:
    value = raw.strip()
    limit = max_length or q.max_length
    if not value:
        raise Invalid(T.ERR_EMPTY)
    if len(value) > limit:
        raise Invalid(render(T.ERR_TOO_LONG, length=len(value), max=limit))
    return value


def number(q: Question, raw: str) -> int | float:
    cleaned = raw.strip().replace(" ", "")
    if not NUMBER_RE.match(cleaned):
        raise Invalid(render(T.ERR_NUMBER, text=raw.strip()[:40]))
    value = float(cleaned.replace(",", "."))
    if q.integer and not value.is_integer():
        raise Invalid(T.ERR_INTEGER)
    value = int(value) if value.is_integer() else value
    lo, hi = q.min, q.max
    if lo is not None and hi is not None and not lo <= value <= hi:
        raise Invalid(render(T.ERR_RANGE, min=fmt_number(lo), max=fmt_number(hi)))
    if lo is not None and value < lo:
        raise Invalid(render(T.ERR_MIN, min=fmt_number(lo)))
    if hi is not None and value > hi:
        raise Invalid(render(T.ERR_MAX, max=fmt_number(hi)))
    return value


def a_date(q: Question, raw: str) -> str:
    """ISO date string from 15/01/2027, 15-1-27, 15.01.2027 or 2027-01-15."""
    cleaned = raw.strip()
    for n, form in enumerate(DATE_FORMS):
        m = form.match(cleaned)
        if not m:
            continue
        parts = [int(x) for x in m.groups()]
        y, mo, d = (parts[0], parts[1], parts[2]) if n == 1 else (parts[2], parts[1], parts[0])
        if y < 100:
            y += 2000
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            break
    raise Invalid(render(T.ERR_DATE, text=cleaned[:40]))


def selection(q: Question, selected: list) -> None:
    """Check min/max of a multiple selection before it is confirmed."""
    n = len(selected)
    lo = q.min if q.min is not None else (1 if q.required else 0)
    if n == 0 and lo:
        raise Invalid(T.ERR_NONE if lo == 1 else plural(int(lo), *T.ERR_TOO_FEW))
    if n < lo:
        raise Invalid(plural(int(lo), *T.ERR_TOO_FEW))
    if q.max is not None and n > q.max:
        raise Invalid(plural(int(q.max), *T.ERR_TOO_MANY))
