"""End to end over real HTTP: a referent of Rho asks the catalogue and browses it with buttons."""
from __future__ import annotations

from bot.sandbox import demo
from tests.e2e_live import button, buttons, live  # noqa: F401 - live is a fixture

REFERENT = demo.REFERENT_ID
EXAMPLE_NOTE = "ⓘ Le attivazioni per zona e comune sono dati di esempio, da sostituire con quelli reali."


async def test_referent_asks_in_plain_italian_then_browses_in_place(live):
    [welcome] = await live.say(REFERENT, "/start", first_name="Giulia")
    assert welcome["text"].startswith("Ciao Giulia! Sono zobot")
    assert ("🗂 Servizi per zona", "cat:z") in buttons(welcome)

    [where] = await live.say(REFERENT, "in che zona è Rho?")
    assert where["text"].startswith("📍 Rho è nella zona omogenea Nord Ovest (16 comuni).")
    assert where["html"].startswith("📍 <b>Rho</b> è nella zona omogenea <b>Nord Ovest</b> (16 comuni).")
    assert [label for label, _ in buttons(where)] == [
        "🗺 Comuni della zona Nord Ovest", "🗂 Servizi della zona Nord Ovest", "🏛 Servizi per Rho"]

    [zone] = await live.press(REFERENT, where["message_id"], button(where, "🗂 Servizi della zona"))
    assert zone["message_id"] == where["message_id"] and zone["edited"]  # navigation edits in place
    assert zone["answers"] == [{"text": "", "show_alert": False}]  # the press was answered
    assert zone["text"].startswith("🗂 Servizi nella zona omogenea Nord Ovest (16 comuni)\n\nPer tutta la zona\n")
    assert "• SUAP associati – in attivazione (esempio)" in zone["text"]
    assert zone["text"].endswith(EXAMPLE_NOTE)
    assert buttons(zone)[-1] == ("« Indietro", "cat:z")

    [card] = await live.press(REFERENT, zone["message_id"], button(zone, "SUAP associati"))
    assert card["text"].startswith("📋 SUAP associati (SUAP)\n")
    assert "Dove è attivo: zona Nord Ovest (in attivazione) (esempio)" in card["text"]
    assert [label for label, _ in buttons(card)] == ["☎️ Chi contattare", "« Indietro"]

    [services] = await live.say(REFERENT, "servizi a Rho")
    assert services["text"].startswith("🏛 Servizi per Rho – zona Nord Ovest\n")
    assert "• Trasporto pubblico locale interurbano (Rho) – attivato (esempio)" in services["text"]


async def test_unknown_command_gets_the_polite_answer(live):
    [reply] = await live.say(REFERENT, "/boh")
    assert reply["text"] == "Non conosco questo comando. Scrivi /help per vedere cosa posso fare."
