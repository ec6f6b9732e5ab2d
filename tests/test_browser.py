"""Real-browser tier: Playwright drives Debian's Chromium against `streamlit run` on 127.0.0.1.

The server is started on a free port for this module and stopped afterwards. Every request the
page makes is checked: anything not addressed to 127.0.0.1 is recorded and blocked. The server,
browser and visit helpers live in tests/browser_support.py.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.browser_support import (
    APP_IDLE,
    MAP_CANVAS,
    MAP_HOOKS,
    WEBGL_ARGS,
    YEAR_SLIDER,
    Visit,
    chromium,
    streamlit_server,
    year_steps,
)

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_url():
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    # WebGL in software, so that deck.gl draws the map (the play and click tests need it).
    with chromium(WEBGL_ARGS) as instance:
        yield instance


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
        ("/mission?mission=monuc", '[data-testid="stPlotlyChart"] .main-svg'),
        ("/compare?compare=unamid&compare=minusma", '[data-testid="stPlotlyChart"] .main-svg'),
        ("/country", '[data-testid="stPlotlyChart"] .main-svg'),
        ("/country?country=KEN", '[data-testid="stPlotlyChart"] .main-svg'),
        ("/country?country=KEN", '[data-testid="stDeckGlJsonChart"] canvas'),
        ("/country?country=zzz", '[data-testid="stAlert"]'),
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


def test_a_bad_link_is_corrected_in_the_address_bar_with_notes(server_url, visit):
    # The router drops invalid values from the URL and reruns once before any widget reads it.
    page = visit.open(server_url + "/map?year=inf&status=active&status=closed&organization=NATO")
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Ignored the year in the link").count() == 1
    assert sidebar.get_by_text("Ignored the status in the link").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "year=" not in page.url and "status=" not in page.url
    assert "organization=NATO" in page.url
    assert visit.unexpected_errors() == []


@pytest.mark.parametrize(
    ("path", "charts"),
    [
        # Personnel per year and fatalities per year.
        ("/mission?mission=monuc", 2),
        # Aligned personnel curves and fatalities per 1,000 personnel-years.
        ("/compare?compare=unamid&compare=minusma", 2),
        # Lifespans, active per year, personnel per year, fatalities per year.
        ("/timeline?organization=UN", 4),
    ],
)
def test_personnel_and_fatality_charts_are_drawn(server_url, visit, path, charts):
    page = visit.open(server_url + path)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= "
        f"{charts}",
        timeout=60_000,
    )
    bars = page.locator('[data-testid="stPlotlyChart"] .main-svg .point path')
    assert bars.count() > 0
    assert visit.unexpected_errors() == []
    assert visit.outside_requests == []


def test_personnel_download_delivers_every_dataset_with_its_citation(server_url, visit):
    from missions.exports import CSV_PREAMBLE_LINES

    page = visit.open(server_url + "/data?organization=NATO")
    button = page.get_by_role("button", name="Download personnel per year (CSV)")
    button.wait_for(state="visible", timeout=60_000)
    with page.expect_download() as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename.startswith("peacekeeping-atlas_nato_")
    assert download.suggested_filename.endswith("_personnel.csv")
    data = Path(download.path()).read_bytes()
    assert b"Bara, C. & Hultman, L. (2020)" in data.splitlines()[2]
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    assert {"ifor", "sfor", "kfor", "isaf"} <= set(table["mission_id"])
    assert set(table["shown"]) == {"yes"}
    assert visit.outside_requests == []


def test_a_host_country_link_on_a_profile_opens_the_country_page(server_url, visit):
    page = visit.open(server_url + "/mission?mission=unmiss")
    link = page.get_by_role("link", name="South Sudan")
    link.first.wait_for(state="visible", timeout=60_000)
    link.first.click()
    page.wait_for_url("**/country?country=SSD", timeout=60_000)
    page.get_by_role("heading", name="South Sudan (SSD)").wait_for(timeout=60_000)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert visit.unexpected_errors() == []
    assert visit.outside_requests == []


def test_contributions_download_holds_the_country_tables_of_the_view(server_url, visit):
    from missions.exports import CSV_PREAMBLE_LINES

    page = visit.open(server_url + "/data?organization=UN&years=2015&years=2015")
    button = page.get_by_role("button", name="Download contributions per country (CSV)")
    button.wait_for(state="visible", timeout=60_000)
    with page.expect_download() as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename.endswith("_contributions.csv")
    data = Path(download.path()).read_bytes()
    assert b"github.com/corinnee/UN_Peacekeeping_Analytics" in data.splitlines()[2]
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    assert {"unmiss", "minusma", "unifil"} <= set(table["mission_id"])
    assert {"country", "country_name", "total"} <= set(table.columns)
    assert visit.outside_requests == []


# --- the Map: play, hover and click (WebGL in software, so that deck.gl draws) ------------


@pytest.fixture
def map_visit(browser):
    opened = Visit(browser, init_script=MAP_HOOKS)
    yield opened
    opened.close()


def test_play_advances_the_year_and_redraws_the_map_then_pause_stops(server_url, map_visit):
    page = map_visit.open(server_url + "/map?year=2003&view=africa")
    page.wait_for_selector(MAP_CANVAS, state="visible", timeout=60_000)
    page.wait_for_timeout(1500)
    draws_before = page.evaluate("window.__atlas.draws.length")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        f"Number(document.querySelector('{YEAR_SLIDER}').value) >= 2006", timeout=60_000
    )
    page.get_by_role("button", name="Pause").click()
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_timeout(500)
    trace = page.evaluate("window.__atlas")
    steps = [step for step in year_steps(trace) if step["year"] in (2004, 2005, 2006)]
    assert [step["year"] for step in steps] == [2004, 2005, 2006]
    assert all(step["ms"] is not None for step in steps), steps  # new points drawn each year
    assert len(trace["draws"]) > draws_before
    paused_at = page.locator(YEAR_SLIDER).input_value()
    page.wait_for_timeout(2500)
    assert page.locator(YEAR_SLIDER).input_value() == paused_at
    assert f"year={paused_at}" in page.url
    assert map_visit.unexpected_errors() == []
    assert map_visit.outside_requests == []


def isolated_circle(year: int, preset: str) -> tuple[dict, tuple[float, float, float]]:
    """A site of the Map with no other circle within 30 pixels, and the view it is drawn in."""
    import numpy as np

    from components.maps import MapLabels, map_deck, to_pixels
    from missions.dataset import load_dataset
    from missions.places import SERVED_OUTLINES_URL, places_in_year, view_state

    dataset = load_dataset()
    view = view_state(preset, None)
    places = places_in_year(dataset.missions, dataset.deployments, year)
    labels = MapLabels(dataset.labels("mission_type"), dataset.labels("hq_level"))
    spec = json.loads(map_deck(places, SERVED_OUTLINES_URL, labels, view).to_json())
    circles = next(layer for layer in spec["layers"] if layer["id"] == "markers")["data"]
    x, y = to_pixels(*zip(*(circle["position"] for circle in circles), strict=True), view[2])
    for index, circle in enumerate(circles):
        distance = np.hypot(x - x[index], y - y[index])
        distance[index] = np.inf
        if circle["count"] == 1 and distance.min() > 30 and "troops on average" in circle["tip"]:
            return circle, view
    raise AssertionError("no isolated site")


def test_hovering_a_site_names_it_and_clicking_opens_the_mission_card(server_url, map_visit):
    from components.maps import to_pixels

    circle, (latitude, longitude, zoom) = isolated_circle(2005, "africa")
    page = map_visit.open(server_url + "/map?year=2005&view=africa")
    canvas = page.locator(MAP_CANVAS).first
    canvas.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1500)
    box = canvas.bounding_box()
    (centre_x,), (centre_y,) = to_pixels([longitude], [latitude], zoom)
    (point_x,), (point_y,) = to_pixels([circle["position"][0]], [circle["position"][1]], zoom)
    x = box["x"] + box["width"] / 2 + point_x - centre_x
    y = box["y"] + box["height"] / 2 + point_y - centre_y
    tooltip = page.locator(".deck-tooltip")
    page.mouse.move(x, y)
    tooltip.first.wait_for(state="visible", timeout=10_000)
    shown = tooltip.first.inner_text()
    assert shown.splitlines()[:2] == circle["tip"].splitlines()[:2]  # the mission, the place
    assert "troops" in shown.lower() or "Troops" in shown
    page.mouse.click(x, y)
    link = page.get_by_role("link", name="Open its profile")
    link.wait_for(state="visible", timeout=30_000)
    assert f"mission={circle['mission_id']}" in link.get_attribute("href")
    compare = page.get_by_role("link", name="Compare it")
    assert f"compare={circle['mission_id']}" in compare.get_attribute("href")
    assert map_visit.unexpected_errors() == []
