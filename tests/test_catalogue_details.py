"""Contacts and details managed, not invented: set by the command line (and by organisers in the chat),
each with its source, validated with a clear Italian message; the card and «Chi contattare» use them."""
from __future__ import annotations

import asyncio

import pytest

from bot.catalogue import details
from bot.cli import main as cli
from bot.errors import BadDetail
from tests.people_support import ORGANISER_ID, PO_ID, audit_actions, cast

SITE = "https://www.cittametropolitana.mi.it/Stazione_Unica_Appaltante/"


def _run_cli(argv, monkeypatch, url, capsys):
    monkeypatch.setenv("ZOBOT_DATABASE_URL", url)
    code = cli(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


async def test_contacts_set_by_the_cli_show_on_the_card_and_in_chi_contattare(chat, db, db_url, clock, monkeypatch,
                                                                               capsys):
    run = lambda *argv: asyncio.to_thread(_run_cli, ["catalogue", "set", *argv], monkeypatch, db_url, capsys)  # noqa: E731
    assert await run("service", "sua", "email", "SUA@CittaMetropolitana.mi.it", "--source", "sito CMM, 2026") == \
        (0, "service sua: email = SUA@cittametropolitana.mi.it (fonte: sito CMM, 2026)\n", "")
    assert (await run("service", "sua", "web", SITE, "--source", "sito CMM, 2026"))[0] == 0
    assert (await run("office", "sua", "phone", "+39 02 7740 1", "--source", "centralino, sito CMM"))[0] == 0
    assert (await run("office", "sua", "pec", "protocollo@pec.cittametropolitana.mi.it",
                      "--source", "IndicePA"))[0] == 0
    assert (await run("service", "sua", "legal_basis", "L. 56/2014, art. 1 c. 88",
                      "--source", "legal_framework.md [CMM-SUA]"))[0] == 0

    refused = {("service", "sua", "email", "sua@cmm"): "indirizzo e-mail non valido",
               ("service", "sua", "pec", "sua@gmail.com"): "non sembra un indirizzo PEC",
               ("office", "sua", "phone", "12345"): "numero di telefono non valido",
               ("office", "sua", "phone", "+44 20 7946 0958"): "numero di telefono non valido",
               ("service", "sua", "web", "ftp://cmm.it/x"): "indirizzo web non valido",
               ("service", "sua", "web", "www.cittametropolitana.mi.it"): "indirizzo web non valido",
               ("office", "sua", "legal_basis", "L. 56/2014"): "campo sconosciuto",
               ("service", "nessuno", "email", "a@b.it"): "non trovo questo servizio o ufficio"}
    for argv, message in refused.items():
        code, out, err = await run(*argv, "--source", "una fonte")
        assert (code, out) == (1, "") and err.startswith("zobot: Non ho salvato niente: ") and message in err, argv
    code, _, err = await run("service", "sua", "email", "a@b.it")  # no source: refused too
    assert code == 1 and "manca la fonte" in err

    card = (await chat.say("cos'è la SUA", user_id=PO_ID))[-1].text
    assert "<b>Base giuridica</b>: L. 56/2014, art. 1 c. 88 <i>(fonte: legal_framework.md [CMM-SUA])</i>" in card
    assert "<b>E-mail</b>: SUA@cittametropolitana.mi.it <i>(fonte: sito CMM, 2026)</i>" in card
    assert f"<b>Sito web</b>: {SITE} <i>(fonte: sito CMM, 2026)</i>" in card
    contact = (await chat.say("chi contattare per la SUA", user_id=PO_ID))[-1].text
    assert contact == ("☎️ Chi contattare per <b>Stazione Unica Appaltante</b>\n\nUfficio: Stazione Unica Appaltante\n"
                       f"E-mail: SUA@cittametropolitana.mi.it\nSito web: {SITE}\n"
                       "PEC: protocollo@pec.cittametropolitana.mi.it\n"
                       "Telefono: +39 02 7740 1\n<i>Fonti: sito CMM, 2026; IndicePA; centralino, sito CMM</i>")
    entries = [d for a, act, d in await audit_actions(db) if act == "catalogue.detail"]
    assert len(entries) == 5 and entries[0] == {"field": "email", "old": None, "new": "SUA@cittametropolitana.mi.it",
                                                 "source": "sito CMM, 2026"}


async def test_organisers_set_and_see_details_in_the_chat(chat, db, clock):
    await cast(db, clock)
    saved = await chat.say("/dettagli servizio Stazione Unica Appaltante; pec; sua@pec.cittametropolitana.mi.it; "
                           "sito CMM", user_id=ORGANISER_ID)
    assert saved[-1].text == ("Salvato: PEC di «Stazione Unica Appaltante» (servizio) = sua@pec.cittametropolitana.mi.it\n"
                              "Fonte: sito CMM")
    bad = await chat.say("/dettagli ufficio sua; telefono; 0039 123; sito CMM", user_id=ORGANISER_ID)
    assert bad[-1].text.startswith("Non ho salvato niente: «0039 123»: numero di telefono non valido")
    shown = await chat.say("/dettagli servizio sua", user_id=ORGANISER_ID)
    assert shown[-1].text.startswith("<b>Stazione Unica Appaltante</b> (servizio <code>sua</code>)\n")
    assert "\n• PEC: sua@pec.cittametropolitana.mi.it <i>(fonte: sito CMM)</i>\n" in shown[-1].text
    removed = await chat.say("/dettagli servizio sua; pec; -; -", user_id=ORGANISER_ID)
    assert removed[-1].text == "Tolto: PEC di «Stazione Unica Appaltante» (servizio)."
    assert "PEC" not in (await chat.say("chi contattare per la SUA", user_id=PO_ID))[-1].text
    refused = await chat.say("/dettagli servizio sua; email; a@b.it; x y z", user_id=PO_ID)  # a PO may not
    assert refused[-1].text == "Non hai i permessi per questa operazione."
    assert [d["action"] for _, act, d in await audit_actions(db) if act == "refused"] == ["manage_catalogue_details"]
    group = await chat.say("/dettagli servizio sua", user_id=ORGANISER_ID, chat_type="group")
    assert group == []  # in a group only /help and /privacy answer (docs/security-access.md)


@pytest.mark.parametrize("value", ["02 7740 1", "+39 02 77401", "0039 0331 123456", "347 123 4567", "800 123 456",
                                   "02/7740.1", "(02) 7740-1"])
def test_italian_phone_numbers_accepted(value):
    assert details.clean("phone", value) == " ".join(value.split())


@pytest.mark.parametrize("value", ["2 7740 1", "+39 12 34", "347 12", "800 1", "+1 212 555 0100", "0277abc"])
def test_phone_numbers_refused(value):
    with pytest.raises(BadDetail) as exc:
        details.clean("phone", value)
    assert exc.value.reason == "phone"
