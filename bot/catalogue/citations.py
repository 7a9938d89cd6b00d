"""Sources as a reader can use them: the survey by name and its words, laws as text with their Normattiva link.

The data files keep the maintainers' references (line numbers of the source document, keys of
catalogue_data/SOURCES.md); a referent sees «Indagine 2019 tra le PO di Città metropolitana: "…"»,
«ANPR, gennaio 2026», «L. 56/2014» linked to its text. Output is Telegram HTML, every value escaped.
"""
from __future__ import annotations

import re

from bot.texts import Markup, esc, render
from bot.texts import catalogue as T

# Line references of the source document ("riga 81: «…»", "righe 42-44: «…»"): the quotation is what a
# reader can look up in the survey; the line numbers are of a text extraction they do not have.
_LINES = re.compile(r"\b(?:riga|righe)\s+\d+(?:\s*-\s*\d+)?\s*:?\s*", re.IGNORECASE)
_QUOTE = re.compile(r"«[^»]*»")
_POPULATION_KEY = re.compile(r"^ANPR-(\d{4})-(\d{2})$")
MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
          "ottobre", "novembre", "dicembre")
# Laws cited in the data and linked to Normattiva's URN resolver (urn:nir:stato:legge:<date>;<number>, the
# form Normattiva documents for links to a law). Only laws whose date the reference data gives
# (/work/shared/reference/legal_framework.md §1: "Legge 7 aprile 2014, n. 56"); others stay plain text.
NORMATTIVA = "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:{date};{number}"
LAWS = {("56", "2014"): "2014-04-07"}
_LAW = re.compile(r"\bL\.\s*(\d+)/(\d{4})")


def survey(source: str | None) -> str | None:
    """A service's `source` field as the reader sees it: the survey named, its quoted words kept."""
    if not source:
        return None
    quotes = _QUOTE.findall(source)
    if not quotes:
        return None
    return render(T.SOURCE_SURVEY, quotes="; ".join(quotes))


def population(key: str | None) -> str:
    """"ANPR-2026-01" -> "ANPR, gennaio 2026" (the key of catalogue_data/SOURCES.md, as a reader says it)."""
    match = _POPULATION_KEY.match(key or "")
    if match is None:
        return key or T.SOURCE_UNKNOWN
    year, month = match.groups()
    return render(T.SOURCE_POPULATION, month=MONTHS[int(month) - 1], year=year)


def law_text(text: str | None) -> Markup | None:
    """Escaped text in which every law of LAWS is a link to its text on Normattiva."""
    if not text:
        return None
    out, last = [], 0
    for match in _LAW.finditer(text):
        date = LAWS.get(match.groups())
        if date is None:
            continue
        out.append(esc(text[last:match.start()]))
        url = NORMATTIVA.format(date=date, number=match.group(1))
        out.append(f'<a href="{esc(url)}">{esc(match.group(0))}</a>')
        last = match.end()
    out.append(esc(text[last:]))
    return Markup("".join(out))


def internal_reference(text: str | None) -> bool:
    """Whether a text shown to readers still carries a maintainers' reference (tests/test_catalogue_data.py)."""
    return bool(text) and bool(_LINES.search(text) or re.search(r"\.md\b|\[[A-Z][A-Z0-9-]+\]|§", text))
