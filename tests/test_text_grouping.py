"""Free-text grouping by meaning and spelling: a test set of realistic answers with the expected groups.

The first two sets are the source document's own free-text answers (the 2019 PO survey, grouped there
by hand: «Nessun ostacolo (6 risposte)», «Non saprei (3 risposte)», «non so (7 risposte)», «Nessuna
(4 risposte)»), with the hand-grouped counts filled by realistic wordings; the third is what people type
in a chat when a free-text question reads like a closed one.
"""
from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from bot.questionnaires import results
from bot.questionnaires.equivalents import CLASSES, FILLERS
from bot.questionnaires.grouping import SHORT, TYPO_SIMILAR, _tables, group_answers, meaning, normalise
from tests.conftest import ADMIN_ID
from tests.questionnaire_support import TINY, Respondent, launch, person

# «Quali sono gli ostacoli che impediscono ai Comuni di aderire a forme di gestione associata…?»
OSTACOLI = [
    # the source document's answers, as written there
    ["I Comuni non conoscono le Zone Omogenee, quindi faticano a percepire i potenziali vantaggi",
     "I comuni nn conoscono le zone omogenee, quindi faticano a percepire i potenziali vantaggi"],
    ["I Comuni hanno paura di perdere il controllo dei processi",
     "i comuni hanno paura di perdere il controllo dei processi!"],
    ["Gli eventi all'interno dell'area omogenea hanno poco pubblico e vanno replicati sul territorio con "
     "dispendio di energie per il nostro ente"],
    ["Difficile la raccolta dei fabbisogni di acquisto di beni e servizi"],
    ["Per questa attività non è necessario il supporto del Comune"],
    ["I Comuni non trovano sufficienti motivazioni per ricorrere ad una suddivisione territoriale diversa da "
     "quelle da molto più tempo esistenti e consolidate."],
    ["I comuni hanno servizi gestiti in forma associate e non trovano vantaggio in altre forme di gestione"],
    ["Timori nel perdere il controllo diretto delle procedure, formazione referenti"],
    ["Scarsa attitudine a trovare forme di intesa intercomunale nella pianificazione urbanistica"],
    ["Le zone omogenee non vengono ancora percepite dai comuni come un'opportunità vantaggiosa"],
    ["Disponibilità a carichi di lavoro aggiuntivi e flessibilità degli orari e degli spostamenti"],
    ["Effettiva utilità dei servizi erogati"],
    ["Disomogeneità delle attività"],
    ["Pareri su materie specifiche"],
    ["Competenza specifica del servizio svolto su strade esterne al demanio comunale"],
    ["L'attività istituzionale di controllo degli impianti termici viene gestita per lotti territoriali, "
     "che non coincidono con le Zone Omogenee"],
    # «Nessun ostacolo (6 risposte)»
    ["Nessun ostacolo", "nessun ostacolo", "Nessuno", "nessuno.", "Non vedo ostacoli",
     "Nessun ostacolo in particolare"],
    # «Non saprei (3 risposte)»
    ["Non saprei", "non saprei", "Boh, non saprei"],
]

# «Specifica quali attività/conoscenze/strumenti potresti proporre ad integrazione…»
PROPOSTE = [
    ["Gestione dei processi"],
    ["Conoscenze professionali e competenze in tema agricolo e forestale"],
    ["Verifica piani economico-finanziari"],
    ["In linea di massima per ciascun servizio, qualora si decidesse di definirne un corrispettivo, il calcolo "
     "delle tariffe."],
    ["Maggiore partecipazione in termini reali dei dipendenti dell'ente a livello territoriale"],
    ["Parere in merito ad eventuali dubbi normativi e contrasti giurisprudenziali"],
    ["Riterrei utile l'attivazione di una piattaforma informatica per consentire l'interazione tra i referenti "
     "dei vari Enti per i singoli ambiti di attività/servizi per favorire lo scambio di informazioni, "
     "modulistica etc..."],
    ["questionari per la rilevazione dei fabbisogni, tavoli di confronto periodici, ampia diffusione delle "
     "novità normative in materia/piattaforme informatiche condivise per la gestione unica dei procedimenti"],
    # a long «I don't know» with reasons: the organiser must read it, it is not «non so»
    ["Purtroppo, non conosco nello specifico i servizi indicati pertanto ritengo corretto proporre "
     "integrazioni non suffragate da una conoscenza reale"],
    ["Sfruttamento economie di scala relativamente a costruzione e gestione delle strutture"],
    ["Attività di gestione, monitoraggio e controllo della piattaforma Turismo 5 in attuazione della delega "
     "regionale per l'attuazione della L.R. 27/2015"],
    ["Esperienze e conoscenze apprese nelle diverse mansioni svolte in 21 anni di PA"],
    ["Gestione albo aperto degli avvocati per incarichi esterni"],
    ["I servizi attivati sono di ottima qualità e vi sono collaborazione in atto per quello che concerne i "
     "servizi dell'area infrastrutture"],
    ["Supporto ala implementazione di azioni per la promozione di pari opportunità nelle organizzazioni "
     "pubbliche (comuni)"],
    ["Espropriazioni per P.U."],
    ["Piattaforma di E-learning per condividere la formazione e il sapere del personale  dei Comuni del territorio"],
    ["Incontri e seminari sui servizi indicati e sulla loro ricaduta sulle zone omogenee"],
    # «non so (7 risposte)»: the example, one group now
    ["non so", "Non lo so", "boh", "Non saprei", "nn so", "Non so.", "nessuna idea"],
    # «Nessuna (4 risposte)»
    ["Nessuna", "nessuna", "Niente da aggiungere", "nulla"],
]

# «Il suo comune parteciperebbe ai tavoli di lavoro della zona?» answered as free text in a chat
CHAT = [
    ["Sì", "si", "Si certo", "Certo!", "👍", "siiii", "Assolutamente sì", "Sì, grazie"],
    ["no", "No.", "Nooo", "assolutamente no", "direi di no", "no grazie", "Niente affatto"],
    ["forse", "Forse...", "può darsi"],
    ["Dipende", "dipende dal servizio"],
    ["🤷‍♂️", "bohhh", "Mah", "non saprei dire"],
    ["-", "n.d.", "?"],
    ["idem", "vedi sopra", "Come sopra"],
    ["Sì se ci sono incontri x zona", "si se ci sono incontri per zona"],
    ["cmq servono più incontri", "comunque servono piu incontri"],
    ["xké i comuni nn conoscono le zone", "perché i comuni non conoscono le zone"],
    # look-alikes that must stay apart from the classes above
    ["non so, forse i tavoli"],
    ["Nessuna idea di cosa siano le zone omogenee"],
    ["Tutti i comuni dovrebbero aderire"],
    ["Niente"],
    ["Si potrebbero fare eventi organizzati all'interno dell'area omogenea"],
]


def _partition(groups: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The answers in a shuffled but fixed order (groups interleaved), and the expected groups."""
    answers, longest = [], max(len(g) for g in groups)
    for i in range(longest):
        answers += [g[i] for g in groups if i < len(g)]
    return answers, sorted(sorted(g) for g in groups)


@pytest.mark.parametrize("expected", [OSTACOLI, PROPOSTE, CHAT], ids=["ostacoli", "proposte", "chat"])
def test_realistic_answers_fall_in_the_expected_groups(expected):
    answers, want = _partition(expected)
    groups = group_answers(answers)
    got = sorted(sorted(answers[p] for p in g.members) for g in groups)
    assert got == want
    assert [g.count for g in groups] == sorted((g.count for g in groups), reverse=True)
    assert sorted(p for g in groups for p in g.members) == list(range(len(answers)))  # each answer once


def test_the_test_set_is_large_enough_and_every_answer_is_counted():
    total = sum(len(g) for s in (OSTACOLI, PROPOSTE, CHAT) for g in s)
    assert total >= 60
    answers, _ = _partition(CHAT)
    assert sum(n for _, n in results.group_texts(answers)) == len(answers)


def test_source_document_hand_counts_come_out():
    ostacoli = results.group_texts(_partition(OSTACOLI)[0])
    proposte = results.group_texts(_partition(PROPOSTE)[0])
    assert ostacoli[:2] == [("Nessun ostacolo / Nessuno / Non vedo ostacoli", 6), ("Non saprei / Boh, non saprei", 3)]
    assert proposte[:2] == [("non so / Non lo so / boh", 7), ("Nessuna / Niente da aggiungere / nulla", 4)]
    assert len(ostacoli) == 18 and len(proposte) == 20


def test_labels_are_the_most_frequent_wordings():
    groups = results.group_texts(["Boh", "non so", "Non so", "nn so", "non saprei", "Non lo so", "non so"])
    assert groups == [("non so / Boh / non saprei", 7)]  # «non so» 4 times (as «non so» twice), then first typed
    assert results.group_texts(["Tavoli di lavoro", "tavoli di lavoro!", "Tavoli di lavoro", "Tavoli di lavro"]) \
        == [("Tavoli di lavoro", 4)]
    assert results.group_texts(["Nooo", "noo", "No"]) == [("Nooo", 3)]  # one wording: repeated letters
    assert results.group_texts(["b", "a", "a"]) == [("a", 2), ("b", 1)]


def test_short_answers_group_only_when_equal_and_long_ones_survive_typos_and_order():
    assert results.group_texts(["SUA", "SUAP", "sua", "Scuola", "Scuole"]) == [
        ("SUA", 2), ("Scuola", 1), ("Scuole", 1), ("SUAP", 1)]
    assert results.group_texts(["Trasporti pubblici", "trasporto pubblico", "pubblici trasporti",
                                "erché i comuni non conoscono le zone", "perché i comuni non conoscono le zone"]) \
        == [("Trasporti pubblici", 3), ("erché i comuni non conoscono le zone", 2)]


@pytest.mark.parametrize("typed, normalised", [
    ("Non lo so!!!", "non lo so"), ("nn so", "non so"), ("Xké no?", "perche no"), ("cmq sì", "comunque si"),
    ("Siiiii", "si"), ("BOHHH", "boh"), ("  Perché  NO  ", "perche no"), ("l'attività", "l attivita"),
    ("👍", "si"), ("🤷‍♀️", "boh"), ("???", "?"), ("...", "."), ("2000 abitanti", "2000 abitanti"),
    ("tavoli x zona", "tavoli per zona"),
])
def test_normalisation(typed, normalised):
    assert normalise(typed) == normalised


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_every_phrase_reads_as_its_own_class(kind):
    for phrase in CLASSES[kind]:
        assert meaning(normalise(phrase)) == kind, phrase
        if any(ch.isalpha() for ch in phrase):  # a lone symbol inside words is punctuation
            assert meaning(normalise(f"mah, {phrase}, grazie")) == kind, phrase


@pytest.mark.parametrize("answer, kind", [
    ("purtroppo no", "no"), ("al momento nessuno, grazie", "nessuno"), ("sinceramente non saprei", "non_so"),
    ("no no", "no"), ("boh non so", "non_so"), ("Nessun'altra", "nessuno"), ("nesuno", "nessuno"),
    ("non so, forse i tavoli", None), ("sì e no", None), ("forse sì", None), ("grazie", None), ("mah", "non_so"),
    ("nessuna idea", "non_so"), ("nessuna", "nessuno"), ("niente affatto", "no"), ("niente", "nessuno"),
    ("tutti i comuni dovrebbero aderire", None), ("no " * 13, None),
])
def test_meaning_needs_the_whole_answer(answer, kind):
    assert meaning(normalise(answer)) == kind


def test_phrases_of_different_classes_are_never_a_typo_apart():
    tables = _tables()
    long_ones = [(p, kind) for p, kind in tables.phrases.items() if len(p) >= SHORT]
    for a, kind_a in long_ones:
        for b, kind_b in long_ones:
            if kind_a != kind_b:
                assert fuzz.ratio(a, b) < TYPO_SIMILAR, (a, b)


def test_fillers_alone_are_no_class():
    for filler in FILLERS:
        assert meaning(normalise(filler)) in (None, "non_so"), filler  # «mah» alone is a doubt


async def test_organiser_sees_groups_and_every_raw_answer_one_tap_away(chat, clock):
    notes = ["boh", "Non lo so", "nn so", "Non saprei", "tavoli x tema", "tavoli per tema"]
    async with chat.services.db.session() as s:
        people = [await person(s, 6400 + n, name=f"PO {n}") for n in range(len(notes))]
    cid = await launch(chat.services.db, TINY, [p.id for p in people], clock.now())
    for p, note in zip(people, notes):
        r = Respondent(chat.services.db, clock, p.id)
        await r.open(cid)
        await r.press("No")
        await r.type("3")
        await r.type(note)
        await r.press("Invia ✅")
    await chat.press(f"q:R:{cid}", user_id=ADMIN_ID)
    assert "2 gruppi di risposte libere" in chat.telegram.messages[-1].text
    await chat.press(f"q:R:{cid}:-:t", user_id=ADMIN_ID)
    grouped = chat.telegram.messages[-1]
    assert "• boh / Non lo so / nn so <i>(4 risposte)</i>" in grouped.text
    assert "• tavoli x tema <i>(2 risposte)</i>" in grouped.text
    raw_button = [data for _, data in grouped.buttons() if data.endswith(":r3")]
    assert raw_button == [f"q:R:{cid}:-:r3"]
    await chat.press(raw_button[0], user_id=ADMIN_ID)
    raw = chat.telegram.messages[-1].text
    assert "Tutte le risposte (6)" in raw and all(note in raw for note in notes)
