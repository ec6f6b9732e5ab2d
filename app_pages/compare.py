"""Compare: two to four missions side by side — facts, personnel and fatalities over time,
mandate tasks, partners, challenges, sources — with the most similar missions, a briefing,
the comparison as Excel and as slides to download."""

import datetime as dt
from functools import partial

import streamlit as st

from components.data_access import get_dataset
from components.mission_parts import (
    pdf_download,
    show_challenges,
    show_partners,
    show_similar,
    slides_download,
    source_links,
)
from components.pickers import mission_label, seed_from_link, write_to_link
from components.series import show_compared_series
from components.shared_cache import cached_for_missions
from missions.briefing import comparison_pdf
from missions.compare import (
    MAX_COMPARED,
    MIN_COMPARED,
    SUGGESTED_PAIRS,
    column_title,
    comparison_table,
    task_matrix,
    valid_compare_ids,
)
from missions.exports import EXCEL_MIME, comparison_excel_bytes
from missions.markdown import markdown_frame, markdown_literal
from missions.slides import comparison_slides
from missions.validation import split_ids

dataset = get_dataset()
missions = dataset.missions.sort_values("acronym")
ids = missions["mission_id"].tolist()
names = dict(zip(missions["mission_id"], missions["name"], strict=True))
requested = [value for value in st.query_params.get_all("compare") if value]
kept = valid_compare_ids(requested, ids)
dropped = [value for value in requested if value not in kept]
seed_from_link("compare", kept, single=False)


def choose(pair: tuple[str, ...]) -> None:
    st.session_state["compare"] = list(pair)
    write_to_link("compare", single=False)


st.title("Compare missions", anchor=False)
st.caption(
    "Choose any missions in the atlas (the sidebar filters do not limit this list). "
    "Search by acronym or by name; the link keeps each mission's id."
)
chosen = st.multiselect(
    "Missions to compare",
    ids,
    format_func=mission_label(dataset),
    key="compare",
    on_change=write_to_link,
    args=("compare", False),
    max_selections=MAX_COMPARED,
    placeholder="Type an acronym or part of a name, e.g. UNAMSIL or Sierra Leone",
    help=f"Two to {MAX_COMPARED} missions.",
)

if dropped:
    shown = ", ".join(f"“{markdown_literal(value[:40])}”" for value in dropped[:5])
    st.warning(
        f"Ignored in the link: {shown} — not a mission id in the atlas, repeated, or beyond "
        f"the {MAX_COMPARED} missions a comparison holds.",
        icon=":material/link_off:",
    )

if len(chosen) < MIN_COMPARED:
    st.info(
        f"Choose at least {MIN_COMPARED} missions, or start from one of these pairs:",
        icon=":material/compare_arrows:",
    )
    with st.container(horizontal=True):
        for pair in SUGGESTED_PAIRS:
            if all(mission_id in names for mission_id in pair):
                st.button(
                    " vs ".join(markdown_literal(column_title(dataset, m)) for m in pair),
                    on_click=choose,
                    args=(pair,),
                    key=f"suggest_{'_'.join(pair)}",
                )
    st.stop()

titles = [column_title(dataset, mission_id) for mission_id in chosen]
tab_labels = [markdown_literal(title) for title in titles]

with st.container(border=True):
    st.subheader("Facts", anchor=False)
    st.caption(
        "Durations run from the actual start to the actual end; ongoing missions are counted to "
        "the data's as-of date and marked. Personnel figures say whether they are authorized "
        "ceilings or deployed strengths."
    )
    facts = cached_for_missions(
        "comparison", dataset, tuple(chosen), lambda: comparison_table(dataset, chosen)
    )
    st.table(markdown_frame(facts))

with st.container(border=True):
    show_compared_series(dataset, chosen, dict(zip(chosen, titles, strict=True)))

with st.container(border=True):
    st.subheader("Mandate tasks", anchor=False)
    matrix = cached_for_missions(
        "task_matrix", dataset, tuple(chosen), lambda: task_matrix(dataset, chosen)
    )
    if matrix.empty:
        st.info("No mandate task is recorded for these missions.")
    else:
        st.caption(
            "A tick where the mission's mandate includes the task (sources in the Data download)."
        )
        st.dataframe(
            matrix.rename_axis("Task").reset_index(),
            hide_index=True,
            column_config={title: st.column_config.CheckboxColumn(title) for title in titles},
        )

with st.container(border=True):
    st.subheader("Partners and challenges", anchor=False)
    for mission_id, column in zip(chosen, st.tabs(tab_labels), strict=True):
        with column:
            st.markdown("**Partners**")
            show_partners(dataset, mission_id, key=f"partners_{mission_id}")
            st.markdown("**Challenges**")
            show_challenges(dataset, mission_id, key=f"challenges_{mission_id}")
            st.markdown("**Sources**")
            source_ids = split_ids(dataset.missions_by_id.at[mission_id, "source_ids"])
            st.markdown(source_links(dataset, source_ids))

with st.container(border=True):
    st.subheader("Most similar missions", anchor=False)
    st.caption(
        "By mandate tasks (Jaccard index: shared tasks ÷ tasks of either mission); ties go to "
        "the same mission type, then the closer start year."
    )
    for mission_id, column in zip(chosen, st.tabs(tab_labels), strict=True):
        with column:
            show_similar(dataset, mission_id, key=f"similar_{mission_id}")

left, right = st.columns(2)
file_stem = "peacekeeping-atlas_compare_" + "-".join(chosen)
with left:
    pdf_download(
        "Download briefing (PDF)", partial(comparison_pdf, dataset, chosen), f"{file_stem}.pdf"
    )
with right:
    st.download_button(
        "Download comparison (Excel)",
        data=partial(
            comparison_excel_bytes,
            dataset,
            facts,
            matrix,
            chosen,
            dt.date.today().isoformat(),
        ),
        file_name=f"{file_stem}.xlsx",
        mime=EXCEL_MIME,
        icon=":material/table_view:",
        on_click="ignore",
        width="stretch",
    )

# Briefing pack (issue 16): the comparison as slides.
slides_download(partial(comparison_slides, dataset, chosen), f"{file_stem}.pptx")
