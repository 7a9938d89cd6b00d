"""The web chat in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium):
pick a person, ask a question, press an inline button, read the reply."""
from __future__ import annotations

import asyncio
import shutil
import tempfile

import pytest

from bot.sandbox import demo
from tests.e2e_live import live  # noqa: F401 - live is a fixture

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1000,900"]


# The page re-renders the conversation whenever it changes, so elements found a moment ago may be
# gone: the bot's side is read in one script (one consistent DOM), clicks are retried.
BOT_SIDE = """
const first = document.querySelector('.msg.bot');
return first && {count: document.querySelectorAll('.msg.bot').length,
                 html: first.querySelector('.body').innerHTML, text: first.querySelector('.body').innerText,
                 meta: first.querySelector('.meta').innerText,
                 buttons: [...first.querySelectorAll('.kb button')].map(b => b.innerText)};
"""


def _browse(url: str) -> dict:
    """Everything Selenium does (blocking), run in a thread so the server's event loop keeps serving."""
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    profile = tempfile.mkdtemp(prefix="zobot-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    seen: dict = {}
    try:
        wait = WebDriverWait(driver, 20, ignored_exceptions=[StaleElementReferenceException])
        driver.get(url)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#person option")) == len(demo.PEOPLE))
        Select(driver.find_element(By.ID, "person")).select_by_value(str(demo.REFERENT_ID))
        seen["title"] = driver.title
        seen["commands"] = [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#commands button")]
        box = driver.find_element(By.ID, "text")
        box.send_keys("in che zona è Rho?")
        driver.find_element(By.ID, "send").click()
        answer = wait.until(lambda d: d.execute_script(BOT_SIDE))
        seen["answer_html"] = answer["html"]
        seen["user_message"] = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".msg.user .body").text)
        seen["button"] = next(b for b in answer["buttons"] if b.startswith("🗂 Servizi"))

        def press(d) -> bool:
            d.find_element(By.XPATH, "//div[contains(@class,'kb')]//button[starts-with(.,'🗂 Servizi')]").click()
            return True
        wait.until(press)
        after = wait.until(lambda d: (s := d.execute_script(BOT_SIDE)) and "Servizi nella zona" in s["text"] and s)
        seen["after_press"], seen["edited"] = after["text"], after["meta"]
        seen["bot_messages"], seen["new_buttons"] = after["count"], after["buttons"]
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return seen


async def test_web_chat_question_and_button(live):
    seen = await asyncio.to_thread(_browse, live.api.url + "/")
    assert seen["title"] == "zobot — sandbox"
    assert "/start" in seen["commands"] and "/tavoli" in seen["commands"]
    assert seen["user_message"] == "in che zona è Rho?"
    assert seen["answer_html"].startswith("📍 <b>Rho</b> è nella zona omogenea <b>Nord Ovest</b> (16 comuni).")
    assert seen["button"] == "🗂 Servizi della zona Nord Ovest"
    assert seen["after_press"].startswith("🗂 Servizi nella zona omogenea Nord Ovest (16 comuni)")
    assert seen["edited"].endswith("· modificato") and seen["bot_messages"] == 1
    assert "« Indietro" in seen["new_buttons"]
