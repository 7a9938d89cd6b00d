"""End to end over real HTTP: an organiser launches a questionnaire, a referent answers it in full
(buttons and typed answers), the organiser reads the results as a chart and a CSV download."""
from __future__ import annotations

import csv
import io

from bot.sandbox import demo
from tests.e2e_live import button, buttons, live  # noqa: F401 - live is a fixture

ORGANISER, REFERENT = demo.ORGANISER_ID, demo.REFERENT_ID
TITLE = "Manifestazione di interesse: 3 postazioni per videoconferenza in comodato d'uso gratuito"


async def _launch(live) -> dict:
    [menu] = await live.say(ORGANISER, "/lancia")
    assert menu["text"] == "🚀 Lancia un questionario\nQuale questionario vuoi inviare?"
    [step] = await live.press(ORGANISER, menu["message_id"], button(menu, "Manifestazione di interesse"))
    [step] = await live.press(ORGANISER, step["message_id"], button(step, "Tutti i referenti"))
    [step] = await live.press(ORGANISER, step["message_id"], button(step, "7 giorni"))
    assert "Destinatari: Tutti i referenti (persone raggiungibili: 1)." in step["text"]
    [launched] = await live.press(ORGANISER, step["message_id"], button(step, "🚀 Lancia"))
    assert launched["text"].startswith(f"✅ Questionario «{TITLE}» lanciato: 1 invito in partenza.")
    return launched


async def test_full_questionnaire_from_launch_to_results(live):
    launched = await _launch(live)
    # the invitation goes through the outbox: its dispatcher (a JobQueue tick) sends it
    invitation = await live.client.wait_for(REFERENT, lambda m: m["from_bot"], timeout=15)
    assert invitation["text"].startswith(f"📝 {TITLE}\n\n")
    assert buttons(invitation) == [("▶️ Rispondi", "q:go:1"), ("🔕 Non mi interessa", "q:no:1")]

    step = (await live.press(REFERENT, invitation["message_id"], "q:go:1"))[-1]
    assert step["text"].endswith("Domanda 1 di 9\n\nPer quale Comune rispondi?\n\n✍️ Scrivi il nome del Comune.")
    answers = [("say", "Rho", "Domanda 2 di 9"), ("press", "Sì", "Domanda 3 di 9"), ("say", "2", "Domanda 4 di 9"),
               ("say", "Municipio, sala giunta", "Domanda 5 di 9"), ("press", "Fibra", "Domanda 6 di 9"),
               ("press", "Tavoli di lavoro", "Domanda 6 di 9"), ("press", "Formazione", "Domanda 6 di 9"),
               ("press", "Conferma", "Domanda 7 di 9"), ("say", "Mario Rossi, 02 1234567", "Domanda 8 di 9"),
               ("say", "15/01/2027", "Domanda 9 di 9"), ("press", "Salta", "Riepilogo delle tue risposte")]
    for kind, value, expected in answers:
        if kind == "say":
            changed = await live.say(REFERENT, value)
        else:
            changed = await live.press(REFERENT, step["message_id"], button(step, value))
        step = changed[-1]
        assert expected in step["text"], (value, step["text"])
    assert "→ Rho" in step["text"] and "→ Municipio, sala giunta" in step["text"]
    assert button(step, "Invia").endswith(":v")
    done = await live.press(REFERENT, step["message_id"], button(step, "Invia"))
    assert done[-1]["text"] == f"✅ Grazie! Le tue risposte a «{TITLE}» sono state registrate."

    results = await live.press(ORGANISER, launched["message_id"], "q:R:1")
    assert results[-1]["text"].startswith(f"📊 {TITLE}\nRisposte complete: 1 su 1 invitato (100%)")
    charts = await live.press(ORGANISER, results[-1]["message_id"], "q:R:1:-:g")
    assert any("photo" in m for m in charts)
    photo = await live.client.http.get(next(m for m in charts if "photo" in m)["photo"])
    assert photo.content.startswith(b"\x89PNG")
    exported = await live.press(ORGANISER, results[-1]["message_id"], "q:R:1:-:c")
    document = next(m for m in exported if "document" in m)["document"]
    assert document["name"] == "videoconferenza-1.csv"
    download = await live.client.http.get(document["url"])
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=_delimiter(download)))
    assert any("Rho" in row for row in rows[1:]), rows


def _delimiter(response) -> str:
    head = response.content.decode("utf-8-sig").splitlines()[0]
    return ";" if head.count(";") > head.count(",") else ","
