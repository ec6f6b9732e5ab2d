"""Chart builders for personnel and fatalities over time: DataFrame in, plotly Figure out.

Pure functions (frames from `missions.series`), so tests can inspect the traces. Mission
acronyms and labels go through `plotly_text`, as in `components.charts`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts import plotly_text
from components.palette import (
    INCIDENT_TYPE_COLORS,
    PERSONNEL_TYPE_COLORS,
    SERIES_COLORS,
    organization_color,
)
from missions.series import NOT_BROKEN_DOWN, STACKED_TYPES

PERSONNEL_TYPE_LABELS = {
    "troops": "Troops",
    "police": "Police",
    "observers": "Military observers",
    NOT_BROKEN_DOWN: "Not broken down",
}
AUTHORIZED_TRACE = "Authorized strength"
LEGEND = {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0}
MARGIN = {"l": 10, "r": 10, "t": 30, "b": 40}
SMALL_COUNT = 8


def _year_axis(figure: go.Figure, title: str = "Year") -> None:
    figure.update_xaxes(title_text=title, tickformat="d", automargin=True)


def personnel_over_time_figure(
    rows: pd.DataFrame,
    source_labels: dict[str, str],
    authorized: pd.DataFrame | None = None,
) -> go.Figure:
    """Personnel per year, stacked troops / police / observers (yearly means, from the shown
    dataset; `mission_personnel` rows), with an optional authorized strength drawn as a step
    line (`authorized`: columns year, authorized)."""
    figure = go.Figure()
    datasets = [plotly_text(source_labels.get(s, s)) for s in rows["source_id"]]
    for kind in (*STACKED_TYPES, NOT_BROKEN_DOWN):
        values = rows[f"{kind}_mean"].astype("Float64").fillna(0)
        if kind == NOT_BROKEN_DOWN and not (values > 0).any():
            continue
        figure.add_trace(
            go.Bar(
                x=rows["year"].astype(int),
                y=values.astype(float),
                name=PERSONNEL_TYPE_LABELS[kind],
                marker_color=PERSONNEL_TYPE_COLORS[kind],
                customdata=list(
                    zip(
                        rows["total_mean"].astype(float),
                        rows["total_max"].astype(float),
                        rows["months"].astype(int),
                        datasets,
                        strict=True,
                    )
                ),
                hovertemplate=f"{PERSONNEL_TYPE_LABELS[kind]}: %{{y:,.0f}}<br>"
                "%{x}: mean %{customdata[0]:,.0f}, highest %{customdata[1]:,.0f} "
                "(%{customdata[2]} months)<br>%{customdata[3]}<extra></extra>",
            )
        )
    if authorized is not None and not authorized.empty:
        ordered = authorized.sort_values("year")
        figure.add_trace(
            go.Scatter(
                x=ordered["year"].astype(int),
                y=ordered["authorized"].astype(float),
                name=AUTHORIZED_TRACE,
                mode="lines",
                line={"color": "#000000", "dash": "dash", "width": 2, "shape": "hv"},
                hovertemplate="Authorized in %{x}: %{y:,.0f}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        height=340,
        margin=MARGIN,
        yaxis_title="Personnel (yearly mean)",
        legend=LEGEND,
        bargap=0.15,
    )
    _year_axis(figure)
    return figure


def fatalities_by_incident_figure(counts: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Fatalities per year stacked by incident type (`fatalities_by_year` rows)."""
    figure = go.Figure()
    for incident in INCIDENT_TYPE_COLORS:
        rows = counts[counts["incident_type"] == incident]
        if rows.empty:
            continue
        label = labels.get(incident, incident)
        figure.add_trace(
            go.Bar(
                x=rows["year"],
                y=rows["fatalities"],
                name=label,
                marker_color=INCIDENT_TYPE_COLORS[incident],
                hovertemplate=f"{label}<br>%{{x}}: %{{y}} fatalities<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        height=340,
        margin=MARGIN,
        yaxis_title="Fatalities",
        legend=LEGEND,
        bargap=0.15,
    )
    # Whole deaths: no 0.5 ticks on a small count.
    largest = counts.groupby("year")["fatalities"].sum().max() if not counts.empty else 0
    figure.update_yaxes(tickformat=",d", dtick=1 if largest <= SMALL_COUNT else None)
    _year_axis(figure)
    return figure


def aligned_personnel_figure(
    curves: pd.DataFrame, titles: dict[str, str], source_labels: dict[str, str]
) -> go.Figure:
    """One line per mission: the shown yearly mean total against the years since it started
    (`aligned_personnel` rows, missions in the order compared)."""
    figure = go.Figure()
    for position, (mission_id, rows) in enumerate(curves.groupby("mission_id", sort=False)):
        title = plotly_text(titles.get(mission_id, mission_id))
        figure.add_trace(
            go.Scatter(
                x=rows["years_since_start"].astype(int),
                y=rows["total_mean"].astype(float),
                name=title,
                mode="lines+markers",
                line={"color": SERIES_COLORS[position % len(SERIES_COLORS)], "width": 2},
                customdata=list(
                    zip(
                        rows["year"].astype(int),
                        [plotly_text(source_labels.get(s, s)) for s in rows["source_id"]],
                        strict=True,
                    )
                ),
                hovertemplate=f"{title}<br>year %{{x}} of the mission (%{{customdata[0]}}): "
                "mean %{y:,.0f}<br>%{customdata[1]}<extra></extra>",
            )
        )
    figure.update_layout(
        height=360,
        margin=MARGIN,
        yaxis_title="Personnel (yearly mean)",
        legend=LEGEND,
    )
    _year_axis(figure, "Years since the mission started (0 = its first year)")
    return figure


def fatality_rate_figure(rates: pd.DataFrame, titles: dict[str, str]) -> go.Figure:
    """Uniformed fatalities per 1,000 personnel-years, one bar per mission (`fatality_rates`);
    missions without personnel figures are left out."""
    known = rates[rates["per_1000"].notna()]
    names = [plotly_text(titles.get(m, m)) for m in known["mission_id"]]
    figure = go.Figure(
        go.Bar(
            x=names,
            y=known["per_1000"].astype(float),
            marker_color=[
                SERIES_COLORS[list(rates["mission_id"]).index(m) % len(SERIES_COLORS)]
                for m in known["mission_id"]
            ],
            text=[f"{value:.2f}" for value in known["per_1000"]],
            textposition="outside",
            customdata=list(
                zip(
                    known["fatalities"].astype(int),
                    known["personnel_years"].astype(float),
                    known["years"],
                    strict=True,
                )
            ),
            hovertemplate="%{x}: %{y:.2f} per 1,000 personnel-years<br>%{customdata[0]} "
            "uniformed fatalities in %{customdata[1]:,.0f} personnel-years "
            "(%{customdata[2]})<extra></extra>",
            name="Fatalities per 1,000 personnel-years",
        )
    )
    figure.update_layout(
        height=360,
        margin=MARGIN,
        yaxis_title="Uniformed fatalities per 1,000 personnel-years",
        xaxis_title="Mission",
        showlegend=False,
    )
    return figure


def personnel_per_year_figure(totals: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Personnel deployed per year across the missions in view, stacked by organization
    (`personnel_per_year` rows)."""
    figure = go.Figure()
    order = totals.groupby("organization")["personnel"].sum().sort_values(ascending=False)
    for organization in order.index:
        rows = totals[totals["organization"] == organization]
        label = labels.get(organization, organization)
        figure.add_trace(
            go.Bar(
                x=rows["year"],
                y=rows["personnel"],
                name=organization,
                marker_color=organization_color(organization),
                customdata=rows["missions"],
                hovertemplate=f"{label}<br>%{{x}}: %{{y:,.0f}} personnel "
                "(%{customdata} missions with figures)<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        height=360,
        margin=MARGIN,
        yaxis_title="Personnel (sum of yearly means)",
        legend=LEGEND,
        bargap=0.1,
    )
    _year_axis(figure)
    return figure
