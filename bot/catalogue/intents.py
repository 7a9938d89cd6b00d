"""A small parser for Italian questions about the catalogue: which intent, which entities.

Cue words decide what is asked ("in che zona", "comuni", "chi contatto"); names are found by the
index over spans of the remaining words. Thresholds are tuned on tests/test_catalogue_phrasings.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from bot.catalogue.index import COMUNE, OUTSIDE, SERVICE, THEME, ZONE, CatalogueIndex, Entry, Scored
from bot.catalogue.normalize import STOPWORDS, fold

ACCEPT = 85.0    # a name scoring at least this is taken without asking
SUGGEST = 78.0   # between SUGGEST and ACCEPT: "Intendevi…?"
CLOSE = 4.0      # candidates within this many points of the best are all offered
OUTSIDE_MIN = 90.0
MAX_WORDS = 40
MAX_SPAN = 6


class Intent(str, Enum):
    ZONE_SERVICES = "zone_services"
    COMUNE_SERVICES = "comune_services"
    COMUNE_ZONE = "comune_zone"
    ZONE_COMUNI = "zone_comuni"
    SERVICE_CARD = "service_card"
    SERVICE_CONTACT = "service_contact"
    THEME_SERVICES = "theme_services"
    ZONE_LIST = "zone_list"
    SERVICE_LIST = "service_list"
    AMBIGUOUS = "ambiguous"
    OUTSIDE = "outside"
    UNKNOWN = "unknown"


CUES = {
    "contact": set("contatto contatti contattare contatta contattarlo contattare referente referenti rivolgermi "
                   "rivolgersi rivolgo rivolgo rivolgere email mail telefono telefonare numero recapito recapiti "
                   "responsabile responsabili chiamare scrivere sentire pec".split()),
    "card": set("cos cosa scheda informazioni info dettagli dettaglio spiega spiegami descrizione funziona "
                "significa occupa consiste sarebbe".split()),
    "comuni": set("comuni compongono compone composta comprende fanno appartengono membri".split()),
    "count": set("quanti quante numero".split()),
    "population": set("abitanti popolazione residenti grande".split()),
    "zone": set("zona zone omogenea omogenee zo appartiene trova sta situato situata".split()),
    "services": set("servizi servizio attivi attivo attive attivati offre offerti offerte disponibili erogati "
                    "catalogo cosa progetti iniziative".split()),
}
# words that ask, greet or fill: never the first or last word of a name
FILLER = set("""
che chi quale qual dove come quando perche puoi potresti dire dimmi sapere vorrei voglio cerco cercare trovare
trovo ciao buongiorno buonasera salve grazie favore piacere aiuto sono ci c hanno ha fa parte si comune mio
nostro nostra citta metropolitana cmm esiste esistono ce sai mostra mostrami fammi vedere ok bene tutto tutti
tutte quali prego posso devo bisogna per ufficio uffici riguardo tema temi ambito area
""".split())
NOT_A_NAME = STOPWORDS | FILLER | set().union(*CUES.values())
_WORD = re.compile(r"[^\W\d_]+")
_CMM_PHRASE = re.compile(r"\b(citta metropolitana( di milano)?|area metropolitana( di milano)?)\b")


@dataclass
class Found:
    """A span of the question and what it names."""

    start: int
    end: int
    text: str
    hits: list[Scored]
    chosen: Entry | None = None
    candidates: list[Entry] = field(default_factory=list)
    outside: Entry | None = None


@dataclass
class Parsed:
    intent: Intent
    entities: dict[str, Entry] = field(default_factory=dict)
    candidates: list[Entry] = field(default_factory=list)
    candidate_intent: Intent | None = None
    confidence: float = 0.0
    outside: Entry | None = None
    cues: frozenset[str] = frozenset()

    def entity(self, kind: str) -> Entry | None:
        return self.entities.get(kind)


def parse(index: CatalogueIndex, text: str) -> Parsed:
    """Understand one question; never raises on any text."""
    words = _CMM_PHRASE.sub(" ", fold(text)).split()[:MAX_WORDS]
    cues = frozenset(cue for cue, vocab in CUES.items() if any(w in vocab for w in words))
    capitalised = frozenset(fold(w) for w in _WORD.findall(text[:2000]) if w[:1].isupper())
    found = _find(index, words, capitalised, cues)
    return _decide(found, cues)


def name_spans(words: list[str]):
    """(start, end) of every run of words that may be a name: never starting or ending on a filler."""
    for i, first in enumerate(words):
        if first in NOT_A_NAME:
            continue
        for j in range(i + 1, min(len(words), i + MAX_SPAN) + 1):
            if words[j - 1] not in NOT_A_NAME:
                yield i, j


def _find(index: CatalogueIndex, words: list[str], capitalised: frozenset[str], cues: frozenset[str]) -> list[Found]:
    """Every span that names something, then the best non-overlapping ones (higher score, longer first)."""
    spans = []
    for i, j in name_spans(words):
        hits = index.match(" ".join(words[i:j]))
        if hits:
            spans.append(Found(i, j, " ".join(words[i:j]), hits))
    # a name good enough to take: the longest first ("San Donato" before "Donato"), then by score
    spans.sort(key=lambda f: (f.hits[0].score < ACCEPT, -(f.end - f.start), -f.hits[0].score, f.start))
    taken: list[Found] = []
    for f in spans:
        if any(f.start < t.end and t.start < f.end for t in taken):
            continue
        _resolve(f, capitalised, cues)
        if f.chosen or f.candidates or f.outside:
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


def _resolve(f: Found, capitalised: frozenset[str], cues: frozenset[str]) -> None:
    """A CMM name good enough wins; else a place outside CMM; else close names become candidates.

    A place whose name is also a common word ("Ora", "Ponte") counts only when written capitalised.
    """
    cmm = [h for h in f.hits if h.entry.kind != OUTSIDE]
    outside = next((h for h in f.hits if h.entry.kind == OUTSIDE and h.score >= OUTSIDE_MIN
                    and (not h.entry.info.get("common_word") or f.text in capitalised)), None)
    if outside is not None and _outside_wins(f, outside, cmm[0] if cmm else None):
        f.outside = outside.entry
        return
    top = cmm[0].score if cmm else 0.0
    if top < SUGGEST:
        return
    close = [h for h in cmm if h.score >= top - CLOSE and h.score >= SUGGEST]
    if top == 100.0:
        close = [h for h in close if h.score == 100.0]
        if "services" in cues:  # "servizi di protezione civile": the theme, not the one service so named
            close.sort(key=lambda h: h.entry.kind != THEME)
    same_kind = [h for h in close if h.entry.kind == close[0].entry.kind]
    if top >= ACCEPT and len(same_kind) == 1:
        f.chosen = same_kind[0].entry
    else:
        f.candidates = [h.entry for h in same_kind[:8]]


def _outside_wins(f: Found, outside: Scored, cmm: Scored | None) -> bool:
    """An outside name beats a CMM typo match, never an exact CMM name or its leading words ("Sesto")."""
    if cmm is None or cmm.score < SUGGEST:
        return True
    if cmm.score == 100.0 or f.text in cmm.entry.heads:
        return False
    return outside.score == 100.0 or outside.score > cmm.score


def _decide(found: list[Found], cues: frozenset[str]) -> Parsed:
    entities: dict[str, Entry] = {}
    scores = []
    for f in found:
        if f.chosen is not None and f.chosen.kind not in entities:
            entities[f.chosen.kind] = f.chosen
            scores.append(f.hits[0].score)
    outside = next((f.outside for f in found if f.outside is not None), None)
    ambiguous = next((f for f in found if f.candidates), None)
    if ambiguous is not None:
        first = ambiguous.candidates[0]
        guess = _intent_for({**entities, first.kind: first}, cues)
        return Parsed(Intent.AMBIGUOUS, entities, ambiguous.candidates, guess,
                      ambiguous.hits[0].score, outside, cues)
    if outside is not None and COMUNE not in entities and ZONE not in entities:
        return Parsed(Intent.OUTSIDE, entities, confidence=100.0, outside=outside, cues=cues)
    intent = _intent_for(entities, cues)
    confidence = min(scores) if scores else (100.0 if intent != Intent.UNKNOWN else 0.0)
    return Parsed(intent, entities, confidence=confidence, cues=cues)


def _intent_for(entities: dict[str, Entry], cues: frozenset[str]) -> Intent:
    """The question's intent from the kinds of names found and the cue words."""
    if SERVICE in entities:
        return Intent.SERVICE_CONTACT if "contact" in cues else Intent.SERVICE_CARD
    if THEME in entities:
        return Intent.THEME_SERVICES
    if COMUNE in entities:
        if _asks_comuni(cues):
            return Intent.ZONE_COMUNI
        if ("zone" in cues or "population" in cues) and "services" not in cues:
            return Intent.COMUNE_ZONE
        return Intent.COMUNE_SERVICES
    if ZONE in entities:
        return Intent.ZONE_COMUNI if _asks_comuni(cues) else Intent.ZONE_SERVICES
    if "zone" in cues or "comuni" in cues:
        return Intent.ZONE_LIST
    if "services" in cues:
        return Intent.SERVICE_LIST
    return Intent.UNKNOWN


def _asks_comuni(cues: frozenset[str]) -> bool:
    return "comuni" in cues or ("count" in cues and not cues & {"services", "population"})
