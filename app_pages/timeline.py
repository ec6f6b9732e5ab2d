"""Timeline: mission lifespans, active missions per year, personnel and fatalities per year
across the view, and hand-over chains."""

import plotly.graph_objects as go
import streamlit as st

from components.charts import (
    MAX_LIFESPANS,
    active_per_year_figure,
    latest_lifespans,
    timeline_figure,
)
from components.data_access import get_dataset
from components.series import show_view_series
from components.shared_cache import cached_for_view, cached_result
from components.view import current_view, show_description, show_empty_state
from components.year import year_control
from missions.lineage import all_chains
from missions.markdown import markdown_literal
from missions.summary import active_counts_by_year, year_span

dataset = get_dataset()
view = current_view(dataset)

st.title("Timeline", anchor=False)
show_description(view)
if view.missions.empty:
    show_empty_state(view)
    st.stop()

left, right = st.columns([2, 1])
with left:
    color_by = st.segmented_control(
        "Colour bars by",
        ["organization", "mission_type"],
        format_func={"organization": "Organization", "mission_type": "Mission type"}.get,
        default="organization",
        required=True,
        key="timeline_color",
    )
with right:
    year = year_control(dataset)

labels = {**dataset.labels("organization"), **dataset.labels("mission_type")}
edges = dataset.handover_edges()

with st.container(border=True):
    st.subheader("Mission lifespans", anchor=False)
    st.caption(
        "One bar per mission, from its start to its actual end. Hatched bars are ongoing and "
        f"drawn to the data's as-of date ({dataset.as_of:%d %b %Y}). Dotted lines join a "
        "mission to its successor."
    )
    lifespans = latest_lifespans(view.missions)
    if len(lifespans) < len(view.missions):
        st.warning(
            f"{len(view.missions):,} missions are in view; the chart draws the "
            f"{MAX_LIFESPANS} that started last, so that each bar stays readable. Narrow the "
            "years or organizations in the sidebar to see the others.",
            icon=":material/filter_list:",
        )
    st.plotly_chart(
        cached_for_view(
            "lifespans",
            view,
            lambda: timeline_figure(lifespans, color_by, labels, dataset.as_of, edges, year),
            color_by,
            year,
        ),
        config={"displaylogo": False},
        key="timeline_chart",
    )

with st.container(border=True):
    st.subheader("Missions active per year", anchor=False)
    st.caption("Counts every mission in view in each year it was deployed, by organization.")

    def active_per_year() -> go.Figure:
        first, last = year_span(view.missions, dataset.as_of)
        counts = active_counts_by_year(view.missions, first, last)
        return active_per_year_figure(counts, dataset.labels("organization"), year)

    st.plotly_chart(
        cached_for_view("active_per_year", view, active_per_year, year),
        config={"displaylogo": False},
        key="active_chart",
    )

show_view_series(dataset, view)

with st.container(border=True):
    st.subheader("Hand-over chains", anchor=False)
    in_view = set(view.missions["mission_id"])
    acronyms = dict(zip(dataset.missions["mission_id"], dataset.missions["acronym"], strict=True))
    every_chain = cached_result("chains", str(dataset.data_dir), lambda: all_chains(edges))
    chains = [chain for chain in every_chain if in_view.intersection(chain)]
    if not chains:
        st.info("No mission in view hands over to or takes over from another mission in the data.")
    else:
        st.caption(
            "Predecessor → successor, from partners.csv; missions outside the current filters "
            "are shown in italics."
        )
        st.markdown(
            "\n".join(
                "- "
                + " → ".join(
                    markdown_literal(acronyms[mid])
                    if mid in in_view
                    else f"*{markdown_literal(acronyms[mid])}*"
                    for mid in chain
                )
                for chain in chains
            )
        )
