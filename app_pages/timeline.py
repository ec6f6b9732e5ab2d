"""Timeline: mission lifespans, active missions per year, personnel and fatalities per year
across the view, and hand-over chains."""

import pandas as pd
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
from missions.summary import active_counts_by_year, groups_by, year_span

dataset = get_dataset()
view = current_view(dataset)

st.title("Timeline", anchor=False)
show_description(view)
if view.missions.empty:
    show_empty_state(view)
    st.stop()

GROUPINGS = {"organization": "Organization", "category": "Category", "none": "No grouping"}
# With this few missions in view every group opens; with more, only the largest.
OPEN_EVERY_GROUP_UP_TO = 60
# One chart per group keeps each readable; without grouping, up to MAX_LIFESPANS bars.
left, middle, right = st.columns([2, 2, 1])
with left:
    color_by = st.segmented_control(
        "Colour bars by",
        ["organization", "mission_type"],
        format_func={"organization": "Organization", "mission_type": "Mission type"}.get,
        default="organization",
        required=True,
        key="timeline_color",
    )
with middle:
    group_by = st.segmented_control(
        "Group bars by",
        list(GROUPINGS),
        format_func=GROUPINGS.get,
        default="organization",
        required=True,
        key="timeline_group",
        help="One collapsible chart per organization or category, largest first; open the "
        "groups you need. No grouping draws one chart.",
    )
with right:
    year = year_control(dataset)

labels = {**dataset.labels("organization"), **dataset.labels("mission_type")}
group_labels = {**dataset.labels("organization"), **dataset.labels("category")}
edges = dataset.handover_edges()


def lifespans_chart(missions: pd.DataFrame, *key: str) -> None:
    st.plotly_chart(
        cached_for_view(
            "lifespans",
            view,
            lambda: timeline_figure(missions, color_by, labels, dataset.as_of, edges, year),
            color_by,
            year,
            *key,
        ),
        config={"displaylogo": False},
        key="_".join(("timeline_chart", *key)),
    )


with st.container(border=True):
    st.subheader("Mission lifespans", anchor=False)
    st.caption(
        "One bar per mission, from its start to its actual end. Hatched bars are ongoing and "
        f"drawn to the data's as-of date ({dataset.as_of:%d %b %Y}). Dotted lines join a "
        "mission to its successor"
        + (" within a group; every chain is listed below." if group_by != "none" else ".")
    )
    if group_by == "none":
        lifespans = latest_lifespans(view.missions)
        if len(lifespans) < len(view.missions):
            st.warning(
                f"{len(view.missions):,} missions are in view; the chart draws the "
                f"{MAX_LIFESPANS} that started last, so that each bar stays readable. Group "
                "the bars, or narrow the years or organizations in the sidebar, to see the "
                "others.",
                icon=":material/filter_list:",
            )
        lifespans_chart(lifespans)
    else:
        for index, (code, members) in enumerate(groups_by(view.missions, group_by)):
            count = len(members)
            title = f"{group_labels.get(code, code)} · {count} mission{'s' * (count != 1)}"
            box = st.expander(
                markdown_literal(title),
                expanded=index == 0 or len(view.missions) <= OPEN_EVERY_GROUP_UP_TO,
                key=f"lifespans_{group_by}_{code}",
                on_change="rerun",
            )
            # A closed group draws nothing: only the charts a person opens are built and sent.
            if box.open:
                with box:
                    lifespans_chart(latest_lifespans(members), group_by, code)

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
