"""Data & downloads: the filtered missions table, and CSV and Excel downloads of that view
(missions; personnel, fatalities and deployment sites per year with their datasets'
citations); below, the whole dataset as a ZIP of CSVs with its data package, or as Parquet."""

import streamlit as st

from components.country_parts import country_page_links
from components.data_access import get_dataset
from components.downloads import download_buttons, whole_dataset_buttons
from components.shared_cache import cached_for_view
from components.tables import show_mission_table
from components.view import current_view, show_description, show_empty_state
from missions.presentation import mission_table
from missions.validation import split_ids

dataset = get_dataset()
view = current_view(dataset)

st.title("Data & downloads", anchor=False)
show_description(view)

if view.missions.empty:
    show_empty_state(view)
    whole_dataset_buttons(dataset)
    st.stop()

st.caption("Select a row to open that mission's profile or its host countries' pages.")
table = cached_for_view("mission_table", view, lambda: mission_table(view.missions, dataset))
selected = show_mission_table(table)
if selected is not None:
    st.page_link(
        "app_pages/profile.py",
        label=f"Open the profile of {selected}",
        icon=":material/description:",
        query_params={"mission": selected},
    )
    hosts = split_ids(dataset.missions_by_id.at[selected, "host_countries"])
    st.caption("Pages of its host countries:")
    country_page_links(dataset, hosts, key="selected_hosts")
download_buttons(dataset, view)
st.caption(
    "The downloads hold exactly the missions above. Personnel and fatalities per year come from "
    "public datasets (Kathman 2013; IPI Providing for Peacekeeping; Bara & Hultman 2020 with "
    "SIPRI; the UN Peace and Security Data Hub), cited in each file; the personnel files keep "
    "every dataset's figures and mark the ones the atlas shows. The country tables hold the UN "
    "personnel each country contributed to these missions (2010–2021) and the UN fatalities "
    "among its nationals in them. Deployment sites per year of UN operations come from Geo-PKO "
    "(Cil, Fjelde, Hultman & Nilsson 2020). The table's own download icon exports cells as they "
    "are, without protection against spreadsheet formulas: use the buttons."
)
whole_dataset_buttons(dataset)
