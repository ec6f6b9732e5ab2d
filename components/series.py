"""Personnel and fatalities over time on the Mission profile, Compare and Timeline pages:
charts from `components.series_charts`, each with the datasets and years it covers and their
citations underneath, or a plain sentence when there is no series."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.series_charts import (
    aligned_personnel_figure,
    fatalities_by_incident_figure,
    fatality_rate_figure,
    personnel_over_time_figure,
    personnel_per_year_figure,
)
from components.shared_cache import cached_for_missions, cached_for_view
from components.view import View
from missions.dataset import Dataset
from missions.markdown import markdown_link, markdown_literal
from missions.series import (
    DATASET_SHORT_NAMES,
    FATALITIES_SOURCE,
    Coverage,
    aligned_personnel,
    coverage,
    fatalities_by_year,
    fatality_rates,
    mission_fatalities,
    mission_personnel,
    personnel_per_year,
    rows_of,
    shown_rank,
    view_coverage,
    year_spans,
)

CHART_CONFIG = {"displaylogo": False}
UN_ORGANIZATIONS = ("UN", "UN-AU")
NO_PERSONNEL = (
    "The datasets in the atlas cover UN operations from 1990 (Kathman to 2019, IPI to 2017) "
    "and, from SIPRI's figures, UN and other operations of 1993–2016 deployed to countries in "
    "civil conflict."
)


def source_labels() -> dict[str, str]:
    return dict(DATASET_SHORT_NAMES)


def cited(dataset: Dataset, parts: list[Coverage]) -> str:
    """ "[title](url) for 1990–2019; [title](url) for 2001–2002" (titles shown literally)."""
    sources = dataset.sources_by_id
    return "; ".join(
        f"{markdown_link(sources.at[part.source_id, 'title'], sources.at[part.source_id, 'url'])}"
        f" for {part.years}"
        for part in parts
    )


def cited_by_mission(
    dataset: Dataset, rows: pd.DataFrame, mission_ids: list[str], titles: dict[str, str]
) -> str:
    """ "[title](url): UNAMID 2007–2019, MINUSMA 2013–2019; [title](url): …" per dataset."""
    sources = dataset.sources_by_id
    by_source: dict[str, list[str]] = {}
    for mission_id in mission_ids:
        for part in coverage(rows[rows["mission_id"] == mission_id]):
            by_source.setdefault(part.source_id, []).append(
                f"{markdown_literal(titles[mission_id])} {part.years}"
            )
    ordered = sorted(by_source, key=shown_rank)
    return "; ".join(
        f"{markdown_link(sources.at[s, 'title'], sources.at[s, 'url'])}: {', '.join(by_source[s])}"
        for s in ordered
    )


@dataclass(frozen=True)
class Panel:
    """One chart with its caption, or the sentence shown instead when there is no series.
    Built once per mission or view and shared (never modified)."""

    figure: go.Figure | None
    caption: str
    empty_note: str = ""


def show_panel(panel: Panel, key: str) -> None:
    if panel.figure is None:
        st.info(panel.empty_note)
        return
    st.plotly_chart(panel.figure, config=CHART_CONFIG, key=key)
    st.caption(panel.caption)


def mission_panels(dataset: Dataset, mission_id: str) -> tuple[Panel, Panel]:
    """The profile's personnel and fatality panels of one mission."""
    row = dataset.missions_by_id.loc[mission_id]
    acronym = markdown_literal(row["acronym"])
    personnel = mission_personnel(dataset.shown_personnel, mission_id)
    fatalities = mission_fatalities(dataset.fatalities, mission_id)
    if personnel.empty:
        people = Panel(
            None,
            "",
            f"No dataset in the atlas gives personnel figures for {acronym}. {NO_PERSONNEL}",
        )
    else:
        people = Panel(
            personnel_over_time_figure(personnel, source_labels()),
            "Uniformed personnel: the yearly mean of the monthly figures (SIPRI's: mostly one "
            "year-end figure). Source: "
            + cited(dataset, coverage(personnel))
            + ". Other datasets' figures for the same years are in the Data page's downloads.",
        )
    if not fatalities.empty:
        parts = [Coverage(FATALITIES_SOURCE, year_spans(fatalities["year"]))]
        deaths = Panel(
            fatalities_by_incident_figure(fatalities, dataset.labels("incident_type")),
            "Deaths of all the mission's personnel (uniformed and civilian) by the year of the "
            f"incident; {int(fatalities['fatalities'].sum()):,} in all. Source: "
            + cited(dataset, parts)
            + ". The Hub notes that data before 2000 may be incomplete.",
        )
    elif row["organization"] in UN_ORGANIZATIONS:
        deaths = Panel(None, "", f"The UN's fatalities dataset records no death under {acronym}.")
    else:
        deaths = Panel(
            None,
            "",
            f"No fatality figures for {acronym}: the UN's fatalities dataset covers UN operations "
            "only.",
        )
    return people, deaths


def show_mission_series(dataset: Dataset, mission_id: str) -> None:
    """The profile's two charts: personnel per year (stacked types) and fatalities per year."""
    people, deaths = cached_for_missions(
        "mission_series", dataset, (mission_id,), lambda: mission_panels(dataset, mission_id)
    )
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.subheader("Personnel per year", anchor=False)
        show_panel(people, "personnel_chart")
    with right, st.container(border=True):
        st.subheader("Fatalities per year", anchor=False)
        show_panel(deaths, "fatality_chart")


def compared_panels(
    dataset: Dataset, mission_ids: list[str], titles: dict[str, str]
) -> tuple[Panel, Panel, str]:
    """Compare: the aligned personnel curves, the fatality rates, and a note on the missions
    without a rate."""
    curves = aligned_personnel(dataset.shown_personnel, dataset.missions, mission_ids)
    un = dataset.missions.loc[dataset.missions["organization"].isin(UN_ORGANIZATIONS), "mission_id"]
    rates = fatality_rates(dataset.shown_personnel, dataset.fatalities, mission_ids, un)
    without = [titles[m] for m in mission_ids if m not in set(curves["mission_id"])]
    if curves.empty:
        aligned = Panel(
            None,
            "",
            "No dataset in the atlas gives personnel figures for these missions. " + NO_PERSONNEL,
        )
    else:
        caption = (
            "The yearly mean of each mission's uniformed personnel; year 0 is the year it "
            "started. Sources: " + cited_by_mission(dataset, curves, mission_ids, titles) + "."
        )
        if without:
            caption += (
                " No personnel figures for "
                + ", ".join(markdown_literal(title) for title in without)
                + "."
            )
        aligned = Panel(aligned_personnel_figure(curves, titles, source_labels()), caption)
    known = rates[rates["per_1000"].notna()]
    if known.empty:
        rated = Panel(
            None,
            "",
            "No rate can be computed: the fatalities dataset covers UN operations only, and a "
            "rate needs personnel figures too.",
        )
    else:
        counted = "; ".join(
            f"{markdown_literal(titles[r.mission_id])} {r.years} ({int(r.fatalities)} deaths, "
            f"{r.personnel_years:,.0f} personnel-years)"
            for r in known.itertuples(index=False)
        )
        parts = [Coverage(FATALITIES_SOURCE, "the same years")]
        rated = Panel(
            fatality_rate_figure(rates, titles),
            "Personnel-years: the sum of the yearly mean strength over the years with a "
            "personnel figure. Fatalities: deaths of military personnel, military observers and "
            f"police in those years. Years counted: {counted}. Fatalities: "
            + cited(dataset, parts)
            + "; personnel: the datasets named on the left.",
        )
    note = ""
    if not known.empty:
        reasons = [
            f"{markdown_literal(titles[r.mission_id])} ("
            + ("no personnel figures" if not r.personnel_years else "not a UN operation")
            + ")"
            for r in rates[rates["per_1000"].isna()].itertuples(index=False)
        ]
        if reasons:
            note = (
                "No rate for "
                + ", ".join(reasons)
                + ": a rate needs personnel figures and the UN's fatality records, which cover UN "
                "operations only."
            )
    return aligned, rated, note


def show_compared_series(dataset: Dataset, mission_ids: list[str], titles: dict[str, str]) -> None:
    """Compare: personnel curves aligned on the years since start, and fatalities per 1,000
    personnel-years."""
    aligned, rated, note = cached_for_missions(
        "compared_series",
        dataset,
        tuple(mission_ids),
        lambda: compared_panels(dataset, mission_ids, titles),
    )
    st.subheader("Personnel and fatalities over time", anchor=False)
    left, right = st.columns(2)
    with left:
        st.markdown("**Personnel, aligned on the years since each mission started**")
        show_panel(aligned, "aligned_chart")
    with right:
        st.markdown("**Uniformed fatalities per 1,000 personnel-years**")
        show_panel(rated, "rate_chart")
        if note:
            st.caption(note)


def view_panels(dataset: Dataset, view: View) -> tuple[Panel, Panel]:
    """Timeline: personnel deployed per year and fatalities per year across the view."""
    shown = dataset.shown_personnel
    covered = view_coverage(shown, view.missions)
    if not covered.with_data:
        people = Panel(None, "", f"No mission in view has personnel figures. {NO_PERSONNEL}")
    else:
        people = Panel(
            personnel_per_year_figure(
                personnel_per_year(shown, view.missions), dataset.labels("organization")
            ),
            f"The sum of the yearly mean uniformed personnel of the {covered.with_data} of "
            f"{covered.in_view} missions in view that have figures, by organization; missions "
            "without figures add nothing, so the totals are lower bounds. Sources: "
            + cited(dataset, covered.sources)
            + ".",
        )
    covered = view_coverage(dataset.fatalities, view.missions)
    if not covered.with_data:
        deaths = Panel(
            None,
            "",
            "The UN's fatalities dataset records no death for the missions in view (it covers "
            "UN operations only).",
        )
    else:
        ids = view.missions["mission_id"]
        un_in_view = int(view.missions["organization"].isin(UN_ORGANIZATIONS).sum())
        total = int(rows_of(dataset.fatalities, ids)["fatalities"].sum())
        deaths = Panel(
            fatalities_by_incident_figure(
                fatalities_by_year(dataset.fatalities, ids), dataset.labels("incident_type")
            ),
            f"Deaths of the personnel of the {covered.with_data} missions in view that have any "
            f"({un_in_view} of the {covered.in_view} in view are UN operations, the only ones "
            f"the dataset covers); {total:,} in all, by incident type. Source: "
            + cited(dataset, covered.sources)
            + ". The Hub notes that data before 2000 may be incomplete.",
        )
    return people, deaths


def show_view_series(dataset: Dataset, view: View) -> None:
    """Timeline: total personnel deployed per year and fatalities per year across the view."""
    people, deaths = cached_for_view("view_series", view, lambda: view_panels(dataset, view))
    with st.container(border=True):
        st.subheader("Personnel deployed per year", anchor=False)
        show_panel(people, "personnel_per_year_chart")
    with st.container(border=True):
        st.subheader("Fatalities per year", anchor=False)
        show_panel(deaths, "fatalities_per_year_chart")
