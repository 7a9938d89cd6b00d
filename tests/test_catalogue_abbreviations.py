"""Abbreviated and partial names never give a confident wrong comune (issue 14, item 1).

Every comune of the shipped catalogue whose first word another comune shares ("Cerro", "San",
"Trezzano") is written in every abbreviated and partial form generated from its own words — "N.",
"Nav.", "s/N", "M.se", "S.", a linking word left out, trailing words left out — alone and inside
questions. A form that only one of them can produce may be understood as that comune, asked about
(«Intendevi…?») or not understood; a form that several can produce must never be taken as one of them.
"""
from __future__ import annotations

import itertools
import re
from collections import defaultdict

import pytest

from bot.catalogue.intents import Intent, parse
from tests.catalogue_support import shipped_index

LINKS = {"sul", "sull'", "su", "sopra", "al", "di", "con", "d'", "de'"}
FRAMES = ["{}", "servizi a {}", "in che zona è {}?", "la SUA è attiva a {}?"]


@pytest.fixture(scope="module")
def index(database_templates):
    return shipped_index(database_templates)


def words_of(name: str) -> list[str]:
    """"Trezzo sull'Adda" -> ["Trezzo", "sull'", "Adda"] (the apostrophe stays with the linking word)."""
    return re.findall(r"[^\s']+'?", name)


def variants(word: str, first: bool) -> list[str]:
    """How one word of a name may be written: whole, initial, a beginning, beginning + ending, left out."""
    out = [word]
    if word.lower() in LINKS:
        return out + [""]
    if first and word not in ("San", "Santo"):
        return out
    out += [word[0] + ".", word[:3] + ".", word[:4] + "."]
    if word.lower().endswith("ese"):
        out.append(word[0] + ".se")
    if word == "Santo":
        out.append("S.to")
    return out


def forms(name: str) -> set[str]:
    """Every abbreviated or partial writing of `name` (not the name itself)."""
    words = words_of(name)
    out = set()
    for keep in range(1, len(words) + 1):
        for choice in itertools.product(*(variants(w, i == 0) for i, w in enumerate(words[:keep]))):
            parts = [c for c in choice if c]
            text = " ".join(parts).replace("' ", "'")
            text = re.sub(r"\b(sul|sull'|su|sopra) ([A-Z])\.?", r"s/\2", text) if "/" not in text else text
            out.add(text)
            out.add(" ".join(parts).replace("' ", "'"))
    out.discard(name)
    return {f for f in out if f.strip(". ")}


def whole_word(form: str, names: set[str]) -> bool:
    """The form keeps a word of the name whole ("S. Donato M.se", not "S. D. Mila."): the bot can tell which."""
    mine = {w.lower() for name in names for w in words_of(name) if len(w) >= 3 and w.lower() not in LINKS}
    return any(w.lower() in mine for w in form.split())


@pytest.fixture(scope="module")
def shared_first_word(index):
    comuni = [e.label for e in index.of_kind("comune")]
    groups = defaultdict(list)
    for name in comuni:
        groups[name.split()[0]].append(name)
    return {k: v for k, v in groups.items() if len(v) > 1}


def test_the_pairs_are_the_ones_of_the_data(shared_first_word):
    assert set(shared_first_word) == {"Cerro", "San", "Trezzano"}
    assert sum(len(v) * (len(v) - 1) // 2 for v in shared_first_word.values()) == 17  # pairs checked


def test_no_abbreviated_or_partial_form_gives_a_confident_wrong_comune(index, shared_first_word):
    producers: dict[str, set[str]] = defaultdict(set)
    for names in shared_first_word.values():
        for name in names:
            for form in forms(name):
                producers[form].add(name)
    assert len(producers) > 300
    wrong = []
    for form, names in sorted(producers.items()):
        for frame in FRAMES:
            p = parse(index, frame.format(form))
            comune = p.entity("comune")
            if p.intent == Intent.OUTSIDE:
                wrong.append((form, frame, "outside", p.outside.label))
            elif comune is not None and (len(names) > 1 or comune.label not in names):
                wrong.append((form, frame, comune.label, sorted(names)))
            elif p.intent == Intent.AMBIGUOUS and p.candidates[0].kind == "comune" and whole_word(form, names) \
                    and not names & {e.label for e in p.candidates}:
                wrong.append((form, frame, "asks without it", sorted(names)))
    assert wrong == [], "\n".join(map(str, wrong))


@pytest.mark.parametrize(("text", "comune"), [
    ("Trezzano s/N", "Trezzano sul Naviglio"), ("servizi a Trezzano s/n", "Trezzano sul Naviglio"),
    ("Trezzano R.", "Trezzano Rosa"), ("Cerro M.", "Cerro Maggiore"), ("Cerro al L.", "Cerro al Lambro"),
    ("S. Giuliano M.se", "San Giuliano Milanese"), ("S. Donato M.se", "San Donato Milanese"),
    ("Sesto S.G.", "Sesto San Giovanni"), ("Cassano d'A.", "Cassano d'Adda"), ("Trezzo s/A", "Trezzo sull'Adda"),
    ("Cernusco sul N.", "Cernusco sul Naviglio"), ("Boffalora s/T", "Boffalora sopra Ticino"),
    ("S.to Stefano T.", "Santo Stefano Ticino"), ("San Giorgio s/L", "San Giorgio su Legnano"),
])
def test_abbreviations_are_read_from_the_names(index, text, comune):
    assert parse(index, text).entity("comune").label == comune


@pytest.mark.parametrize(("text", "candidates"), [
    ("San G.", ["San Giorgio su Legnano", "San Giuliano Milanese"]),
    ("Trezzano sN", ["Trezzano Rosa", "Trezzano sul Naviglio"]),
    ("Cerro", ["Cerro al Lambro", "Cerro Maggiore"]),
])
def test_when_two_fit_about_equally_the_bot_asks(index, text, candidates):
    p = parse(index, text)
    assert p.intent == Intent.AMBIGUOUS and sorted(e.label for e in p.candidates) == sorted(candidates)


@pytest.mark.parametrize("text", ["zona sud", "servizi zona sud", "comuni della zona sud", "zona nord",
                                  "servizi zona nord", "comuni della zona nord"])
def test_zona_sud_and_zona_nord_are_handled_alike(index, text):
    p = parse(index, text)
    assert p.intent == Intent.AMBIGUOUS and len(p.candidates) == 2 and p.candidates[0].kind == "zone"
