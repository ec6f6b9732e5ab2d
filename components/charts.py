"""Chart builders: DataFrame in, plotly Figure out. Pure functions, so tests can inspect them.

Plotly reads a few HTML tags (<b>, <br>, <a href>, <span style>) in axis labels and hovers, so
mission acronyms and names go through `plotly_text` first and show as they are written.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from components.palette import organization_color
from missions.dates import format_date, format_span
from missions.palette import ACTION_COLORS, ACTION_ORDER
from missions.summary import missions_per_organization


def organization_bar(missions: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Missions per organization (horizontal bars), with the active ones called out in hover."""
    counts = missions_per_organization(missions).sort_values("missions")
    figure = go.Figure(
        go.Bar(
            x=counts["missions"],
            y=counts["organization"],
            orientation="h",
            marker_color=[organization_color(code) for code in counts["organization"]],
            customdata=list(
                zip(
                    [labels.get(code, code) for code in counts["organization"]],
                    counts["active"],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[0]}<br>%{x} missions, %{customdata[1]} active"
            "<extra></extra>",
            name="Missions",
        )
    )
    figure.update_layout(
        height=max(220, 34 * len(counts) + 90),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="Number of missions",
        yaxis_title="Organization",
        showlegend=False,
    )
    return figure


ONGOING_PATTERN = "/"
MS_PER_DAY = 86_400_000


def plotly_text(value: object) -> str:
    """Text from the data as plotly shows it literally: & < > written as entities."""
    return html.escape(str(value), quote=False)


def mission_labels(missions: pd.DataFrame) -> pd.Series:
    """Axis labels: the acronym, or "ECOMOG (ecomog-liberia)" where acronyms repeat."""
    repeated = missions["acronym"].duplicated(keep=False)
    labels = missions["acronym"].where(
        ~repeated, missions["acronym"] + " (" + missions["mission_id"] + ")"
    )
    return labels.map(plotly_text)


# One bar per mission: beyond a few hundred bars the chart is unreadable and slow to send.
MAX_LIFESPANS = 400


def latest_lifespans(missions: pd.DataFrame, limit: int = MAX_LIFESPANS) -> pd.DataFrame:
    """The missions the lifespan chart draws: all of them, or the `limit` that started last."""
    if len(missions) <= limit:
        return missions
    return missions.sort_values(["start", "mission_id"]).tail(limit)


def timeline_figure(
    missions: pd.DataFrame,
    color_by: str,
    labels: dict[str, str],
    as_of: pd.Timestamp,
    handovers: pd.DataFrame,
    year: int | None = None,
) -> go.Figure:
    """A Gantt of mission lifespans: one bar per mission, earliest start at the top.

    `color_by` is "organization" (shared palette) or "mission_type"; ongoing missions run to
    `as_of` with a hatched bar; hand-overs between missions in view are drawn as connectors.
    """
    ordered = missions.sort_values(["start", "mission_id"]).copy()
    ordered["label"] = mission_labels(ordered)
    ordered["finish"] = ordered["end_or_as_of"]
    figure = go.Figure()
    type_palette = _type_palette(sorted(missions["mission_type"].unique()))
    for group, rows in ordered.groupby(color_by, sort=True):
        color = organization_color(group) if color_by == "organization" else type_palette[group]
        duration = (rows["finish"] - rows["start"]).dt.total_seconds() * 1000 + MS_PER_DAY
        figure.add_trace(
            go.Bar(
                base=rows["start"],
                x=duration,
                y=rows["label"],
                orientation="h",
                name=labels.get(group, group),
                marker={
                    "color": color,
                    "pattern": {
                        "shape": [
                            ONGOING_PATTERN if active else "" for active in rows["is_active"]
                        ],
                        "fillmode": "overlay",
                        "solidity": 0.3,
                    },
                },
                customdata=list(
                    zip(
                        rows["name"].map(plotly_text),
                        rows["organization"],
                        rows["mission_type"].map(labels).fillna(rows["mission_type"]),
                        [_span_text(r.start_date, r.end_date, as_of) for r in rows.itertuples()],
                        strict=True,
                    )
                ),
                hovertemplate="<b>%{y}</b> %{customdata[0]}<br>%{customdata[1]} · %{customdata[2]}"
                "<br>%{customdata[3]}<extra></extra>",
            )
        )
    _add_handover_connectors(figure, ordered, handovers)
    if year is not None:
        figure.add_vline(
            x=pd.Timestamp(year=year, month=7, day=1),
            line_dash="dash",
            line_width=2,
            annotation_text=str(year),
            annotation_position="top",
        )
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(ordered["label"].tolist())),
        title_text="Mission (earliest start at the top)",
        automargin=True,
    )
    figure.update_xaxes(type="date", title_text="Year")
    figure.update_layout(
        barmode="overlay",
        height=max(320, 17 * len(ordered) + 140),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        hoverlabel={"align": "left"},
    )
    return figure


def _span_text(start: str, end: object, as_of: pd.Timestamp) -> str:
    if isinstance(end, str):
        return format_span(start, end)
    return f"{format_span(start, None)} (shown to {as_of:%d %b %Y})"


def _add_handover_connectors(
    figure: go.Figure, ordered: pd.DataFrame, handovers: pd.DataFrame
) -> None:
    """A line from the end of each predecessor's bar to the start of its successor's bar."""
    by_id = ordered.set_index("mission_id")
    xs: list[object] = []
    ys: list[object] = []
    for source, target in zip(handovers["from_id"], handovers["to_id"], strict=True):
        if source in by_id.index and target in by_id.index:
            xs += [by_id.at[source, "finish"], by_id.at[target, "start"], None]
            ys += [by_id.at[source, "label"], by_id.at[target, "label"], None]
    if xs:
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                name="Hand-over",
                line={"color": "#7F7F7F", "width": 1.5, "dash": "dot"},
                marker={"size": 5, "color": "#7F7F7F"},
                hoverinfo="skip",
            )
        )


def _type_palette(types: list[str]) -> dict[str, str]:
    """Colours for mission types (Paul Tol's "muted" scheme, colour-blind safe)."""
    muted = [
        "#332288",
        "#88CCEE",
        "#44AA99",
        "#117733",
        "#999933",
        "#DDCC77",
        "#CC6677",
        "#882255",
        "#AA4499",
    ]
    return {code: muted[i % len(muted)] for i, code in enumerate(types)}


def active_per_year_figure(
    counts: pd.DataFrame, labels: dict[str, str], year: int | None = None
) -> go.Figure:
    """Missions active each year, stacked by organization (counts from active_counts_by_year)."""
    figure = go.Figure()
    totals = counts.groupby("organization")["missions"].sum().sort_values(ascending=False)
    for organization in totals.index:
        rows = counts[counts["organization"] == organization]
        figure.add_trace(
            go.Bar(
                x=rows["year"],
                y=rows["missions"],
                name=organization,
                marker_color=organization_color(organization),
                hovertemplate=f"{labels.get(organization, organization)}"
                "<br>%{x}: %{y} missions<extra></extra>",
            )
        )
    if year is not None:
        figure.add_vline(x=year, line_dash="dash", line_width=2)
    figure.update_layout(
        barmode="stack",
        height=360,
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="Year",
        yaxis_title="Missions active during the year",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        bargap=0.1,
    )
    return figure


def type_organization_heatmap(table: pd.DataFrame, type_labels: dict[str, str]) -> go.Figure:
    """Missions by organization (rows, most missions at the top) and type (columns), the count
    written in each cell. `table` is type_by_organization's (types × organizations)."""
    by_organization = table.T
    by_organization = by_organization.loc[by_organization.sum(axis=1).sort_values().index]
    figure = go.Figure(
        go.Heatmap(
            z=by_organization.values,
            x=[type_labels.get(code, code) for code in by_organization.columns],
            y=list(by_organization.index),
            text=by_organization.values,
            texttemplate="%{text}",
            colorscale="Blues",
            colorbar={"title": {"text": "Missions"}},
            hovertemplate="%{y} · %{x}: %{z} missions<extra></extra>",
        )
    )
    figure.update_xaxes(tickangle=-35)
    figure.update_layout(
        height=max(300, 26 * len(by_organization) + 160),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="Mission type",
        yaxis_title="Organization",
    )
    return figure


def region_decade_figure(counts: pd.DataFrame, region_labels: dict[str, str]) -> go.Figure:
    """Missions by decade of start, stacked by region (Tol "muted" colours)."""
    palette = _type_palette(sorted(counts["region"].unique()))
    figure = go.Figure()
    for region, rows in counts.groupby("region"):
        figure.add_trace(
            go.Bar(
                x=rows["decade"].astype(str) + "s",
                y=rows["missions"],
                name=region_labels.get(region, region),
                marker_color=palette[region],
                hovertemplate="%{x}: %{y} missions<extra>"
                + region_labels.get(region, region)
                + "</extra>",
            )
        )
    decades = sorted(counts["decade"].unique())
    figure.update_xaxes(categoryorder="array", categoryarray=[f"{d}s" for d in decades])
    figure.update_layout(
        barmode="stack",
        height=340,
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="Decade the mission started",
        yaxis_title="Missions",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    return figure


def frequency_figure(counts: pd.Series, labels: dict[str, str], axis_title: str) -> go.Figure:
    """Horizontal bars: how many missions have each code, most frequent at the top."""
    ordered = counts.sort_values()
    figure = go.Figure(
        go.Bar(
            x=ordered.values,
            y=[labels.get(code, code) for code in ordered.index],
            orientation="h",
            marker_color="#0072B2",
            hovertemplate="%{y}: %{x} missions<extra></extra>",
        )
    )
    figure.update_layout(
        height=max(240, 24 * len(ordered) + 90),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="Missions",
        yaxis_title=axis_title,
    )
    return figure


def personnel_figure(missions: pd.DataFrame) -> go.Figure:
    """Peak personnel per mission on a log scale, one row of points per organization."""
    known = missions[missions["peak_personnel"].notna()]
    figure = go.Figure()
    for organization, rows in known.groupby("organization"):
        figure.add_trace(
            go.Box(
                x=rows["peak_personnel"].astype(float),
                name=organization,
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                marker={"color": organization_color(organization), "size": 7},
                line={"color": organization_color(organization)},
                fillcolor="rgba(0,0,0,0)",
                customdata=list(
                    zip(rows["acronym"].map(plotly_text), rows["personnel_basis"], strict=True)
                ),
                hovertemplate="%{customdata[0]}: %{x:,} (%{customdata[1]})<extra></extra>",
                orientation="h",
            )
        )
    figure.update_layout(
        height=max(260, 40 * known["organization"].nunique() + 100),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis={"type": "log", "title": {"text": "Peak personnel (log scale)"}},
        yaxis_title="Organization",
        showlegend=False,
    )
    return figure


def sipri_comparison_figure(comparison: pd.DataFrame) -> go.Figure:
    """Operations active per year in the atlas beside SIPRI's published counts (grouped bars)."""
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=comparison["year"].tolist(),
            y=comparison["atlas"].tolist(),
            name="Peacekeeping Atlas",
            marker_color="#0072B2",
            customdata=(comparison["share"] * 100).tolist(),
            hovertemplate="%{x}: %{y} in the atlas (%{customdata:.0f} % of SIPRI's count)"
            "<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=comparison["year"].tolist(),
            y=comparison["sipri"].tolist(),
            name="SIPRI (published count)",
            marker_color="#8C8C8C",
            hovertemplate="%{x}: %{y} counted by SIPRI<extra></extra>",
        )
    )
    figure.update_layout(
        barmode="group",
        height=340,
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis={"title": {"text": "Year"}, "dtick": 1},
        yaxis_title="Operations active during the year",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    return figure


def mandate_decisions_figure(decisions: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """An operation's decisions on a time axis, one row per kind of action, with the decision,
    the mandate end it set and the authorized strength in the hover."""
    figure = go.Figure()
    for action in ACTION_ORDER:
        rows = decisions[decisions["action"] == action]
        if rows.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=rows["decided"].tolist(),
                y=[labels.get(action, action)] * len(rows),
                mode="markers",
                name=labels.get(action, action),
                marker={"size": 12, "color": ACTION_COLORS[action], "line": {"width": 1}},
                customdata=list(
                    zip(
                        rows["decision"].map(plotly_text),
                        [format_date(text) for text in rows["date"]],
                        [
                            f"mandate to {format_date(text)}" if isinstance(text, str) else ""
                            for text in rows["mandate_until"]
                        ],
                        [
                            f"authorized {int(value):,}" if pd.notna(value) else ""
                            for value in rows["authorized_personnel"]
                        ],
                        strict=True,
                    )
                ),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
                "<br>%{customdata[3]}<extra></extra>",
            )
        )
    shown = [labels.get(a, a) for a in ACTION_ORDER if a in set(decisions["action"])]
    figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(shown)))
    figure.update_layout(
        height=max(180, 40 * len(shown) + 90),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis={"type": "date", "title": {"text": "Date of the decision"}},
        yaxis_title=None,
        showlegend=False,
    )
    return figure


def authorized_strength_figure(
    decisions: pd.DataFrame, start: pd.Timestamp, until: pd.Timestamp
) -> go.Figure:
    """The authorized strength set by each decision, held until the next one (a step line)
    drawn to `until` (the operation's end, or the data's as-of date), on an axis that runs
    from the operation's `start`."""
    steps = decisions[decisions["authorized_personnel"].notna()].sort_values("decided")
    xs = [*steps["decided"].tolist(), until]
    ys = [
        *steps["authorized_personnel"].astype(int).tolist(),
        int(steps["authorized_personnel"].iloc[-1]),
    ]
    figure = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            line={"shape": "hv", "color": "#0072B2", "width": 2},
            marker={"size": [8] * len(steps) + [0]},
            name="Authorized strength",
            customdata=[*steps["decision"].map(plotly_text).tolist(), ""],
            hovertemplate="%{y:,} personnel authorized<br>%{customdata}<extra></extra>",
        )
    )
    figure.update_layout(
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis={"type": "date", "title": {"text": "Year"}, "range": [start, until]},
        yaxis={"title": {"text": "Authorized personnel"}, "rangemode": "tozero"},
        showlegend=False,
    )
    return figure
