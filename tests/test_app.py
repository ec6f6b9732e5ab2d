"""AppTest tier: the app runs from app.py through its router, page by page, with deep links."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from missions.dataset import load_dataset
from missions.filters import active_in
from missions.markdown import markdown_literal
from missions.summary import year_span
from tests.malformed import CASES

pytestmark = pytest.mark.app

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE_FILES = sorted(
    f"app_pages/{path.name}"
    for path in (Path(APP).parent / "app_pages").glob("*.py")
    if path.name != "__init__.py"
)
TIMEOUT = 120


@pytest.fixture(autouse=True)
def fresh_cache():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def real_missions() -> pd.DataFrame:
    return load_dataset().missions


def run_app(query: dict[str, list[str] | str] | None = None, page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page is not None:
        app.switch_page(page).run()
    return app


def description(app: AppTest) -> str:
    return next(c.value for c in app.caption if c.value.startswith(":material/filter_alt:"))


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_renders_without_an_exception(page):
    app = run_app(page=page)
    assert not app.exception
    assert app.title, f"{page} shows no title"


def test_overview_shows_headline_figures_for_all_missions(real_missions):
    app = run_app()
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Missions"] == str(len(real_missions))
    assert metrics["Active"] == str(int(real_missions["is_active"].sum()))
    assert description(app).endswith(f"All {len(real_missions)} missions")


def test_organization_link_filters_the_data_page_to_nato(real_missions):
    app = run_app({"organization": "NATO"}, page="app_pages/data.py")
    table = app.dataframe[0].value
    expected = real_missions[real_missions["organization"] == "NATO"]["mission_id"]
    assert set(table["mission_id"]) == set(expected)
    assert set(table["organization"]) == {"NATO"}
    assert f"{len(expected)} of {len(real_missions)} missions · NATO" in description(app)


def test_filters_carry_over_to_another_page_and_combine(real_missions):
    app = run_app({"organization": ["UN"], "status": "active"})
    app.switch_page("app_pages/data.py").run()
    table = app.dataframe[0].value
    expected = real_missions[(real_missions["organization"] == "UN") & real_missions["is_active"]]
    assert set(table["mission_id"]) == set(expected["mission_id"])


def test_years_and_text_links_filter_the_table(real_missions):
    app = run_app({"years": ["1990", "1995"], "q": "angola"}, page="app_pages/data.py")
    shown = set(app.dataframe[0].value["mission_id"])
    in_years = real_missions[
        (real_missions["start_year"] <= 1995)
        & (real_missions["is_active"] | (real_missions["end_year"] >= 1990))
    ]
    about_angola = in_years[
        in_years[["name", "summary", "host_countries", "hq_name"]]
        .fillna("")
        .apply(
            lambda row: "angola" in " ".join(row).lower() or "AGO" in row["host_countries"], axis=1
        )
    ]
    assert shown == set(about_angola["mission_id"])
    assert {"unavem-i", "unavem-ii"} <= shown
    assert "monua" not in shown  # started in 1997
    assert "active 1990–1995 · matching “angola”" in description(app)


@pytest.mark.parametrize(
    ("query", "note_fragment"),
    [
        ({"organization": ["NATO", "UNOK"]}, "unknown organization"),
        ({"mission_type": "<script>alert(1)</script>"}, "unknown mission type"),
        ({"region": ""}, None),
        ({"status": "sometimes"}, "status"),
        ({"years": ["1990"]}, "years"),
        ({"years": ["2010", "1990"]}, "years"),
        ({"years": ["abc", "def"]}, "years"),
        ({"years": ["1800", "3000"]}, "years"),
        ({"q": "x" * 500}, "cut to 100"),
        ({"mission": "no-such-mission", "compare": ["a", "b"]}, None),
    ],
)
def test_bad_link_values_are_dropped_with_a_note_and_no_traceback(query, note_fragment):
    for page in PAGE_FILES:
        app = run_app(query, page=page)
        assert not app.exception
    app = run_app(query)
    notes = " ".join(warning.value for warning in app.sidebar.warning)
    if note_fragment:
        assert note_fragment in notes
    else:
        assert notes == ""


def test_a_query_with_no_match_shows_an_empty_state_not_an_empty_table():
    app = run_app({"q": "no mission is called this"}, page="app_pages/data.py")
    assert not app.dataframe
    assert any("No mission matches" in info.value for info in app.info)


def test_reset_clears_every_shared_filter(real_missions):
    app = run_app({"organization": "EU", "status": "closed", "q": "congo"})
    assert app.metric[0].value != str(len(real_missions))
    next(button for button in app.button if button.label == "Reset filters").click().run()
    assert app.multiselect(key="organization").value == []
    assert app.text_input(key="q").value == ""
    assert app.metric[0].value == str(len(real_missions))


def test_broken_data_shows_a_plain_error_page(tmp_path, monkeypatch):
    from tests.conftest import make_fixture_dir

    data = make_fixture_dir(tmp_path / "data")
    path = data / "missions.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("un-pko,observer", "un-pko,blue-helmets")
    )
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    app = run_app()
    assert not app.exception
    assert "could not be loaded" in app.error[0].value
    assert "missions.csv, row 2, column 'mission_type'" in app.code[0].value


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_malformed_data_file_shows_the_plain_error_page(tmp_path, monkeypatch, case):
    from tests.conftest import make_fixture_dir

    data = make_fixture_dir(tmp_path / "data")
    case.break_data(data)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    app = run_app()
    assert not app.exception
    assert "could not be loaded" in app.error[0].value
    assert case.location in app.code[0].value
    assert not app.sidebar.multiselect, "the filters are drawn although the data is broken"


def chart_specs(app: AppTest, element: str, field: str) -> list[dict]:
    return [json.loads(getattr(chart.proto, field)) for chart in app.get(element)]


def map_circles(app: AppTest) -> list[dict]:
    deck = chart_specs(app, "deck_gl_json_chart", "json")[0]
    return next(layer for layer in deck["layers"] if layer["id"] == "markers")["data"]


def test_map_link_shows_only_au_missions_active_in_2010(real_missions):
    app = run_app({"organization": "AU", "year": "2010"}, page="app_pages/map.py")
    assert not app.exception
    au = real_missions[real_missions["organization"] == "AU"]
    expected = active_in(au, 2010)
    placed = expected[expected["hq_lat"].notna()]
    assert {circle["mission_id"] for circle in map_circles(app)} == set(placed["mission_id"])
    assert app.slider(key="year").value == 2010
    listed = " ".join(link.proto.label for link in app.get("page_link"))
    for acronym in expected.loc[expected["hq_lat"].isna(), "acronym"]:
        assert markdown_literal(acronym) in listed


def test_map_of_2005_draws_every_un_site_and_every_other_operation(real_missions):
    dataset = load_dataset()
    app = run_app({"year": "2005"}, page="app_pages/map.py")
    assert not app.exception
    circles = map_circles(app)
    sites = dataset.deployments[dataset.deployments["year"] == 2005]
    with_sites = set(sites["mission_id"])
    assert sum(c["count"] for c in circles if c["mission_id"] in with_sites) == len(sites) == 293
    active = active_in(real_missions, 2005)
    drawn = {circle["mission_id"] for circle in circles}
    listed = " ".join(link.proto.label for link in app.get("page_link"))
    for mission in active.itertuples():
        assert mission.mission_id in drawn or markdown_literal(mission.acronym) in listed
    captions = " ".join(caption.value for caption in app.caption)
    assert "Geo-PKO, 1994–2024" in captions and "Cil, Fjelde, Hultman & Nilsson (2020)" in captions


def test_map_caption_says_when_no_deployment_sites_cover_the_year():
    app = run_app({"year": "1960"}, page="app_pages/map.py")
    assert not app.exception
    captions = " ".join(caption.value for caption in app.caption)
    assert "No deployment sites for 1960: Geo-PKO covers UN operations 1994–2024" in captions


def test_map_view_link_frames_the_region_and_a_bad_view_is_dropped_with_a_note():
    app = run_app({"view": "africa", "year": "2005"}, page="app_pages/map.py")
    deck = chart_specs(app, "deck_gl_json_chart", "json")[0]
    assert deck["initialViewState"]["zoom"] > 2 and app.selectbox(key="view").value == "africa"
    app = run_app({"view": "mars"})
    assert any("map view in the link" in warning.value for warning in app.sidebar.warning)
    app.switch_page("app_pages/map.py").run()
    assert not app.exception
    assert app.selectbox(key="view").value == "world"


def test_play_starts_and_pauses_and_starts_again_from_the_first_year_at_the_end():
    app = run_app({"organization": "NATO"}, page="app_pages/map.py")
    assert app.slider(key="year").value == load_dataset().as_of.year
    app.button(key="map_play").click().run()
    assert not app.exception
    assert app.session_state["map_playing"] is True
    assert app.button(key="map_play").label == "Pause"
    nato = load_dataset().missions.query("organization == 'NATO'")
    assert app.slider(key="year").value == int(nato["start_year"].min())
    app.button(key="map_play").click().run()
    assert app.session_state["map_playing"] is False
    assert app.button(key="map_play").label == "Play"


def test_timeline_link_shows_only_nato_missions(real_missions):
    app = run_app({"organization": "NATO"}, page="app_pages/timeline.py")
    assert not app.exception
    gantt = chart_specs(app, "plotly_chart", "spec")[0]
    bars = [trace for trace in gantt["data"] if trace["type"] == "bar"]
    assert [trace["name"] for trace in bars] == ["North Atlantic Treaty Organization"]
    assert len(bars[0]["y"]) == (real_missions["organization"] == "NATO").sum()


def test_map_year_with_no_active_mission_says_so():
    app = run_app({"organization": "NATO", "year": "1960"}, page="app_pages/map.py")
    assert not app.exception
    assert any("active in 1960" in info.value for info in app.info)


def test_compare_deep_link_shows_both_missions_side_by_side():
    app = run_app({"compare": ["ifor", "sfor"]}, page="app_pages/compare.py")
    assert not app.exception
    facts = app.table[0].value
    assert list(facts.columns) == ["IFOR", "SFOR"]
    assert facts.loc["Organization", "IFOR"] == "NATO"
    labels = [button.label for button in app.get("download_button")]
    assert labels == [
        "Download briefing (PDF)",
        "Download comparison (Excel)",
        "Download slides (PowerPoint)",
    ]


def test_compare_with_one_mission_suggests_pairs():
    app = run_app({"compare": "unamsil"}, page="app_pages/compare.py")
    assert not app.exception
    assert any("Choose at least 2" in info.value for info in app.info)
    suggestion = next(button for button in app.button if button.label == "UNAMSIL vs UNMIL")
    suggestion.click().run()
    assert app.multiselect(key="compare").value == ["unamsil", "unmil"]
    assert list(app.table[0].value.columns) == ["UNAMSIL", "UNMIL"]


def test_profile_deep_link_shows_the_mission_and_its_chain():
    app = run_app({"mission": "sfor"}, page="app_pages/profile.py")
    assert not app.exception
    assert any("SFOR" in header.value for header in app.header)
    assert any("IFOR → **SFOR** → EUFOR Althea" in md.value for md in app.markdown)


def test_profile_with_an_unknown_id_says_so_without_a_traceback():
    app = run_app({"mission": "unok"}, page="app_pages/profile.py")
    assert not app.exception
    assert any("no mission with the id “unok”" in warning.value for warning in app.warning)


def test_compare_link_with_unknown_ids_names_what_it_dropped():
    app = run_app({"compare": ["ifor", "unok", "sfor"]}, page="app_pages/compare.py")
    assert not app.exception
    assert any("“unok”" in warning.value for warning in app.warning)
    assert list(app.table[0].value.columns) == ["IFOR", "SFOR"]


def test_cached_charts_follow_each_filter_and_year_change_in_one_session(real_missions):
    """Charts are cached per filter state and page choice: every change must show its own."""
    app = run_app({"organization": "NATO"}, page="app_pages/timeline.py")

    def gantt_names() -> set[str]:
        gantt = chart_specs(app, "plotly_chart", "spec")[0]
        return {trace["name"] for trace in gantt["data"] if trace["type"] == "bar"}

    assert gantt_names() == {"North Atlantic Treaty Organization"}
    app.multiselect(key="organization").set_value(["EU"]).run()
    assert gantt_names() == {"European Union"}
    app.multiselect(key="organization").set_value(["NATO"]).run()
    assert gantt_names() == {"North Atlantic Treaty Organization"}

    app.switch_page("app_pages/map.py").run()
    nato = real_missions[real_missions["organization"] == "NATO"]
    for year in (1996, 2005, 1996):
        app.slider(key="year").set_value(year).run()
        expected = active_in(nato, year)
        assert {circle["mission_id"] for circle in map_circles(app)} == set(
            expected.loc[expected["hq_lat"].notna(), "mission_id"]
        )


@pytest.mark.parametrize("page", ["app_pages/map.py", "app_pages/timeline.py"])
@pytest.mark.parametrize("year", ["inf", "-inf", "nan", "1990.5", "99999999999999999999"])
def test_a_year_link_that_is_not_a_year_is_dropped_with_a_note(page, year):
    # year=inf used to raise OverflowError inside st.number_input's URL seeding.
    app = run_app({"year": year})
    assert any("year in the link" in warning.value for warning in app.sidebar.warning)
    app.switch_page(page).run()
    assert not app.exception
    if page == "app_pages/map.py":  # the slider's default: the data's as-of year
        assert app.slider(key="year").value == load_dataset().as_of.year
    else:
        assert app.number_input(key="year").value is None


@pytest.mark.parametrize(
    ("query", "key", "default"),
    [
        ({"status": ["active", "closed"]}, "status", None),
        ({"status": ["closed", "active"]}, "status", None),
        ({"years": ["2010", "1990"]}, "years", "the data's span"),
        ({"years": ["1990.0", "2010"]}, "years", "the data's span"),
    ],
)
def test_a_link_value_the_note_calls_ignored_is_really_ignored(query, key, default):
    # Streamlit kept the first of two statuses and years in reverse order while the note said
    # they were ignored; the router now drops them from the URL before the widgets read it.
    app = run_app(query)
    assert not app.exception
    assert app.sidebar.warning, "no note on the dropped value"
    value = app.session_state[key]
    if key == "years":
        dataset = load_dataset()
        value, default = tuple(value), year_span(dataset.missions, dataset.as_of)
    assert value == default


def test_link_text_shows_literally_in_the_filter_sentence_and_notes():
    app = run_app({"q": "[click](http://x.invalid) **b**", "organization": "[x](http://x.invalid)"})
    assert not app.exception
    assert "\\[click\\]\\(http\\:" in description(app)
    assert "\\[x\\]\\(http\\:" in app.sidebar.warning[0].value


def test_profile_link_with_two_missions_names_the_one_it_ignored():
    app = run_app({"mission": ["sfor", "ifor"]}, page="app_pages/profile.py")
    assert not app.exception
    shown = app.selectbox(key="mission").value
    ignored = "sfor" if shown == "ifor" else "ifor"
    assert any(f"“{ignored}”" in warning.value for warning in app.warning)


def test_the_un_peacekeeping_preset_keeps_exactly_the_uns_own_operations(real_missions):
    app = run_app({"organization": "NATO", "q": "force"})
    preset = next(b for b in app.button if b.label == "UN peacekeeping operations only")
    preset.click().run()
    assert app.multiselect(key="category").value == ["un-pko"]
    assert app.multiselect(key="organization").value == []
    assert app.text_input(key="q").value == ""
    expected = int((real_missions["category"] == "un-pko").sum())
    assert description(app).endswith(
        f"{expected} of {len(real_missions)} missions · UN peacekeeping operation"
    )
    app.switch_page("app_pages/data.py").run()
    assert set(app.dataframe[0].value["mission_id"]) == set(
        real_missions.loc[real_missions["category"] == "un-pko", "mission_id"]
    )


def test_a_category_link_filters_every_page(real_missions):
    civilian = real_missions[real_missions["category"] == "civilian"]
    app = run_app({"category": "civilian"}, page="app_pages/data.py")
    assert set(app.dataframe[0].value["mission_id"]) == set(civilian["mission_id"])
    assert f"{len(civilian)} of {len(real_missions)} missions · Civilian mission" in (
        description(app)
    )


def test_profile_picker_names_missions_by_acronym_and_name_but_links_by_id():
    app = run_app({"mission": "unamsil"}, page="app_pages/profile.py")
    picker = app.selectbox(key="mission")
    assert picker.value == "unamsil"
    assert picker.format_func("unamsil") == "UNAMSIL — United Nations Mission in Sierra Leone"
    picker.set_value("unmil").run()
    assert app.query_params["mission"] in ("unmil", ["unmil"])
    assert any("UNMIL" in header.value for header in app.header)


def test_profile_follows_a_new_mission_in_the_link_on_the_same_page():
    app = run_app({"mission": "ifor"}, page="app_pages/profile.py")
    app.query_params["mission"] = "sfor"
    app.run()
    assert app.selectbox(key="mission").value == "sfor"
    assert any("SFOR" in header.value for header in app.header)


def test_compare_picker_writes_mission_ids_to_the_link():
    app = run_app({"compare": ["ifor", "sfor"]}, page="app_pages/compare.py")
    picker = app.multiselect(key="compare")
    assert picker.format_func("sfor").startswith("SFOR — Stabilisation Force")
    picker.set_value(["ifor", "sfor", "kfor"]).run()
    assert list(app.query_params["compare"]) == ["ifor", "sfor", "kfor"]
    assert list(app.table[0].value.columns) == ["IFOR", "SFOR", "KFOR"]


def test_timeline_groups_lifespans_and_draws_only_the_open_groups(real_missions):
    app = run_app(page="app_pages/timeline.py")
    organizations = real_missions["organization"].value_counts()
    titles = [expander.label for expander in app.expander]
    assert len(titles) == len(organizations)
    largest = organizations.index[0]
    assert titles[0].startswith(load_dataset().labels("organization")[largest])
    gantt = chart_specs(app, "plotly_chart", "spec")[0]
    bars = [trace for trace in gantt["data"] if trace["type"] == "bar"]
    assert sum(len(trace["y"]) for trace in bars) == organizations.iloc[0]
    app.segmented_control(key="timeline_group").set_value("category").run()
    categories = real_missions["category"].nunique()
    assert len(app.expander) == categories


def test_sources_page_compares_active_operations_with_sipri(real_missions):
    app = run_app(page="app_pages/sources.py")
    assert not app.exception
    sipri = next(
        spec
        for spec in chart_specs(app, "plotly_chart", "spec")
        if any(trace.get("name") == "SIPRI (published count)" for trace in spec["data"])
    )
    atlas = next(trace for trace in sipri["data"] if trace["name"] == "Peacekeeping Atlas")
    active_2015 = int(active_in(real_missions, 2015)["mission_id"].nunique())
    assert (atlas["x"][0], atlas["y"][0]) == (2015, active_2015)


def test_profile_states_the_current_mandate_and_draws_its_history():
    app = run_app({"mission": "unifil"}, page="app_pages/profile.py")
    assert not app.exception
    assert any(
        "until 31 Dec 2026" in md.value and "final mandate" in md.value for md in app.markdown
    )
    specs = chart_specs(app, "plotly_chart", "spec")
    steps = [s for s in specs if any(t.get("line", {}).get("shape") == "hv" for t in s["data"])]
    assert steps, "no authorized-strength step chart"
    decisions = next(s for s in specs if any(t.get("mode") == "markers" for t in s["data"]))
    assert {t["name"] for t in decisions["data"]} >= {"Establish", "Extend"}


def test_profile_of_an_operation_without_decisions_says_so():
    app = run_app({"mission": "unol"}, page="app_pages/profile.py")
    assert not app.exception
    assert any("No decision that set or changed" in info.value for info in app.info)


def test_overview_lists_renewals_and_endings_that_follow_the_filters():
    app = run_app()
    links = [link.proto.label for link in app.get("page_link")]
    assert any(label.startswith("UNIFIL") for label in links)  # ending: its final mandate
    app = run_app({"organization": "EU"})
    links = [link.proto.label for link in app.get("page_link")]
    assert not any(label.startswith("UNIFIL") for label in links)
    assert any(label.startswith("EULEX Kosovo") for label in links)


def test_sources_page_lists_active_operations_without_a_current_mandate():
    app = run_app(page="app_pages/sources.py")
    assert not app.exception
    tables = [frame.value for frame in app.dataframe]
    listed = next(table for table in tables if "Problem" in table.columns)
    assert "OSCE Skopje" in set(listed["Operation"])


def plotly_traces(app: AppTest) -> list[list[tuple[str, str]]]:
    """(type, name) of every trace, chart by chart."""
    return [
        [(trace.get("type"), trace.get("name")) for trace in spec["data"]]
        for spec in chart_specs(app, "plotly_chart", "spec")
    ]


def test_profile_shows_personnel_and_fatalities_per_year_with_their_sources():
    app = run_app({"mission": "monuc"}, page="app_pages/profile.py")
    assert not app.exception
    charts = plotly_traces(app)
    assert [("bar", "Troops"), ("bar", "Police"), ("bar", "Military observers")] in charts
    assert any(("bar", "Malicious act") in chart for chart in charts)
    captions = " ".join(caption.value for caption in app.caption)
    assert "Kathman" in captions and "for 1999–2010" in captions
    assert "DPPADPOSS" in captions and "for 2001–2010" in captions


def test_profile_of_a_mission_without_series_says_so_plainly():
    app = run_app({"mission": "mfo"}, page="app_pages/profile.py")
    assert not app.exception
    infos = " ".join(info.value for info in app.info)
    assert "No dataset in the atlas gives personnel figures for MFO" in infos
    assert "covers UN operations only" in infos
    # Only the mandate history is drawn: no personnel or fatality series.
    assert all(kind == "scatter" for chart in plotly_traces(app) for kind, _ in chart)


def test_compare_aligns_personnel_curves_and_compares_fatality_rates():
    app = run_app({"compare": ["unamid", "minusma"]}, page="app_pages/compare.py")
    assert not app.exception
    charts = plotly_traces(app)
    assert [("scatter", "UNAMID"), ("scatter", "MINUSMA")] in charts
    assert [("bar", "Fatalities per 1,000 personnel-years")] in charts
    captions = " ".join(caption.value for caption in app.caption)
    assert "Personnel-years: the sum of the yearly mean strength" in captions


def test_compare_of_non_un_operations_gives_no_fatality_rate():
    app = run_app({"compare": ["ifor", "sfor"]}, page="app_pages/compare.py")
    assert not app.exception
    assert [("scatter", "IFOR"), ("scatter", "SFOR")] in plotly_traces(app)
    assert any("covers UN operations only" in info.value for info in app.info)


def test_timeline_sums_personnel_and_fatalities_per_year_over_the_view(real_missions):
    app = run_app({"organization": "UN"}, page="app_pages/timeline.py")
    assert not app.exception
    charts = plotly_traces(app)
    assert [("bar", "UN")] in charts  # personnel per year, one organization in view
    assert any(("bar", "Illness") in chart for chart in charts)
    un = (real_missions["organization"] == "UN").sum()
    captions = " ".join(caption.value for caption in app.caption)
    assert f"of {un} missions in view that have figures" in captions


def test_data_page_offers_decision_personnel_and_fatality_downloads():
    app = run_app({"organization": "NATO"}, page="app_pages/data.py")
    labels = [button.label for button in app.get("download_button")]
    assert labels == [
        "Download CSV",
        "Download Excel",
        "Download mandate decisions (CSV)",
        "Download personnel per year (CSV)",
        "Download fatalities per year (CSV)",
        "Download contributions per country (CSV)",
        "Download fatalities by nationality (CSV)",
        "Download deployment sites per year (CSV)",
        "Download the whole dataset (ZIP)",
        "Download the whole dataset (Parquet)",
    ]


# --- the Country page (issue 14) ------------------------------------------------------------

COUNTRY_PAGE = "app_pages/country.py"


def test_country_deep_link_shows_hosting_contributions_roles_deaths_map_and_ranking():
    app = run_app({"country": "KEN"}, page=COUNTRY_PAGE)
    assert not app.exception
    assert app.header[0].value == "Kenya (KEN)"
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Operations hosted"] == "1"
    assert int(metrics["UN fatalities among its nationals"]) > 0
    charts = plotly_traces(app)
    assert any(("bar", "UNMISS") in chart for chart in charts), "contributions by mission"
    ranking = next(
        spec["data"][0]
        for spec in chart_specs(app, "plotly_chart", "spec")
        if spec["data"][0].get("name") == "Uniformed personnel"
    )
    assert ranking["y"][-1] == "1. Ethiopia"
    deck = chart_specs(app, "deck_gl_json_chart", "json")[0]
    layer = deck["layers"][0]
    assert layer["id"] == "countries" and deck.get("mapProvider") is None
    kenya = next(f for f in layer["data"]["features"] if f["properties"]["iso_a3"] == "KEN")
    assert kenya["properties"]["role"] == "this country"
    assert any("ranks" in md.value and "Kenya" in md.value for md in app.markdown)
    tables = [frame.value for frame in app.dataframe]
    assert any("unmiss" in set(table.get("Mission", pd.Series()).str.lower()) for table in tables)


def test_country_link_in_lower_case_is_taken_and_written_back_as_the_code():
    app = run_app({"country": "ken"}, page=COUNTRY_PAGE)
    assert not app.exception
    assert app.selectbox(key="country").value == "KEN"
    assert app.query_params["country"] in ("KEN", ["KEN"])
    assert not app.warning


@pytest.mark.parametrize("value", ["XYZ", "<script>alert(1)</script>", "KENYA", "1990"])
def test_country_link_with_an_unknown_code_gives_a_note_not_a_traceback(value):
    app = run_app({"country": value}, page=COUNTRY_PAGE)
    assert not app.exception
    assert app.selectbox(key="country").value is None
    assert any("no country with the code" in warning.value for warning in app.warning)
    # The ranking still shows, as the page's entry point.
    assert any("Largest UN contributors" in header.value for header in app.subheader)


def test_country_link_with_two_codes_shows_the_first_and_names_the_other():
    app = run_app({"country": ["NPL", "KEN"]}, page=COUNTRY_PAGE)
    assert app.selectbox(key="country").value == "NPL"
    assert any("“KEN”" in warning.value for warning in app.warning)


def test_country_picker_names_countries_but_links_by_code():
    app = run_app({"country": "KEN"}, page=COUNTRY_PAGE)
    picker = app.selectbox(key="country")
    assert picker.format_func("KEN") == "Kenya (KEN)"
    assert picker.format_func("COD") == "Democratic Republic of the Congo (COD)"
    picker.set_value("NPL").run()
    assert app.query_params["country"] in ("NPL", ["NPL"])
    assert app.header[0].value == "Nepal (NPL)"


def test_country_page_without_a_country_ranks_the_contributors_of_a_chosen_year():
    app = run_app(page=COUNTRY_PAGE)
    assert not app.exception
    assert app.selectbox(key="ranking_year").value == 2019
    bars = chart_specs(app, "plotly_chart", "spec")[0]["data"][0]
    assert bars["y"][-1] == "1. Ethiopia"
    app.selectbox(key="ranking_year").set_value(2011).run()
    assert not app.exception
    bars = chart_specs(app, "plotly_chart", "spec")[0]["data"][0]
    assert bars["y"][-1] == "1. Bangladesh"


@pytest.mark.parametrize(
    "code",
    # Hosts, large contributors, a partner state only, a former state, a state with no record.
    ["SDN", "BIH", "COD", "BGD", "NPL", "FJI", "FRA", "COK", "YUG", "CSK", "AIA", "XKX"],
)
def test_a_sample_of_country_pages_render(code):
    app = run_app({"country": code}, page=COUNTRY_PAGE)
    assert not app.exception
    assert app.selectbox(key="country").value == code
    assert app.header[0].value.endswith(f"({code})")


def test_profile_lists_top_contributors_and_links_host_countries_and_partner_states():
    app = run_app({"mission": "unmiss"}, page="app_pages/profile.py")
    assert not app.exception
    table = next(frame.value for frame in app.dataframe if "Personnel-years" in frame.value)
    assert table["Page"].iloc[0] == "country?country=IND"
    assert list(table["Country"].head(3)) == ["India", "Rwanda", "Nepal"]
    links = {link.proto.label: link.proto.page for link in app.get("page_link")}
    assert "South Sudan" in links
    app = run_app({"mission": "artemis"}, page="app_pages/profile.py")
    partners = next(frame.value for frame in app.dataframe if "Country page" in frame.value)
    assert "country?country=FRA" in set(partners["Country page"].dropna())
    assert any("covers UN operations" in info.value for info in app.info)


def test_compare_shows_each_missions_top_contributors():
    app = run_app({"compare": ["unamid", "minusma"]}, page="app_pages/compare.py")
    assert not app.exception
    tables = [frame.value for frame in app.dataframe if "Personnel-years" in frame.value]
    assert len(tables) == 2
    assert tables[0]["Page"].str.startswith("country?country=").all()


def test_timeline_opens_every_group_when_few_missions_are_in_view(real_missions):
    app = run_app({"organization": ["NATO", "AU"]}, page="app_pages/timeline.py")
    gantts = [
        spec
        for spec in chart_specs(app, "plotly_chart", "spec")
        if any(trace["type"] == "bar" and trace.get("orientation") == "h" for trace in spec["data"])
    ]
    drawn = {name for spec in gantts for trace in spec["data"] if (name := trace.get("name"))}
    assert {"North Atlantic Treaty Organization", "African Union"} <= drawn


def test_a_long_mandate_list_shows_its_first_entries_and_how_many_more(monkeypatch):
    from components import mission_parts
    from missions.dataset import load_dataset
    from missions.mandates import up_for_renewal

    dataset = load_dataset()
    renewals = up_for_renewal(dataset.missions, dataset.as_of)
    assert len(renewals) > 3
    monkeypatch.setattr(mission_parts, "MANDATE_LIST_LIMIT", 3)
    app = run_app()
    assert not app.exception
    labels = [link.proto.label for link in app.get("page_link")]
    for acronym in renewals["acronym"].head(3):
        assert any(label.startswith(f"{acronym} — ") for label in labels)
    assert not any(label.startswith(f"{renewals['acronym'].iloc[3]} — ") for label in labels)
    captions = [caption.value for caption in app.caption]
    assert f"And {len(renewals) - 3:,} more: narrow the filters" in " ".join(captions)
