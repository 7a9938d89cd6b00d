"""Italian short answers that mean the same thing, for grouping free text (curated data, no logic).

Where the classes come from:
- The source document (`/work/shared/source/`, the PO survey of 2019) grouped its free-text answers by
  hand: «non so (7 risposte)», «Non saprei (3 risposte)», «Nessun ostacolo (6 risposte)»,
  «Nessuna (4 risposte)». Those are the classes `non_so` and `nessuno`, the two that matter most.
- The yes/no family (`si`, `no`, `forse`, `dipende`) is what people type when a free-text question
  is read as a closed one («Ci sono ostacoli?» → «no»); the wordings are everyday Italian.
- `come_sopra` («vedi sopra», «idem») and `tutti` are the usual short answers in a form where
  several questions follow each other (the 2019 survey asked about obstacles, then about actions).
- `nd` folds the placeholders typed to get past a required field («n.d.», «n/a», «-», «?»).

A phrase is written as typed (accents, apostrophes, case do not matter: the text is normalised the
same way before look-up). An answer belongs to a class when it is made only of that class's phrases
and of FILLERS («mah, non saprei», «purtroppo no», «al momento nessuno, grazie»); anything more
(«non so, forse i tavoli») stays free text and is grouped by spelling.
"""
from __future__ import annotations

# class -> phrases; the first phrase is the class's own wording (used in docs and tests)
CLASSES: dict[str, tuple[str, ...]] = {
    # «non so (7 risposte)», «Non saprei (3 risposte)» in the source document
    "non_so": (
        "non so", "non lo so", "non saprei", "non saprei dire", "non saprei rispondere", "non so dire",
        "non so rispondere", "non saprei proprio", "boh", "mah", "bho", "nessuna idea", "non ho idea",
        "non ne ho idea", "non ne ho la minima idea", "non ho la minima idea", "non ho la più pallida idea",
        "chissà", "difficile dire", "difficile da dire", "difficile rispondere", "non sono in grado",
        "non sono in grado di rispondere", "non sono in grado di valutare", "non ho elementi",
        "non ho elementi per rispondere", "non ho elementi per valutare", "non ho gli elementi per valutare",
        "non saprei valutare", "non so valutare", "non conosco", "non lo conosco", "non mi esprimo",
        "nessuna opinione", "non ho un'opinione", "idk", "non pervenuto",
    ),
    # «n.d.»: placeholders and symbols typed to get past a required question
    "nd": ("n.d.", "nd", "n/d", "n/a", "na", "n.a.", "non disponibile", "non definito", "?", "-", "/", "."),
    # «Nessun ostacolo (6 risposte)», «Nessuna (4 risposte)» in the source document
    "nessuno": (
        "nessuno", "nessuna", "nessun", "niente", "nulla", "nessun ostacolo", "nessuno ostacolo",
        "non ci sono ostacoli", "non vedo ostacoli", "nessun problema", "nessun problema particolare",
        "nessuna criticità", "nessuna difficoltà", "nessuna proposta", "nessun suggerimento",
        "nessuna osservazione", "nessuna nota", "nessun commento", "nessuna integrazione",
        "niente da aggiungere", "nulla da aggiungere", "niente da segnalare", "nulla da segnalare",
        "niente da dire", "nulla da dire", "non ho proposte", "non ho suggerimenti", "non ho nulla da aggiungere",
        "non ho niente da aggiungere", "nient'altro", "nulla di più", "nessun'altra",
    ),
    "si": (
        "sì", "si", "certo", "certamente", "sicuramente", "assolutamente sì", "assolutamente", "ok", "okay",
        "va bene", "esatto", "esattamente", "affermativo", "senz'altro", "senza dubbio", "volentieri",
        "d'accordo", "di sì", "yes",
    ),
    "no": (
        "no", "assolutamente no", "di no", "per niente", "per nulla", "niente affatto",
        "non credo", "negativo", "proprio no", "direi proprio di no", "nope", "no grazie",
    ),
    "forse": ("forse", "può darsi", "magari", "non escludo", "potrebbe", "probabilmente", "non è detto"),
    "dipende": ("dipende", "dipende dai casi", "dipende dal caso", "dipende dal servizio", "dipende dal comune",
                "in parte", "parzialmente", "non sempre", "a volte", "qualche volta"),
    "come_sopra": ("come sopra", "vedi sopra", "idem", "idem come sopra", "vedi risposta precedente",
                   "come risposta precedente", "vedi punto precedente", "come prima", "vedi prima",
                   "stessa risposta", "stessa risposta di prima", "già detto", "come già detto"),
    "tutti": ("tutti", "tutte", "tutto", "tutti quanti", "tutte quante", "tutti i servizi", "tutti i comuni"),
}

# words and phrases that add nothing to a short answer («mah, direi di no», «al momento nessuno, grazie»)
FILLERS: tuple[str, ...] = (
    "mah", "beh", "be", "bah", "eh", "ah", "ehm", "uhm", "mmh", "mm", "m", "allora", "dunque", "quindi", "guarda",
    "direi", "credo", "penso", "ritengo", "sinceramente", "onestamente", "francamente", "purtroppo",
    "personalmente", "secondo me", "a mio parere", "a mio avviso", "per me", "io", "proprio", "davvero",
    "al momento", "per ora", "per il momento", "ad oggi", "a oggi", "attualmente", "in questo momento",
    "ancora", "ovviamente", "grazie", "ciao", "saluti", "cordiali saluti", "in realtà", "veramente",
    "in particolare", "di particolare", "da parte mia",
)

# chat abbreviations, one word each, expanded before anything else («nn so», «xké», «cmq»)
ABBREVIATIONS: dict[str, str] = {
    "nn": "non", "cmq": "comunque", "xke": "perche", "xche": "perche", "xk": "perche", "pk": "perche",
    "pke": "perche", "perke": "perche", "xo": "pero", "x": "per", "qlc": "qualcosa", "qlcs": "qualcosa",
    "qcs": "qualcosa", "qnd": "quando", "qdo": "quando", "mlt": "molto", "sn": "sono", "cm": "come",
    "qst": "questo", "qsto": "questo", "grz": "grazie", "tnx": "grazie", "nnt": "niente", "ke": "che",
    "ki": "chi", "tt": "tutti", "ns": "nostro",
}

# emoji read as words before folding (folding drops them)
EMOJI: dict[str, str] = {
    "👍": "sì", "👌": "ok", "✅": "sì", "👎": "no", "❌": "no", "🚫": "no", "🤷": "boh", "🤔": "boh",
}
