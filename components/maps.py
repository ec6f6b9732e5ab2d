"""The map: a pydeck Deck drawn with no network (no tile provider), from DataFrames.

`mission_deck` is a pure function (DataFrame in, Deck out) so tests can check its layers.
Country outlines come from the bundled Natural Earth file; host countries are shaded by how many
missions in view they hosted; headquarters are points sized by peak personnel and coloured by
organization with the shared palette.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.palette import hex_to_rgb, organization_color
from missions.dates import format_span
from missions.summary import host_country_counts

COUNTRY_LAYER_ID = "host-countries"
HQ_LAYER_ID = "headquarters"
NEUTRAL_FILL = [160, 160, 160, 40]
OUTLINE = [128, 128, 128, 160]
SHADE_RGB = [70, 110, 160]
MIN_RADIUS_M = 40_000
MAX_RADIUS_M = 260_000
LARGEST_PEAK_FOR_SCALE = 130_000


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation and is written once.

    Unindented, the country outlines shrink from about 1.2 MB to about 0.2 MB (pydeck indents
    by default and Streamlit sends `to_json()` on every rerun). Decks are cached per view and
    never modified after building, so the JSON of the first call is reused.
    """

    def to_json(self) -> str:
        written = self.__dict__.get("_written_json")
        if written is None:
            written = json.dumps(
                self, sort_keys=True, default=default_serialize, separators=(",", ":")
            )
            self.__dict__["_written_json"] = written
        return written


def radius_for(personnel: float | None) -> float:
    """Circle radius in metres: area grows with peak personnel; unknown gets the minimum."""
    if personnel is None or pd.isna(personnel) or personnel <= 0:
        return MIN_RADIUS_M
    share = math.sqrt(min(float(personnel), LARGEST_PEAK_FOR_SCALE) / LARGEST_PEAK_FOR_SCALE)
    return MIN_RADIUS_M + share * (MAX_RADIUS_M - MIN_RADIUS_M)


def shaded_outlines(outlines: dict, counts: dict[str, int]) -> dict:
    """The outlines with each feature's `missions` count and fill colour set.

    New feature and property dicts share the (large, read-only) geometries with `outlines`,
    which stays unchanged: copying the geometries cost more than the rest of the map.
    """
    most = max(counts.values(), default=0)
    features = []
    for feature in outlines["features"]:
        count = counts.get(feature["properties"]["iso_a3"], 0)
        fill = NEUTRAL_FILL if count == 0 else [*SHADE_RGB, int(70 + 150 * count / most)]
        features.append(
            {
                **feature,
                "properties": {**feature["properties"], "missions": count, "fill": fill},
            }
        )
    return {**outlines, "features": features}


def headquarters_points(missions: pd.DataFrame, type_labels: dict[str, str]) -> pd.DataFrame:
    """One row per mission with coordinates: position, radius, colour and tooltip text."""
    placed = missions[missions["hq_lat"].notna() & missions["hq_lon"].notna()]
    dates = [
        format_span(start, end)
        for start, end in zip(placed["start_date"], placed["end_date"], strict=True)
    ]
    return pd.DataFrame(
        {
            "mission_id": placed["mission_id"],
            "acronym": placed["acronym"],
            "name": placed["name"],
            "organization": placed["organization"],
            "type": placed["mission_type"].map(type_labels),
            "dates": dates,
            "hq": placed["hq_name"],
            "lon": placed["hq_lon"].astype(float),
            "lat": placed["hq_lat"].astype(float),
            "radius": [radius_for(p) for p in placed["peak_personnel"]],
            "color": [
                [*hex_to_rgb(organization_color(code)), 210] for code in placed["organization"]
            ],
        }
    ).reset_index(drop=True)


def mission_deck(missions: pd.DataFrame, outlines: dict, type_labels: dict[str, str]) -> pdk.Deck:
    """The map of the given missions: shaded host countries under headquarters points."""
    countries = pdk.Layer(
        "GeoJsonLayer",
        id=COUNTRY_LAYER_ID,
        data=shaded_outlines(outlines, host_country_counts(missions)),
        get_fill_color="properties.fill",
        get_line_color=OUTLINE,
        line_width_min_pixels=0.5,
        stroked=True,
        filled=True,
        pickable=False,
    )
    points = pdk.Layer(
        "ScatterplotLayer",
        id=HQ_LAYER_ID,
        data=headquarters_points(missions, type_labels),
        get_position=["lon", "lat"],
        get_radius="radius",
        get_fill_color="color",
        get_line_color=[255, 255, 255, 220],
        line_width_min_pixels=1,
        stroked=True,
        radius_min_pixels=3,
        radius_max_pixels=40,
        pickable=True,
        auto_highlight=True,
    )
    return CompactDeck(
        layers=[countries, points],
        initial_view_state=pdk.ViewState(latitude=18, longitude=15, zoom=1.1),
        map_provider=None,
        tooltip={"text": "{acronym} — {name}\n{dates}\n{organization} · {type}\nHQ: {hq}"},
    )
