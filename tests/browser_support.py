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
# deck.gl needs WebGL to draw the map's canvas: software rendering, no GPU.
WEBGL_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
MAP_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
YEAR_SLIDER = '.st-key-year input[type="range"]'
# Installed before a page loads, to see the Map play: the time (performance.now()) of every
# websocket message sent (a fragment's timed rerun is one) and the size of every one received,
# every WebGL buffer upload and draw call, and each value the year slider shows.
MAP_HOOKS = """
(() => {
  const atlas = {sent: [], received: [], uploads: [], draws: [], years: []};
  window.__atlas = atlas;
  const Native = window.WebSocket;
  class Recorded extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = event.data;
        atlas.received.push([performance.now(), data.byteLength ?? data.size ?? data.length ?? 0]);
      });
    }
    send(data) {
      atlas.sent.push(performance.now());
      return super.send(data);
    }
  }
  window.WebSocket = Recorded;
  for (const type of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!type) continue;
    for (const name of ['bufferData', 'bufferSubData']) {
      const original = type.prototype[name];
      type.prototype[name] = function (...args) {
        atlas.uploads.push(performance.now());
        return original.apply(this, args);
      };
    }
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced',
                        'drawElementsInstanced']) {
      const original = type.prototype[name];
      if (!original) continue;
      type.prototype[name] = function (...args) {
        atlas.draws.push(performance.now());
        return original.apply(this, args);
      };
    }
  }
  setInterval(() => {
    const slider = document.querySelector('.st-key-year input[type="range"]');
    const value = slider && slider.value;
    const last = atlas.years[atlas.years.length - 1];
    if (value && (!last || last[1] !== value)) atlas.years.push([performance.now(), value]);
  }, 5);
})();
"""


def year_steps(trace: dict) -> list[dict]:
    """The year steps in a trace of MAP_HOOKS: for each new year the slider showed, the time
    from the websocket message that asked for it (the fragment's tick) until the first draw
    call after the next buffer upload (the new points drawn), and the bytes received until the
    next tick."""
    sent, uploads, draws = trace["sent"], trace["uploads"], trace["draws"]
    steps = []
    for changed, year in trace["years"][1:]:
        ticks = [time for time in sent if time <= changed]
        if not ticks:
            continue
        tick = ticks[-1]
        upload = next((time for time in uploads if time >= tick), None)
        drawn = next((time for time in draws if upload is not None and time >= upload), None)
        following = next((time for time in sent if time > tick), float("inf"))
        size = sum(size for time, size in trace["received"] if tick < time < following)
        steps.append(
            {
                "year": int(year),
                "ms": None if drawn is None else drawn - tick,
                "bytes": size,
            }
        )
    return steps


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int, script: str = "app.py") -> list[str]:
    """`streamlit run app.py` (or another script of the repository) on 127.0.0.1:port,
    headless, without usage statistics."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
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
def chromium(extra_args: list[str] | None = None) -> Iterator[object]:
    """Debian's Chromium, headless, launched through Playwright (`WEBGL_ARGS` to draw WebGL)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the test command installs Debian's chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *(extra_args or [])]
        )
        yield instance
        instance.close()


class Visit:
    """One page visit with its console errors, dialogs and the requests that tried to leave."""

    def __init__(self, browser, color_scheme: str = "light", init_script: str | None = None):
        self.context = browser.new_context(
            accept_downloads=True,
            viewport={"width": 1400, "height": 1400},
            color_scheme=color_scheme,
        )
        if init_script:
            self.context.add_init_script(init_script)
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
