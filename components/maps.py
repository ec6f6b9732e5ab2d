"""The map: a pydeck Deck drawn with no network (no tile provider), from DataFrames.

Pure functions, DataFrames in and a Deck out, so the tests can check every layer:

- `year_markers`: one marker per deployment site (Geo-PKO) or headquarters of the operations
  placed in a year (`missions.places.places_in_year`), with its tooltip text;
- `grouped_markers`: the markers of one operation that would sit within `GROUP_PX` pixels of
  each other at the view's zoom become one circle with their count, anchored on the
  headquarters or the largest site;
- `spread_markers`: circles that still overlap are pushed apart, each moved circle keeping a
  thin line to where it belongs;
- `map_deck`: the Deck. Country outlines are shaded by how many operations in view they host
  that year, and outlined in the organization's colour where an operation has no known point.

The outlines are either embedded (a dict) or, when the app serves them (`static/`), given as
the URL the browser fetches once: the colours then come from expressions on each country's
ISO code, so a new year resends the points and a few codes, not the outlines.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from components.palette import hex_to_rgb, organization_color
from missions.dates import format_span
from missions.places import MAX_LATITUDE, WORLD_PX, YearPlaces
from missions.summary import host_country_counts

COUNTRY_LAYER_ID = "countries"
MARKER_LAYER_ID = "markers"
HQ_DOT_LAYER_ID = "headquarters-dots"
COUNT_LAYER_ID = "counts"
LEADER_LAYER_ID = "leaders"

NEUTRAL_FILL = [160, 160, 160, 40]
OUTLINE = [128, 128, 128, 160]
SHADE_RGB = [70, 110, 160]
# Fill opacity of a host country by how many operations in view it hosts that year (1, 2, 3+).
SHADE_ALPHAS = (70, 120, 170)
UNPLACED_LINE_PX = 2.5
OUTLINE_PX = 0.5
LEADER_COLOR = [100, 100, 100, 255]

# Circle radius in pixels: area grows with troops at a site (or an operation's peak strength
# for a headquarters marker), capped; an unknown size gets the minimum.
MIN_RADIUS_PX = 3.5
GROUP_MIN_RADIUS_PX = 7.5
MAX_RADIUS_PX = 18.0
LARGEST_FOR_SCALE = 20_000
# Markers of one operation closer than this at the view's zoom are grouped.
GROUP_PX = 14.0
SPREAD_GAP_PX = 1.0
SPREAD_ROUNDS = 60
# More circles than this (the real data has at most about 110 in a year) are not spread.
MAX_SPREAD = 600
LEADER_MIN_PX = 3.0
# A group that includes the mission headquarters has a thicker white ring (a single
# headquarters marker has a white centre dot instead).
HQ_GROUP_LINE_PX = 2.5
PLACES_IN_TOOLTIP = 6
ISO_CODE = re.compile(r"^[A-Z]{3}$")


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation and is written once.

    pydeck indents by default and Streamlit sends `to_json()` on every rerun. Decks are cached
    per view and never modified after building, so the JSON of the first call is reused.
    """

    def to_json(self) -> str:
        written = self.__dict__.get("_written_json")
        if written is None:
            written = json.dumps(
                self, sort_keys=True, default=default_serialize, separators=(",", ":")
            )
            self.__dict__["_written_json"] = written
        return written


@dataclass(frozen=True)
class MapLabels:
    """The closed lists' labels the tooltips use."""

    mission_types: Mapping[str, str]
    hq_levels: Mapping[str, str]


def radius_px(weight: float | None, grouped: bool = False) -> float:
    """Circle radius in pixels: area grows with `weight` (people); unknown gets the minimum."""
    smallest = GROUP_MIN_RADIUS_PX if grouped else MIN_RADIUS_PX
    if weight is None or pd.isna(weight) or weight <= 0:
        return smallest
    share = math.sqrt(min(float(weight), LARGEST_FOR_SCALE) / LARGEST_FOR_SCALE)
    return round(smallest + share * (MAX_RADIUS_PX - smallest), 2)


def _number(value: object) -> str:
    return f"{int(value):,}"


def site_lines(site: Mapping[str, object], hq_levels: Mapping[str, str]) -> list[str]:
    """The tooltip lines that describe one deployment site."""
    lines = []
    if pd.notna(site["hq"]):
        lines.append(hq_levels.get(site["hq"], site["hq"]))
    if pd.isna(site["troops"]):
        lines.append("Troops: not given")
    else:
        troops = f"{_number(site['troops'])} troops on average that year"
        if pd.notna(site["troops_max"]) and site["troops_max"] > site["troops"]:
            troops += f" (up to {_number(site['troops_max'])})"
        lines.append(troops)
    if pd.notna(site["tcc"]):
        lines.append(f"{_number(site['tcc'])} contributing " + _plural(site["tcc"], "country"))
    units = [
        name
        for name, column in (
            ("infantry", "infantry"),
            ("reserve", "reserve"),
            ("engineering", "engineering"),
            ("medical", "medical"),
            ("aviation", "aviation"),
            ("signals", "signals"),
            ("riverine", "riverine"),
            ("maintenance", "maintenance"),
            ("transport", "transport"),
            ("police", "police"),
            ("military observers", "observers"),
        )
        if pd.notna(site[column]) and site[column] == 1
    ]
    if units:
        lines.append("Units: " + ", ".join(units))
    return lines


def _plural(count: object, noun: str) -> str:
    if int(count) == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


MARKER_COLUMNS = [
    "mission_id",
    "acronym",
    "name",
    "organization",
    "kind",
    "level",
    "place",
    "lon",
    "lat",
    "weight",
    "priority",
    "lines",
]
PRIORITY = {"mission-hq": 3, "sector-hq": 2, "other-hq": 1}


def year_markers(places: YearPlaces, labels: MapLabels) -> pd.DataFrame:
    """One row per marker: every deployment site of the operations placed by sites, and the
    headquarters of those placed by headquarters. Columns: mission_id, acronym, name,
    organization, kind ("site" or "hq"), level, place, lon, lat, weight, priority, lines."""
    info = places.active.loc[:, ["mission_id", "acronym", "name", "organization"]]
    rows = []
    for site in places.sites.merge(info, on="mission_id", how="left").to_dict("records"):
        level = site["hq"] if pd.notna(site["hq"]) else ""
        rows.append(
            {
                "mission_id": site["mission_id"],
                "acronym": site["acronym"],
                "name": site["name"],
                "organization": site["organization"],
                "kind": "site",
                "level": level,
                "place": site["location"],
                "lon": float(site["lon"]),
                "lat": float(site["lat"]),
                "weight": float(site["troops"]) if pd.notna(site["troops"]) else math.nan,
                "priority": PRIORITY.get(level, 0),
                "lines": site_lines(site, labels.hq_levels),
            }
        )
    for mission in places.by_headquarters.to_dict("records"):
        peak = mission["peak_personnel"]
        basis = mission["personnel_basis"] if pd.notna(mission["personnel_basis"]) else ""
        lines = [
            f"Headquarters: {mission['hq_name']}",
            format_span(mission["start_date"], mission["end_date"]),
            labels.mission_types.get(mission["mission_type"], mission["mission_type"]),
        ]
        if pd.notna(peak):
            lines.append(f"Peak personnel: {_number(peak)}" + (f" ({basis})" if basis else ""))
        rows.append(
            {
                "mission_id": mission["mission_id"],
                "acronym": mission["acronym"],
                "name": mission["name"],
                "organization": mission["organization"],
                "kind": "hq",
                "level": "mission-hq",
                "place": mission["hq_name"] if pd.notna(mission["hq_name"]) else "",
                "lon": float(mission["hq_lon"]),
                "lat": float(mission["hq_lat"]),
                "weight": float(peak) if pd.notna(peak) else math.nan,
                "priority": 3,
                "lines": lines,
            }
        )
    return pd.DataFrame(rows, columns=MARKER_COLUMNS)


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    radians = np.radians(np.clip(np.asarray(lat, dtype=float), -MAX_LATITUDE, MAX_LATITUDE))
    return (1 - np.log(np.tan(np.pi / 4 + radians / 2)) / np.pi) / 2


def to_pixels(lon: np.ndarray, lat: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates of points at a zoom (a 512-pixel world at zoom 0)."""
    size = WORLD_PX * 2**zoom
    return (np.asarray(lon, dtype=float) + 180) / 360 * size, _mercator_y(lat) * size


def from_pixels(x: np.ndarray, y: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    size = WORLD_PX * 2**zoom
    lon = np.asarray(x) / size * 360 - 180
    lat = np.degrees(2 * np.arctan(np.exp(np.pi * (1 - 2 * np.asarray(y) / size))) - np.pi / 2)
    return lon, lat


def _group_text(members: list[dict], anchor: dict) -> str:
    """The tooltip of a marker: the operation, then the place or the places it stands for."""
    head = [f"{anchor['acronym']} — {anchor['name']} ({anchor['organization']})"]
    if len(members) == 1:
        return "\n".join([*head, anchor["place"], *anchor["lines"]])
    known = [member["weight"] for member in members if not math.isnan(member["weight"])]
    lines = [*head, f"{len(members)} sites around {anchor['place']}"]
    if known:
        lines.append(f"{_number(sum(known))} troops on average at these sites that year")
    headquarters = [member["place"] for member in members if member["level"] == "mission-hq"]
    if headquarters:
        lines.append("Mission headquarters: " + ", ".join(headquarters))
    names = [member["place"] for member in members]
    shown = ", ".join(names[:PLACES_IN_TOOLTIP])
    if len(names) > PLACES_IN_TOOLTIP:
        shown += f" and {len(names) - PLACES_IN_TOOLTIP} more"
    lines.append(f"Sites: {shown}")
    lines.append("Choose a region above the map to see each site.")
    return "\n".join(lines)


CIRCLE_COLUMNS = [
    "mission_id",
    "acronym",
    "organization",
    "lon",
    "lat",
    "count",
    "weight",
    "radius",
    "hq",
    "tip",
]


def grouped_markers(markers: pd.DataFrame, zoom: float, group_px: float = GROUP_PX) -> pd.DataFrame:
    """One row per circle: the markers of one operation within `group_px` pixels of an anchor
    (its headquarters first, then its largest sites) at `zoom` form one circle at the anchor.
    Columns: mission_id, acronym, organization, lon, lat, count, weight, radius, hq, tip."""
    by_mission: dict[str, list[dict]] = {}
    for marker in markers.to_dict("records"):
        by_mission.setdefault(marker["mission_id"], []).append(marker)
    circles = []
    for mission_id in sorted(by_mission):
        rows = sorted(
            by_mission[mission_id],
            key=lambda row: (
                -row["priority"],
                -(row["weight"] if not math.isnan(row["weight"]) else -1),
                row["place"],
            ),
        )
        x, y = to_pixels([row["lon"] for row in rows], [row["lat"] for row in rows], zoom)
        free = np.ones(len(rows), dtype=bool)
        for start in range(len(rows)):
            if not free[start]:
                continue
            near = free & (np.hypot(x - x[start], y - y[start]) <= group_px)
            free &= ~near
            members = [rows[index] for index in np.flatnonzero(near)]
            anchor = rows[start]
            known = [member["weight"] for member in members if not math.isnan(member["weight"])]
            weight = float(sum(known)) if known else math.nan
            circles.append(
                {
                    "mission_id": mission_id,
                    "acronym": anchor["acronym"],
                    "organization": anchor["organization"],
                    "lon": anchor["lon"],
                    "lat": anchor["lat"],
                    "count": len(members),
                    "weight": weight,
                    "radius": radius_px(weight, grouped=len(members) > 1),
                    "hq": any(member["level"] == "mission-hq" for member in members),
                    "tip": _group_text(members, anchor),
                }
            )
    return pd.DataFrame(circles, columns=CIRCLE_COLUMNS)


def spread_markers(circles: pd.DataFrame, zoom: float) -> pd.DataFrame:
    """The circles pushed apart where they overlap at `zoom` (a few rounds of pairwise pushes
    with a pull back to their place), with `true_lon`, `true_lat` where they belong."""
    spread = circles.assign(true_lon=circles["lon"], true_lat=circles["lat"])
    if not 2 <= len(circles) <= MAX_SPREAD:
        return spread  # pairwise pushes grow with the square of the count: beyond, none
    home_x, home_y = to_pixels(circles["lon"].to_numpy(), circles["lat"].to_numpy(), zoom)
    x, y = home_x.copy(), home_y.copy()
    radius = circles["radius"].to_numpy(dtype=float)
    reach = radius[:, None] + radius[None, :] + SPREAD_GAP_PX
    count = len(circles)
    # Circles on the very same spot separate along fixed directions (deterministic).
    angles = np.arange(count) * 2.399963  # the golden angle
    for _ in range(SPREAD_ROUNDS):
        x = x + 0.05 * (home_x - x)
        y = y + 0.05 * (home_y - y)
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        distance = np.hypot(dx, dy)
        overlap = reach - distance
        np.fill_diagonal(overlap, 0)
        overlap = np.clip(overlap, 0, None)
        if not overlap.any():
            break
        same = distance < 1e-6
        ux = np.where(same, np.cos(angles)[:, None], dx / np.where(same, 1, distance))
        uy = np.where(same, np.sin(angles)[:, None], dy / np.where(same, 1, distance))
        x = x + 0.5 * (overlap * ux).sum(axis=1)
        y = y + 0.5 * (overlap * uy).sum(axis=1)
    lon, lat = from_pixels(x, y, zoom)
    moved = np.hypot(x - home_x, y - home_y) > LEADER_MIN_PX
    spread["lon"] = np.where(moved, lon, circles["lon"])
    spread["lat"] = np.where(moved, lat, circles["lat"])
    return spread


def _is(codes: list[str]) -> str:
    """A deck.gl expression true for the countries with these ISO codes (no function calls
    are allowed in deck.gl's JSON expressions, so membership is a chain of comparisons)."""
    return " || ".join(f"properties.iso_a3 == '{code}'" for code in codes)


def _choose(cases: list[tuple[list[str], object]], otherwise: object) -> object:
    """A nested conditional expression: the value of the first case whose codes match (pydeck
    passes a string prop to deck.gl as an expression), or `otherwise` itself if none can."""
    cases = [(codes, value) for codes, value in cases if codes]
    if not cases:
        return otherwise
    expression = json.dumps(otherwise)
    for codes, value in reversed(cases):
        expression = f"({_is(codes)}) ? {json.dumps(value)} : {expression}"
    return expression


def country_styles(places: YearPlaces) -> dict[str, object]:
    """The outline layer's fill, line colour and line width for the year: host countries
    shaded by how many operations they host, and outlined in the organization's colour where
    an operation has no known point. Values are constants or deck.gl expressions."""
    counts = {
        code: count
        for code, count in host_country_counts(places.active).items()
        if ISO_CODE.match(code)
    }
    levels = [sorted(code for code, n in counts.items() if min(n, 3) == level) for level in (3, 2)]
    levels.append(sorted(code for code, n in counts.items() if n == 1))
    fill = _choose(
        [
            (codes, [*SHADE_RGB, alpha])
            for codes, alpha in zip(levels, reversed(SHADE_ALPHAS), strict=True)
        ],
        NEUTRAL_FILL,
    )
    outlined: dict[str, str] = {}
    for mission in places.unplaced.sort_values("mission_id").itertuples(index=False):
        for code in str(mission.host_countries).split(";"):
            code = code.strip()
            if ISO_CODE.match(code):
                outlined.setdefault(code, organization_color(mission.organization))
    by_color: dict[str, list[str]] = {}
    for code, color in sorted(outlined.items()):
        by_color.setdefault(color, []).append(code)
    line_color = _choose(
        [(codes, [*hex_to_rgb(color), 255]) for color, codes in sorted(by_color.items())],
        OUTLINE,
    )
    line_width = _choose([(sorted(outlined), UNPLACED_LINE_PX)], OUTLINE_PX)
    return {"fill": fill, "line_color": line_color, "line_width": line_width}


def _text_color(organization: str) -> list[int]:
    """Black or white, whichever reads better on the organization's colour."""
    red, green, blue = hex_to_rgb(organization_color(organization))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return [20, 20, 20, 255] if luminance > 150 else [255, 255, 255, 255]


def _position(lon: float, lat: float) -> list[float]:
    return [round(float(lon), 4), round(float(lat), 4)]


def map_deck(
    places: YearPlaces,
    outlines: dict | str,
    labels: MapLabels,
    view: tuple[float, float, float],
) -> pdk.Deck:
    """The map of one year: outlines (a GeoJSON dict, or the URL it is served at), leader
    lines, one circle per marker or group, headquarters dots and group counts."""
    latitude, longitude, zoom = view
    circles = spread_markers(grouped_markers(year_markers(places, labels), zoom), zoom)
    styles = country_styles(places)
    countries = pdk.Layer(
        "GeoJsonLayer",
        id=COUNTRY_LAYER_ID,
        data=outlines,
        get_fill_color=styles["fill"],
        get_line_color=styles["line_color"],
        get_line_width=styles["line_width"],
        line_width_units="'pixels'",
        line_width_min_pixels=OUTLINE_PX,
        stroked=True,
        filled=True,
        pickable=False,
        update_triggers={
            "getFillColor": [str(styles["fill"])],
            "getLineColor": [str(styles["line_color"])],
            "getLineWidth": [str(styles["line_width"])],
        },
    )
    moved = circles[
        (circles["lon"] != circles["true_lon"]) | (circles["lat"] != circles["true_lat"])
    ]
    leaders = pdk.Layer(
        "LineLayer",
        id=LEADER_LAYER_ID,
        data=[
            {"source": _position(row.lon, row.lat), "target": _position(row.true_lon, row.true_lat)}
            for row in moved.itertuples(index=False)
        ],
        get_source_position="source",
        get_target_position="target",
        get_color=LEADER_COLOR,
        get_width=1.5,
        pickable=False,
    )
    markers = pdk.Layer(
        "ScatterplotLayer",
        id=MARKER_LAYER_ID,
        data=[
            {
                "mission_id": row.mission_id,
                "position": _position(row.lon, row.lat),
                "radius": row.radius,
                "color": [*hex_to_rgb(organization_color(row.organization)), 215],
                "count": row.count,
                "line": HQ_GROUP_LINE_PX if row.hq and row.count > 1 else 1,
                "tip": row.tip,
            }
            for row in circles.itertuples(index=False)
        ],
        get_position="position",
        get_radius="radius",
        radius_units="'pixels'",
        get_fill_color="color",
        get_line_color=[255, 255, 255, 230],
        get_line_width="line",
        line_width_units="'pixels'",
        stroked=True,
        pickable=True,
        auto_highlight=True,
    )
    headquarters = pdk.Layer(
        "ScatterplotLayer",
        id=HQ_DOT_LAYER_ID,
        data=[
            {"position": _position(row.lon, row.lat)}
            for row in circles[circles["hq"] & (circles["count"] == 1)].itertuples(index=False)
        ],
        get_position="position",
        get_radius=2.2,
        radius_units="'pixels'",
        get_fill_color=[255, 255, 255, 255],
        get_line_color=[20, 20, 20, 255],
        line_width_min_pixels=1,
        stroked=True,
        pickable=False,
    )
    counts = pdk.Layer(
        "TextLayer",
        id=COUNT_LAYER_ID,
        data=[
            {
                "position": _position(row.lon, row.lat),
                "text": str(row.count),
                "color": _text_color(row.organization),
            }
            for row in circles[circles["count"] > 1].itertuples(index=False)
        ],
        get_position="position",
        get_text="text",
        get_color="color",
        get_size=11,
        size_units="'pixels'",
        font_weight=700,
        character_set="'0123456789'",
        get_text_anchor="'middle'",
        get_alignment_baseline="'center'",
        pickable=False,
    )
    return CompactDeck(
        layers=[countries, leaders, markers, headquarters, counts],
        initial_view_state=pdk.ViewState(latitude=latitude, longitude=longitude, zoom=zoom),
        map_provider=None,
        tooltip={"text": "{tip}"},
    )
