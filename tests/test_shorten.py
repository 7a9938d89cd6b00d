"""One way to cut a label (bot.texts.shorten): at a word boundary, never after a link word, with «…»."""
from hypothesis import given
from hypothesis import strategies as st

from bot.texts import BUTTON_MAX, shorten


def test_short_labels_stay_as_they_are():
    assert shorten("Stazione Unica Appaltante") == "Stazione Unica Appaltante"


def test_long_labels_are_cut_between_words_and_never_after_a_link_word():
    assert shorten("Approfondimento: i servizi per Zona Omogenea della Città metropolitana", 50) == \
        "Approfondimento: i servizi per Zona Omogenea…"
    assert shorten("Tavolo di lavoro sulla mobilità sostenibile con la Provincia", 52) == \
        "Tavolo di lavoro sulla mobilità sostenibile…"  # not «… con la…»
    assert shorten("Videoconferenzaconunnomelunghissimosenzaspazichenonfinisce mai", 20) == "Videoconferenzaconu…"


@given(st.text(min_size=0, max_size=300), st.integers(min_value=10, max_value=120))
def test_never_longer_than_the_limit_and_a_prefix_of_the_text(text, limit):
    out = shorten(text, limit)
    assert len(out) <= limit
    assert out == text or (out.endswith("…") and text.startswith(out[:-1]))


def test_the_default_limit_is_a_button():
    assert len(shorten("parola " * 40)) <= BUTTON_MAX
