"""Folding text so that the way a name is typed does not matter: case, accents, apostrophes, punctuation."""
from __future__ import annotations

import re
import unicodedata

# apostrophes and quotes people type in names ("Cassina de' Pecchi", "Trezzo sull’Adda")
_APOSTROPHES = "'’‘`´ʼʹ′"
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Italian function words: a name may contain them ("Cerro al Lambro") but never starts or ends with one
STOPWORDS = frozenset("""
a ad al ai agli all alla alle allo c ce ci con co cui d da dai dal dall dalla dalle dagli de dei del dell della
delle degli di e ed gli ha hai hanno ho i il in l la le lo ma mia mio miei mie ne nel nell nella nelle nei
negli o od per piu po qua qual quale quali quanta quante quanti quanto questa questo quella quello sa se si
sia sono su sua suo sul sull sulla sulle sui sugli ti tra fra tu tua tuo un una uno vi voi noi c e
""".split()) - {"sua"}


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes and punctuation turned into single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    for mark in _APOSTROPHES:
        text = text.replace(mark, " ")
    return _NON_WORD.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """The folded words of a text."""
    folded = fold(text)
    return folded.split() if folded else []
