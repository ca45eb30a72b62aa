"""`/docs` (Swagger UI) and `/redoc` (ReDoc) work with no internet (issue 10, item 5): the pages
reference only asset URLs on the server itself, every one of them answers 200, and in headless
Chromium with every host but 127.0.0.1 unresolvable both pages render the API. Saves
reports/screenshots/docs_offline.png."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from review_support import StubPredictor

from polarscan.serving.app import create_app
from polarscan.serving.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT = REPO / "reports" / "screenshots" / "docs_offline.png"
# src="..." / href="..." attributes and the quoted URLs Swagger UI's and ReDoc's inline scripts load
_URLS = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*['"]([^'"]+)['"]|Redoc\.init\(\s*['"]([^'"]+)['"]|spec-url\s*=\s*["']([^"']+)["']""")


def _urls(html: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in _URLS.finditer(html)]


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'docs.db'}"), predictor=StubPredictor())) as c:
        yield c


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_reference_only_local_assets_that_answer(client, page):
    r = client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "cdn." not in html and "googleapis" not in html and "fastapi.tiangolo.com" not in html
    urls = _urls(html)
    assert urls, html
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "/openapi.json" in urls
    assets = [u for u in urls if u.startswith("/docs-static/")]
    assert len(assets) >= (3 if page == "/docs" else 2), urls  # js + css + favicon / js + favicon
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200 and len(answer.content) > 0, url
    assert client.get("/docs/oauth2-redirect").status_code == 200
    assert b"cdn.redoc.ly" not in client.get("/docs-static/redoc.standalone.js").content  # ReDoc's logo is not fetched
    assert all(not p.startswith("/docs-static") for p in client.get("/openapi.json").json()["paths"])


@pytest.mark.browser
def test_docs_render_in_chromium_without_internet(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from live_server import thread_server
    from ui_support import CHROMEDRIVER, CHROMIUM

    server = contextlib.ExitStack()  # the app in a background thread, stopped in the finally below
    base = server.enter_context(thread_server(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'docs.db'}"),
                                                         predictor=StubPredictor())))
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,900",
        # the network is off: no host name resolves except the server's own address
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        # the network really is off for anything but the server
        driver.get(f"{base}/ui/")
        assert driver.execute_script("return fetch('https://cdn.jsdelivr.net/').then(() => 'online', () => 'offline')") == "offline"
        wait = WebDriverWait(driver, 30)
        driver.get(f"{base}/docs")
        wait.until(lambda d: "polarscan" in " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, ".swagger-ui .info .title")))
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock")) >= 5)
        assert any("/v1/classify" in e.text for e in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert resources and all(u.startswith(base) for u in resources), resources
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(SCREENSHOT))
        driver.get(f"{base}/redoc")
        wait.until(lambda d: "/v1/classify" in d.find_element(By.TAG_NAME, "body").text and "polarscan" in d.find_element(By.TAG_NAME, "body").text)
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert resources and all(u.startswith(base) for u in resources), resources
        assert driver.save_screenshot(str(SCREENSHOT.with_name("redoc_offline.png")))
    finally:
        driver.quit()
        server.close()
