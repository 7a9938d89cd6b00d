"""`zobot tavoli load FILE`: the example file loads, reloads without doubles, and bad files say why."""
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.meetings import loader
from bot.meetings.models import Occurrence, Participant, Tavolo
from tests import meeting_helpers as h

UTC = timezone.utc
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
EXAMPLE = Path(__file__).resolve().parent.parent / "catalogue_data" / "tavoli_example.yaml"


async def _catalogue(db):
    async with db.session() as s:
        for code, name in (("adda-martesana", "Adda Martesana"), ("sud-est", "Sud Est"), ("sud-ovest", "Sud Ovest")):
            await h.zone(s, code, name)
        for code, name in (("ambiente", "Ambiente"), ("scuola", "Scuola"), ("mobilita", "Trasporti e mobilità"),
                           ("procedure", "Omogeneità delle procedure")):
            await h.theme(s, code, name)


async def test_example_file_loads_and_reloads_without_doubles(empty_db):
    db = empty_db
    await _catalogue(db)
    async with db.session() as s:
        referent = await h.person(s, 8001, name="Referente AM", now=NOW, zone_row=await h.zone(s))
        first = await loader.load(s, EXAMPLE, now=NOW)
    async with db.session() as s:
        again = await loader.load(s, EXAMPLE, now=NOW)
        tavoli = (await s.scalars(select(Tavolo).order_by(Tavolo.slug))).all()
        occurrences = await s.scalar(select(func.count()).select_from(Occurrence))
        members = (await s.scalars(select(Participant.person_id))).all()
    assert [o.created for o in first] == [True] * 4 and [o.created for o in again] == [False] * 4
    assert not any(o.changes for o in again) and [o.notified for o in again] == [0] * 4  # nothing changed, nobody told
    assert [t.slug for t in tavoli] == ["esempio-ambiente-adda-martesana", "esempio-omogeneita-procedure",
                                        "esempio-scuola-spazi-extrascolastici", "esempio-trasporti-sud-est-sud-ovest"]
    assert all(t.is_example and "ESEMPIO" in t.title for t in tavoli)
    # up to 9 June 2027 (the 190-day horizon): 6 first Tuesdays, 5 third Wednesdays, 11 fortnightly
    # Thursdays and 2 of the 3 fixed dates (10 June is materialised later)
    assert occurrences == 6 + 5 + 11 + 2
    assert members == [referent.id]  # the Adda Martesana tavolo subscribes the zone's referents


async def test_changing_the_schedule_cancels_the_occurrences_no_longer_planned(db, tmp_path):
    await _catalogue(db)
    path = tmp_path / "t.yaml"
    path.write_text("tavoli:\n  - id: prova\n    title: Prova\n    zones: tutte\n"
                    "    schedule: {dates: ['2027-01-12 10:00', '2027-02-09 10:00']}\n", encoding="utf-8")
    async with db.session() as s:
        await loader.load(s, path, now=NOW)
    path.write_text(path.read_text().replace("'2027-02-09 10:00'", "'2027-03-16 10:00'"), encoding="utf-8")
    async with db.session() as s:  # five weeks away: not the same meeting moved, but one gone and a new one
        await loader.load(s, path, now=NOW)
        rows = (await s.scalars(select(Occurrence).order_by(Occurrence.original_start))).all()
    assert [(r.start_at.strftime("%m-%d"), r.status, r.cancel_reason) for r in rows] == [
        ("01-12", "scheduled", None), ("02-09", "cancelled", "schedule"), ("03-16", "scheduled", None)]
    path.write_text(path.read_text().replace("'2027-03-16 10:00'", "'2027-02-09 10:00'"), encoding="utf-8")
    async with db.session() as s:  # the date is back: the same meeting comes back (same UID)
        done = await loader.load(s, path, now=NOW)
        rows = (await s.scalars(select(Occurrence).order_by(Occurrence.original_start))).all()
    assert [(r.start_at.strftime("%m-%d"), r.status) for r in rows] == [
        ("01-12", "scheduled"), ("02-09", "scheduled"), ("03-16", "cancelled")]
    assert [len(done[0].changes.restored), len(done[0].changes.cancelled)] == [1, 1]


BAD = """\
tavoli:
  - id: Bad Id
    title: ok title
    theme: cucina
    zones: [atlantide]
    schedule: {rrule: "FREQ=MONTLY", start: "2027-01-05 10:00"}
    reminders: [presto]
    colour: red
  - id: due
    title: X
    zones: tutte
    schedule: {dates: ["12/01/2027"]}
    video_link: "ftp://x"
    duration: forever
  - id: due
    title: Duplicate
    zones: tutte
    schedule: {rrule: "FREQ=WEEKLY"}
"""


async def test_errors_are_all_reported_with_their_place_and_nothing_is_written(empty_db, tmp_path):
    db = empty_db
    await _catalogue(db)
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(loader.TavoliFileError) as caught:
        async with db.session() as s:
            await loader.load(s, path, now=NOW)
    assert caught.value.errors == [  # each at file:line of its tavolo, in Italian for the operator
        "bad.yaml:2: tavoli[0] (Bad Id).colour: campo sconosciuto (ammessi: audiences, description, duration, "
        "example, id, organiser, place, reminders, rsvp_reminder, schedule, skip, theme, timezone, title, "
        "video_link, zones)",
        "bad.yaml:2: tavoli[0] (Bad Id).id: obbligatorio, lettere minuscole, cifre e '-' (per esempio "
        "ambiente-adda-martesana)",
        "bad.yaml:2: tavoli[0] (Bad Id).theme: 'cucina' non è un tema del catalogo (noti: ambiente, mobilita, "
        "procedure, scuola)",
        "bad.yaml:2: tavoli[0] (Bad Id).zones: 'atlantide' non è una zona (note: adda-martesana, sud-est, sud-ovest)",
        caught.value.errors[4],  # dateutil's own wording after the prefix checked below
        "bad.yaml:2: tavoli[0] (Bad Id).reminders: ['presto'] non è un elenco di anticipi come ['7g', '1g', '1h']",
        "bad.yaml:9: tavoli[1] (due).title: obbligatorio, da 3 a 120 caratteri",
        "bad.yaml:9: tavoli[1] (due).schedule: '12/01/2027' non è una data e ora come 2027-01-05 10:00",
        "bad.yaml:9: tavoli[1] (due).duration: 'forever' non è una durata (minuti, oppure per esempio '2h', '90m')",
        "bad.yaml:9: tavoli[1] (due).video_link: 'ftp://x' non è un collegamento http(s)",
        "bad.yaml:15: tavoli[2] (due).schedule: '' non è una data e ora come 2027-01-05 10:00",
    ]
    assert caught.value.errors[4].startswith("bad.yaml:2: tavoli[0] (Bad Id).schedule: RRULE 'FREQ=MONTLY': FREQ deve")
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Tavolo)) == 0


@pytest.mark.parametrize("content, error", [
    ("tavoli: [", "YAML non valido"),
    ("other: 1", "serve un elenco 'tavoli:' in cima al file"),
    ("tavoli:\n  - just a string", "tavoli[0]: deve essere un elenco di campi"),
])
async def test_malformed_files(db, tmp_path, content, error):
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(loader.TavoliFileError) as caught:
        async with db.session() as s:
            await loader.load(s, path, now=NOW)
    assert error in caught.value.errors[0]


def test_cli_reports_errors_and_exit_code(tmp_path, db_url, monkeypatch, capsys):
    path = tmp_path / "R&D.yaml"  # a terminal is not HTML: the name as it is, not «R&amp;D»
    path.write_text("tavoli:\n  - id: x\n", encoding="utf-8")
    monkeypatch.setenv("ZOBOT_DATABASE_URL", db_url)
    assert main(["tavoli", "load", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: 4 errori, non ho caricato nulla:")
    assert "  - R&D.yaml:2: tavoli[0] (x).id: obbligatorio" in err
    assert main(["tavoli", "list"]) == 0
    assert "Nessun tavolo." in capsys.readouterr().out
