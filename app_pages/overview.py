"""Overview: headline figures for the current filters, what the data covers, where to go next."""

import streamlit as st

from components.charts import organization_bar
from components.data_access import get_dataset
from components.filters import show_only_category
from components.mission_parts import show_mandate_list
from components.shared_cache import cached_for_view
from components.view import current_view, show_description, show_empty_state
from missions.dates import format_date
from missions.filters import UN_PEACEKEEPING, Filters
from missions.mandates import ending, up_for_renewal
from missions.markdown import markdown_literal
from missions.summary import headline, year_span

dataset = get_dataset()
view = current_view(dataset)

st.title("Peacekeeping Atlas", anchor=False)
st.markdown(
    "Multilateral peace operations since 1948 — UN peacekeeping operations and special "
    "political missions, and the operations of NATO, the EU, the OSCE, the African Union, "
    "ECOWAS, SADC and other regional organizations and coalitions — in one sourced table."
)
only_un_peacekeeping = view.filters == Filters(categories=(UN_PEACEKEEPING,))
st.button(
    "UN peacekeeping operations only",
    on_click=show_only_category,
    args=(dataset, UN_PEACEKEEPING),
    icon=":material/public:",
    disabled=only_un_peacekeeping,
    help="Clears the other filters and keeps the operations the UN itself counts as "
    "peacekeeping operations: the UN's own list, from UNTSO (1948) to today.",
)
show_description(view)

if view.missions.empty:
    show_empty_state(view)
    st.stop()

figures = headline(view.missions)
as_of = format_date(dataset.about["as_of"])
with st.container(horizontal=True):
    st.metric("Missions", figures.missions, border=True)
    st.metric(
        "Active", figures.active, border=True, help=f"Missions with no end date as of {as_of}."
    )
    st.metric("Organizations", figures.organizations, border=True)
    st.metric("Host countries", figures.host_countries, border=True)
    st.metric(
        "Largest peak strength",
        f"{figures.largest_peak:,}" if figures.largest_peak else "—",
        delta=markdown_literal(figures.largest_peak_acronym) or None,
        delta_color="off",
        delta_arrow="off",
        border=True,
        help=f"The largest personnel figure among the {figures.with_personnel} missions in view "
        "that have one (authorized or deployed; see the Data page).",
    )

renewal_column, ending_column = st.columns(2)
with renewal_column, st.container(border=True):
    st.subheader("Up for renewal", anchor=False)
    st.caption(
        f"Operations in view whose current mandate ends within 12 months of {as_of}, the "
        "data's as-of date, soonest first."
    )
    show_mandate_list(
        cached_for_view("renewals", view, lambda: up_for_renewal(view.missions, dataset.as_of)),
        empty="No operation in view has a fixed mandate ending in the next 12 months.",
    )
with ending_column, st.container(border=True):
    st.subheader("Ending", anchor=False)
    st.caption("Operations in view whose final mandate is already set.")
    show_mandate_list(
        cached_for_view("ending", view, lambda: ending(view.missions, dataset.as_of)),
        empty="No operation in view has a final mandate set.",
    )
st.caption(
    "From the mandate decisions in the atlas. Active operations whose mandate term is not known "
    "are listed on the Sources & method page."
)

left, right = st.columns([3, 2])
with left, st.container(border=True):
    st.subheader("Missions by organization", anchor=False)
    st.caption("Counts every mission in view once, by the organization that led it.")
    st.plotly_chart(
        cached_for_view(
            "organizations",
            view,
            lambda: organization_bar(view.missions, dataset.labels("organization")),
        ),
        config={"displaylogo": False},
    )
with right, st.container(border=True):
    st.subheader("What the data covers", anchor=False)
    first_year, _ = year_span(dataset.missions, dataset.as_of)
    latest_start = int(dataset.missions["start_year"].max())
    st.markdown(
        f"- **{len(dataset.missions)} missions** that started between {first_year} and "
        f"{latest_start}, from {dataset.missions['organization'].nunique()} organizations.\n"
        f"- **{len(dataset.sources)} sources**: every fact cites one; a field no source "
        "states is left empty, never guessed.\n"
        f"- Data as of **{as_of}** (version {markdown_literal(dataset.about['version'])}).\n"
        f"- {len(dataset.excluded)} claims were checked and **not** admitted as missions."
    )
    st.page_link(
        "app_pages/data.py",
        label="Browse and download the table",
        icon=":material/table_view:",
    )
