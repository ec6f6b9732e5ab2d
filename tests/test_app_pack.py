"""AppTest tier for the briefing pack: the slides buttons on the profile and Compare, the
whole-dataset downloads on the Data page, and "Report a correction" with and without a target."""

from __future__ import annotations

import pytest
import streamlit as st

from tests.test_app import run_app

pytestmark = pytest.mark.app


@pytest.fixture(autouse=True)
def fresh_cache():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def download_labels(app) -> list[str]:
    return [button.label for button in app.get("download_button")]


def test_the_profile_offers_slides_beside_the_fact_sheet():
    app = run_app({"mission": "unamsil"}, page="app_pages/profile.py")
    assert not app.exception
    labels = download_labels(app)
    assert "Download slides (PowerPoint)" in labels
    assert "Download fact sheet (PDF)" in labels


def test_compare_offers_slides_beside_the_briefing():
    app = run_app({"compare": ["ifor", "sfor"]}, page="app_pages/compare.py")
    assert not app.exception
    assert {"Download slides (PowerPoint)", "Download briefing (PDF)"} <= set(download_labels(app))


def test_the_data_page_offers_the_whole_dataset_even_for_an_empty_view():
    for query in ({}, {"q": "no mission is called this"}):
        app = run_app(query, page="app_pages/data.py")
        assert not app.exception
        assert {
            "Download the whole dataset (ZIP)",
            "Download the whole dataset (Parquet)",
        } <= set(download_labels(app))


def test_without_a_target_the_profile_says_how_to_report(monkeypatch):
    monkeypatch.delenv("ATLAS_CORRECTIONS_TARGET", raising=False)
    monkeypatch.setattr("missions.corrections.CONFIG_FILE", "/nonexistent/atlas.toml")
    app = run_app({"mission": "unamsil"}, page="app_pages/profile.py")
    assert any("No address for corrections is configured" in c.value for c in app.caption)
    assert not app.get("link_button")


def test_with_a_target_the_profile_links_a_prefilled_correction(monkeypatch):
    monkeypatch.setenv("ATLAS_CORRECTIONS_TARGET", "https://example.org/atlas/issues/new")
    app = run_app({"mission": "unamsil"}, page="app_pages/profile.py")
    (link,) = app.get("link_button")
    assert link.proto.url.startswith("https://example.org/atlas/issues/new?title=Correction")
    assert "unamsil" in link.proto.url
    app.selectbox(key="correction_field").select("Headquarters").run()
    (link,) = app.get("link_button")
    assert "Headquarters" in link.proto.url
