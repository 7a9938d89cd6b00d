"""Answering like a colleague (issue 14): is a service active here, nothing registered for a theme, totals,
follow-ups, small talk, inline comuni and zones. Through the production Application and a fake Telegram."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.texts import catalogue as T
from tests import builders
from tests.catalogue_support import comune_id, service_id, theme_id, zone_id
from tests.people_support import REFERENT_ID, STRANGER_ID, cast

EXAMPLE = "<i>ⓘ Le attivazioni per zona e comune sono dati di esempio, da sostituire con quelli reali.</i>"


async def said(chat, text, **kw):
    calls = [c for c in await chat.say(text, **kw) if c.method == "sendMessage"]
    assert len(calls) == 1, calls
    return calls[0]


# ---- is a service active here? -----------------------------------------------------------------

async def test_service_active_in_a_comune_through_its_zone(chat, db):
    m = await said(chat, "la SUA è attiva a Rho?")
    sua, rho = await service_id(db, "sua"), await comune_id(db, "Rho")
    assert m.text == (
        "✅ <b>Sì, a Rho</b>: il servizio <b>Stazione Unica Appaltante</b> è attivo – per tutta la zona Nord Ovest, "
        "di cui Rho fa parte (esempio).\n"
        "📅 dal 01/10/2023 · fonte: dati di esempio\n\n" + EXAMPLE)
    assert m.buttons() == [("📋 Scheda del servizio", f"cat:s:{sua}:0:0"), ("☎️ Chi contattare", f"cat:sc:{sua}"),
                           ("🏛 Servizi per Rho", f"cat:c:{rho}")]


async def test_service_being_activated_for_a_single_comune(chat):
    m = await said(chat, "Territori virtuosi è attivo a Trezzano s/N?")
    assert m.text.startswith("⏳ <b>In attivazione a Trezzano sul Naviglio</b>: il servizio <b>Territori virtuosi: "
                             "efficientamento energetico delle scuole</b> – per il comune di Trezzano sul Naviglio "
                             "(esempio).\n📅 fonte: dati di esempio")


async def test_service_not_registered_in_a_comune_says_where_it_is_and_how_to_join(chat):
    m = await said(chat, "c'è la stazione unica appaltante a Melegnano?")
    lines = m.text.split("\n")
    assert lines[0] == ("❌ <b>No</b>: il catalogo non registra il servizio <b>Stazione Unica Appaltante</b> a "
                        "<b>Melegnano</b>, né per il comune né per la zona Sud Est.")
    assert lines[1] == ("Dove è registrato: zona Adda Martesana (attivato) (esempio), zona Nord Ovest (attivato) "
                        "(esempio), zona Sud Ovest (in attivazione) (esempio)")
    assert lines[2].startswith("Come aderire: convenzione: il comune sottoscrive la Convenzione")
    assert lines[-1] == EXAMPLE


async def test_service_in_a_zone_whole_partly_or_not(chat, db):
    whole = await said(chat, "la SUA è attiva nel Nord Ovest?")
    assert whole.text.startswith("✅ <b>Sì, nella zona Nord Ovest</b>: il servizio <b>Stazione Unica Appaltante</b> "
                                 "è attivo per tutta la zona (esempio).\n📅 dal 01/10/2023 · fonte: dati di esempio")
    partly = await said(chat, "le palestre scolastiche ci sono in Adda Martesana?")
    assert partly.text.split("\n")[:2] == [
        "🔸 <b>In parte</b>: il servizio <b>Uso delle palestre scolastiche in orario extrascolastico</b> non è "
        "registrato per tutta la zona <b>Adda Martesana</b>, ma per questi comuni:",
        "• Cernusco sul Naviglio – attivato (esempio)"]
    no = await said(chat, "c'è la SUA per i comuni del Sud Est?")
    assert no.text.startswith("❌ <b>No</b>: il catalogo non registra il servizio <b>Stazione Unica Appaltante</b> "
                              "nella zona <b>Sud Est</b>, né per la zona né per i suoi comuni.")
    assert ("🗂 Servizi della zona Sud Est", f"cat:zs:{await zone_id(db, 'sud-est')}:0") in no.buttons()


async def test_service_across_the_whole_citta_metropolitana(chat):
    m = await said(chat, "dove è attiva la SUA?")
    assert m.text == (
        "📍 Il servizio <b>Stazione Unica Appaltante</b> nella Città metropolitana di Milano:\n"
        "• zona Adda Martesana – attivato (esempio)\n• zona Nord Ovest – attivato (esempio)\n"
        "• zona Sud Ovest – in attivazione (esempio)\n"
        "Comuni raggiunti: 45 su 133.\n\n" + EXAMPLE)  # 29 + 16 comuni where it is attivato
    assert (await said(chat, "la SUA è attiva in tutta la città metropolitana?")).text == m.text


async def test_an_ambiguous_place_keeps_the_question(chat, db):
    m = await said(chat, "la SUA è attiva a Trezzano?")
    sua = await service_id(db, "sua")
    rosa, naviglio = await comune_id(db, "Trezzano Rosa"), await comune_id(db, "Trezzano sul Naviglio")
    assert m.buttons() == [("Trezzano Rosa", f"cat:sp:{sua}:1:{rosa}"),
                           ("Trezzano sul Naviglio", f"cat:sp:{sua}:1:{naviglio}")]
    pressed = [c for c in await chat.press(f"cat:sp:{sua}:1:{rosa}") if c.method == "editMessageText"][0]
    assert pressed.text.startswith("✅ <b>Sì, a Trezzano Rosa</b>")


# ---- nothing registered ------------------------------------------------------------------------

async def test_nothing_registered_for_a_theme_in_a_comune_lists_what_it_could_join(chat, db):
    m = await said(chat, "servizi per la scuola a Rho")
    assert m.text == (
        "🏷 Per <b>Rho</b> il catalogo non registra servizi sul tema <b>Scuola</b>.\n\n"
        "Servizi del tema a cui Rho può aderire:\n"
        "• Campus digitale scolastico – in attivazione\n"
        "   come aderire: non indicato nel catalogo; chiedi all'ufficio Istruzione e rete scolastica\n"
        "• Programmazione della rete scolastica – attivo\n"
        "   come aderire: non indicato nel catalogo; chiedi all'ufficio Istruzione e rete scolastica\n"
        "• Uso delle palestre scolastiche in orario extrascolastico – attivo\n"
        "   come aderire: adesione del comune (modalità non indicata nella fonte)")
    assert [b[1] for b in m.buttons()] == [f"cat:s:{await service_id(db, code)}:0:0" for code in
                                           ("campus-digitale", "rete-scolastica", "palestre-scolastiche")]
    assert "Nessun servizio registrato" not in m.text


async def test_nothing_registered_for_a_theme_in_a_zone(chat, db):
    m = await said(chat, "servizi di turismo nel Sud Est")
    assert m.text.split("\n")[:4] == [
        "🏷 Per la zona <b>Sud Est</b> il catalogo non registra servizi sul tema <b>Turismo e marketing "
        "territoriale</b>.", "", "Servizi del tema a cui i comuni della zona possono aderire:",
        "• Piattaforma Turismo 5 – attivo"]
    button = f"cat:t:{await theme_id(db, 'turismo')}:{await zone_id(db, 'sud-est')}"
    edited = [c for c in await chat.press(button) if c.method == "editMessageText"][0]
    assert edited.text == m.text  # the same answer behind the theme's button


async def test_nothing_registered_at_all_for_a_comune_says_so_and_offers_every_service(chat):
    m = await said(chat, "servizi a Milano")
    assert m.text == ("🏛 Servizi per <b>Milano</b> (capoluogo, non in una zona omogenea)\n\n"
                      "Il catalogo non registra ancora servizi attivi per <b>Milano</b>. "
                      "Tutti i servizi, con il modo di aderire: 📚 Tutti i servizi.")
    assert m.buttons() == [("📚 Tutti i servizi", "cat:sl:0")]


async def test_a_theme_with_services_in_the_comune_lists_them(chat):
    m = await said(chat, "servizi per la scuola a Cernusco sul Naviglio")
    assert m.text.startswith("🏷 Servizi sul tema <b>Scuola</b> per <b>Cernusco sul Naviglio</b>")
    assert "• Uso delle palestre scolastiche in orario extrascolastico (Cernusco sul Naviglio) – attivato" in m.text


# ---- totals and populations --------------------------------------------------------------------

async def test_totals_and_zone_populations_from_the_data(chat):
    m = await said(chat, "quanti comuni in tutto?")
    assert m.text.split("\n")[:4] == [
        "🗺 <b>Città metropolitana di Milano</b>",
        "Comuni: <b>133</b> – il capoluogo, Milano, e 132 nelle zone omogenee",
        "Zone omogenee: <b>7</b>",
        "Popolazione residente: <b>3.300.133</b> (fonte: ANPR, gennaio 2026)"]  # catalogue_data/SOURCES.md: 3,300,133
    assert "• Adda Martesana: 400.452" in m.text and "• Milano (capoluogo): 1.398.609" in m.text
    zone = await said(chat, "quanti abitanti ha il Nord Ovest?")
    assert zone.text == ("🗺 Zona omogenea <b>Nord Ovest</b>\nComuni: <b>16</b>\n"
                         "Popolazione residente: <b>323.450</b> (fonte: ANPR, gennaio 2026)\n"
                         "Il comune più popoloso: Rho (51.453)")


# ---- follow-ups --------------------------------------------------------------------------------

async def test_a_follow_up_naming_a_place_reuses_the_service(chat, clock):
    await said(chat, "la SUA è attiva a Rho?", user_id=7001)
    pero = await said(chat, "e a Pero?", user_id=7001)
    assert pero.text.startswith("✅ <b>Sì, a Pero</b>: il servizio <b>Stazione Unica Appaltante</b> è attivo")
    sud_est = await said(chat, "e nel Sud Est?", user_id=7001)
    assert sud_est.text.startswith("❌ <b>No</b>: il catalogo non registra il servizio <b>Stazione Unica Appaltante</b>"
                                   " nella zona <b>Sud Est</b>")
    other = await said(chat, "e a Pero?", user_id=7002)  # another person: no memory of someone else's question
    assert other.text.startswith("🏛 Servizi per <b>Pero</b>")
    clock.advance(timedelta(minutes=6))  # a few minutes later the question stands on its own
    later = await said(chat, "e a Pero?", user_id=7001)
    assert later.text.startswith("🏛 Servizi per <b>Pero</b>")


async def test_a_follow_up_naming_a_theme_reuses_the_place(chat):
    await said(chat, "servizi a Rho", user_id=7003)
    m = await said(chat, "e per la scuola?", user_id=7003)
    assert m.text.startswith("🏷 Per <b>Rho</b> il catalogo non registra servizi sul tema <b>Scuola</b>.")
    zone = await said(chat, "in che zona è Rho?", user_id=7003)
    assert zone.text.startswith("📍 <b>Rho</b> è nella zona omogenea <b>Nord Ovest</b>")
    pero = await said(chat, "e Pero?", user_id=7003)  # the same question about another comune
    assert pero.text.startswith("📍 <b>Pero</b> è nella zona omogenea <b>Nord Ovest</b>")


# ---- small talk --------------------------------------------------------------------------------

async def test_greetings_thanks_and_capabilities_briefly_with_the_menu(chat, db, clock):
    await cast(db, clock)
    hello = await said(chat, "buongiorno!", user_id=REFERENT_ID)
    assert hello.text == T.GREETING
    assert ("🗂 Servizi per zona", "cat:z") in hello.buttons() and ("📝 Questionari", "q:list") in hello.buttons()
    stranger = await said(chat, "ciao", user_id=STRANGER_ID)  # no role: pointed to /registrati
    assert stranger.text == T.GREETING + "\n\n" + T.NO_ROLE and "/registrati" in stranger.text
    assert (await said(chat, "grazie mille", user_id=REFERENT_ID)).text == T.THANKS
    what = await said(chat, "cosa sai fare?", user_id=STRANGER_ID)
    assert what.text == T.CAPABILITIES + "\n\n" + T.NO_ROLE
    assert "/registrati" not in (await said(chat, "cosa sai fare?", user_id=REFERENT_ID)).text


# ---- inline mode -------------------------------------------------------------------------------

def results(chat) -> list[dict]:
    raw = chat.last("answerInlineQuery").params["results"]
    return json.loads(raw) if isinstance(raw, str) else raw


async def test_inline_mode_finds_comuni_and_zones(chat):
    await chat.feed(builders.inline_query("Cernusco sul Naviglio"))
    first = results(chat)[0]
    assert first["title"] == "Cernusco sul Naviglio" and first["description"] == "Adda Martesana"
    assert first["input_message_content"]["message_text"].startswith(
        "🏛 Servizi per <b>Cernusco sul Naviglio</b> – zona <b>Adda Martesana</b>")
    await chat.feed(builders.inline_query("Martesana"))
    zone = results(chat)[0]
    assert zone["title"] == "Adda Martesana"
    assert zone["input_message_content"]["message_text"].startswith("🗺 Zona omogenea <b>Adda Martesana</b>: ")
    await chat.feed(builders.inline_query("rifiuti"))
    assert "Contrasto all'abbandono di rifiuti sulle strade" in [r["title"] for r in results(chat)]


# ---- places outside ----------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "area"), [
    ("in che zona è Roma?", "Città metropolitana di Roma Capitale"),
    ("servizi a Monza", "provincia di Monza e della Brianza"),
    ("in che zona è Torino", "Città metropolitana di Torino"),
    ("servizi a Trento", "Provincia autonoma di Trento"),
    ("in che zona è Aosta?", "Valle d'Aosta"),
])
async def test_places_outside_are_named_as_they_are_called(chat, question, area):
    m = await said(chat, question)
    assert f"</b> ({area}) non fa parte della Città metropolitana di Milano." in m.text.replace("&#x27;", "'")
