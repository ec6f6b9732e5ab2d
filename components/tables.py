"""The missions table with its column configuration (dates, numbers, a link to the source)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

MISSION_TABLE_COLUMNS = {
    "acronym": st.column_config.TextColumn("Acronym", pinned=True),
    "name": st.column_config.TextColumn("Name", width="large"),
    "organization": st.column_config.TextColumn("Organization"),
    "type": st.column_config.TextColumn("Type"),
    "region": st.column_config.TextColumn("Region"),
    "host_countries": st.column_config.TextColumn("Host countries"),
    "start_date": st.column_config.TextColumn(
        "Start", help="As precise as the source: YYYY-MM-DD, YYYY-MM or YYYY."
    ),
    "end_date": st.column_config.TextColumn(
        "End", help="The actual end of the mission (not a mandate expiry); empty if ongoing."
    ),
    "status": st.column_config.TextColumn("Status"),
    "hq_name": st.column_config.TextColumn("Headquarters"),
    "authorization": st.column_config.TextColumn("Authorization"),
    "peak_personnel": st.column_config.NumberColumn(
        "Peak personnel", format="localized", help="See 'Basis': authorized ceiling or deployed."
    ),
    "personnel_basis": st.column_config.TextColumn("Basis"),
    "source": st.column_config.LinkColumn(
        "Source", display_text=r"https?://(?:www\.)?([^/]+)", help="The mission's first source."
    ),
}


def show_mission_table(table: pd.DataFrame) -> str | None:
    """Show the table; return the mission_id of the row a person selected, if any."""
    event = st.dataframe(
        table,
        hide_index=True,
        column_order=list(MISSION_TABLE_COLUMNS),
        column_config=MISSION_TABLE_COLUMNS,
        width="stretch",
        height=min(38 + 35 * len(table), 600),
        on_select="rerun",
        selection_mode="single-row",
        key="mission_table",
    )
    rows = event.selection.rows if event and event.selection else []
    return str(table.iloc[rows[0]]["mission_id"]) if rows else None
