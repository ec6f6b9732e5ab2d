"""Sources & method: coverage, the data dictionary, taxonomy definitions, excluded claims,
how the UN list was checked, and how to cite."""

import streamlit as st

from components.charts import sipri_comparison_figure
from components.data_access import get_dataset
from components.shared_cache import cached_for_view, cached_result
from components.view import current_view, show_description
from missions.dates import format_date
from missions.markdown import markdown_link, markdown_literal
from missions.presentation import (
    categories_covered,
    organizations_covered,
    sipri_table,
    without_mandate_table,
)
from missions.summary import coverage_table, sipri_comparison
from missions.validation import split_ids

dataset = get_dataset()
view = current_view(dataset)

st.title("Sources & method", anchor=False)
st.markdown(
    "Every fact in the atlas cites a source that the team has seen. A field no source states is "
    "left **empty** rather than guessed; the coverage table counts those gaps."
)

scope_tab, coverage_tab, taxonomy_tab, sources_tab, excluded_tab, method_tab = st.tabs(
    ["Scope", "Coverage", "Definitions", "Sources", "Excluded claims", "Method and citation"]
)

with scope_tab:
    sipri_methods = dataset.source_urls().get("sipri-pko-methods")
    st.markdown(
        "The atlas follows the definition of a multilateral peace operation used by "
        + (
            markdown_link("SIPRI's Multilateral Peace Operations Database", sipri_methods)
            if sipri_methods
            else "SIPRI's Multilateral Peace Operations Database"
        )
        + ": an operation under the authority of the UN, of a regional organization or "
        "alliance, or of an ad hoc coalition that the UN sanctioned or authorized, whose stated "
        "aim is to help implement a peace agreement, support a peace process, or assist "
        "conflict prevention or peacebuilding.\n\n"
        "- **In:** UN peacekeeping operations; UN special political missions with staff in the "
        "host country; EU military and civilian CSDP missions; OSCE field operations; "
        "operations of the AU, ECOWAS, SADC, EAC, IGAD, ECCAS and other regional "
        "organizations; UN-authorized coalitions.\n"
        "- **Out:** good offices, envoys, fact-finding, electoral assistance and observation, "
        "teams that work from outside the host country, and forces that operate mainly on "
        "their own members' territory (SIPRI names the Multinational Joint Task Force against "
        "Boko Haram and the G5 Sahel Joint Force). Borderline cases and the decision on each "
        "are on the **Excluded claims** tab and in data/README.md."
    )
    st.subheader("Organizations covered", anchor=False)
    per_organization = cached_result(
        "organizations_covered",
        str(dataset.data_dir),
        lambda: organizations_covered(dataset),
    )
    st.dataframe(
        per_organization,
        hide_index=True,
        column_config={
            "Definition": st.column_config.TextColumn("Definition", width="large"),
        },
    )
    st.subheader("Operations by category", anchor=False)
    st.caption(
        "How the organization itself classifies the deployment. All operations in the atlas, "
        "whatever the sidebar filters."
    )
    st.dataframe(
        cached_result(
            "categories_covered", str(dataset.data_dir), lambda: categories_covered(dataset)
        ),
        hide_index=True,
        column_config={"Definition": st.column_config.TextColumn("Definition", width="large")},
    )
    st.subheader("Active operations per year, beside SIPRI", anchor=False)
    comparison = cached_result(
        "sipri_comparison",
        str(dataset.data_dir),
        lambda: sipri_comparison(dataset.missions, dataset.sipri_counts),
    )
    st.plotly_chart(
        cached_result(
            "sipri_figure", str(dataset.data_dir), lambda: sipri_comparison_figure(comparison)
        ),
        config={"displaylogo": False},
        key="sipri_chart",
    )
    st.dataframe(
        cached_result(
            "sipri_table", str(dataset.data_dir), lambda: sipri_table(dataset, comparison)
        ),
        hide_index=True,
        column_config={
            "Year": st.column_config.NumberColumn("Year", format="%d"),
            "Atlas ÷ SIPRI": st.column_config.NumberColumn("Atlas ÷ SIPRI", format="%.0f %%"),
            "Source": st.column_config.LinkColumn(
                "SIPRI's count, as published", display_text=r"https?://(?:www\.)?([^/]+)"
            ),
            "Note": st.column_config.TextColumn("Note", width="large"),
        },
    )
    st.caption(
        "An operation counts in every year in which it was deployed at some time, as in "
        "SIPRI's counts. The atlas counts more than SIPRI in every year: it holds every EU CSDP "
        "mission and operation (the naval ones among them), every OSCE field operation and every "
        "UN special political mission with staff in the field, while SIPRI's count leaves out "
        "those it judges outside its definition (its 2020 map lists them apart). data/README.md "
        "gives the details."
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
        st.subheader("Mandates of the active operations", anchor=False)
        missing = cached_for_view(
            "without_mandate",
            view,
            lambda: without_mandate_table(view.missions, dataset.as_of),
        )
        active = int(view.missions["is_active"].sum())
        st.markdown(
            f"{active - len(missing)} of the {active} active operations in view have a current "
            "mandate in the data: an end date or an open-ended term, set by a sourced decision. "
            + (
                "These do not, because no source we saw gives the term or the latest renewal:"
                if len(missing)
                else ""
            )
        )
        if len(missing):
            st.dataframe(
                missing,
                hide_index=True,
                column_config={"Problem": st.column_config.TextColumn("Problem", width="large")},
            )

with taxonomy_tab:
    st.markdown(
        "The closed lists every coded column uses. Mandate tasks are cross-walked to the task "
        "categories of the PEMA dataset (Di Salvatore et al., *Journal of Conflict Resolution*, "
        "2022)."
    )
    kinds = {
        "organization": "Organizations",
        "category": "Categories",
        "mission_type": "Mission types",
        "region": "Regions",
        "mandate_task": "Mandate tasks",
        "challenge": "Challenges",
        "relation": "Partner relations",
        "authorization_action": "Decision actions",
        "mandate_term": "Mandate terms",
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
        "UN page, and against the UN's own list of peacekeeping operations (UN Peace and "
        "Security Data Hub, dataset DPPADPOSS-PKO), with the exceptions listed in "
        "data/README.md. UN special political missions with a field presence are included "
        "under their own category.\n"
        "- **Mission types** are our coding of each mission's main mandate, one scheme for UN "
        "and non-UN missions alike (see Definitions).\n"
        "- **Personnel and fatalities per year** are derived by importers from four public "
        "datasets (source kind *dataset*): UN personnel per month from Kathman (2013) and from "
        "IPI's Providing for Peacekeeping, SIPRI's figures for UN and other operations from "
        "Bara & Hultman (2020), and the UN Peace and Security Data Hub's fatalities. Names are "
        "mapped to missions through reviewed crosswalks; a yearly figure is the mean (and the "
        "maximum) of the months with data. Where datasets overlap, Kathman is shown first, "
        "then IPI, then Bara & Hultman; the downloads keep all of them.\n"
        "- **UN contributions by country** (2010–2021) come from the UN's contributions data as "
        "yearly figures (corinnee/UN_Peacekeeping_Analytics, MIT licence): each is the sum of "
        "the monthly figures divided by 12, and the dataset holds some years only in part "
        "(2010: 12 countries; 2012, 2017 and 2021 largely missing; one month of 2013–2016, as "
        "checked against Kathman's figures). Country names are mapped to ISO 3166 alpha-3 codes "
        "through a reviewed crosswalk; rows of zero personnel are not kept. **Fatalities by "
        "nationality** are the UN's fatality records counted by the nationality it records."
        "- **Deployment sites per year** (the Map) are derived by an importer from Geo-PKO "
        "v2.3 (Cil, Fjelde, Hultman & Nilsson 2020, *Journal of Peace Research* 57(2)): one "
        "row per UN operation, year and place, 1994–2024, with the dataset's yearly average of "
        "troops there (inferred from UN deployment maps), the units present, the number of "
        "contributing countries and the headquarters level. Other operations are shown at "
        "their headquarters, or by their host countries where no source places them."
    )
    st.caption("The full data dictionary and the known gaps are in data/README.md.")
