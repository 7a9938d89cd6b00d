"""The binding of a questionnaire to the catalogue: declared in the file, checked by `zobot questionnaire check`,
and what a response proposes when the PO says «No» or drops a place; the command line's review and apply."""
from __future__ import annotations

import asyncio

import yaml

from bot.cli import main as cli
from bot.questionnaires import registry
from bot.questionnaires.definition import InvalidDefinition
from bot.questionnaires.reading import from_dict
from tests.people_support import ORGANISER_ID, OTHER_PO_ID, PO_ID, audit_actions, cast
from tests.survey_support import answer_followup, launch_followup, proposals

SHIPPED = registry.DATA_DIR / "followup_po_zone.yaml"


def _run_cli(argv, monkeypatch, url, capsys):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", url)
    code = cli(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def _followup() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_the_shipped_follow_up_is_bound_and_its_version_raised():
    d = registry.shipped()["followup_po_zone"]
    assert d.version == 2
    b = d.binding
    assert (b.services, b.zones, b.comuni, b.status_question, b.note, b.unlisted) == \
        (("servizi",), "zone", "comuni", "eroga", "forma", "keep")
    assert b.status_values == {"gia": "attivato", "previsto": "in attivazione", "no": "cessato"}


def test_check_names_every_problem_of_a_binding(tmp_path, monkeypatch, capsys, empty_db_url):
    data = _followup()
    data["anonymous"] = True
    data["catalogue_binding"] = {"services": ["servizi", "nessuna"], "zones": "comuni", "comune": "comuni",
                                 "status": {"question": "eroga", "values": {"gia": "attivato", "forse": "sospeso",
                                                                            "previsto": "chiuso"}},
                                 "note": "tavoli", "unlisted": "sometimes"}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, _ = _run_cli(["questionnaire", "check", str(path)], monkeypatch, empty_db_url, capsys)
    assert code == 1
    assert out.splitlines() == [f"{path}: catalogue_binding: {p}" for p in [
        "campo sconosciuto «comune» (ammessi: services, zones, comuni, status, since, note, unlisted)",
        "un questionario collegato al catalogo non può essere anonimo: le proposte nominano la PO e l'ufficio",
        "services: domanda sconosciuta «nessuna»",
        "zones: la domanda «comuni» è di tipo comune, serve zona",
        "note: la domanda «tavoli» è di tipo yesno, serve text o single",
        "status: «forse» non è un valore della domanda «eroga» (gia, previsto, no)",
        "status: il valore «no» della domanda «eroga» non ha uno stato",
        "status: «previsto» porta a «chiuso», che non è uno tra attivato, in attivazione, sospeso, cessato",
        "unlisted deve essere uno tra keep, end"]]
    code, out, _ = _run_cli(["questionnaire", "check", str(SHIPPED)], monkeypatch, empty_db_url, capsys)
    assert (code, out) == (0, f"{SHIPPED}: ok — followup_po_zone versione 2, 11 domande\n")
    with_status_on_a_text = {**_followup(), "catalogue_binding": {"services": "servizi", "comuni": "comuni",
                                                                  "status": {"question": "aiuto", "values": {}}}}
    try:
        from_dict(with_status_on_a_text)
    except InvalidDefinition as exc:
        assert [str(p) for p in exc.problems] == [
            "catalogue_binding: status: la domanda «aiuto» è di tipo text, serve single o yesno"]
    else:
        raise AssertionError("a status bound to a text question was accepted")


async def test_no_ends_what_the_office_delivers_and_the_cli_reviews_and_applies(chat, db, db_url, clock,
                                                                               monkeypatch, capsys):
    ids = await cast(db, clock)
    await chat.say("/copertura forestami; Rho; attivato", user_id=OTHER_PO_ID)
    await chat.say("/copertura metro adapt; Legnano; in attivazione", user_id=OTHER_PO_ID)
    await chat.say("/copertura sua; Pero; attivato", user_id=PO_ID)
    await launch_followup(chat, ORGANISER_ID)
    await answer_followup(chat, OTHER_PO_ID, eroga="No")
    found = [(p.kind, p.scope_key, p.old_status, p.new_status, p.person_id) for p in await proposals(db)]
    assert sorted(found) == [("ended", "comune:015118", "in attivazione", None, ids["other_po"]),
                             ("ended", "comune:015182", "attivato", None, ids["other_po"])]  # the SUA's Pero: not theirs

    run = lambda *argv: asyncio.to_thread(_run_cli, ["catalogue", *argv], monkeypatch, db_url, capsys)  # noqa: E731
    code, out, _ = await run("proposals", "1")
    assert code == 0 and out.startswith("📥 Proposte della campagna #1 – Approfondimento: i servizi per Zona Omogenea\n"
                                        "2 proposte: da decidere 2, accettate 0, rifiutate 0, applicate 0\n\nForestaMi\n")
    assert "Metro Adapt\n⏳ #2 Legnano: in attivazione → cessato (cessazione) · risposta di Ambiente e tutela del " \
           "territorio del 26/11/2026 · da decidere" in out
    assert (await run("proposals", "9"))[:2] == (1, "")
    assert (await run("review", "1"))[0] == 2
    code, _, err = await run("review", "1", "--accept", "7")
    assert (code, err) == (1, "zobot: proposte non di questa campagna o già applicate: 7; niente è cambiato\n")
    assert (await run("review", "1", "--accept-all")) == (0, "accettate: 1 2; rifiutate: -\n", "")
    code, out, _ = await run("apply", "1", "--dry-run")
    assert code == 0 and out.startswith("▶️ Applicare le proposte accettate della campagna #1?\nDa applicare: 2\n")
    assert len(await _rows(db)) == 3  # a dry run writes nothing
    code, out, _ = await run("apply", "1")
    assert code == 0 and out.startswith("✔️ Proposte applicate – campagna #1\nApplicate: 2\n")
    assert await _rows(db) == ["comune:015170"]  # Pero (the SUA's) stays
    code, out, _ = await run("apply", "1")
    assert out.startswith("✔️ Proposte applicate – campagna #1\nNon ci sono proposte accettate da applicare.")
    actions = [(a, act, d) for a, act, d in await audit_actions(db) if act.startswith("catalogue.proposals")]
    assert actions == [(None, "catalogue.proposals.decide", {"accepted": [1, 2], "rejected": []}),
                       (None, "catalogue.proposals.apply", {"applied": [1, 2]})]


async def _rows(db) -> list[str]:
    from sqlalchemy import select

    from bot.catalogue.models import Coverage
    async with db.session() as s:
        return sorted(c.scope_key for c in await s.scalars(select(Coverage).where(Coverage.is_example.is_(False))))
