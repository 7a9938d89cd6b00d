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


def _browse(url: str) -> dict:
    """Everything Selenium does (blocking), run in a thread so the server's event loop keeps serving."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    profile = tempfile.mkdtemp(prefix="zobot-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    seen: dict = {}
    try:
        wait = WebDriverWait(driver, 20)
        driver.get(url)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#person option")) == len(demo.PEOPLE))
        Select(driver.find_element(By.ID, "person")).select_by_value(str(demo.REFERENT_ID))
        seen["title"] = driver.title
        seen["commands"] = [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#commands button")]
        box = driver.find_element(By.ID, "text")
        box.send_keys("in che zona è Rho?")
        driver.find_element(By.ID, "send").click()
        answer = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".msg.bot .body")))
        seen["answer_html"] = answer.get_attribute("innerHTML")
        seen["user_message"] = driver.find_element(By.CSS_SELECTOR, ".msg.user .body").text
        button = driver.find_element(By.XPATH, "//div[contains(@class,'kb')]//button[starts-with(.,'🗂 Servizi')]")
        seen["button"] = button.text
        button.click()
        wait.until(lambda d: "Servizi nella zona" in d.find_element(By.CSS_SELECTOR, ".msg.bot .body").text)
        seen["after_press"] = driver.find_element(By.CSS_SELECTOR, ".msg.bot .body").text
        seen["edited"] = driver.find_element(By.CSS_SELECTOR, ".msg.bot .meta").text
        seen["bot_messages"] = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))
        seen["new_buttons"] = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".msg.bot .kb button")]
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
