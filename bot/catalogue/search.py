"""Ranked search over the index for /cerca and inline mode: every name the text may mean, best first, then
the services whose descriptions and synonyms hold the words."""
from __future__ import annotations

from bot.catalogue import callbacks as cb
from bot.catalogue.answers import Answer, lines
from bot.catalogue.index import COMUNE, OUTSIDE, SERVICE, THEME, ZONE, CatalogueIndex, Scored
from bot.catalogue.intents import MAX_WORDS, NOT_A_NAME, SUGGEST, name_spans
from bot.catalogue.normalize import fold
from bot.texts import catalogue as T
from bot.texts import render, shorten

KIND_LINE = {COMUNE: T.CANDIDATE_COMUNE, ZONE: T.CANDIDATE_ZONE, SERVICE: T.CANDIDATE_SERVICE, THEME: T.CANDIDATE_THEME}


def search(index: CatalogueIndex, text: str, limit: int = 8) -> list[Scored]:
    """The best entries of the catalogue (never places outside it) named anywhere in the text."""
    words = fold(text).split()[:MAX_WORDS]
    best: dict[tuple, Scored] = {}
    for i, j in name_spans(words):
        for hit in index.match(" ".join(words[i:j])):
            key = (hit.entry.kind, hit.entry.id)
            if hit.entry.kind != OUTSIDE and hit.score >= SUGGEST and (key not in best or best[key].score < hit.score):
                best[key] = hit
    # then the services whose description holds the words ("formazione dei dipendenti"): listed, after the names
    for entry in index.described([w for w in words if w not in NOT_A_NAME]):
        best.setdefault((entry.kind, entry.id), Scored(entry, SUGGEST))
    ranked = sorted(best.values(), key=lambda s: (-s.score, s.entry.label))
    return ranked[:limit]


def entry_data(entry) -> str:
    """The default button for an entry: what a person most likely wants to see about it."""
    return {COMUNE: lambda: cb.comune_services(entry.id), ZONE: lambda: cb.zone_services(entry.id),
            SERVICE: lambda: cb.service_card(entry.id), THEME: lambda: cb.theme_services(entry.id)}[entry.kind]()


def results(text: str, hits: list[Scored], zone_names: dict[int, str]) -> Answer:
    """The /cerca answer: one line and one button per result."""
    if not hits:
        return Answer(render(T.SEARCH_NONE, text=text))
    out = [render(T.SEARCH_HEAD, text=text)]
    for h in hits:
        e = h.entry
        if e.kind == COMUNE and e.info.get("is_capoluogo"):
            out.append(render(T.CANDIDATE_CAPOLUOGO, name=e.label))
        else:
            out.append(render(KIND_LINE[e.kind], name=e.label, zone=zone_names.get(e.info.get("zone_id"), "?")))
    return Answer(lines(*out), [[{"text": shorten(h.entry.label), "data": entry_data(h.entry)}] for h in hits])
