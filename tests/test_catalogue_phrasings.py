"""The question parser on the shipped catalogue: every phrasing of the table gives its intent and entities."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.catalogue.intents import parse
from tests.catalogue_phrasings import PHRASINGS
from tests.catalogue_support import shipped_index


@pytest.fixture(scope="module")
def index(database_templates):
    """The index of the shipped catalogue as loaded by the real loader, built once for the module."""
    return shipped_index(database_templates)


def understood(parsed) -> tuple[str, dict]:
    if parsed.intent.value == "ambiguous":
        return "ambiguous", {parsed.candidates[0].kind: sorted(e.label for e in parsed.candidates)}
    if parsed.intent.value == "outside":
        return "outside", {"outside": parsed.outside.label}
    return parsed.intent.value, {kind: e.label for kind, e in parsed.entities.items()}


def test_the_table_is_large_enough():
    assert len(PHRASINGS) >= 80
    assert len({p[0] for p in PHRASINGS}) == len(PHRASINGS)


@pytest.mark.parametrize(("text", "intent", "entities"), PHRASINGS, ids=[p[0][:40] for p in PHRASINGS])
async def test_phrasing(index, text, intent, entities):
    expected = {k: sorted(v) if isinstance(v, list) else v for k, v in entities.items()}
    assert understood(parse(index, text)) == (intent, expected)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text_parses_without_error(index, text):
    parsed = parse(index, text)
    assert parsed.intent is not None
    if parsed.candidates:
        assert len(parsed.candidates) <= 8
