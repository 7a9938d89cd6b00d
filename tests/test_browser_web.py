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
from tests.e2e_live import button, buttons, start_live, stop_live
from tests.test_browser_chat import CHROMEDRIVER, CHROMIUM, FLAGS
from tests.test_e2e_questionnaire import _launch

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


def _browse(base: str, login_path: str, shots: str | None, answer=None) -> dict:
    """Everything Selenium does (blocking), in a thread so the servers' event loop keeps serving. `answer()`
    (blocking) has the invited referent answer the campaign in the chat, between two looks at its page."""
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
    downloads = tempfile.mkdtemp(prefix="zobot-downloads-")
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
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
        if answer is not None:
            _walk_dashboard(driver, wait, follow, check, answer, downloads, seen)
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
        shutil.rmtree(downloads, ignore_errors=True)
    return seen


def _main(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "main").text


def _walk_dashboard(driver, wait, follow, check, answer, downloads: str, seen: dict) -> None:
    """Issue 16's walk: a campaign, a form without its CSRF token, «Sollecita ora», the rate changing once
    the referent answers in the chat, an export downloaded, a tavolo's attendance, deliveries, the audit log."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def figure(name: str) -> str:
        return driver.find_element(By.ID, f"fig-{name}").text

    follow("Questionari")
    check("campaigns")
    follow("Manifestazione di interesse", By.PARTIAL_LINK_TEXT)
    campaign_url = driver.current_url
    seen["before"] = (figure("invited"), figure("completed"), figure("rate"))
    seen["preview"] = driver.find_element(By.ID, "remind-preview").text
    seen["pending"] = driver.find_element(By.ID, "pending-title").find_element(By.XPATH, "..").text
    check("campaign-open")
    # a form that lost its CSRF token (as one posted from another site) is refused, and sends nothing
    driver.execute_script("document.querySelector('main form input[name=csrf]').remove()")
    driver.find_element(By.XPATH, "//main//button[normalize-space()='Sollecita ora']").send_keys(Keys.ENTER)
    wait.until(lambda d: "Richiesta non valida" in d.title)
    seen["no_csrf"] = _main(driver)
    driver.get(campaign_url)
    driver.find_element(By.XPATH, "//main//button[normalize-space()='Sollecita ora']").send_keys(Keys.ENTER)
    wait.until(lambda d: d.title.startswith("Sollecito"))
    seen["reminded"] = _main(driver)
    check("reminded")
    seen["chat"] = answer()  # the reminder reaches the referent, who answers in the chat
    driver.get(campaign_url)
    seen["after"] = (figure("invited"), figure("completed"), figure("rate"))
    seen["after_remind"] = driver.find_element(By.ID, "remind-title").find_element(By.XPATH, "..").text
    size = driver.get_window_size()
    driver.set_window_size(size["width"], 2600)  # the whole page in the screenshot
    check("campaign")
    driver.set_window_size(390, 1800)  # a phone: tables scroll sideways, bars and figures stay readable
    check("campaign-phone")
    # nothing wider than the phone (tables scroll inside their own box): «Esci» stays on screen
    seen["phone_overflow"] = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('form[action$=\"/esci\"] button').getBoundingClientRect().right]")
    driver.set_window_size(size["width"], size["height"])
    # an attachment: the page stays, the file lands in the downloads folder
    driver.find_element(By.LINK_TEXT, "Scarica CSV").send_keys(Keys.ENTER)
    wait.until(lambda d: any(n.endswith(".csv") for n in os.listdir(downloads)))
    name = next(n for n in os.listdir(downloads) if n.endswith(".csv"))
    seen["export"] = (name, (Path(downloads) / name).read_text(encoding="utf-8-sig"))

    follow("Tavoli")
    check("tavoli")
    driver.find_element(By.CSS_SELECTOR, "main table a").send_keys(Keys.ENTER)
    wait.until(lambda d: "/gestione/tavoli/" in d.current_url)
    seen["tavolo"] = _main(driver)
    check("tavolo")
    driver.find_element(By.CSS_SELECTOR, "#upcoming a").send_keys(Keys.ENTER)
    wait.until(lambda d: "/gestione/incontri/" in d.current_url)
    seen["attendance"] = _main(driver)
    check("attendance")

    follow("Annunci e consegne")
    seen["deliveries"] = _main(driver)
    check("deliveries")
    follow("Registro attività")
    box = driver.find_element(By.ID, "azione")
    box.send_keys("questionnaire.remind")
    driver.find_element(By.ID, "audit-filters").submit()
    wait.until(lambda d: "azione=questionnaire.remind" in d.current_url)
    seen["audit"] = driver.find_element(By.ID, "audit").text
    check("audit")


async def _answer_in_the_chat(site, invitation: dict) -> str:
    """The referent gets «Sollecita ora»'s reminder, then answers the campaign in the chat (not interested)."""
    reminder = await site.client.wait_for(demo.REFERENT_ID, lambda m: m["from_bot"] and "sollecito" in m["text"],
                                          since=invitation["seq"] if "seq" in invitation else 0, timeout=15)
    step = (await site.press(demo.REFERENT_ID, invitation["message_id"], "q:go:1"))[-1]
    step = (await site.say(demo.REFERENT_ID, "Rho"))[-1]
    step = (await site.press(demo.REFERENT_ID, step["message_id"], button(step, "No")))[-1]
    while not any(label.startswith("Invia") for label, _ in buttons(step)):
        step = (await site.press(demo.REFERENT_ID, step["message_id"], button(step, "Salta")))[-1]
    done = await site.press(demo.REFERENT_ID, step["message_id"], button(step, "Invia"))
    return reminder["text"] + "\n" + done[-1]["text"]


async def test_web_pages_login_dashboard_logout_and_accessibility(site):
    refused = await site.say(demo.REFERENT_ID, "/web")
    assert "per organizzatori e amministratori" in refused[-1]["text"]
    await _launch(site)  # through the chat's /lancia: the Rho referent is invited
    invitation = await site.client.wait_for(demo.REFERENT_ID, lambda m: m["from_bot"] and "📝" in m["text"], timeout=15)
    sent = await site.say(demo.ORGANISER_ID, "/web")
    login_path = LINK.search(sent[-1]["text"])[1]
    chat_answer = (await site.say(demo.REFERENT_ID, "servizi a Rho"))[-1]["text"]

    loop = asyncio.get_running_loop()

    def answer() -> str:
        return asyncio.run_coroutine_threadsafe(_answer_in_the_chat(site, invitation), loop).result(timeout=60)

    seen = await asyncio.to_thread(_browse, site.web_url, login_path, os.environ.get("ZOBOT_SCREENSHOTS"), answer)
    assert seen["title"].startswith("Servizi della Città metropolitana per i comuni – zobot")
    assert seen["answer"].split("\n")[0] == re.sub(r"<[^>]+>", "", chat_answer).split("\n")[0]
    assert seen["skip"] == "#main"
    assert "Questionari lanciati" in seen["dashboard"] and "Tavoli di lavoro" in seen["dashboard"]
    assert seen["cookie"]["httpOnly"] and seen["cookie"]["sameSite"] == "Strict"
    # the dashboard's walk (issue 16)
    assert seen["before"] == ("1", "0", "0%") and "Giulia Bianchi" in seen["pending"]
    assert seen["preview"] == "Il sollecito arriverà nel bot a 1 persona che non ha finito."
    assert "Il modulo è scaduto" in seen["no_csrf"]
    assert "Sollecito messo in coda per 1 persona" in seen["reminded"]
    assert "Un sollecito degli organizzatori" in seen["chat"] and "✅ Grazie!" in seen["chat"]
    assert seen["after"] == ("1", "1", "100%") and "Nessuno da sollecitare" in seen["after_remind"]
    scroll_width, client_width, logout_right = seen["phone_overflow"]
    assert scroll_width <= client_width and logout_right <= client_width, seen["phone_overflow"]
    name, content = seen["export"]
    assert name == "videoconferenza-1.csv" and "Rho" in content.splitlines()[1]
    assert "Prossime riunioni" in seen["tavolo"] and "Presenze" in seen["attendance"]
    assert "Riunione del" in seen["attendance"] and "Scarica il CSV delle presenze" in seen["attendance"]
    assert "q:1:invite" in seen["deliveries"] and "q:1:nudge" in seen["deliveries"]
    assert "questionnaire.remind" in seen["audit"] and "campaign:1" in seen["audit"]
    assert seen["after_logout"] == "Accesso riservato"
    assert "già stato usato" in seen["second_use"]
    assert {page: found for page, found in seen["violations"].items() if found} == {}
    assert [m for m in seen["console"] if "Content Security Policy" in m or "Refused" in m] == []
