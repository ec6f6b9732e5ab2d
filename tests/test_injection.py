"""Hostile text in the data: every export neutralizes formulas and no page runs markup.

tests/fixtures/injection is the fictional fixture with hostile text in the free-text fields
(names, acronyms, headquarters, authorizations, summaries, outcomes, personnel notes, partner
names, challenge notes, source titles and publishers, excluded claims, about.csv values):
spreadsheet formulas (=, +, -, @, and tab or CR before them), HTML (<img onerror>, <script>,
<a href="javascript:…">) and Markdown (**bold**, [link](javascript:…)). Ids, codes, dates and
URLs stay valid, so the data passes validation. (Leading tabs and CRs are stripped at load, so
they are also fed to the exports directly.)

The pure tests read the CSV back with the csv module, the workbooks with openpyxl and the PDFs
with pdftotext. The browser tests (marker `browser`) serve the app on this data and check that
no image, script or javascript: link was made from it, no dialog opened, and that the text shows
literally.
"""

from __future__ import annotations

import csv
import io
import math
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from components.charts import personnel_figure, timeline_figure
from missions.briefing import comparison_pdf, fact_sheet_pdf
from missions.compare import comparison_table, task_matrix
from missions.dataset import Dataset, load_dataset
from missions.exports import (
    CSV_PREAMBLE_LINES,
    FORMULA_TRIGGERS,
    comparison_excel_bytes,
    derived_csv_bytes,
    excel_bytes,
    missions_csv_bytes,
)
from missions.lineage import handover_edges
from missions.markdown import WORD_JOINER
from tests.browser_support import APP_IDLE, Visit, chromium, streamlit_server
from tests.conftest import INJECTION_DIR, make_fixture_dir

LINK_FORMULA = '=HYPERLINK("http://x.invalid","click")'
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
MARKDOWN = "**bold** [link](javascript:alert(1))"
JS_ANCHOR = '<a href="javascript:alert(1)">TFB</a>'
FORMULAS = (LINK_FORMULA, "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3", "=1+1")
# Hostile markup that must reach every export as it is written.
MARKUP = (IMG, SCRIPT, MARKDOWN, JS_ANCHOR)
MISSION_IDS = ["tmo", "tfa", "tfb", "tmc"]


@pytest.fixture(scope="module")
def injection_dir(tmp_path_factory) -> Path:
    return make_fixture_dir(tmp_path_factory.mktemp("injection") / "data", INJECTION_DIR)


@pytest.fixture(scope="module")
def hostile(injection_dir) -> Dataset:
    return load_dataset(injection_dir)


def is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def assert_no_live_formula(cells: list[object], where: str) -> None:
    """No text cell starts with a formula character unless it is a plain number."""
    for cell in cells:
        if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
            assert is_number(cell), f"{where}: formula not neutralized: {cell!r}"


def workbook_cells(data: bytes) -> dict[str, list[object]]:
    """Every cell value of every sheet; fails if any cell is stored as a formula."""
    workbook = load_workbook(io.BytesIO(data))
    cells: dict[str, list[object]] = {}
    for sheet in workbook.worksheets:
        cells[sheet.title] = []
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                cells[sheet.title].append(cell.value)
    return cells


def squeezed(text: str) -> str:
    """Text without whitespace, so words a PDF wrapped across lines can still be found."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def assert_inert_pdf(data: bytes) -> None:
    """A PDF with no script, launch or link action, and no form (its /OpenAction is a view)."""
    assert data.startswith(b"%PDF-")
    actions = re.findall(rb"/(?:JavaScript|JS|Launch|URI|AcroForm|AA)(?=[\s/<>\[\]()])", data)
    assert actions == [], f"the PDF holds {actions}"


needs_pdftotext = pytest.mark.skipif(
    subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
    reason="poppler-utils (pdftotext) is installed by the test command",
)


def test_the_injection_fixture_passes_validation_with_its_hostile_text(hostile):
    missions = hostile.missions.set_index("mission_id")
    assert missions.loc["tmo", "name"] == MARKDOWN
    assert missions.loc["tfa", "acronym"] == "=1+1"
    assert missions.loc["tfb", "acronym"] == JS_ANCHOR
    assert missions.loc["tmc", "acronym"] == IMG
    assert LINK_FORMULA in set(hostile.sources["title"])
    assert hostile.about["citation"] == LINK_FORMULA


def test_csv_export_neutralizes_every_formula(hostile):
    data = missions_csv_bytes(hostile.missions, "All 4 missions", hostile).decode("utf-8")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    preamble, header, body = rows[:CSV_PREAMBLE_LINES], rows[CSV_PREAMBLE_LINES], rows[4:]
    assert all(row[0].startswith("#") for row in preamble)
    assert header[0] == "mission_id" and len(body) == 4
    cells = [cell for row in body for cell in row]
    assert_no_live_formula(cells, "CSV")
    for formula in FORMULAS:
        assert "'" + formula in cells
    for markup in (SCRIPT, MARKDOWN, JS_ANCHOR):
        assert markup in cells


def test_csv_preamble_stays_three_comment_lines_whatever_the_filter_text(hostile):
    # The filter sentence carries the link's search text, which can hold a line break.
    description = 'matching “x\r\n=HYPERLINK("http://x.invalid")\n@SUM(1)”'
    data = missions_csv_bytes(hostile.missions, description, hostile).decode("utf-8")
    lines = data.split("\n")
    assert all(line.startswith("# ") for line in lines[:CSV_PREAMBLE_LINES])
    assert "\r" not in "".join(lines[:CSV_PREAMBLE_LINES])
    assert lines[CSV_PREAMBLE_LINES].startswith("mission_id,")
    table = pd.read_csv(io.BytesIO(data.encode("utf-8")), skiprows=CSV_PREAMBLE_LINES)
    assert table["mission_id"].tolist() == MISSION_IDS


@pytest.mark.parametrize("table", ["personnel", "fatalities"])
def test_personnel_and_fatality_csv_cite_hostile_dataset_titles_only_in_comment_lines(
    hostile, table
):
    description = 'matching “x\r\n=HYPERLINK("http://x.invalid")”'
    data = derived_csv_bytes(table, hostile.missions, description, hostile).decode("utf-8")
    lines = data.split("\n")
    assert all(line.startswith("# ") for line in lines[:CSV_PREAMBLE_LINES])
    assert LINK_FORMULA in lines[2] or "<a href" in lines[2]
    rows = list(csv.reader(io.StringIO("\n".join(lines[CSV_PREAMBLE_LINES:]), newline="")))
    assert rows[0][0] == "mission_id" and len(rows) > 1
    assert_no_live_formula([cell for row in rows for cell in row], table)


def test_series_charts_show_hostile_acronyms_as_text(hostile):
    from components.series_charts import aligned_personnel_figure, fatality_rate_figure
    from missions.series import aligned_personnel, fatality_rates

    ids = ["tfa", "tmc"]
    titles = dict(zip(hostile.missions["mission_id"], hostile.missions["acronym"], strict=True))
    curves = aligned_personnel(hostile.shown_personnel, hostile.missions, ids)
    names = [trace.name for trace in aligned_personnel_figure(curves, titles, {}).data]
    assert names == ["=1+1", "&lt;img src=x onerror=alert(1)&gt;"]
    rates = fatality_rates(hostile.shown_personnel, hostile.fatalities, ids, ids)
    bars = fatality_rate_figure(rates, titles).data[0]
    assert list(bars.x) == ["=1+1", "&lt;img src=x onerror=alert(1)&gt;"]


def test_excel_export_has_no_formula_and_keeps_the_text(hostile):
    cells = workbook_cells(excel_bytes(hostile, hostile.missions, "All 4 missions", "2026-11-21"))
    for sheet, values in cells.items():
        assert_no_live_formula(values, sheet)
    assert "'" + LINK_FORMULA in cells["Missions"]
    assert SCRIPT in cells["Missions"] and MARKDOWN in cells["Missions"]
    assert "'" + LINK_FORMULA in cells["Partners"]
    assert "'-2+3 is a note that looks like a formula." in cells["Challenges"]
    assert "'" + LINK_FORMULA in cells["Sources"]
    assert "'" + LINK_FORMULA in cells["About this extract"]  # the citation


def test_comparison_excel_has_no_formula_even_in_its_headers(hostile):
    # Column titles are acronyms: "=1+1" must not become a formula in a header cell.
    facts = comparison_table(hostile, MISSION_IDS)
    matrix = task_matrix(hostile, MISSION_IDS)
    data = comparison_excel_bytes(hostile, facts, matrix, MISSION_IDS, "2026-11-21")
    cells = workbook_cells(data)
    for sheet, values in cells.items():
        assert_no_live_formula(values, sheet)
    assert "'=1+1" in cells["Comparison"]
    assert "'=1+1" in cells["Mandate matrix"]
    assert IMG in cells["Comparison"] and JS_ANCHOR in cells["Comparison"]


@pytest.mark.parametrize("field", ["name", "summary", "hq_name", "personnel_note"])
@pytest.mark.parametrize("prefix", ["\t", "\r", "\t\r"])
def test_tab_and_cr_prefixed_formulas_are_neutralized_in_csv_and_excel(hostile, field, prefix):
    # Loading strips a leading tab or CR, so feed them to the exports directly.
    view = hostile.missions.assign(**{field: prefix + "=1+1"})
    text = missions_csv_bytes(view, "x", hostile).decode("utf-8")
    cells = [
        cell
        for row in list(csv.reader(io.StringIO(text, newline="")))[CSV_PREAMBLE_LINES + 1 :]
        for cell in row
    ]
    assert_no_live_formula(cells, "CSV")
    # The CSV writes every line break as LF, which it quotes (a bare CR would end the row).
    neutralized = "'" + prefix.replace("\r", "\n") + "=1+1"
    assert cells.count(neutralized) == 4
    sheets = workbook_cells(excel_bytes(hostile, view, "x", "2026-11-21"))
    assert_no_live_formula(sheets["Missions"], "Missions")
    # openpyxl keeps a CR as "&#13;" when lxml is installed (python-pptx brings it) and reads it
    # back as CR; with Python's own XML parser it reads back as LF. Either way it is neutralized.
    kept = sheets["Missions"].count("'" + prefix + "=1+1")
    assert kept == 4 or sheets["Missions"].count(neutralized) == 4


@needs_pdftotext
def test_comparison_briefing_prints_the_hostile_text_literally(hostile):
    data = comparison_pdf(hostile, MISSION_IDS)
    assert_inert_pdf(data)
    text = squeezed(pdf_text(data))
    for markup in (*MARKUP, "@SUM(1+1)"):
        assert squeezed(markup) in text, markup
    assert squeezed("'" + LINK_FORMULA) in text  # a source title, neutralized like the exports


@needs_pdftotext
@pytest.mark.parametrize("mission_id", MISSION_IDS)
def test_fact_sheet_prints_the_hostile_text_literally(hostile, mission_id):
    data = fact_sheet_pdf(hostile, mission_id)
    assert_inert_pdf(data)
    text = squeezed(pdf_text(data))
    row = hostile.missions.set_index("mission_id").loc[mission_id]
    assert squeezed(row["acronym"]) in text
    assert squeezed(row["name"]) in text
    assert squeezed(str(row["summary"])).lstrip("'") in text


def test_charts_show_acronyms_and_names_as_text_not_as_plotly_markup(hostile):
    missions = hostile.missions
    labels = {**hostile.labels("organization"), **hostile.labels("mission_type")}
    edges = handover_edges(hostile.partners)
    timeline = timeline_figure(missions, "organization", labels, hostile.as_of, edges)
    labels = [label for trace in timeline.data if trace.type == "bar" for label in trace.y]
    assert "&lt;img src=x onerror=alert(1)&gt;" in labels
    assert '&lt;a href="javascript:alert(1)"&gt;TFB&lt;/a&gt;' in labels
    names = [row[0] for trace in timeline.data if trace.type == "bar" for row in trace.customdata]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in names
    personnel = [row[0] for trace in personnel_figure(missions).data for row in trace.customdata]
    assert "=1+1" in personnel and "TMO" in personnel


# --- Browser: the app served on the hostile data -------------------------------------------

# What the page made from the data: images, scripts, javascript: or x.invalid links (HTML or
# SVG), inline event handlers, and Markdown emphasis around the word "bold".
DOM_FROM_DATA = """() => {
  const links = Array.from(document.querySelectorAll('a')).map(
    a => (a.getAttribute('href') || a.getAttribute('xlink:href') || '').trim().toLowerCase());
  return {
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.querySelectorAll('script'))
      .filter(s => s.textContent.includes('alert(1)')).length,
    javascriptLinks: links.filter(h => h.startsWith('javascript')).length,
    invalidHostLinks: links.filter(h => h.includes('x.invalid')).length,
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    emphasis: Array.from(document.querySelectorAll('strong, b, em'))
      .filter(e => e.textContent.trim() === 'bold').length,
  };
}"""
NOTHING_MADE = {
    "images": 0,
    "scripts": 0,
    "javascriptLinks": 0,
    "invalidHostLinks": 0,
    "handlers": 0,
    "emphasis": 0,
}


@pytest.fixture(scope="module")
def injection_url(injection_dir):
    pytest.importorskip("playwright.sync_api")
    with streamlit_server(str(injection_dir)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api")
    with chromium() as instance:
        yield instance


@pytest.fixture
def visit(browser):
    opened = Visit(browser)
    yield opened
    opened.close()


def visible_text(page) -> str:
    """The page's text as a reader sees it (without the invisible word joiners)."""
    return page.inner_text("body").replace(WORD_JOINER, "")


def assert_nothing_ran(visit: Visit) -> None:
    page = visit.page
    assert page.evaluate(DOM_FROM_DATA) == NOTHING_MADE
    assert page.locator('[data-testid="stException"]').count() == 0
    assert visit.dialogs == []
    assert visit.outside_requests == []
    assert visit.unexpected_errors() == []


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "ready", "literal"),
    [
        ("/", '[data-testid="stPlotlyChart"] .main-svg', [SCRIPT]),  # about.csv version
        ("/data", '[data-testid="stDataFrame"]', []),
        ("/mission?mission=tmo", '[data-testid="stDataFrame"]', [MARKDOWN, SCRIPT]),
        ("/mission?mission=tfa", '[data-testid="stDataFrame"]', [LINK_FORMULA, "=1+1"]),
        ("/mission?mission=tfb", '[data-testid="stDataFrame"]', [JS_ANCHOR, SCRIPT]),
        ("/mission?mission=tmc", '[data-testid="stDataFrame"]', [IMG, "@SUM(1+1)"]),
        (
            "/compare?compare=tfa&compare=tmc&compare=tfb&compare=tmo",
            '[data-testid="stTable"]',
            [LINK_FORMULA, IMG, SCRIPT, MARKDOWN, JS_ANCHOR, "+cmd|' /C calc'!A0"],
        ),
        # Grouped by organization, only the largest group (NATO) is open: TMC's acronym (IMG)
        # is checked on the axis with no grouping, below.
        ("/timeline", '[data-testid="stPlotlyChart"] .main-svg', [JS_ANCHOR]),
        ("/breakdown", '[data-testid="stPlotlyChart"] .main-svg', []),
        ("/map", '[data-testid="stDeckGlJsonChart"] canvas', [IMG]),  # not placed: tmc
    ],
)
def test_hostile_text_shows_literally_and_nothing_runs(injection_url, visit, path, ready, literal):
    page = visit.open(injection_url + path)
    page.wait_for_selector(ready, state="visible", timeout=60_000)
    if path == "/timeline":
        ungroup_timeline(page)
    page.wait_for_timeout(500)
    text = visible_text(page)
    for value in literal:
        assert value in text, f"{value!r} is not shown literally on {path}"
    assert_nothing_ran(visit)


def ungroup_timeline(page) -> None:
    """One lifespan chart with every mission, whichever groups the Timeline opens by default."""
    page.get_by_text("No grouping", exact=True).click()
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
    page.wait_for_timeout(500)


@pytest.mark.browser
def test_timeline_axis_shows_acronyms_as_text_not_as_plotly_markup(injection_url, visit):
    page = visit.open(injection_url + "/timeline")
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
    ungroup_timeline(page)
    ticks = page.evaluate(
        "() => Array.from(document.querySelectorAll('.ytick text')).map(t => t.textContent)"
    )
    assert IMG in ticks and JS_ANCHOR in ticks and "=1+1" in ticks
    assert page.locator(".ytick a").count() == 0
    assert_nothing_ran(visit)


@pytest.mark.browser
def test_sources_page_tabs_show_titles_and_claims_literally(injection_url, visit):
    page = visit.open(injection_url + "/sources")
    page.wait_for_selector('[data-testid="stDataFrame"]', state="visible", timeout=60_000)
    page.get_by_role("tab", name="Excluded claims", exact=True).click()
    page.wait_for_timeout(500)
    text = visible_text(page)
    for value in (MARKDOWN, IMG, SCRIPT, LINK_FORMULA):
        assert value in text
    page.get_by_role("tab", name="Method and citation").click()
    page.wait_for_timeout(500)
    assert MARKDOWN in visible_text(page)  # the licence
    assert_nothing_ran(visit)


@pytest.mark.browser
def test_map_tooltip_shows_name_and_headquarters_literally(injection_url, visit):
    # 1958: TMO's two sites (hostile place names), grouped at its headquarters at world scale.
    page = visit.open(injection_url + "/map?year=1958")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1000)
    x, y = screen_point(canvas.bounding_box(), latitude=33.89, longitude=35.5)  # TMO, Beirut
    tooltip = page.locator(".deck-tooltip")
    for dx, dy in ((0, 0), (-2, 0), (2, 0), (0, -2), (0, 2)):
        page.mouse.move(x + dx, y + dy)
        page.wait_for_timeout(300)
        if tooltip.count() and tooltip.first.inner_text().strip():
            break
    shown = tooltip.first.inner_text()
    assert MARKDOWN in shown and IMG in shown and LINK_FORMULA in shown
    assert tooltip.first.locator("img, script, a, strong").count() == 0
    assert_nothing_ran(visit)


def screen_point(box: dict, latitude: float, longitude: float) -> tuple[float, float]:
    """Where a place is drawn on the map canvas: the Web Mercator projection of the Map page's
    initial view (components/maps.py: latitude 18, longitude 15, zoom 1.1; 512-pixel world)."""

    def mercator(lat: float, lon: float) -> tuple[float, float]:
        world = 512 * 2**1.1
        x = (lon + 180) / 360 * world
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * world
        return x, y

    centre_x, centre_y = mercator(18, 15)
    point_x, point_y = mercator(latitude, longitude)
    return (
        box["x"] + box["width"] / 2 + point_x - centre_x,
        box["y"] + box["height"] / 2 + point_y - centre_y,
    )
