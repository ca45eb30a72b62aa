"""Shared setup of the browser tests: a real uvicorn server on 127.0.0.1 with a stub predictor and a
SQLite database, headless Debian Chromium driven by Selenium, and axe-core (from the
axe-selenium-python wheel, no network) for accessibility checks.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (``.ci/services`` installs them);
without them the browser tests FAIL rather than skip."""

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

from polarscan.serving.app import create_app
from polarscan.serving.settings import DEV_ADMIN_KEY, Settings

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "reports" / "screenshots"
CHROMIUM = os.environ.get("POLARSCAN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("POLARSCAN_CHROMEDRIVER", "/usr/bin/chromedriver")
ADMIN = {"X-API-Key": DEV_ADMIN_KEY}

# (external id, text). With POLARSCAN_AUDIT_RATE 0.25 and the default seed, "nl-6" is drawn into the
# audit sample (service.audit_draw: 0.11) and "nl-3" is not (0.27); the others are flagged.
POSTS = [
    ("ar-1", "سوف اقتلكم جميعا يا ناس"),
    ("nl-1", "ik ga jou afmaken morgen"),
    ("fr-1", "je vais tuer ce type"),
    ("nl-2", "zij zijn allemaal ratten"),
    ("nl-3", "wat een mooie dag in gent"),
    ("nl-6", "de tram naar het station was weer te laat en niemand wist waarom"),
]
AUDIT_RATE = 0.25
LONG = 40  # the stub "reads 3 of 5 windows" of a text longer than this


class WindowStub(StubPredictor):
    """The keyword stub, reporting that it read 3 of the 5 windows of a long text (as a predictor
    with ``max_windows`` 3 would), so the UI's "read N of M windows" note can be checked."""

    def classify(self, texts, langs=None):
        results = super().classify(texts, langs)
        for text, result in zip(texts, results):
            long = len(text) > LONG
            result.update(windows=3 if long else 1, windows_total=5 if long else 1, truncated=long)
        return results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    """Base URL of a fresh server with POSTS ingested; ``server.db_url`` names its database."""
    import uvicorn

    port = _free_port()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'ui.db'}", port=port, audit_rate=AUDIT_RATE, audit_near_rate=0.0, review_lease_seconds=30)
    config = uvicorn.Config(create_app(settings, predictor=WindowStub()), host="127.0.0.1", port=port, log_level="warning")
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
    r = httpx.post(f"{base}/v1/posts", json={"posts": posts}, headers=ADMIN)
    assert r.status_code == 200 and r.json()["created"] == len(POSTS), r.text
    ids = {eid: item["id"] for (eid, _), item in zip(POSTS, r.json()["items"])}

    class Server(str):
        pass

    s = Server(base)
    s.ids, s.db_url = ids, settings.database_url
    yield s
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
        "--disable-background-timer-throttling",  # the hold of a post in a background window is renewed on time
        "--disable-renderer-backgrounding",
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


def axe_violations(driver, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of ``impacts`` on the page as it is now (WCAG 2 A/AA and best practice)."""
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    result = axe.run()
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"] if v["impact"] in impacts]


def sign_in(driver, wait, base: str, key: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/ui/")
    driver.find_element(By.ID, "key").send_keys(key)
    driver.find_element(By.ID, "signin").click()
    wait.until(lambda d: d.find_element(By.ID, "whoami").text != "")
