"""Breakdown: the missions in view by type and organization, region and decade, mandate tasks,
challenges and peak personnel."""

import streamlit as st

from components.charts import (
    frequency_figure,
    personnel_figure,
    region_decade_figure,
    type_organization_heatmap,
)
from components.data_access import get_dataset
from components.shared_cache import cached_for_view
from components.view import current_view, show_description, show_empty_state
from missions.summary import code_frequency, region_by_decade, type_by_organization

dataset = get_dataset()
view = current_view(dataset)
CONFIG = {"displaylogo": False}

st.title("Breakdown", anchor=False)
show_description(view)
if view.missions.empty:
    show_empty_state(view)
    st.stop()

with st.container(border=True):
    st.subheader("Type × organization", anchor=False)
    st.caption("Counts each mission in view once, by its type and the organization that led it.")
    st.plotly_chart(
        cached_for_view(
            "type_organization",
            view,
            lambda: type_organization_heatmap(
                type_by_organization(view.missions), dataset.labels("mission_type")
            ),
        ),
        config=CONFIG,
        key="type_org",
    )
left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader("Region and decade", anchor=False)
    st.caption("Counts each mission in view once, by the decade it started and its region.")
    st.plotly_chart(
        cached_for_view(
            "region_decade",
            view,
            lambda: region_decade_figure(region_by_decade(view.missions), dataset.labels("region")),
        ),
        config=CONFIG,
        key="region_decade",
    )
with right, st.container(border=True):
    st.subheader("Challenges", anchor=False)
    st.caption(
        "How many missions in view a source describes as facing each challenge; missions no "
        "source discusses are not counted."
    )
    challenges = cached_for_view(
        "challenge_counts",
        view,
        lambda: code_frequency(dataset.challenges, view.missions["mission_id"], "challenge_code"),
    )
    if challenges.empty:
        st.info("No source we saw discusses the challenges of the missions in view.")
    else:
        st.plotly_chart(
            cached_for_view(
                "challenges",
                view,
                lambda: frequency_figure(challenges, dataset.labels("challenge"), "Challenge"),
            ),
            config=CONFIG,
            key="challenges",
        )

left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader("Mandate tasks", anchor=False)
    st.caption("How many missions in view have each task in their mandate.")
    st.plotly_chart(
        cached_for_view(
            "tasks",
            view,
            lambda: frequency_figure(
                code_frequency(dataset.mandate_tasks, view.missions["mission_id"], "task_code"),
                dataset.labels("mandate_task"),
                "Mandate task",
            ),
        ),
        config=CONFIG,
        key="tasks",
    )
with right, st.container(border=True):
    st.subheader("Peak personnel", anchor=False)
    known = int(view.missions["peak_personnel"].notna().sum())
    st.caption(
        f"One point per mission ({known} of {len(view.missions)} in view have a figure), on a log "
        "scale. Authorized ceilings and deployed strengths are mixed here; hover to see which."
    )
    if known:
        st.plotly_chart(
            cached_for_view("personnel", view, lambda: personnel_figure(view.missions)),
            config=CONFIG,
            key="personnel",
        )
