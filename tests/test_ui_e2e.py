"""End-to-end: the review UI in headless Debian Chromium (Selenium) against a real uvicorn server
on 127.0.0.1 with a stub predictor and a SQLite database. Saves reports/screenshots/review_ui.png.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (``.ci/services`` installs them);
without them this test FAILS rather than skips."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from review_support import StubPredictor

from serving.app import create_app
from serving.settings import DEV_ADMIN_KEY, Settings

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT = REPO / "reports" / "screenshots" / "review_ui.png"
CHROMIUM = os.environ.get("POLARSCAN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("POLARSCAN_CHROMEDRIVER", "/usr/bin/chromedriver")

POSTS = [
    ("ar-1", "سوف اقتلكم جميعا يا ناس"),
    ("nl-1", "ik ga jou afmaken morgen"),
    ("fr-1", "je vais tuer ce type"),
    ("nl-2", "zij zijn allemaal ratten"),
    ("nl-3", "wat een mooie dag in gent"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    import uvicorn

    port = _free_port()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'ui.db'}", port=port)
    config = uvicorn.Config(create_app(settings, predictor=StubPredictor()), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 30 s")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    posts = [{"platform": "x", "external_id": eid, "author": f"@user{i}", "text": text} for i, (eid, text) in enumerate(POSTS)]
    r = httpx.post(f"{base}/v1/posts", json={"posts": posts}, headers={"X-API-Key": DEV_ADMIN_KEY})
    assert r.status_code == 200 and r.json()["created"] == 5, r.text
    yield base
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def browser(tmp_path):
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        pytest.fail(f"{missing} not found: install Debian's browser with `apt-get install -y chromium chromium-driver`")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.browser
def test_review_ui_end_to_end(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    wait = WebDriverWait(browser, 20)
    admin = {"X-API-Key": DEV_ADMIN_KEY}

    def status_says(text: str) -> None:
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), text))

    def press(key: str) -> None:
        browser.find_element(By.TAG_NAME, "body").send_keys(key)

    def selected_id() -> int:
        return int(browser.find_element(By.CSS_SELECTOR, "#queue li.selected").get_attribute("data-id"))

    browser.get(f"{server}/ui/")
    browser.find_element(By.ID, "key").send_keys("wrong-key")
    browser.find_element(By.ID, "signin").click()
    status_says("Sign-in failed")

    browser.find_element(By.ID, "key").clear()
    browser.find_element(By.ID, "key").send_keys(DEV_ADMIN_KEY)
    browser.find_element(By.ID, "signin").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#queue li")) == 4)
    assert browser.find_element(By.ID, "whoami").text == "dev-admin (admin)"

    # ordered by severity (violent first), then score, then age; the Arabic post is first and RTL
    snippets = [li.find_element(By.CLASS_NAME, "snippet").text for li in browser.find_elements(By.CSS_SELECTOR, "#queue li")]
    assert snippets == [text for _, text in POSTS[:4]]
    ids = {eid: int(li.get_attribute("data-id")) for (eid, _), li in zip(POSTS, browser.find_elements(By.CSS_SELECTOR, "#queue li"))}
    text_box = browser.find_element(By.ID, "post-text")
    assert text_box.get_attribute("dir") == "rtl" and text_box.get_attribute("lang") == "ar"
    assert [m.text for m in text_box.find_elements(By.TAG_NAME, "mark")] == ["اقتلكم"]
    assert "violent 0.90" in browser.find_element(By.ID, "post-reasons").text
    assert "null" not in browser.find_element(By.ID, "post").text
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))

    # each label is yes / no / ?: the model's flag starts at yes, unflagged labels at ? (unknown)
    assert browser.find_element(By.ID, "lab-violent-yes").is_selected() and browser.find_element(By.ID, "lab-hateful-unknown").is_selected()

    # c confirms the selected post; the decision is stored as the signed-in reviewer's, and the
    # labels nobody touched stay unknown (never a human "no")
    press("c")
    status_says(f"Post #{ids['ar-1']}: confirm saved.")
    decision = httpx.get(f"{server}/v1/posts/{ids['ar-1']}", headers=admin).json()["decision"]
    assert (decision["action"], decision["reviewer"], decision["labels"]["violent"]) == ("confirm", "dev-admin", True)
    assert decision["labels"] == {"hateful": None, "offensive": None, "polarising": None, "violent": True}
    assert decision["labels_set"] == ["violent"] and decision["labels_seen"] == ["hateful", "offensive", "polarising", "violent"]

    # j / k move the selection; e escalates; a note goes with it
    assert selected_id() == ids["nl-1"]
    assert [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#post-text mark")] == ["afmaken"]
    press("j")
    assert selected_id() == ids["fr-1"]
    press("k")
    assert selected_id() == ids["nl-1"]
    press("n")
    browser.find_element(By.ID, "note").send_keys("doorgeven aan de wijkagent")
    browser.find_element(By.ID, "note").send_keys("\ue00c")  # Escape leaves the note field
    press("e")
    status_says(f"Post #{ids['nl-1']}: escalate saved.")
    post = httpx.get(f"{server}/v1/posts/{ids['nl-1']}", headers=admin).json()
    assert post["status"] == "escalated" and post["decision"]["note"] == "doorgeven aan de wijkagent"

    # r rejects; relabel with ticked boxes via l
    assert selected_id() == ids["fr-1"]
    press("r")
    status_says(f"Post #{ids['fr-1']}: reject saved.")
    assert selected_id() == ids["nl-2"]
    browser.find_element(By.ID, "lab-offensive-yes").click()
    browser.find_element(By.ID, "lab-violent-no").click()  # an explicit "not this label"
    press("l")  # shortcuts still work with the focus on a label choice
    status_says(f"Post #{ids['nl-2']}: relabel saved. The queue is empty.")
    labels = httpx.get(f"{server}/v1/posts/{ids['nl-2']}", headers=admin).json()["decision"]["labels"]
    assert labels == {"hateful": True, "offensive": True, "polarising": True, "violent": False}

    # filters: the escalated post, by language
    Select(browser.find_element(By.ID, "f-status")).select_by_value("escalated")
    Select(browser.find_element(By.ID, "f-lang")).select_by_value("nl")
    browser.find_element(By.ID, "load").click()
    wait.until(lambda d: [li.get_attribute("data-id") for li in d.find_elements(By.CSS_SELECTOR, "#queue li")] == [str(ids["nl-1"])])

    # watch-term editor
    browser.find_element(By.ID, "tab-watch").click()
    browser.find_element(By.ID, "w-term").send_keys("#R3migratie")
    Select(browser.find_element(By.ID, "w-lang")).select_by_value("nl")
    Select(browser.find_element(By.ID, "w-kind")).select_by_value("hashtag")
    browser.find_element(By.ID, "w-add").click()
    status_says("it matches as “remigratie”")
    row = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#watch-list tr")))
    assert row.text.startswith("#R3migratie nl hashtag")
    row.find_element(By.TAG_NAME, "button").click()
    status_says("Removed")
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#watch-list tr"))

    # nothing came from anywhere but the server, and the console stayed clean (no CSP violations)
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(url.startswith(server) for url in resources), resources
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "/v1/me" not in e["message"]]
    assert severe == []

    browser.find_element(By.ID, "signout").click()
    assert browser.find_element(By.ID, "signin-view").is_displayed()
