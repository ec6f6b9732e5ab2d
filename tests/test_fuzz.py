"""Property-based fuzzing of links: arbitrary query strings fed to every page through AppTest.

Hypothesis builds links from the known parameters (organization, mission_type, category,
region, status, years, q, year, view, compare, mission, country) and random ones, with values
that are valid, nearly valid (case, spaces, a letter too many), unicode, very long, empty,
repeated, numbers out of range and markup. For each link the app runs from app.py (the
Overview, where the router checks the link), then switches to the page under test. Properties:

- no exception, and the page has a title;
- every filter widget holds only valid values (taxonomy codes, a status, years in range and in
  order, at most 100 characters of search text, known mission ids, at most four compared);
- a value of the link that the widgets did not take gets a note, and a note is only given for a
  value the widgets did not take (sidebar notes for the shared filters, the year and the map
  view, page warnings for `compare`, `mission` and `country`; a country code is taken in any
  case, with spaces around it ignored).

The examples are derandomized (the same on every run) and nothing is written to .hypothesis/.
ATLAS_FUZZ_EXAMPLES sets the number of examples per page (default 63: 9 pages × 63 = 567).
"""

from __future__ import annotations

import math
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from missions.countries import country_pages, normalized_code
from missions.dataset import Dataset, load_dataset
from missions.filters import MAP_VIEWS, MAX_TEXT_LENGTH, MULTI_VALUE_PARAMS, STATUS_CODES
from missions.markdown import markdown_literal
from missions.summary import year_span

pytestmark = pytest.mark.app

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE_FILES = sorted(
    f"app_pages/{path.name}"
    for path in (Path(APP).parent / "app_pages").glob("*.py")
    if path.name != "__init__.py"
)
TIMEOUT = 120
EXAMPLES_PER_PAGE = int(os.environ.get("ATLAS_FUZZ_EXAMPLES", "63"))
MAX_COMPARED = 4

KNOWN_KEYS = (
    *MULTI_VALUE_PARAMS,
    "status",
    "years",
    "q",
    "year",
    "view",
    "compare",
    "mission",
    "country",
)
# Widget keys of the pages that are not bound to the URL, and Streamlit's own embed options.
OTHER_KEYS = (
    "timeline_color",
    "taxonomy_kind",
    "mission_table",
    "map_selection",
    "map_play",
    "embed_options",
    "ranking_year",
    "locator_map",
)
# The words of the sidebar note on each parameter (notes are escaped Markdown; these have no
# character that escaping changes).
NOTE_WORDS = {
    "organization": "unknown organization",
    "category": "unknown category",
    "mission_type": "unknown mission type",
    "region": "unknown region",
    "status": "status in the link",
    "years": "years in the link",
    "q": "search text in the link",
    "year": "year in the link",
    "view": "map view in the link",
}

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** [link](javascript:alert(1))",
    '=HYPERLINK("http://x.invalid","click")',
    "@SUM(1+1)",
    "+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    ":red[x] $\\pi$ :material/home:",
    "../../etc/passwd",
    "' OR 1=1 --",
    "{{7*7}} ${7*7}",
    "\x00",
    "\u202e\u200b\ufeff",
    "a&b=c#d",
)
ODD_NUMBERS = (
    "inf",
    "-inf",
    "nan",
    "1e3",
    "1990.5",
    "1990.0",
    "0x7c6",
    "1_990",
    "١٩٩٠",
    " 1990 ",
    "+1990",
    "-0",
    "9" * 400,
)


@cache
def atlas() -> Dataset:
    return load_dataset()


@cache
def year_range() -> tuple[int, int]:
    dataset = atlas()
    return year_span(dataset.missions, dataset.as_of)


def valid_values(key: str) -> list[str]:
    """The values a parameter accepts (years: every year of the data's range)."""
    dataset = atlas()
    if key in MULTI_VALUE_PARAMS:
        return dataset.codes(key)
    if key == "status":
        return list(STATUS_CODES)
    if key in ("years", "year"):
        first, last = year_range()
        return [str(year) for year in range(first, last + 1)]
    if key in ("compare", "mission"):
        return dataset.missions["mission_id"].tolist()
    if key == "country":
        return list(country_pages(dataset))
    if key == "view":
        return list(MAP_VIEWS)
    return ["angola", "UN", "Sarajevo", "SLE"]  # q: words that match missions


def near_misses(valid: list[str]) -> st.SearchStrategy[str]:
    """Valid values changed a little: case, spaces, one character more or less, look-alikes."""
    base = st.sampled_from(valid)
    return st.one_of(
        base.map(str.lower),
        base.map(str.upper),
        base.map(lambda value: f" {value}"),
        base.map(lambda value: value + "\u200b"),
        base.map(lambda value: value[:-1]),
        base.map(lambda value: value + "x"),
        base.map(lambda value: value.replace("-", "_").replace("o", "\u043e")),
    )


JUNK = st.one_of(
    st.just(""),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.builds(lambda char, count: char * count, st.sampled_from("xé中<%"), st.integers(90, 5000)),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(repr),
    st.sampled_from(ODD_NUMBERS),
    st.sampled_from(HOSTILE),
)


def values_of(key: str) -> st.SearchStrategy[list[str]]:
    """One to five values for a parameter (a repeated key in the URL)."""
    valid = valid_values(key)
    one = st.one_of(st.sampled_from(valid), near_misses(valid), JUNK)
    return st.lists(one, min_size=1, max_size=5)


@st.composite
def links(draw: st.DrawFn) -> dict[str, list[str]]:
    """A query: some known parameters, sometimes an unknown or unrelated one."""
    known = draw(st.fixed_dictionaries({}, optional={key: values_of(key) for key in KNOWN_KEYS}))
    other_keys = st.one_of(
        st.sampled_from(OTHER_KEYS),
        st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20),
    )
    others = draw(st.dictionaries(other_keys, st.lists(JUNK, min_size=1, max_size=3), max_size=2))
    return {**{k: v for k, v in others.items() if k not in KNOWN_KEYS}, **known}


def given_values(query: dict[str, list[str]], key: str) -> list[str]:
    return [value for value in query.get(key, []) if value]


def as_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def taken(query: dict[str, list[str]], key: str, value: object) -> bool:
    """Whether the widget `value` holds everything the link gave for `key`."""
    given = given_values(query, key)
    if key == "q":
        texts = query.get("q", [])
        return not texts or value == texts[-1]
    if not given:
        return True
    if key in MULTI_VALUE_PARAMS:
        return set(given) <= set(value)
    if key == "status":
        return len(given) == 1 and value == given[0]
    if key == "years":
        numbers = [as_number(text) for text in given]
        return len(numbers) == 2 and tuple(numbers) == tuple(value)
    if key == "year":
        return len(given) == 1 and value is not None and as_number(given[0]) == value
    if key == "view":
        return len(given) == 1 and value == given[0]
    raise AssertionError(key)


def shared_filter_values(app: AppTest) -> dict[str, object]:
    state = app.session_state
    return {key: state[key] for key in (*MULTI_VALUE_PARAMS, "status", "years", "q")}


def assert_filters_valid(values: dict[str, object]) -> None:
    for key in MULTI_VALUE_PARAMS:
        chosen = values[key]
        assert set(chosen) <= set(valid_values(key)), (key, chosen)
        assert len(set(chosen)) == len(chosen), (key, chosen)
    assert values["status"] in (None, *STATUS_CODES)
    first, last = year_range()
    low, high = values["years"]
    assert isinstance(low, int) and isinstance(high, int)
    assert first <= low <= high <= last, values["years"]
    assert isinstance(values["q"], str) and len(values["q"]) <= MAX_TEXT_LENGTH


def assert_notes_match(query: dict[str, list[str]], values: dict[str, object], notes: str) -> None:
    for key, value in values.items():
        if key not in query:
            assert NOTE_WORDS[key] not in notes, (key, notes)
            continue
        if key in MULTI_VALUE_PARAMS:
            kept = {v for v in query[key] if v in valid_values(key)}
            assert set(value) == kept, f"a valid {key} in the link was not applied"
        was_taken = taken(query, key, value)
        assert was_taken == (NOTE_WORDS[key] not in notes), (key, query[key], value, notes)


def check_page(app: AppTest, page: str, query: dict[str, list[str]], first_notes: str) -> None:
    """The page-level parameters: year (Map, Timeline), compare and mission."""
    warnings = " ".join(warning.value for warning in app.warning)
    ids = valid_values("mission")
    year_boxes = [box for box in (*app.number_input, *app.slider) if box.key == "year"]
    if year_boxes:  # Map (a slider) and Timeline, unless no mission matches the filters
        year = year_boxes[0].value
        first, last = year_range()
        assert year is None or (isinstance(year, int) and first <= year <= last)
        if "year" in query:
            assert taken(query, "year", year) == (NOTE_WORDS["year"] not in first_notes)
    view_boxes = [box for box in app.selectbox if box.key == "view"]
    if view_boxes:  # the Map
        view = view_boxes[0].value
        assert view in MAP_VIEWS
        if "view" in query:
            assert taken(query, "view", view) == (NOTE_WORDS["view"] not in first_notes)
    if page == "app_pages/compare.py":
        chosen = app.multiselect(key="compare").value
        assert set(chosen) <= set(ids) and len(set(chosen)) == len(chosen) <= MAX_COMPARED
        left_out = [value for value in given_values(query, "compare") if value not in chosen]
        assert bool(left_out) == ("Ignored in the link" in warnings), (left_out, warnings)
        for value in left_out[:5]:
            assert markdown_literal(value[:40]) in warnings
    if page == "app_pages/country.py":
        shown = app.selectbox(key="country").value
        assert shown is None or shown in valid_values("country")
        given = given_values(query, "country")
        # The first value that is a code (in any case) is shown; every other one is named.
        taken_at = next(
            (i for i, value in enumerate(given) if normalized_code(value) == shown), None
        )
        left_out = [value for i, value in enumerate(given) if i != taken_at]
        named = "Ignored in the link" in warnings or "no country with the code" in warnings
        assert bool(left_out) == named, (left_out, warnings)
        if shown is None and given:
            assert "no country with the code" in warnings
    if page == "app_pages/profile.py":
        shown = app.selectbox(key="mission").value
        assert shown is None or shown in ids
        left_out = [value for value in given_values(query, "mission") if value != shown]
        named = "Ignored in the link" in warnings or "no mission with the id" in warnings
        assert bool(left_out) == named, (left_out, warnings)


def run_link(query: dict[str, list[str]], page: str) -> None:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, values in query.items():
        app.query_params[key] = values
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert app.title, "the Overview shows no title"
    notes = " ".join(warning.value for warning in app.sidebar.warning)
    values = shared_filter_values(app)
    assert_filters_valid(values)
    assert_notes_match(query, values, notes)

    app.switch_page(page).run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert app.title, f"{page} shows no title"
    assert_filters_valid(shared_filter_values(app))
    check_page(app, page, query, notes)


@pytest.mark.parametrize("page", PAGE_FILES)
@settings(
    max_examples=EXAMPLES_PER_PAGE,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: one AppTest run takes up to a second, and shrinking a failing link can take
    # many minutes. The examples are derandomized, so a failure reappears on every run.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(query=links())
# Links that once failed, always tried first: year=inf raised OverflowError; two statuses and
# years in reverse order were applied though the note said ignored; an unknown mission id next
# to a known one was dropped without a note; a line break in the search text.
@example(query={"year": ["inf"]})
@example(query={"status": ["closed", "active"], "years": ["2010", "1990"]})
@example(query={"mission": ["-inf", "isaf"], "compare": ["ifor", "ifor", "unok"]})
@example(query={"q": ["a\n=1+1"], "organization": ["[x](http://x.invalid)"]})
# The Map's slider and view: a year with spaces, a view in capitals, two views.
@example(query={"year": [" 1990 "], "view": ["Africa"]})
@example(query={"year": ["2005"], "view": ["europe", "fit"]})
def test_any_link_opens_every_page_with_valid_filters_and_true_notes(page, query):
    run_link(query, page)


def test_the_fuzzer_covers_every_page():
    assert len(PAGE_FILES) == 9
    assert EXAMPLES_PER_PAGE * len(PAGE_FILES) >= 500 or "ATLAS_FUZZ_EXAMPLES" in os.environ
