"""Data files that would harm the bot are refused at file:line, before anything reaches the database
(so SQLite and PostgreSQL answer the same); a bad questionnaire file never hides the good ones."""
from __future__ import annotations

import logging
import shutil
import time

import pytest
from sqlalchemy import func, select

from bot.catalogue import loader as catalogue_loader
from bot.catalogue.datafiles import Problem
from bot.catalogue.models import Service
from bot.catalogue.validate import validate
from bot.meetings import loader
from bot.meetings.models import Occurrence, Tavolo
from bot.questionnaires import registry
from bot.questionnaires.definition import InvalidDefinition
from bot.questionnaires.reading import load_file
from tests.catalogue_files import copy_shipped, edit
from tests.test_meetings_yaml import NOW, _catalogue


async def test_a_5000_character_service_name_is_refused_at_its_line(db, tmp_path):
    directory = copy_shipped(tmp_path / "cat")
    text = (directory / "services.yaml").read_text(encoding="utf-8")
    first_name = next(line for line in text.splitlines() if line.startswith("  name: "))
    edit(directory / "services.yaml", first_name, "  name: " + "S" * 5000)
    line = text.splitlines().index(first_name) + 1
    problems = validate(directory)
    assert Problem("services.yaml", line - 1, "«name» troppo lungo: 5000 caratteri, al massimo 300") in problems
    with pytest.raises(catalogue_loader.CatalogueInvalid):
        await catalogue_loader.load(db, directory)
    async with db.session() as s:
        assert await s.scalar(select(func.max(func.length(Service.name)))) <= 300


def _tavolo(schedule: str, **fields) -> str:
    extra = "".join(f"\n    {k}: {v}" for k, v in fields.items())
    return f"tavoli:\n  - id: prova\n    title: Tavolo di prova\n    zones: tutte\n    schedule: {schedule}{extra}\n"


async def _errors(db, tmp_path, content: str) -> list[str]:
    path = tmp_path / "tavoli.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(loader.TavoliFileError) as caught:
        async with db.session() as s:
            await loader.load(s, path, now=NOW)
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Tavolo)) == 0
        assert await s.scalar(select(func.count()).select_from(Occurrence)) == 0
    return caught.value.errors


@pytest.mark.parametrize("rule", ["FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY;INTERVAL=1"])
async def test_recurrences_more_often_than_daily_are_refused_at_once(empty_db, tmp_path, rule):
    await _catalogue(empty_db)
    started = time.perf_counter()
    errors = await _errors(empty_db, tmp_path, _tavolo(f'{{rrule: "{rule}", start: "2027-01-05 10:00"}}'))
    assert time.perf_counter() - started < 1.0
    assert errors == [f"tavoli.yaml:2: tavoli[0] (prova).schedule: RRULE {rule!r}: FREQ deve essere uno fra DAILY, "
                      "WEEKLY, MONTHLY, YEARLY (un tavolo si riunisce al massimo una volta al giorno)"]


@pytest.mark.parametrize("schedule, error", [
    ('{rrule: "FREQ=DAILY;BYHOUR=8,9,10", start: "2027-01-05 10:00"}', "dà più di 400 date in 190 giorni"),
    ('{rrule: "FREQ=WEEKLY;COUNT=5000", start: "2027-01-05 10:00"}', "COUNT deve essere fra 1 e 1000"),
    ('{rrule: "FREQ=WEEKLY;UNTIL=99991231T000000", start: "2027-01-05 10:00"}', "UNTIL non è fra il 2000 e il 2100"),
    ('{rrule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", start: "2027-01-05 10:00"}', "nessun mese ha i giorni"),
    ('{rrule: "FREQ=WEEKLY", start: "9999-01-05 10:00"}', "l'inizio 9999-01-05 non è fra il 2000 e il 2100"),
    ("{dates: [" + ", ".join([f'"2027-01-{d:02d} 10:00"' for d in range(1, 29)] * 15) + "]}", "al massimo 400 date"),
])
async def test_recurrence_sanity_limits_have_clear_errors(empty_db, tmp_path, schedule, error):
    await _catalogue(empty_db)
    [message] = await _errors(empty_db, tmp_path, _tavolo(schedule))
    assert message.startswith("tavoli.yaml:2: tavoli[0] (prova).schedule: ") and error in message


async def test_long_texts_and_huge_numbers_in_a_tavolo_are_refused(empty_db, tmp_path):
    await _catalogue(empty_db)
    errors = await _errors(empty_db, tmp_path, _tavolo('{rrule: "FREQ=WEEKLY", start: "2027-01-05 10:00"}',
                                                       description="D" * 4000, place="P" * 400,
                                                       organiser=10 ** 30, duration="99999999h"))
    assert [e.split("(prova).", 1)[1] for e in errors] == [
        "description: più lungo di 3000 caratteri", "place: più lungo di 300 caratteri",
        "duration: '99999999h' non è una durata (minuti, oppure per esempio '2h', '90m')",
        "organiser: l'id Telegram dell'organizzatore (un numero)"]


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))


def test_a_bad_questionnaire_file_is_logged_and_left_out(tmp_path, caplog):
    shutil.copy(registry.DATA_DIR / "videoconferenza.yaml", tmp_path / "good.yaml")
    (tmp_path / "latin1.yaml").write_bytes("id: caffè\ntitle: perché\n".encode("latin-1"))
    (tmp_path / "deep.yaml").write_text("q: " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    (tmp_path / "deep_block.yaml").write_text("".join("  " * i + "k:\n" for i in range(3000)), encoding="utf-8")
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    (tmp_path / "huge.yaml").write_text("x: " + "y" * 2_000_000, encoding="utf-8")
    (tmp_path / "long.yaml").write_text((registry.DATA_DIR / "videoconferenza.yaml").read_text(encoding="utf-8")
                                        .replace("id: videoconferenza", "id: lungo", 1)
                                        .replace('title: "', 'title: "' + "T" * 300, 1), encoding="utf-8")
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="bot.questionnaires.registry"):
        found = registry.shipped(tmp_path)
    assert time.perf_counter() - started < 5
    assert list(found) == ["videoconferenza"]
    logged = {r.getMessage().split()[1] for r in caplog.records}
    assert logged == {"latin1.yaml", "deep.yaml", "deep_block.yaml", "bomb.yaml", "huge.yaml", "long.yaml"}


@pytest.mark.parametrize("name, content, expected", [
    ("latin1.yaml", "id: x\ntitle: perché\n".encode("latin-1"), "latin1.yaml:2: non è testo UTF-8 (salvarlo come UTF-8)"),
    ("bomb.yaml", BOMB.encode(), "bomb.yaml:1: YAML non valido: ancore e alias (& e *) non sono ammessi"),
    ("deep.yaml", b"q: " + b"[" * 5000 + b"]" * 5000, "deep.yaml:1: YAML non valido"),
])
def test_questionnaire_file_errors_say_file_and_line(tmp_path, name, content, expected):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InvalidDefinition) as caught:
        load_file(tmp_path / name)
    assert str(caught.value).startswith(expected)


def test_questionnaire_lengths_are_checked_at_their_line(tmp_path):
    text = (registry.DATA_DIR / "videoconferenza.yaml").read_text(encoding="utf-8")
    (tmp_path / "v.yaml").write_text(text.replace('title: "', 'title: "' + "T" * 300, 1), encoding="utf-8")
    with pytest.raises(InvalidDefinition) as caught:
        load_file(tmp_path / "v.yaml")
    assert "v.yaml:3: questionario: «title» supera i 200 caratteri" in str(caught.value)


def test_a_file_that_cannot_be_read_is_explained_in_italian(tmp_path):
    (tmp_path / "cartella.yaml").mkdir()
    for name, reason in (("cartella.yaml", "è una cartella, non un file"), ("manca.yaml", "il file non esiste")):
        with pytest.raises(InvalidDefinition) as caught:
            load_file(tmp_path / name)
        assert str(caught.value) == f"{name}: non si può leggere ({reason})"
