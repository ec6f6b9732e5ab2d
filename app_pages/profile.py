"""Mission profile (`?mission=<mission_id>`): every field with its source, personnel and
fatalities per year from public datasets, the hand-over chain, partners, challenges, similar
missions, a PDF fact sheet, slides, and "Report a correction"."""

from functools import partial

import streamlit as st

from components.data_access import get_dataset
from components.mission_parts import (
    pdf_download,
    show_challenges,
    show_correction_link,
    show_mandate_history,
    show_partners,
    show_similar,
    slides_download,
    source_links,
)
from components.pickers import mission_label, seed_from_link, write_to_link
from components.series import show_mission_series
from components.shared_cache import cached_for_missions
from missions.briefing import fact_sheet_pdf
from missions.dates import format_span
from missions.lineage import chain_of
from missions.markdown import markdown_literal
from missions.presentation import profile_facts
from missions.slides import profile_slides
from missions.validation import split_ids

dataset = get_dataset()
missions = dataset.missions.sort_values("acronym")
ids = missions["mission_id"].tolist()
requested = [value for value in st.query_params.get_all("mission") if value]
known = set(ids)
seed_from_link("mission", [value for value in requested if value in known][:1], single=True)

st.title("Mission profile", anchor=False)
mission_id = st.selectbox(
    "Mission",
    ids,
    index=None,
    format_func=mission_label(dataset),
    key="mission",
    on_change=write_to_link,
    args=("mission", True),
    placeholder="Type an acronym or part of a name, e.g. UNAMSIL or Sierra Leone",
    help="Search by acronym or by name. The link keeps the mission's id "
    "(its lower-case acronym), e.g. ?mission=unamsil.",
)
unknown = [value for value in requested if value and value not in ids]
# A profile shows one mission (the widget keeps one value of the link): name the others.
ignored = [value for value in requested if value and value != mission_id]
if mission_id is None and unknown:
    missing = markdown_literal(unknown[0][:60])
    st.warning(
        f"There is no mission with the id “{missing}” in the atlas. "
        "Choose one above, or search the table on the Data page.",
        icon=":material/search_off:",
    )
elif ignored:
    shown = ", ".join(f"“{markdown_literal(value[:60])}”" for value in ignored[:5])
    st.warning(
        f"Ignored in the link: {shown} — a profile shows one mission at a time.",
        icon=":material/link_off:",
    )
if mission_id is None:
    if not ignored:
        st.info("Choose a mission above to see its profile.", icon=":material/info:")
    st.page_link("app_pages/data.py", label="Search the data table", icon=":material/table_view:")
    st.stop()

row = dataset.missions_by_id.loc[mission_id]
type_label = dataset.labels("mission_type")[row["mission_type"]]

st.header(f"{markdown_literal(row['acronym'])} — {markdown_literal(row['name'])}", anchor=False)
st.markdown(
    markdown_literal(
        f"{dataset.labels('organization')[row['organization']]} · {type_label} · "
        f"{format_span(row['start_date'], row['end_date'])}"
    )
)
st.text(row["summary"])


facts = cached_for_missions(
    "facts", dataset, (mission_id,), lambda: profile_facts(dataset, mission_id)
)
all_sources = split_ids(row["source_ids"])
with st.container(border=True):
    st.subheader("Facts and their sources", anchor=False)
    st.caption(
        "An empty value means no source we saw states it. Type and region are our coding; "
        "the mission's other sources are listed below."
    )
    st.dataframe(
        facts,
        hide_index=True,
        column_config={
            "Value": st.column_config.TextColumn("Value", width="large"),
            "Source": st.column_config.LinkColumn(
                "Source", display_text=r"https?://(?:www\.)?([^/]+)"
            ),
        },
    )

with st.container(border=True):
    show_mandate_history(dataset, mission_id)
show_mission_series(dataset, mission_id)

chain = chain_of(mission_id, dataset.handover_edges())
acronyms = dataset.missions_by_id["acronym"]
left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader("Hand-over chain", anchor=False)
    if len(chain) == 1:
        st.caption("No predecessor or successor of this mission is in the atlas.")
    else:
        st.markdown(
            " → ".join(
                f"**{markdown_literal(acronyms[m])}**"
                if m == mission_id
                else markdown_literal(acronyms[m])
                for m in chain
            )
        )
    labels = dataset.labels("mandate_task")
    tasks = set(
        dataset.mandate_tasks.loc[dataset.mandate_tasks["mission_id"] == mission_id, "task_code"]
    )
    st.subheader("Mandate tasks", anchor=False)
    st.markdown(
        "\n".join(f"- {markdown_literal(labels[code])}" for code in labels if code in tasks)
    )
with right, st.container(border=True):
    st.subheader("Partners", anchor=False)
    show_partners(dataset, mission_id, key="partners")

with st.container(border=True):
    st.subheader("Challenges", anchor=False)
    show_challenges(dataset, mission_id, key="challenges")

with st.container(border=True):
    st.subheader("Most similar missions", anchor=False)
    st.caption("By mandate tasks (Jaccard index); ties go to the same type, then the closer start.")
    show_similar(dataset, mission_id, key="similar")

with st.expander(f"All {len(all_sources)} sources"):
    st.markdown(source_links(dataset, all_sources))

left, right = st.columns(2)
with left:
    pdf_download(
        "Download fact sheet (PDF)",
        partial(fact_sheet_pdf, dataset, mission_id),
        f"peacekeeping-atlas_{mission_id}.pdf",
    )
with right:
    st.page_link(
        "app_pages/compare.py",
        label="Compare with other missions",
        icon=":material/compare_arrows:",
        query_params={"compare": [mission_id]},
    )

# Briefing pack (issue 16): the profile as slides, and where to report a correction.
with st.container(border=True):
    left, right = st.columns(2)
    with left:
        slides_download(
            partial(profile_slides, dataset, mission_id), f"peacekeeping-atlas_{mission_id}.pptx"
        )
    with right:
        show_correction_link(dataset, mission_id)
