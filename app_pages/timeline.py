"""Timeline: mission lifespans, active missions per year, and hand-over chains."""

import streamlit as st

from components.charts import active_per_year_figure, timeline_figure
from components.data_access import get_dataset
from components.view import current_view, show_description, show_empty_state
from components.year import year_control
from missions.lineage import all_chains, handover_edges
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
edges = handover_edges(dataset.partners)

with st.container(border=True):
    st.subheader("Mission lifespans", anchor=False)
    st.caption(
        "One bar per mission, from its start to its actual end. Hatched bars are ongoing and "
        f"drawn to the data's as-of date ({dataset.as_of:%d %b %Y}). Dotted lines join a "
        "mission to its successor."
    )
    st.plotly_chart(
        timeline_figure(view.missions, color_by, labels, dataset.as_of, edges, year),
        config={"displaylogo": False},
        key="timeline_chart",
    )

with st.container(border=True):
    st.subheader("Missions active per year", anchor=False)
    st.caption("Counts every mission in view in each year it was deployed, by organization.")
    first, last = year_span(view.missions, dataset.as_of)
    counts = active_counts_by_year(view.missions, first, last)
    st.plotly_chart(
        active_per_year_figure(counts, dataset.labels("organization"), year),
        config={"displaylogo": False},
        key="active_chart",
    )

with st.container(border=True):
    st.subheader("Hand-over chains", anchor=False)
    in_view = set(view.missions["mission_id"])
    acronyms = dict(zip(dataset.missions["mission_id"], dataset.missions["acronym"], strict=True))
    chains = [chain for chain in all_chains(edges) if in_view.intersection(chain)]
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
