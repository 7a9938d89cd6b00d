"""The web pages in headless Chromium (as tests/test_browser_chat.py): log in with a /web link from the
sandbox chat, see the dashboard, log out, find the link used up; axe-core on every page, no serious or
critical WCAG 2.1 A/AA violation; no Content-Security-Policy error. With ZOBOT_SCREENSHOTS=DIR the pages
are also saved there as PNG (docs/ holds the ones in the documentation)."""
from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import tempfile
from pathlib import Path

import pytest
import uvicorn

from bot.sandbox import demo
from tests.e2e_live import start_live, stop_live
from tests.test_browser_chat import CHROMEDRIVER, CHROMIUM, FLAGS

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                           target: v.nodes[0].target.join(' ')}))))
   .catch(e => done([{id: 'axe-error', impact: 'critical', nodes: 0, target: String(e)}]));
"""
LINK = re.compile(r"(/accesso/[A-Za-z0-9_-]+)")


def _listening() -> socket.socket:
    """A socket already listening on a free port: the browser's first request waits in its backlog until
    uvicorn accepts it, so nothing has to wait for the server to be ready."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


@pytest.fixture
async def site(db_url, clock):
    """The sandbox (bot + local Bot API) and the web pages on a port of their own, sharing one database."""
    from web.app import build_web

    sock = _listening()
    live = await start_live(db_url, clock, web_url="http://127.0.0.1:%d" % sock.getsockname()[1])
    services = live.services
    app = build_web(services)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    live.web_url = services.settings.web_url
    yield live
    server.should_exit = True
    await serving
    sock.close()
    await stop_live(live)
    assert not live.errors, f"handler errors: {live.errors!r}"


def _browse(base: str, login_path: str, shots: str | None) -> dict:
    """Everything Selenium does (blocking), in a thread so the servers' event loop keeps serving."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    profile = tempfile.mkdtemp(prefix="zobot-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    seen: dict = {"violations": {}, "console": []}

    def check(name: str) -> None:
        driver.execute_script(AXE)
        seen["violations"][name] = [v for v in driver.execute_async_script(RUN_AXE)
                                    if v["impact"] in ("serious", "critical")]
        seen["console"] += [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        if shots:
            driver.save_screenshot(str(Path(shots) / f"web-{name}.png"))

    def follow(text: str, by=By.LINK_TEXT) -> None:
        """Follow a link from the keyboard (focus it, press Enter), as someone without a mouse would."""
        url = driver.current_url
        driver.find_element(by, text).send_keys(Keys.ENTER)
        WebDriverWait(driver, 20).until(lambda d: d.current_url != url)

    try:
        wait = WebDriverWait(driver, 20)
        driver.get(base + "/")
        seen["title"] = driver.title
        check("home")
        box = driver.find_element(By.ID, "q")
        box.send_keys("servizi a Rho")
        box.submit()
        wait.until(lambda d: "Risultati per" in d.title)
        seen["answer"] = driver.find_element(By.CLASS_NAME, "zb-answer").text
        check("search")
        driver.get(base + "/catalogo/zone")
        check("zones")
        follow("Nord Ovest")
        check("zone")
        follow("Rho")
        check("comune")
        follow("Stazione Unica Appaltante", By.PARTIAL_LINK_TEXT)
        check("service")
        driver.get(base + "/catalogo/servizi")
        check("services")
        driver.get(base + "/dati")
        check("opendata")
        driver.get(base + "/accessibilita")
        check("accessibility")
        driver.find_element(By.CSS_SELECTOR, ".skiplinks a").send_keys("")  # the skip link takes the focus
        seen["skip"] = driver.execute_script("return document.activeElement.getAttribute('href')")

        driver.get(base + login_path)
        check("login")
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").send_keys(Keys.ENTER)
        wait.until(lambda d: d.current_url.endswith("/gestione"))
        seen["dashboard"] = driver.find_element(By.TAG_NAME, "main").text
        seen["cookie"] = driver.get_cookie("zobot_sessione")
        check("dashboard")
        driver.find_element(By.XPATH, "//header//button[normalize-space()='Esci']").click()
        wait.until(lambda d: "Sei uscito" in d.find_element(By.TAG_NAME, "main").text)
        check("logged-out")
        driver.get(base + "/gestione")
        seen["after_logout"] = driver.find_element(By.TAG_NAME, "h1").text
        driver.get(base + login_path)
        seen["second_use"] = driver.find_element(By.TAG_NAME, "main").text
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return seen


async def test_web_pages_login_dashboard_logout_and_accessibility(site):
    refused = await site.say(demo.REFERENT_ID, "/web")
    assert "per organizzatori e amministratori" in refused[-1]["text"]
    sent = await site.say(demo.ORGANISER_ID, "/web")
    login_path = LINK.search(sent[-1]["text"])[1]
    chat_answer = (await site.say(demo.REFERENT_ID, "servizi a Rho"))[-1]["text"]

    seen = await asyncio.to_thread(_browse, site.web_url, login_path, os.environ.get("ZOBOT_SCREENSHOTS"))
    assert seen["title"].startswith("Servizi della Città metropolitana per i comuni – zobot")
    assert seen["answer"].split("\n")[0] == re.sub(r"<[^>]+>", "", chat_answer).split("\n")[0]
    assert seen["skip"] == "#main"
    assert "Questionari lanciati" in seen["dashboard"] and "Tavoli di lavoro" in seen["dashboard"]
    assert seen["cookie"]["httpOnly"] and seen["cookie"]["sameSite"] == "Strict"
    assert seen["after_logout"] == "Accesso riservato"
    assert "già stato usato" in seen["second_use"]
    assert {page: found for page, found in seen["violations"].items() if found} == {}
    assert [m for m in seen["console"] if "Content Security Policy" in m or "Refused" in m] == []
