"""What a person in a browser waits for: Playwright with Debian's Chromium against
`streamlit run` on 127.0.0.1.

- `first_visits`: for each page, a fresh browser context (empty cache) opens the page's URL;
  reported are the milliseconds until the page's main chart, map or table is visible and the
  bytes received (HTTP bodies plus websocket frames, as Chromium's network log counts them).
- `filter_changes`: on a page with several charts, a click on a shared filter in the sidebar
  (the Status choices, alternating "active" and "closed") until the last chart on the page has
  been redrawn. A MutationObserver notes the time of every change inside the charts; a change
  counts as done once the app is idle again and the charts have been still for a while.
- `map_play`: the Map's play button, twice over the same years (the first pass builds each
  year's deck on the server, the second finds it cached): for each year step, the time from
  the fragment's tick (the websocket message that asks for the rerun) until the first WebGL
  draw call after the new points were uploaded, and the bytes received until the next tick
  (`tests/browser_support.py`: MAP_HOOKS, year_steps).
- `first_visit_pair`: fresh visits to the Map and to the one-chart floor page
  (bench/floor_app.py, served by its own server), alternated, in the same run.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser_support import (
    APP_IDLE,
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_CANVAS,
    MAP_HOOKS,
    YEAR_SLIDER,
    year_steps,
)

# deck.gl needs WebGL to draw the map's canvas.
BENCH_CHROMIUM_ARGS = [*CHROMIUM_ARGS, "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
PLOTLY = '[data-testid="stPlotlyChart"] .main-svg'
DECK = '[data-testid="stDeckGlJsonChart"] canvas'
TABLE = '[data-testid="stDataFrame"], [data-testid="stTable"]'
VIEWPORT = {"width": 1400, "height": 1700}
TIMEOUT_MS = 60_000
QUIET_MS = 400


@dataclass(frozen=True)
class BrowserPage:
    label: str
    path: str
    main: str


BROWSER_PAGES = (
    BrowserPage("Overview", "/", PLOTLY),
    BrowserPage("Map", "/map", DECK),
    BrowserPage("Timeline", "/timeline", PLOTLY),
    BrowserPage("Breakdown", "/breakdown", PLOTLY),
    BrowserPage("Compare IFOR/SFOR", "/compare?compare=ifor&compare=sfor", TABLE),
    BrowserPage("Mission profile (UNAMSIL)", "/mission?mission=unamsil", TABLE),
    BrowserPage("Mission profile (MONUC)", "/mission?mission=monuc", PLOTLY),
    BrowserPage("Compare UNAMID/MINUSMA", "/compare?compare=unamid&compare=minusma", PLOTLY),
    BrowserPage("Country (KEN)", "/country?country=KEN", PLOTLY),
    BrowserPage("Country (KEN), locator map", "/country?country=KEN", DECK),
    BrowserPage("Data & downloads", "/data", TABLE),
    BrowserPage("Sources & method", "/sources", TABLE),
)

WATCH_CHARTS = """
() => {
  window.__lastChartChange = performance.now();
  const observer = new MutationObserver(() => { window.__lastChartChange = performance.now(); });
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    observer.observe(chart, {subtree: true, childList: true, attributes: true,
                             characterData: true});
  }
}
"""


def _only_local(route) -> None:
    host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
    if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def _open(browser, url: str, main: str) -> tuple[float, int, Page]:
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", _only_local)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = {"bytes": 0}

    def add_http(event: dict) -> None:
        received["bytes"] += int(event.get("encodedDataLength", 0))

    def add_frame(event: dict) -> None:
        received["bytes"] += len(event["response"].get("payloadData", ""))

    cdp.on("Network.loadingFinished", add_http)
    cdp.on("Network.webSocketFrameReceived", add_frame)
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator(main).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    elapsed_ms = 1000 * (time.perf_counter() - started)
    page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    return elapsed_ms, received["bytes"], page


def first_visits(base_url: str, visits: int) -> list[dict]:
    """Median time to the main chart and bytes received, per page, over fresh contexts."""
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BENCH_CHROMIUM_ARGS)
        try:
            _open(browser, base_url + "/", PLOTLY)[2].context.close()  # server-side warm-up
            for target in BROWSER_PAGES:
                times, sizes = [], []
                for _ in range(visits):
                    elapsed, size, page = _open(browser, base_url + target.path, target.main)
                    times.append(elapsed)
                    sizes.append(size)
                    page.context.close()
                rows.append(
                    {
                        "page": target.label,
                        "visible_ms": statistics.median(times),
                        "bytes": statistics.median(sizes),
                    }
                )
        finally:
            browser.close()
    return rows


def _status_button(page: Page, label: str):
    return page.locator('[data-testid="stSidebar"]').get_by_role("radio", name=label, exact=True)


def filter_changes(base_url: str, path: str, changes: int) -> tuple[list[float], list[float]]:
    """Milliseconds from a click on a sidebar filter until every chart on the page is redrawn.

    Returns (first time each of the two states is shown, repeats): the first two clicks build
    the charts on the server; later ones find them cached, as most users of a shared server do.
    """
    first, repeats = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BENCH_CHROMIUM_ARGS)
        try:
            _, _, page = _open(browser, base_url + path, PLOTLY)
            charts = page.locator('[data-testid="stPlotlyChart"]').count()
            for index in range(changes + 2):
                page.evaluate(WATCH_CHARTS)
                button = _status_button(page, "active" if index % 2 == 0 else "closed")
                clicked_at = page.evaluate("() => performance.now()")
                button.click()
                page.wait_for_function(
                    "([clicked, quiet]) => window.__lastChartChange > clicked"
                    " && performance.now() - window.__lastChartChange > quiet"
                    " && document.querySelector('[data-testid=\"stApp\"]')"
                    ".getAttribute('data-test-script-state') === 'notRunning'",
                    arg=[clicked_at, QUIET_MS],
                    timeout=TIMEOUT_MS,
                )
                updated = page.evaluate("() => window.__lastChartChange")
                if page.locator('[data-testid="stPlotlyChart"]').count() != charts:
                    raise RuntimeError("the number of charts changed after a filter change")
                (first if index < 2 else repeats).append(updated - clicked_at)
        finally:
            browser.close()
    return first, repeats


def map_play(base_url: str, path: str, first_year: int, years: int) -> dict[str, list[dict]]:
    """Year steps while the Map plays from `first_year`, `years` steps, twice ("first": the
    server builds each year's map; "repeat": it finds them cached)."""
    passes: dict[str, list[dict]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BENCH_CHROMIUM_ARGS)
        try:
            for name in ("first", "repeat"):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                context.add_init_script(MAP_HOOKS)
                page = context.new_page()
                page.goto(f"{base_url}{path}&year={first_year}")
                page.locator(MAP_CANVAS).first.wait_for(state="visible", timeout=TIMEOUT_MS)
                page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
                page.wait_for_timeout(1500)
                page.get_by_role("button", name="Play").click()
                page.wait_for_function(
                    f"document.querySelector('{YEAR_SLIDER}').value >= {first_year + years}",
                    timeout=TIMEOUT_MS + 2000 * years,
                )
                page.get_by_role("button", name="Pause").click()
                page.wait_for_timeout(1000)
                steps = year_steps(page.evaluate("window.__atlas"))
                passes[name] = [s for s in steps if first_year < s["year"] <= first_year + years]
                context.close()
        finally:
            browser.close()
    return passes


def first_visit_pair(map_url: str, floor_url: str, visits: int) -> dict[str, list[float]]:
    """Milliseconds until the Map's canvas and the floor's chart are visible, fresh contexts,
    visits alternated so that both see the same load on a shared machine."""
    times: dict[str, list[float]] = {"map": [], "floor": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BENCH_CHROMIUM_ARGS)
        try:
            for url, main in ((map_url, DECK), (floor_url, PLOTLY)):  # warm both servers
                _open(browser, url, main)[2].context.close()
            for _ in range(visits):
                for name, url, main in (("map", map_url, DECK), ("floor", floor_url, PLOTLY)):
                    elapsed, _, page = _open(browser, url, main)
                    times[name].append(elapsed)
                    page.context.close()
        finally:
            browser.close()
    return times
