"""The public pages: the search box answers like the chat, the chat's buttons become links to the same
views, zone / comune / service pages, the «esempio» label, the accessibility statement, headers."""
from __future__ import annotations

import html
import re
from urllib.parse import quote

ANSWER = re.compile(r'<div class="zb-answer[^"]*">(.*?)</div>', re.S)
LINKS = re.compile(r'<a class="btn btn-outline-primary btn-sm" href="([^"]+)">([^<]+)</a>')


def _answer(page) -> str:
    return ANSWER.search(page.text)[1]


def _links(page) -> list[tuple[str, str]]:
    return [(html.unescape(label), href) for href, label in LINKS.findall(page.text)]


async def test_search_answers_like_the_chat(web_chat):
    chat = await web_chat.say("servizi a Rho")
    page = await web_chat.web.get("/catalogo/cerca", params={"q": "servizi a Rho"})
    assert page.status_code == 200
    assert _answer(page) == chat[-1].text  # the very same answer, HTML and all
    chat_buttons = [(label, data) for label, data in chat[-1].buttons() if data.startswith("cat:")]
    assert chat_buttons and _links(page) == [(label, f"/catalogo/v/{data}") for label, data in chat_buttons]

    label, data = chat_buttons[0]  # pressing the first button = following its link
    pressed = await web_chat.press(data)
    followed = await web_chat.web.get(f"/catalogo/v/{quote(data)}")
    assert followed.status_code == 200 and _answer(followed) == pressed[-1].text


async def test_search_keeps_the_chat_s_polite_answers(web_chat):
    for question in ("in che zona è Rho?", "Torino", "xyzzy plugh", "cos'è la SUA"):
        chat = await web_chat.say(question)
        page = await web_chat.web.get("/catalogo/cerca", params={"q": question})
        assert _answer(page) == chat[-1].text, question
    assert (await web_chat.web.get("/catalogo/v/cat:s:99999:0:0")).status_code == 404
    assert (await web_chat.web.get("/catalogo/v/forged")).status_code == 404
    home = await web_chat.web.get("/catalogo/cerca", params={"q": "  "})
    assert home.status_code == 200 and 'role="search"' in home.text


async def test_zone_comune_and_service_pages(web_chat):
    zones = await web_chat.web.get("/catalogo/zone")
    assert zones.status_code == 200 and "Nord Ovest" in zones.text
    zone_href = re.search(r'href="(/catalogo/zone/\d+)">Nord Ovest</a>', zones.text)[1]
    zone = await web_chat.web.get(zone_href)
    assert "<h1>Nord Ovest</h1>" in zone.text and ">Rho</a>" in zone.text
    assert "Servizi attivi nella zona" in zone.text and ">esempio</span>" in zone.text  # example coverage marked
    comune = await web_chat.web.get(re.search(r'href="(/catalogo/comuni/\d+)">Rho</a>', zone.text)[1])
    assert "<h1>Rho</h1>" in comune.text and "015182" in comune.text
    service_href = re.search(r'href="(/catalogo/servizi/\d+)">Stazione Unica Appaltante', comune.text)[1]
    service = await web_chat.web.get(service_href)
    assert service.status_code == 200 and "Dove è attivo" in service.text and "Fonte" in service.text
    assert "zona Nord Ovest" in service.text and "dati di esempio" in service.text
    services = await web_chat.web.get("/catalogo/servizi")
    assert service_href in services.text
    assert (await web_chat.web.get("/catalogo/servizi/999999")).status_code == 404


async def test_frame_accessibility_statement_and_headers(web_chat):
    home = await web_chat.web.get("/")
    assert '<html lang="it">' in home.text and 'href="#main"' in home.text and '<main id="main"' in home.text
    assert '<label for="q"' in home.text
    assert 'href="/accessibilita">Dichiarazione di accessibilità</a>' in home.text
    statement = await web_chat.web.get("/accessibilita")
    assert "<h1>Dichiarazione di accessibilità</h1>" in statement.text and "WCAG 2.1" in statement.text
    headers = home.headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer" and headers["x-content-type-options"] == "nosniff"
    css = await web_chat.web.get("/static/vendor/bootstrap-italia/css/bootstrap-italia.min.css")
    assert css.status_code == 200 and "Bootstrap Italia" in css.text[:300]
    missing = await web_chat.web.get("/non/esiste")
    assert missing.status_code == 404 and "Pagina non trovata" in missing.text
