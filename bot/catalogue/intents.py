"""A small parser for Italian questions about the catalogue: which intent, which entities.

Cue words decide what is asked ("in che zona", "comuni", "chi contatto"); names are found by the
index over spans of the remaining words. Thresholds are tuned on tests/test_catalogue_phrasings.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from rapidfuzz import fuzz

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
    ZONE_POPULATION = "zone_population"
    SERVICE_CARD = "service_card"
    SERVICE_CONTACT = "service_contact"
    SERVICE_PLACE = "service_place"   # is this service active in this comune / zone / across CMM?
    THEME_SERVICES = "theme_services"
    ZONE_LIST = "zone_list"
    SERVICE_LIST = "service_list"
    TOTALS = "totals"                 # how many comuni, how many people in the whole Città metropolitana
    GREETING = "greeting"
    THANKS = "thanks"
    CAPABILITIES = "capabilities"     # "cosa sai fare?"
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
    "active": set("attiva attivo attive attivi attivata attivato attivati attivate disponibile disponibili presente "
                  "presenti aderito aderiscono aderente aderenti erogato erogata".split()),
    "where": set("dove ovunque".split()),
    "greeting": set("ciao buongiorno buonasera buondi salve hey ehi hello".split()),
    "thanks": set("grazie ringrazio grazissime thanks".split()),
}
SMALL_TALK = frozenset({Intent.GREETING, Intent.THANKS, Intent.CAPABILITIES})
# words that start a follow-up ("e a Pero?", "invece nel Sud Est?")
FOLLOW_WORDS = frozenset("e ed anche invece mentre pure".split())
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
_ALL_PHRASE = re.compile(r"\b(tutti i comuni|tutta la citta metropolitana|tutta l area metropolitana|tutta la provincia"
                         r"|in tutto|in totale|complessivamente|citta metropolitana|area metropolitana|cmm)\b")
_CAPABILITIES = re.compile(r"\b(cosa|che cosa|che) (sai|puoi|riesci a) fare\b|\bcosa (posso|si puo) chieder"
                           r"|\bcome funzion|\b(aiuto|help|istruzioni)\b|\bcosa fai\b|\bchi sei\b")


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
    scope_all: bool = False    # "in tutta la Città metropolitana", "in tutto"
    followup: bool = False     # "e a Pero?": may complete the previous question (bot/catalogue/followups.py)

    def entity(self, kind: str) -> Entry | None:
        return self.entities.get(kind)


def parse(index: CatalogueIndex, text: str) -> Parsed:
    """Understand one question; never raises on any text."""
    folded = fold(text[:4000])
    words = _CMM_PHRASE.sub(" ", folded).split()[:MAX_WORDS]
    cues = set(cue for cue, vocab in CUES.items() if any(w in vocab for w in words))
    if _CAPABILITIES.search(folded):
        cues.add("capabilities")
    capitalised = frozenset(fold(w) for w in _WORD.findall(text[:2000]) if w[:1].isupper())
    found = _find(index, words, capitalised, frozenset(cues))
    parsed = _decide(index, found, frozenset(cues), bool(_ALL_PHRASE.search(folded)),
                     [w for w in words if w not in NOT_A_NAME])
    named = {i for f in found for i in range(f.start, f.end)}
    parsed.followup = bool(words) and (words[0] in FOLLOW_WORDS or (
        not cues and all(i in named or w in NOT_A_NAME for i, w in enumerate(words))))
    return parsed


def name_spans(words: list[str], abbreviations: bool = False):
    """(start, end) of every run of words that may be a name: never starting or ending on a filler
    (with `abbreviations`, a last word of one letter may end it: "Trezzo s/A", "Cerro al L.")."""
    for i, first in enumerate(words):
        if first in NOT_A_NAME:
            continue
        for j in range(i + 1, min(len(words), i + MAX_SPAN) + 1):
            last = words[j - 1]
            if last not in NOT_A_NAME or (abbreviations and j - i > 1 and len(last) == 1):
                yield i, j


def _find(index: CatalogueIndex, words: list[str], capitalised: frozenset[str], cues: frozenset[str]) -> list[Found]:
    """Every span that names something, then the best non-overlapping ones (higher score, longer first)."""
    spans = []
    for i, j in name_spans(words, abbreviations=True):
        hits = index.match(" ".join(words[i:j]))
        if words[j - 1] in NOT_A_NAME:  # ends on "a" or "l": only as an abbreviation ("Cassano d'A.")
            hits = [h for h in hits if h.abbreviated]
        if hits:
            spans.append(Found(i, j, " ".join(words[i:j]), hits))
    # a name good enough to take: the longest first ("San Donato" before "Donato"), then by score
    spans.sort(key=lambda f: (f.hits[0].score < ACCEPT, -(f.end - f.start), -f.hits[0].score, f.start))
    taken: list[Found] = []
    for f in spans:
        if any(f.start < t.end and t.start < f.end for t in taken):
            continue
        _resolve(index, f, capitalised, cues)
        if f.chosen or f.candidates or f.outside:
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


def _resolve(index: CatalogueIndex, f: Found, capitalised: frozenset[str], cues: frozenset[str]) -> None:
    """A CMM name good enough wins; else a place outside CMM; else close names become candidates.

    A place whose name is also a common word ("Ora", "Ponte") counts only when written capitalised.
    A name taken by a loose match must beat the names that share its first word on the words that
    tell them apart (see _distinct); otherwise they are all offered.
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
    if top >= ACCEPT and len(same_kind) == 1 and _distinct(index, f.text, same_kind[0]):
        f.chosen = same_kind[0].entry
    elif top >= ACCEPT and len(same_kind) == 1:
        f.candidates = sorted([same_kind[0].entry, *index.siblings(same_kind[0].entry)], key=lambda e: e.label)[:8]
    else:
        f.candidates = [h.entry for h in same_kind[:8]]


SIBLING_MARGIN = 15.0


def _distinct(index: CatalogueIndex, span: str, hit: Scored) -> bool:
    """Whether a loosely matched name ("Trezzano Rossa") is told apart from the names sharing its first word
    ("Trezzano sul Naviglio"): what follows the first word must match its own rest clearly better."""
    siblings = index.siblings(hit.entry)
    if hit.score == 100.0 or hit.abbreviated or not siblings:
        return True
    first, _, rest = span.partition(" ")
    if first not in {n.split()[0] for n in hit.entry.names}:
        rest = span  # "Giuliano Milanese": the span is the part that tells them apart
    elif not rest:
        return True  # the first word alone is a leading word: the score already says how sure it is
    mine = max(fuzz.ratio(rest, n.partition(" ")[2]) for n in hit.entry.names)
    others = max(fuzz.ratio(rest, n.partition(" ")[2]) for s in siblings for n in s.names)
    return mine >= others + SIBLING_MARGIN


def _outside_wins(f: Found, outside: Scored, cmm: Scored | None) -> bool:
    """An outside name beats a CMM typo match, never an exact CMM name or its leading words ("Sesto")."""
    if cmm is None or cmm.score < SUGGEST:
        return True
    if cmm.score == 100.0 or f.text in cmm.entry.heads:
        return False
    return outside.score == 100.0 or outside.score > cmm.score


def _decide(index: CatalogueIndex, found: list[Found], cues: frozenset[str], scope_all: bool,
            words: list[str] = ()) -> Parsed:
    entities: dict[str, Entry] = {}
    scores = []
    for f in found:
        if f.chosen is not None and f.chosen.kind not in entities:
            entities[f.chosen.kind] = f.chosen
            scores.append(f.hits[0].score)
    outside = next((f.outside for f in found if f.outside is not None), None)
    # a weak suggestion of a kind already named with confidence ("formazione … comunali": the e-learning
    # platform, and "comunali" faintly like the roads service) is noise, not a question to ask
    ambiguous = next((f for f in found if f.candidates and not (
        f.hits[0].score < ACCEPT and f.candidates[0].kind in entities)), None)
    if ambiguous is not None:
        first = ambiguous.candidates[0]
        guess = intent_for({**entities, first.kind: first}, cues, scope_all)
        return Parsed(Intent.AMBIGUOUS, entities, ambiguous.candidates, guess,
                      ambiguous.hits[0].score, outside, cues, scope_all)
    if outside is not None and COMUNE not in entities and ZONE not in entities:
        return Parsed(Intent.OUTSIDE, entities, confidence=100.0, outside=outside, cues=cues)
    intent = intent_for(entities, cues, scope_all)
    if intent == Intent.UNKNOWN and not entities:  # no name at all: the words of the descriptions may tell
        described = index.described(words)
        if described:
            return Parsed(Intent.AMBIGUOUS, {}, described, Intent.SERVICE_CARD, SUGGEST, cues=cues)
    confidence = min(scores) if scores else (100.0 if intent != Intent.UNKNOWN else 0.0)
    return Parsed(intent, entities, confidence=confidence, cues=cues, scope_all=scope_all)


def intent_for(entities: dict[str, Entry], cues: frozenset[str], scope_all: bool = False) -> Intent:
    """The question's intent from the kinds of names found and the cue words."""
    if SERVICE in entities:
        if "contact" in cues:
            return Intent.SERVICE_CONTACT
        if COMUNE in entities or ZONE in entities or "where" in cues or "comuni" in cues or (
                scope_all and "active" in cues):
            return Intent.SERVICE_PLACE
        return Intent.SERVICE_CARD
    if THEME in entities:
        return Intent.THEME_SERVICES
    if COMUNE in entities:
        if _asks_comuni(cues):
            return Intent.ZONE_COMUNI
        if ("zone" in cues or "population" in cues) and "services" not in cues:
            return Intent.COMUNE_ZONE
        return Intent.COMUNE_SERVICES
    if ZONE in entities:
        if "population" in cues and "comuni" not in cues:
            return Intent.ZONE_POPULATION
        return Intent.ZONE_COMUNI if _asks_comuni(cues) else Intent.ZONE_SERVICES
    if "capabilities" in cues:
        return Intent.CAPABILITIES
    if "population" in cues or ("count" in cues and "comuni" in cues) or (scope_all and "comuni" in cues):
        return Intent.TOTALS
    if "zone" in cues or "comuni" in cues:
        return Intent.ZONE_LIST
    if "services" in cues:
        return Intent.SERVICE_LIST
    if "thanks" in cues:
        return Intent.THANKS
    if "greeting" in cues:
        return Intent.GREETING
    return Intent.UNKNOWN


def _asks_comuni(cues: frozenset[str]) -> bool:
    return "comuni" in cues or ("count" in cues and not cues & {"services", "population"})
