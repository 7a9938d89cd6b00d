"""The catalogue in the chat, through the production Application with a fake Telegram: exact texts and keyboards."""
from __future__ import annotations

import pytest

from bot.cli.ask import answer as cli_answer
from bot.texts import catalogue as T
from tests.catalogue_support import comune_id, service_id, zone_id

EXAMPLE = "<i>ⓘ Le attivazioni per zona e comune sono dati di esempio, da sostituire con quelli reali.</i>"


def sent(calls, method="sendMessage"):
    return [c for c in calls if c.method == method]


async def only_message(chat, text, **kw):
    calls = await chat.say(text, **kw)
    messages = sent(calls)
    assert len(messages) == 1, calls
    return messages[0]


def plain(html_text: str) -> str:
    import html
    import re
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


async def test_which_zone_is_cernusco(chat, db):
    m = await only_message(chat, "in che zona è Cernusco sul Naviglio?")
    adda, cernusco = await zone_id(db, "adda-martesana"), await comune_id(db, "Cernusco sul Naviglio")
    assert m.text == ("📍 <b>Cernusco sul Naviglio</b> è nella zona omogenea <b>Adda Martesana</b> (29 comuni).\n"
                      "Popolazione residente: 34.885 abitanti (fonte: ANPR, gennaio 2026).")
    assert m.buttons() == [
        ("🗺 Comuni della zona Adda Martesana", f"cat:zc:{adda}"),
        ("🗂 Servizi della zona Adda Martesana", f"cat:zs:{adda}:0"),
        ("🏛 Servizi per Cernusco sul Naviglio", f"cat:c:{cernusco}"),
    ]


async def test_comuni_of_nord_milano(chat, db):
    m = await only_message(chat, "comuni del Nord Milano")
    nord = await zone_id(db, "nord-milano")
    assert m.text == (
        "🗺 Zona omogenea <b>Nord Milano</b>: <b>6 comuni</b>\n\n"
        "• Bresso – 26.694 ab.\n• Cinisello Balsamo – 76.191 ab.\n• Cormano – 21.138 ab.\n"
        "• Cusano Milanino – 19.112 ab.\n• Paderno Dugnano – 48.375 ab.\n• Sesto San Giovanni – 79.859 ab.\n\n"
        "Popolazione residente: 271.369 abitanti (fonte: ANPR, gennaio 2026)."
    )
    assert m.buttons() == [("🗂 Servizi della zona Nord Milano", f"cat:zs:{nord}:0"), ("« Indietro", "cat:zl")]


async def test_what_is_the_sua(chat, db):
    m = await only_message(chat, "cos'è la SUA")
    sua = await service_id(db, "sua")
    lines = m.text.split("\n")
    assert lines[0] == "📋 <b>Stazione Unica Appaltante</b> (SUA, S.U.A.)"
    assert "<b>Tema:</b> Omogeneità delle procedure" in lines
    assert "<b>Stato:</b> attivo" in lines
    assert "<b>Ufficio:</b> Stazione Unica Appaltante" in lines
    assert ("<b>Dove è attivo:</b> zona Adda Martesana (attivato) (esempio), zona Nord Ovest (attivato) (esempio), "
            "zona Sud Ovest (in attivazione) (esempio)") in lines
    assert any(line.startswith("<b>Fonte:</b> indagine 2019 tra le Posizioni Organizzative della Città metropolitana "
                               "di Milano: «Stazione Unica Appaltante (SUA)»") for line in lines)
    assert ('<b>Base giuridica:</b> <a href="https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2014-04-07;56">'
            'L. 56/2014</a>, art. 1, comma 44') in m.text
    assert "riga" not in m.text and ".md" not in m.text and "[CMM" not in m.text  # no maintainers' references
    assert lines[-1] == EXAMPLE
    assert m.buttons() == [("☎️ Chi contattare", f"cat:sc:{sua}"), ("📚 Tutti i servizi", "cat:sl:0")]


async def test_trezzano_gives_both_candidates(chat, db):
    m = await only_message(chat, "Trezzano")
    rosa, naviglio = await comune_id(db, "Trezzano Rosa"), await comune_id(db, "Trezzano sul Naviglio")
    assert m.text == ("🤔 «Trezzano» può indicare più nomi. Intendevi:\n"
                      "• Trezzano Rosa (comune, zona Adda Martesana)\n"
                      "• Trezzano sul Naviglio (comune, zona Sud Ovest)")
    assert m.buttons() == [("Trezzano Rosa", f"cat:c:{rosa}"), ("Trezzano sul Naviglio", f"cat:c:{naviglio}")]


async def test_monza_is_outside_cmm(chat):
    m = await only_message(chat, "in che zona è Monza?")
    assert m.text == ("📍 <b>Monza</b> (provincia di Monza e della Brianza) non fa parte della Città metropolitana "
                      "di Milano. Posso rispondere sui comuni della Città metropolitana di Milano: /zone per l'elenco "
                      "delle zone.")
    assert m.buttons() == [("🗺 Zone omogenee", "cat:zl")]


@pytest.mark.parametrize("question", ["in che zona è Cernusco sul Naviglio?", "comuni del Nord Milano",
                                      "cos'è la SUA", "Trezzano", "in che zona è Monza?"])
async def test_zobot_ask_gives_the_chat_answer(chat, settings, question):
    m = await only_message(chat, question)
    assert (await cli_answer(settings, question)).plain() == plain(m.text)


async def test_ambiguous_button_answers_the_question_asked(chat, db):
    m = await only_message(chat, "in che zona è Trezzano?")
    rosa = await comune_id(db, "Trezzano Rosa")
    assert m.buttons()[0] == ("Trezzano Rosa", f"cat:cz:{rosa}")
    calls = await chat.press(f"cat:cz:{rosa}", message_id=1000)
    assert sent(calls, "answerCallbackQuery")
    assert sent(calls, "editMessageText")[0].text == (
        "📍 <b>Trezzano Rosa</b> è nella zona omogenea <b>Adda Martesana</b> (29 comuni).\n"
        "Popolazione residente: 5.467 abitanti (fonte: ANPR, gennaio 2026).")


async def test_browse_zone_services_card_and_back(chat, db):
    m = await only_message(chat, "/servizi")
    assert m.text == T.ZONE_PICK
    labels = [b[0] for b in m.buttons()]
    assert labels == ["Adda Martesana", "Alto Milanese", "Magentino e Abbiatense", "Nord Milano", "Nord Ovest",
                      "Sud Est", "Sud Ovest", "Milano (capoluogo)", "📚 Tutti i servizi"]
    ovest, sua = await zone_id(db, "nord-ovest"), await service_id(db, "sua")
    suap, tpl = await service_id(db, "suap-associati"), await service_id(db, "tpl-interurbano")
    calls = await chat.press(f"cat:zs:{ovest}:0")
    page = sent(calls, "editMessageText")[0]
    assert page.text.split("\n")[:4] == ["🗂 Servizi nella zona omogenea <b>Nord Ovest</b> (16 comuni)", "",
                                         "<b>Per tutta la zona</b>", "• SUAP associati – in attivazione (esempio)"]
    assert page.text.endswith(EXAMPLE)
    assert ("Stazione Unica Appaltante", f"cat:s:{sua}:{ovest}:0") in page.buttons()
    assert page.buttons()[-1] == ("« Indietro", "cat:z")
    calls = await chat.press(f"cat:s:{sua}:{ovest}:0")
    card = sent(calls, "editMessageText")[0]
    assert card.text.startswith("📋 <b>Stazione Unica Appaltante</b>")
    assert card.buttons() == [("☎️ Chi contattare", f"cat:sc:{sua}"), ("« Indietro", f"cat:zs:{ovest}:0")]
    calls = await chat.press(f"cat:sc:{sua}")
    assert sent(calls, "editMessageText")[0].text == (
        "☎️ Chi contattare per <b>Stazione Unica Appaltante</b>\n\nUfficio: Stazione Unica Appaltante\n"
        + T.CONTACT_NONE)
    assert {suap, tpl}  # the other services of the zone exist in the shipped data


async def test_all_services_are_paginated(chat):
    first = sent(await chat.press("cat:sl:0"), "editMessageText")[0]
    assert first.text.startswith("🗂 <b>Catalogo dei servizi ai comuni</b> (29)")
    assert first.buttons()[-2:] == [("Avanti »", "cat:sl:1"), ("« Indietro", "cat:z")]
    second = sent(await chat.press("cat:sl:1"), "editMessageText")[0]
    assert ("« Precedenti", "cat:sl:0") in second.buttons() and ("Avanti »", "cat:sl:2") in second.buttons()
    last = sent(await chat.press("cat:sl:99"), "editMessageText")[0]  # clamped to the last page
    assert ("Avanti »", "cat:sl:4") not in last.buttons()
    assert len(last.buttons()) == 29 - 3 * 8 + 2


async def test_zone_command_and_main_menu_buttons(chat, db):
    m = await only_message(chat, "/zone")
    assert m.text == (
        "🗺 <b>Le 7 zone omogenee della Città metropolitana di Milano</b>\n\n"
        "• Adda Martesana – 29 comuni\n• Alto Milanese – 22 comuni\n• Magentino e Abbiatense – 28 comuni\n"
        "• Nord Milano – 6 comuni\n• Nord Ovest – 16 comuni\n• Sud Est – 15 comuni\n• Sud Ovest – 16 comuni\n\n"
        "Il comune di <b>Milano</b> è il capoluogo e non fa parte di una zona omogenea.")
    assert m.buttons()[-1] == ("🗂 Servizi per zona", "cat:z")
    for data in ("cat:z", "cat:zl"):  # the main menu of /start
        calls = await chat.press(data)
        assert len(sent(calls, "answerCallbackQuery")) == 1 and sent(calls, "editMessageText")


async def test_comune_command(chat, db):
    rho = await only_message(chat, "/comune Rho")
    assert rho.text.startswith("🏛 Servizi per <b>Rho</b> – zona <b>Nord Ovest</b>")
    assert (await only_message(chat, "/comune")).text == T.COMUNE_USAGE
    assert (await only_message(chat, "/comune Monza")).text.startswith("📍 <b>Monza</b> (provincia di Monza")
    trezzano = await only_message(chat, "/comune trezzano")
    assert [b[1] for b in trezzano.buttons()] == [f"cat:c:{await comune_id(db, 'Trezzano Rosa')}",
                                                   f"cat:c:{await comune_id(db, 'Trezzano sul Naviglio')}"]
    assert (await only_message(chat, "/comune ambiente")).text == (
        "Non conosco un comune della Città metropolitana di Milano chiamato «ambiente».")
    milano = await only_message(chat, "/comune Milano")
    assert milano.text.startswith("🏛 Servizi per <b>Milano</b> (capoluogo, non in una zona omogenea)")


async def test_cerca(chat, db):
    m = await only_message(chat, "/cerca rifiuti")
    rifiuti = await service_id(db, "abbandono-rifiuti")
    assert m.text.split("\n")[0] == "🔎 Risultati per «rifiuti»:"
    assert ("Contrasto all'abbandono di rifiuti sulle strade", f"cat:s:{rifiuti}:0:0") in m.buttons()
    assert (await only_message(chat, "/cerca")).text == T.SEARCH_USAGE
    assert (await only_message(chat, "/cerca <b>qwzx</b>")).text == (
        "🔎 Nessun risultato per «&lt;b&gt;qwzx&lt;/b&gt;». Prova con il nome di un comune, di una zona o di un servizio.")


async def test_inline_mode_lists_services(chat):
    from tests import builders
    await chat.feed(builders.inline_query("rifiuti"))
    call = chat.last("answerInlineQuery")
    import json
    results = json.loads(call.params["results"]) if isinstance(call.params["results"], str) else call.params["results"]
    titles = [r["title"] for r in results]
    assert "Contrasto all'abbandono di rifiuti sulle strade" in titles
    assert all(r["input_message_content"]["parse_mode"] == "HTML" for r in results)
    await chat.feed(builders.inline_query(""))
    assert chat.last("answerInlineQuery").params["results"] in ("[]", [])
