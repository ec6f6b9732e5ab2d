"""Pieces that name countries and link to their pages: the country picker's labels, links to a
country's page (page links, or a link column in a table), a mission's top contributors (profile
and Compare) and the ranking of contributors in a year (Country page).

A country's page is `country?country=KEN` (ISO 3166 alpha-3). Tables link to it with a relative
URL, which the browser resolves against the app's address, so it works under any base path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import streamlit as st

from components.country_charts import ranking_figure
from components.shared_cache import cached_for_missions, cached_result
from missions.countries import (
    CONTRIBUTION_YEAR_BRIEF,
    CONTRIBUTION_YEAR_NOTES,
    CONTRIBUTION_YEARS,
    CONTRIBUTIONS_SOURCE,
    DEFAULT_RANKING_YEAR,
    contribution_ranking,
    country_pages,
    top_contributors,
)
from missions.dataset import Dataset
from missions.markdown import markdown_link, markdown_literal

COUNTRY_PAGE = "app_pages/country.py"
UN_ORGANIZATIONS = ("UN", "UN-AU")
RANKING_SHOWN = 20
CHART_CONFIG = {"displaylogo": False}
RANKING_EXPLAINED = (
    "How it is computed: for each country, the uniformed personnel it had in the UN missions of "
    "the dataset that year (the dataset's total of women and men), each mission's figure being "
    "the sum of the UN's monthly figures divided by 12, added up over missions; ties share a "
    "rank. UNSOS, a support office, is not counted. The UN publishes its own ranking month by "
    "month, from one month's figures: a yearly average smooths the rotations of contingents, so "
    "a country's place here can differ from its place in any one month, and in a year the "
    "dataset gives only in part every figure is lower than the UN's."
)


def country_url(code: str) -> str:
    """The relative address of a country's page (for a table's link column)."""
    return f"country?country={code}"


def mission_url(mission_id: str) -> str:
    """The relative address of a mission's profile (for a table's link column)."""
    return f"mission?mission={mission_id}"


def country_link_column(label: str = "Page") -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(
        label,
        display_text=r"country=([A-Z]{3})",
        help="Opens the country's page (in a new tab), e.g. country?country=KEN.",
    )


def mission_link_column(label: str = "Profile") -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(
        label,
        display_text=r"mission=(.+)$",
        help="Opens the mission's profile (in a new tab).",
    )


def known_countries(dataset: Dataset) -> dict[str, str]:
    """Code -> name of every country with a page, sorted by name (built once per dataset)."""
    return cached_result("country_pages", str(dataset.data_dir), lambda: country_pages(dataset))


def country_label(dataset: Dataset) -> Callable[[str], str]:
    """The picker label of a code: "Kenya (KEN)", so the name and the code can be searched."""
    names = known_countries(dataset)
    return lambda code: f"{names.get(code, code)} ({code})"


def country_page_links(dataset: Dataset, codes: Iterable[str], key: str = "") -> None:
    """One page link per country, side by side, each named by the country."""
    names = dataset.country_names()
    codes = list(codes)
    if not codes:
        return
    with st.container(horizontal=True, key=f"country_links_{key}" if key else None):
        for code in codes:
            name = markdown_literal(names.get(code, code))
            st.page_link(
                COUNTRY_PAGE,
                label=name,
                icon=":material/flag:",
                query_params={"country": code},
                help=f"The page of {name} ({code}).",
            )


def year_note_lines(years: Iterable[int]) -> str:
    """The incomplete years among `years`, briefly: "2012 (about 70 % of the year), 2017 (…)"."""
    return ", ".join(
        f"{year} ({CONTRIBUTION_YEAR_BRIEF[year]})"
        for year in sorted(set(years))
        if year in CONTRIBUTION_YEAR_BRIEF
    )


def year_caveat(years: Iterable[int]) -> str:
    """The sentence on the incomplete years among `years` ("" when none is)."""
    lines = year_note_lines(years)
    if not lines:
        return ""
    return (
        " Years the dataset holds only in part (checked against Kathman's monthly figures; "
        f"data/README.md says how): {markdown_literal(lines)}."
    )


def contributions_citation(dataset: Dataset) -> str:
    """ "[title](url)" of the contributions dataset (title shown literally)."""
    row = dataset.sources_by_id.loc[CONTRIBUTIONS_SOURCE]
    return markdown_link(row["title"], row["url"])


def top_contributors_table(dataset: Dataset, mission_id: str) -> pd.DataFrame:
    """The mission's largest contributors as shown: country name, its page, personnel-years and
    one column per year."""
    table = top_contributors(dataset.contributions, mission_id, dataset.country_names())
    if table.empty:
        return table
    shown = table.rename(columns={"name": "Country", "personnel_years": "Personnel-years"})
    shown.insert(2, "Page", [country_url(code) for code in table["country"]])
    return shown.drop(columns=["country"])


def show_top_contributors(dataset: Dataset, mission_id: str, key: str) -> None:
    """A mission's ten largest UN contributors in the years with data, each linking to its
    country page; a plain sentence when the dataset has none."""
    row = dataset.missions_by_id.loc[mission_id]
    acronym = markdown_literal(row["acronym"])
    table = cached_for_missions(
        "top_contributors",
        dataset,
        (mission_id,),
        lambda: top_contributors_table(dataset, mission_id),
    )
    first, last = CONTRIBUTION_YEARS
    if table.empty:
        if row["organization"] in UN_ORGANIZATIONS:
            st.info(
                f"The UN contributions dataset ({first}–{last}) has no figures for {acronym}.",
                icon=":material/groups:",
            )
        else:
            st.info(
                f"No contribution figures for {acronym}: the UN contributions dataset covers UN "
                f"operations ({first}–{last}). The partners table names the states our sources "
                "record as lead nation or contributor.",
                icon=":material/groups:",
            )
        return
    years = [int(column) for column in table.columns if str(column).isdigit()]
    st.dataframe(
        table,
        hide_index=True,
        key=key,
        column_config={
            "Country": st.column_config.TextColumn("Country", pinned=True),
            "Page": country_link_column(),
            "Personnel-years": st.column_config.NumberColumn(
                "Personnel-years",
                format="localized",
                help="The sum of the yearly figures over the years with data.",
            ),
            **{
                str(year): st.column_config.NumberColumn(str(year), format="localized")
                for year in years
            },
        },
    )
    caption = (
        f"The {len(table)} largest contributors of uniformed personnel to {acronym} in the years "
        "with data: each year's figure is the sum of the UN's monthly figures divided by 12, so "
        "a mission's first and last year count its months of deployment only. Source: "
        + contributions_citation(dataset)
        + "."
    )
    st.caption(caption + year_caveat(years))


def ranking_table(dataset: Dataset, year: int) -> pd.DataFrame:
    """The ranking of one year as shown, with the country codes kept in `code`."""
    ranking = contribution_ranking(dataset.contributions, year, dataset.country_names())
    return pd.DataFrame(
        {
            "Rank": ranking["rank"],
            "Country": ranking["name"],
            "Page": [country_url(code) for code in ranking["country"]],
            "Personnel": ranking["personnel"],
            "Missions": ranking["missions"],
            "Share (%)": ranking["share"],
            "code": ranking["country"],
        }
    )


def _ranking_chart(table: pd.DataFrame, chosen: str | None):
    top = table.head(RANKING_SHOWN)
    return ranking_figure(
        pd.DataFrame(
            {
                "rank": top["Rank"],
                "name": top["Country"],
                "personnel": top["Personnel"],
                "missions": top["Missions"],
                "share": top["Share (%)"],
                "country": top["code"],
            }
        ),
        chosen,
    )


def show_ranking(dataset: Dataset, chosen: str | None = None) -> None:
    """The largest UN contributors in a chosen year, with how the figure is computed and how it
    relates to the UN's own (monthly) ranking; the chosen country's place named."""
    first, last = CONTRIBUTION_YEARS
    years = list(range(last, first - 1, -1))
    st.subheader("Largest UN contributors", anchor=False)
    year = st.selectbox(
        "Year",
        years,
        index=years.index(DEFAULT_RANKING_YEAR),
        key="ranking_year",
        format_func=lambda y: (
            f"{y} ({CONTRIBUTION_YEAR_BRIEF[y]})" if y in CONTRIBUTION_YEAR_BRIEF else str(y)
        ),
        help="2011, 2018 and 2019 were checked complete against Kathman's monthly figures.",
    )
    key = (str(dataset.data_dir), year)
    table = cached_result("contribution_ranking", key, lambda: ranking_table(dataset, year))
    if table.empty:
        st.info(f"The dataset has no contributions for {year}.")
        return
    if year in CONTRIBUTION_YEAR_NOTES:
        st.warning(
            markdown_literal(f"{year}: {CONTRIBUTION_YEAR_NOTES[year]}"), icon=":material/warning:"
        )
    if chosen is not None:
        name = markdown_literal(dataset.country_names().get(chosen, chosen))
        place = table[table["code"] == chosen]
        if place.empty:
            st.markdown(
                f"**{name}** had no uniformed personnel in the dataset's UN missions in {year}."
            )
        else:
            st.markdown(
                f"**{name}** ranks **{int(place['Rank'].iloc[0])}** of {len(table)} contributors "
                f"in {year}, with {int(place['Personnel'].iloc[0]):,} uniformed personnel."
            )
    st.plotly_chart(
        cached_result("ranking_figure", (*key, chosen), lambda: _ranking_chart(table, chosen)),
        config=CHART_CONFIG,
        key="ranking_chart",
    )
    with st.expander(f"All {len(table)} contributors in {year}"):
        st.dataframe(
            table.drop(columns=["code"]),
            hide_index=True,
            key="ranking_table",
            column_config={
                "Page": country_link_column(),
                "Personnel": st.column_config.NumberColumn("Personnel", format="localized"),
                "Share (%)": st.column_config.NumberColumn("Share (%)", format="%.1f"),
            },
        )
    st.caption(RANKING_EXPLAINED + " Source: " + contributions_citation(dataset) + ".")
