"""Peacekeeping Atlas — the router: page config, the shared filters, and the navigation.

Run with `streamlit run app.py`. Pages live in app_pages/ (not pages/, which Streamlit would
treat as a legacy multipage folder and bypass this router on deep links).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.data_access import get_dataset
from components.filters import clean_link, render_filter_sidebar, show_link_notes
from missions.errors import DataValidationError

st.set_page_config(
    page_title="Peacekeeping Atlas",
    # A bundled file: a Material icon here would make the browser fetch the favicon from Google.
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
)

try:
    dataset = get_dataset()
except DataValidationError as error:
    st.title("Peacekeeping Atlas")
    st.error(
        "The mission data could not be loaded because some files break the data rules. "
        "Nothing is shown rather than something wrong. The problems:",
        icon=":material/error:",
    )
    st.code("\n".join(str(problem) for problem in error.problems[:50]), language=None)
    st.stop()

pages = {
    "Explore": [
        st.Page(
            "app_pages/overview.py",
            title="Overview",
            icon=":material/dashboard:",
            default=True,
            help="Headline figures for the current filters and what the data covers.",
        ),
        st.Page(
            "app_pages/map.py",
            title="Map",
            icon=":material/map:",
            url_path="map",
            help="Where the missions were: headquarters and host countries, by year.",
        ),
        st.Page(
            "app_pages/timeline.py",
            title="Timeline",
            icon=":material/timeline:",
            url_path="timeline",
            help="When: mission lifespans, missions active per year and hand-over chains.",
        ),
    ],
    "Analyse": [
        st.Page(
            "app_pages/breakdown.py",
            title="Breakdown",
            icon=":material/bar_chart:",
            url_path="breakdown",
            help="Missions by type and organization, region and decade, tasks and challenges.",
        ),
        st.Page(
            "app_pages/compare.py",
            title="Compare",
            icon=":material/compare_arrows:",
            url_path="compare",
            help="Two to four missions side by side, with a PDF briefing.",
        ),
        st.Page(
            "app_pages/profile.py",
            title="Mission profile",
            icon=":material/description:",
            url_path="mission",
            help="One mission: every field with its source, lineage, partners, challenges.",
        ),
        st.Page(
            "app_pages/country.py",
            title="Country",
            icon=":material/flag:",
            url_path="country",
            help="One country: operations it hosted, UN personnel it contributed and where, "
            "operations it led or joined, UN fatalities among its nationals; the largest UN "
            "contributors by year.",
        ),
    ],
    "Data": [
        st.Page(
            "app_pages/data.py",
            title="Data & downloads",
            icon=":material/table_view:",
            url_path="data",
            help="The filtered table, with CSV and Excel downloads of exactly that view.",
        ),
        st.Page(
            "app_pages/sources.py",
            title="Sources & method",
            icon=":material/menu_book:",
            url_path="sources",
            help="Coverage, definitions, sources, excluded claims and how to cite.",
        ),
    ],
}
# Navigation first: a deep link (/map?…) is resolved to its page before clean_link may rerun.
page = st.navigation(pages)
notes = clean_link(dataset)
render_filter_sidebar(dataset)
show_link_notes(notes)
page.run()
