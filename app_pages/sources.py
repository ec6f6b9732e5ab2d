"""Sources & method: coverage, the data dictionary, taxonomy definitions, excluded claims,
how the UN list was checked, and how to cite."""

import streamlit as st

from components.data_access import get_dataset
from components.shared_cache import cached_result
from components.view import current_view, show_description
from missions.dates import format_date
from missions.markdown import markdown_link, markdown_literal
from missions.summary import coverage_table
from missions.validation import split_ids

dataset = get_dataset()
view = current_view(dataset)

st.title("Sources & method", anchor=False)
st.markdown(
    "Every fact in the atlas cites a source that the team has seen. A field no source states is "
    "left **empty** rather than guessed; the coverage table counts those gaps."
)

coverage_tab, taxonomy_tab, sources_tab, excluded_tab, method_tab = st.tabs(
    ["Coverage", "Definitions", "Sources", "Excluded claims", "Method and citation"]
)

with coverage_tab:
    show_description(view)
    if view.missions.empty:
        st.info("No mission matches these filters, so there is nothing to count.")
    else:
        st.dataframe(
            coverage_table(view.missions),
            hide_index=True,
            column_config={
                "field": st.column_config.TextColumn("Field"),
                "filled": st.column_config.NumberColumn("Missions with a value"),
                "percent_filled": st.column_config.ProgressColumn(
                    "% filled", format="%.1f %%", min_value=0, max_value=100
                ),
                "percent_with_source": st.column_config.NumberColumn(
                    "% of filled values with a source", format="%.1f %%"
                ),
                "empty": st.column_config.NumberColumn("Left empty"),
            },
        )
        ongoing = int(view.missions["is_active"].sum())
        st.caption(
            f"An empty end date means ongoing: {ongoing} of the missions in view have none. "
            "Mission-level fields (host countries, authorization, summary, outcome) rest on the "
            "mission's listed sources; dates, headquarters, coordinates and personnel name their "
            "own."
        )

with taxonomy_tab:
    st.markdown(
        "The closed lists every coded column uses. Mandate tasks are cross-walked to the task "
        "categories of the PEMA dataset (Di Salvatore et al., *Journal of Conflict Resolution*, "
        "2022)."
    )
    kinds = {
        "organization": "Organizations",
        "mission_type": "Mission types",
        "region": "Regions",
        "mandate_task": "Mandate tasks",
        "challenge": "Challenges",
        "relation": "Partner relations",
        "personnel_basis": "Personnel figures",
        "date_precision": "Date precision",
    }
    choice = st.segmented_control(
        "List", list(kinds), format_func=kinds.get, default="mission_type", key="taxonomy_kind"
    )
    rows = dataset.taxonomy[dataset.taxonomy["kind"] == (choice or "mission_type")]
    columns = ["code", "label", "definition"]
    if choice == "mandate_task":
        columns.append("pema_tasks")
    st.dataframe(
        rows[columns],
        hide_index=True,
        column_config={
            "code": "Code",
            "label": "Label",
            "definition": st.column_config.TextColumn("Definition", width="large"),
            "pema_tasks": st.column_config.TextColumn("PEMA tasks", width="large"),
        },
    )

with sources_tab:
    st.markdown(
        f"{len(dataset.sources)} sources. Encyclopedia pages were used only where no better "
        "source was found, and are the first candidates for re-checking."
    )
    table = cached_result(
        "sources_table",
        str(dataset.data_dir),
        lambda: dataset.sources.assign(
            kind=dataset.sources["kind"].map(dataset.labels("source_kind"))
        ),
    )
    st.dataframe(
        table[["source_id", "title", "publisher", "kind", "url"]],
        hide_index=True,
        column_config={
            "source_id": "Id",
            "title": st.column_config.TextColumn("Title", width="large"),
            "publisher": "Publisher",
            "kind": "Kind",
            "url": st.column_config.LinkColumn("Link", display_text=r"https?://(?:www\.)?([^/]+)"),
        },
    )

with excluded_tab:
    st.markdown("Claims that were checked and **not** admitted as missions, with the reason.")
    urls = dataset.source_urls()
    for claim in dataset.excluded.itertuples(index=False):
        with st.container(border=True):
            st.markdown(
                f"**{markdown_literal(claim.claim)}** — claimed as "
                f"{markdown_literal(claim.claimed_as)}"
            )
            st.text(claim.finding)
            for source_id in split_ids(claim.source_ids):
                st.markdown(f"- {markdown_link(source_id, urls[source_id])}")

with method_tab:
    st.subheader("How to cite", anchor=False)
    st.code(dataset.about["citation"], language=None)
    version = markdown_literal(dataset.about["version"])
    licence = markdown_literal(dataset.about["licence"])
    st.markdown(
        f"Data as of **{format_date(dataset.about['as_of'])}**, version {version}. {licence}"
    )
    st.subheader("Method", anchor=False)
    st.markdown(
        "- **Dates** are written only as precisely as the source states them (day, month or "
        "year). The end date is the *actual* end of a mission, not a mandate expiry.\n"
        "- **Personnel** figures are either *authorized* ceilings or *deployed* strengths; the "
        "two are not comparable and every table says which.\n"
        "- **Headquarters coordinates** come from Geo-PKO v2.3 (Uppsala University) for UN "
        "missions of 1994–2024, or from the GeoNames gazetteer for the named city.\n"
        "- **UN coverage** was checked against the UN's 2008 timeline of operations (parts of "
        "which could be seen), the UN's count of more than 70 operations, and each operation's "
        "UN page. The atlas holds the 69 UN-led operations from UNTSO to MINUJUSTH and the "
        "AU–UN hybrid UNAMID; special political missions are not included.\n"
        "- **Mission types** are our coding of each mission's main mandate, one scheme for UN "
        "and non-UN missions alike (see Definitions).\n"
        "- **Personnel and fatalities per year** are derived by importers from four public "
        "datasets (source kind *dataset*): UN personnel per month from Kathman (2013) and from "
        "IPI's Providing for Peacekeeping, SIPRI's figures for UN and other operations from "
        "Bara & Hultman (2020), and the UN Peace and Security Data Hub's fatalities. Names are "
        "mapped to missions through reviewed crosswalks; a yearly figure is the mean (and the "
        "maximum) of the months with data. Where datasets overlap, Kathman is shown first, "
        "then IPI, then Bara & Hultman; the downloads keep all of them."
    )
    st.caption("The full data dictionary and the known gaps are in data/README.md.")
