"""Real-browser tier: Playwright drives Debian's Chromium against `streamlit run` on 127.0.0.1.

The server is started on a free port for this module and stopped afterwards. Every request the
page makes is checked: anything not addressed to 127.0.0.1 is recorded and blocked.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SERVER_START_TIMEOUT_S = 90
BASE_PATH_PROBES = ("/_stcore/health", "/_stcore/host-config")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_url():
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ATLAS_DATA_DIR": ""},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("the Streamlit server did not start")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the test command installs Debian's chromium")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Visit:
    """One page visit with its console errors and the requests that tried to leave."""

    def __init__(self, browser, color_scheme: str = "light"):
        self.context = browser.new_context(
            accept_downloads=True,
            viewport={"width": 1400, "height": 1400},
            color_scheme=color_scheme,
        )
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.http_errors: list[str] = []
        self.outside_requests: list[str] = []
        self.page.on(
            "response",
            lambda response: response.status >= 400 and self.http_errors.append(response.url),
        )
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.context.route("**/*", self._guard)

    def _guard(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()

    def unexpected_errors(self) -> list[str]:
        """Console errors, less the 404s of Streamlit's own base-path probe on deep links.

        On a URL such as /data the frontend first asks /data/_stcore/health and
        /data/_stcore/host-config to find the app's base path; those 404s are expected.
        """
        probes = [url for url in self.http_errors if url.endswith(BASE_PATH_PROBES)]
        unexplained_http = [url for url in self.http_errors if url not in probes]
        load_failures = [e for e in self.console_errors if e.startswith("Failed to load resource")]
        others = [e for e in self.console_errors if e not in load_failures]
        if len(load_failures) > len(probes):
            others += load_failures[len(probes) :]
        return others + unexplained_http

    def open(self, url: str):
        self.page.goto(url)
        self.page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
        self.page.wait_for_selector(APP_IDLE, timeout=60_000)
        self.page.wait_for_timeout(500)
        self.page.wait_for_selector(APP_IDLE, timeout=60_000)
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = Visit(browser)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/", '[data-testid="stPlotlyChart"] .main-svg'),
        ("/data", '[data-testid="stDataFrame"]'),
        ("/sources", '[data-testid="stDataFrame"]'),
        ("/map", '[data-testid="stDeckGlJsonChart"] canvas'),
        ("/timeline?organization=NATO&year=2001", '[data-testid="stPlotlyChart"] .main-svg'),
        ("/breakdown", '[data-testid="stPlotlyChart"] .main-svg'),
        ("/compare?compare=unamsil&compare=unmil", '[data-testid="stTable"]'),
        ("/mission?mission=unamsil", '[data-testid="stDataFrame"]'),
    ],
)
def test_page_renders_without_exception_console_error_or_outside_request(
    server_url, visit, path, selector
):
    page = visit.open(server_url + path)
    page.wait_for_selector(selector, state="visible", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert visit.unexpected_errors() == []
    assert visit.outside_requests == []


def test_deep_link_opens_the_filtered_view_on_a_fresh_server_path(server_url, visit):
    page = visit.open(server_url + "/data?organization=NATO&status=closed")
    page.wait_for_selector('[data-testid="stDataFrame"]', state="visible", timeout=60_000)
    assert page.get_by_text("missions · NATO · closed").count() >= 1
    assert visit.outside_requests == []


def test_csv_download_delivers_the_bytes_of_the_filtered_view(server_url, visit):
    from missions.dataset import load_dataset
    from missions.exports import CSV_PREAMBLE_LINES

    page = visit.open(server_url + "/data?organization=EU")
    button = page.get_by_role("button", name="Download CSV")
    button.wait_for(state="visible", timeout=60_000)
    with page.expect_download() as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename.startswith("peacekeeping-atlas_eu_")
    data = Path(download.path()).read_bytes()
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    missions = load_dataset().missions
    assert set(table["mission_id"]) == set(
        missions.loc[missions["organization"] == "EU", "mission_id"]
    )
    assert b"# Filter: " in data.splitlines()[1]
    assert visit.outside_requests == []
    assert visit.unexpected_errors() == []


@pytest.mark.parametrize(
    ("path", "button_name", "magic", "name_start"),
    [
        (
            "/compare?compare=ifor&compare=sfor",
            "Download briefing (PDF)",
            b"%PDF-",
            "peacekeeping-atlas_compare_ifor-sfor",
        ),
        (
            "/compare?compare=ifor&compare=sfor",
            "Download comparison (Excel)",
            b"PK\x03\x04",
            "peacekeeping-atlas_compare_ifor-sfor",
        ),
        (
            "/mission?mission=unamsil",
            "Download fact sheet (PDF)",
            b"%PDF-",
            "peacekeeping-atlas_unamsil",
        ),
        ("/data?organization=AU", "Download Excel", b"PK\x03\x04", "peacekeeping-atlas_au_"),
    ],
)
def test_briefing_and_excel_downloads_deliver_valid_files(
    server_url, visit, path, button_name, magic, name_start
):
    page = visit.open(server_url + path)
    button = page.get_by_role("button", name=button_name)
    button.wait_for(state="visible", timeout=60_000)
    with page.expect_download() as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename.startswith(name_start)
    data = Path(download.path()).read_bytes()
    assert data.startswith(magic)
    if magic == b"%PDF-":
        assert data.rstrip().endswith(b"%%EOF")
    else:
        from openpyxl import load_workbook

        assert "About this extract" in load_workbook(io.BytesIO(data)).sheetnames
    assert visit.outside_requests == []
