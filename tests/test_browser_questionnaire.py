"""A questionnaire answered on the web page in headless Chromium, from the keyboard, without the page loading
any script: a condition, the comune picker with a misspelt name, a multiple choice with «Altro», the summary
and «Invia»; axe-core on every step page (no serious or critical WCAG 2.1 A/AA violation), no
Content-Security-Policy error. With ZOBOT_SCREENSHOTS=DIR the pages are saved there (web-q-*.png)."""
from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.people.models import Person
from bot.people.who import Who
from bot.questionnaires.models import Answer, Response
from bot.sandbox import demo
from tests import test_browser_web
from tests.questionnaire_support import launch
from tests.test_browser_chat import CHROMEDRIVER, CHROMIUM, FLAGS
from tests.test_browser_web import AXE, RUN_AXE

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
site = test_browser_web.site  # the fixture: the sandbox and the web pages on a port of their own
SURVEY = {
    "id": "sedi_web", "version": 1, "title": "Le sedi del servizio", "audience": "po", "anonymous": False,
    "introduction": "Quattro domande sulle sedi: puoi fermarti e riprendere quando vuoi.",
    "questions": [
        {"id": "ha_sede", "type": "yesno", "label": "Il servizio ha una sede sul territorio?"},
        {"id": "sede", "type": "comune", "label": "In quale Comune?", "when": 'ha_sede == "si"'},
        {"id": "canali", "type": "multiple", "label": "Come vi contattano i Comuni?", "max": 2,
         "choices": ["Posta elettronica", "Telefono", {"value": "altro", "label": "Altro", "other": True}]},
        {"id": "note", "type": "text", "label": "Note", "required": False},
    ],
}


def _answer(url: str, shots: str | None) -> dict:
    """Everything Selenium does (blocking), in a thread so the servers' event loop keeps serving."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    profile = tempfile.mkdtemp(prefix="zobot-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}", "--window-size=390,844"]:  # a phone's width
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    seen: dict = {"violations": {}, "console": [], "headings": [], "scripts": 0, "overflow": []}

    def check(name: str) -> None:
        seen["headings"].append(driver.find_element(By.TAG_NAME, "main").text)
        seen["scripts"] += len(driver.find_elements(By.TAG_NAME, "script"))
        if driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
            seen["overflow"].append(name)  # a phone would have to scroll sideways
        driver.execute_script(AXE)
        seen["violations"][name] = [v for v in driver.execute_async_script(RUN_AXE)
                                    if v["impact"] in ("serious", "critical")]
        seen["console"] += [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        if shots:
            driver.save_screenshot(str(Path(shots) / f"web-q-{name}.png"))

    def submit(element) -> None:
        """Press a submit button from the keyboard and wait for the next page."""
        old = driver.find_element(By.TAG_NAME, "html")
        element.send_keys(Keys.ENTER)
        WebDriverWait(driver, 20).until(lambda d: old.id != d.find_element(By.TAG_NAME, "html").id)

    def label(text: str):
        """The input a <label> with this text is for (found through the label, as a screen reader would)."""
        found = driver.find_element(By.XPATH, f"//label[normalize-space()='{text}']")
        return driver.find_element(By.ID, found.get_attribute("for"))

    def button(text: str):
        return driver.find_element(By.XPATH, f"//main//button[normalize-space()='{text}']")

    try:
        driver.get(url)
        check("start")
        submit(button("Rispondi"))
        check("first")
        label("Sì").send_keys(Keys.SPACE)
        submit(button("Avanti"))
        check("comune")
        label("In quale Comune?").send_keys("Qwzxv")
        submit(button("Cerca"))
        check("not-found")
        seen["not_found"] = driver.find_element(By.ID, "zb-error").text
        seen["described"] = label("In quale Comune?").get_attribute("aria-describedby")
        box = label("In quale Comune?")
        box.clear()
        box.send_keys("Legnnao")
        submit(button("Cerca"))
        check("candidates")
        label("Legnano").send_keys(Keys.SPACE)
        submit(button("Scegli"))
        check("multiple")
        label("Telefono").send_keys(Keys.SPACE)
        label("Altro").send_keys(Keys.SPACE)
        label("Altro: specifica quale (al massimo 200 caratteri)").send_keys("Sportello in Comune")
        submit(button("Avanti"))
        check("text")
        submit(button("Salta"))
        check("summary")
        seen["summary"] = driver.find_element(By.TAG_NAME, "main").text
        submit(button("Invia le risposte"))
        check("done")
        seen["done"] = driver.find_element(By.TAG_NAME, "main").text
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return seen


async def test_a_questionnaire_answered_in_the_browser_with_a_condition_and_a_comune_picker(site, clock):
    db = site.services.db
    async with db.read() as s:
        po = await s.scalar(select(Person.id).where(Person.telegram_user_id == demo.PO_ID))
    cid = await launch(db, SURVEY, [po], clock.now(), key="browser")
    url = await site.services.questionnaires.answer_link(Who(person_id=po), cid)
    assert url is not None

    seen = await asyncio.to_thread(_answer, url, os.environ.get("ZOBOT_SCREENSHOTS"))
    assert "Quattro domande sulle sedi" in seen["headings"][0] and "Domanda 1 di 4" in seen["headings"][1]
    assert "Non ho trovato nulla per «Qwzxv»" in seen["not_found"] and "zb-error" in seen["described"]
    assert "Risultati per «Legnnao»" in seen["headings"][4]
    assert "Legnano" in seen["summary"] and "Telefono, Altro: Sportello in Comune" in seen["summary"]
    assert "sono state registrate" in seen["done"]
    assert {page: found for page, found in seen["violations"].items() if found} == {}
    assert [m for m in seen["console"] if "Content Security Policy" in m or "Refused" in m] == []
    assert seen["scripts"] == 0 and seen["overflow"] == []
    async with db.read() as s:
        answers = {a.question_id: a for a in await s.scalars(
            select(Answer).join(Response, Response.id == Answer.response_id).where(Response.campaign_id == cid))}
    assert answers["sede"].labels == ["Legnano"] and answers["canali"].value == ["telefono", "altro"]
    assert answers["canali"].other_text == "Sportello in Comune" and answers["note"].value is None
