"""Chart and map builders of the Country page: DataFrame in, plotly Figure or pydeck Deck out.

Pure functions, so tests can inspect the traces and layers. Mission acronyms go through
`plotly_text`, as in `components.charts`. The locator map is drawn like the Map page's: no tile
provider, the bundled Natural Earth outlines only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from components.charts import plotly_text, timeline_figure
from components.maps import OUTLINE, CompactDeck
from components.palette import hex_to_rgb
from missions.countries import CONTRIBUTION_YEARS, MOSTLY_MISSING_YEARS

# Largest mission first in the legend (plotly reverses it for stacked bars by default).
LEGEND = {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"}
MARGIN = {"l": 10, "r": 10, "t": 30, "b": 40}
# Missions told apart in one chart (Paul Tol's "muted" and "bright" schemes); the rest are
# grouped as "Other missions" in grey.
MISSION_COLORS = (
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#EE7733",
    "#332288",
    "#999933",
)
OTHER_MISSIONS = "Other missions"
OTHER_COLOR = "#A0A0A0"
INCOMPLETE_SHADE = "rgba(128, 128, 128, 0.15)"
SMALL_COUNT = 8

LOCATOR_LAYER_ID = "countries"
THE_COUNTRY = [*hex_to_rgb("#0072B2"), 230]
SERVED_IN = [*hex_to_rgb("#E69F00"), 150]
OTHER_FILL = [160, 160, 160, 35]


def stacked_by_mission(
    rows: pd.DataFrame, value: str, acronyms: Mapping[str, str]
) -> list[tuple[str, str, pd.DataFrame]]:
    """The traces of a per-year chart stacked by mission: (label, colour, year/value rows) for
    the missions with the largest sums, then the others together."""
    sums = rows.groupby("mission_id")[value].sum().sort_values(ascending=False, kind="stable")
    named = list(sums.index[: len(MISSION_COLORS)])
    parts = []
    for position, mission_id in enumerate(named):
        part = rows[rows["mission_id"] == mission_id].groupby("year", as_index=False)[value].sum()
        label = plotly_text(acronyms.get(mission_id, mission_id))
        parts.append((label, MISSION_COLORS[position], part))
    rest = rows[~rows["mission_id"].isin(named)]
    if not rest.empty:
        part = rest.groupby("year", as_index=False)[value].sum()
        parts.append((OTHER_MISSIONS, OTHER_COLOR, part))
    return parts


def contributions_figure(rows: pd.DataFrame, acronyms: Mapping[str, str]) -> go.Figure:
    """A country's UN personnel per year, stacked by mission (`contributions_of` rows), over
    the dataset's years; the years the dataset gives only in part are shaded."""
    figure = go.Figure()
    for label, color, part in stacked_by_mission(rows, "total", acronyms):
        figure.add_trace(
            go.Bar(
                x=part["year"].astype(int),
                y=part["total"].astype(int),
                name=label,
                marker_color=color,
                hovertemplate=f"{label}<br>%{{x}}: %{{y:,}} personnel (yearly figure)"
                "<extra></extra>",
            )
        )
    first, last = CONTRIBUTION_YEARS
    for year in MOSTLY_MISSING_YEARS:
        figure.add_vrect(
            x0=year - 0.5, x1=year + 0.5, fillcolor=INCOMPLETE_SHADE, line_width=0, layer="below"
        )
    figure.update_layout(
        barmode="stack",
        height=360,
        margin=MARGIN,
        yaxis_title="Uniformed personnel (yearly figure)",
        legend=LEGEND,
        bargap=0.15,
    )
    figure.update_xaxes(
        title_text="Year (shaded: the dataset holds only part of the year)",
        tickformat="d",
        dtick=1,
        range=[first - 0.5, last + 0.5],
    )
    return figure


def hosted_timeline_figure(
    missions: pd.DataFrame,
    labels: dict[str, str],
    as_of: pd.Timestamp,
    handovers: pd.DataFrame,
) -> go.Figure:
    """The lifespans of the operations a country hosted (the Timeline page's chart), sized for
    a few bars."""
    figure = timeline_figure(missions, "organization", labels, as_of, handovers)
    figure.update_layout(height=max(220, 26 * len(missions) + 130))
    return figure


def nationality_fatalities_figure(rows: pd.DataFrame, acronyms: Mapping[str, str]) -> go.Figure:
    """UN fatalities among a country's nationals per year, stacked by mission
    (`nationality_fatalities_of` rows)."""
    figure = go.Figure()
    for label, color, part in stacked_by_mission(rows, "fatalities", acronyms):
        figure.add_trace(
            go.Bar(
                x=part["year"].astype(int),
                y=part["fatalities"].astype(int),
                name=label,
                marker_color=color,
                hovertemplate=f"{label}<br>%{{x}}: %{{y}} fatalities<extra></extra>",
            )
        )
    largest = rows.groupby("year")["fatalities"].sum().max() if not rows.empty else 0
    figure.update_layout(
        barmode="stack",
        height=340,
        margin=MARGIN,
        yaxis_title="Fatalities",
        legend=LEGEND,
        bargap=0.15,
    )
    figure.update_yaxes(tickformat=",d", dtick=1 if largest <= SMALL_COUNT else None)
    figure.update_xaxes(title_text="Year of the incident", tickformat="d")
    return figure


def ranking_figure(ranking: pd.DataFrame, chosen: str | None = None) -> go.Figure:
    """The ranking's contributors as horizontal bars, the first at the top; the chosen
    country's bar in the accent colour."""
    ordered = ranking.iloc[::-1]
    colors = ["#D55E00" if code == chosen else "#0072B2" for code in ordered["country"].tolist()]
    figure = go.Figure(
        go.Bar(
            x=ordered["personnel"].astype(int),
            y=[
                f"{rank}. {plotly_text(name)}"
                for rank, name in zip(ordered["rank"], ordered["name"], strict=True)
            ],
            orientation="h",
            marker_color=colors,
            customdata=list(zip(ordered["missions"], ordered["share"], strict=True)),
            hovertemplate="%{y}: %{x:,} personnel in %{customdata[0]} missions "
            "(%{customdata[1]} % of the year's total)<extra></extra>",
            name="Uniformed personnel",
        )
    )
    figure.update_layout(
        height=max(260, 24 * len(ordered) + 90),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="Uniformed personnel (yearly figure, all missions)",
        showlegend=False,
    )
    figure.update_yaxes(automargin=True)
    return figure


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _area(ring: list[list[float]]) -> float:
    """Shoelace area in square degrees (only compared, never shown)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in pairwise(ring)) / 2)


def locator_view(
    outlines: dict, code: str, bounds: pd.DataFrame | None = None
) -> tuple[float, float, float]:
    """(latitude, longitude, zoom) that frames the country: the largest piece of its outline
    (so France is framed in Europe, not with its overseas departments), else its bounding box,
    else the whole world."""
    rings = [
        ring
        for feature in outlines["features"]
        if feature["properties"]["iso_a3"] == code
        for ring in _rings(feature["geometry"])
    ]
    if rings:
        largest = max(rings, key=_area)
        lons = [point[0] for point in largest]
        lats = [point[1] for point in largest]
        box = (min(lons), min(lats), max(lons), max(lats))
    elif bounds is not None and code in set(bounds["iso_a3"]):
        row = bounds.set_index("iso_a3").loc[code]
        box = (row["min_lon"], row["min_lat"], row["max_lon"], row["max_lat"])
    else:
        return 15.0, 15.0, 0.6
    west, south, east, north = (float(value) for value in box)
    extent = max(east - west, (north - south) * 1.6, 1.0)
    zoom = min(max(0.6, 8.6 - 1.6 * math.log2(extent)), 5.5)
    return (south + north) / 2, (west + east) / 2, zoom


def locator_deck(
    outlines: dict,
    code: str,
    served_in: tuple[str, ...],
    names: Mapping[str, str],
    bounds: pd.DataFrame | None = None,
) -> pdk.Deck:
    """A small map: the country filled in the accent colour and the countries that hosted the
    operations it served in lightly, over every outline; no tile provider."""
    served = set(served_in)
    features = []
    for feature in outlines["features"]:
        feature_code = feature["properties"]["iso_a3"]
        if feature_code == code:
            fill, role = THE_COUNTRY, "this country"
        elif feature_code in served:
            fill, role = SERVED_IN, "hosted operations its nationals served in"
        else:
            fill, role = OTHER_FILL, ""
        features.append(
            {
                **feature,
                "properties": {
                    **feature["properties"],
                    "label": names.get(feature_code, feature["properties"]["name"]),
                    "role": role,
                    "fill": fill,
                },
            }
        )
    latitude, longitude, zoom = locator_view(outlines, code, bounds)
    layer = pdk.Layer(
        "GeoJsonLayer",
        id=LOCATOR_LAYER_ID,
        data={**outlines, "features": features},
        get_fill_color="properties.fill",
        get_line_color=OUTLINE,
        line_width_min_pixels=0.5,
        stroked=True,
        filled=True,
        pickable=True,
    )
    return CompactDeck(
        layers=[layer],
        initial_view_state=pdk.ViewState(latitude=latitude, longitude=longitude, zoom=zoom),
        map_provider=None,
        tooltip={"text": "{label}\n{role}"},
    )
