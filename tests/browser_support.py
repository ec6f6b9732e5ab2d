"""Shared parts of the browser tier: `streamlit run` on a free port of 127.0.0.1, Debian's
Chromium driven by Playwright, and one page visit that records console errors and blocks every
request not addressed to 127.0.0.1.

Used by test_browser.py (the real data) and test_injection.py (hostile fixture data).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

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
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int) -> list[str]:
    """`streamlit run app.py` on 127.0.0.1:port, headless, without usage statistics."""
    return [
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
    ]


@contextmanager
def streamlit_server(data_dir: str = "") -> Iterator[str]:
    """Serve app.py on a free local port (data from `data_dir`, or data/ when empty); yield the
    base URL and stop the server afterwards."""
    port = free_port()
    process = subprocess.Popen(
        streamlit_command(port),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ATLAS_DATA_DIR": data_dir},
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


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless, launched through Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the test command installs Debian's chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Visit:
    """One page visit with its console errors, dialogs and the requests that tried to leave."""

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
        self.dialogs: list[str] = []
        self.page.on(
            "response",
            lambda response: response.status >= 400 and self.http_errors.append(response.url),
        )
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("dialog", self._dismiss)
        self.context.route("**/*", self._guard)

    def _guard(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()

    def _dismiss(self, dialog):
        """An alert, confirm or prompt: recorded (none should ever open) and dismissed."""
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

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
