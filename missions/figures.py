"""Static images (PNG) of the charts and the locator map, for the slides and the PDF briefings.

Drawn with matplotlib's Agg renderer from the same frames the app's plotly charts use
(`missions.series`, the decisions of `authorizations.csv`) and, for the locator map, the bundled
Natural Earth outlines (`data/geo/`). Nothing here needs a browser or the network: plotly's own
image export (kaleido) drives a Chrome, which the Docker image (python:3.11-slim) does not have.
The object-oriented API (Figure + FigureCanvasAgg, never pyplot) keeps drawing safe in the app's
threads.

Each builder returns a `StaticChart` (the PNG, a title, and the source line printed under it) or
None when there is nothing to draw. Text is sized for a slide seen from the back of a room: the
images are drawn at the width they are shown on a 16:9 slide (`WIDE`), 16 pt and up.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.ticker
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from missions.dataset import COUNTRY_OUTLINES_FILE, Dataset
from missions.palette import (
    ACTION_COLORS,
    ACTION_ORDER,
    PERSONNEL_TYPE_COLORS,
    SERIES_COLORS,
    organization_color,
)
from missions.series import (
    DATASET_SHORT_NAMES,
    NOT_BROKEN_DOWN,
    STACKED_TYPES,
    aligned_personnel,
    coverage,
    mission_personnel,
)
from missions.validation import split_ids

WIDE = (11.6, 4.5)  # inches: the picture's size on a 13.33 × 7.5 in slide
DPI = 150
FONT_SIZE = 16
TEXT_COLOR = "#1F2933"
GRID_COLOR = "#D5DBE1"
LAND_COLOR = "#E4E7EB"
BORDER_COLOR = "#9AA5B1"
PERSONNEL_TYPE_LABELS = {
    "troops": "Troops",
    "police": "Police",
    "observers": "Military observers",
    NOT_BROKEN_DOWN: "Not broken down",
}
NATURAL_EARTH = "Natural Earth 1:110m country outlines (public domain)"


@dataclass(frozen=True)
class StaticChart:
    """A picture for a slide or a PDF, with the line that names its source."""

    title: str
    png: bytes
    source: str
    width_in: float = WIDE[0]
    height_in: float = WIDE[1]


def _figure(size: tuple[float, float] = WIDE) -> Figure:
    figure = Figure(figsize=size, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _style(axes, ylabel: str = "", xlabel: str = "") -> None:
    axes.tick_params(labelsize=FONT_SIZE - 1, colors=TEXT_COLOR)
    axes.set_ylabel(ylabel, fontsize=FONT_SIZE, color=TEXT_COLOR)
    axes.set_xlabel(xlabel, fontsize=FONT_SIZE, color=TEXT_COLOR)
    axes.grid(axis="y", color=GRID_COLOR, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.yaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:,.0f}")
    )


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _dataset_names(parts: Sequence) -> str:
    return "; ".join(
        f"{DATASET_SHORT_NAMES.get(p.source_id, p.source_id)} {p.years}" for p in parts
    )


def personnel_chart(dataset: Dataset, mission_id: str) -> StaticChart | None:
    """Uniformed personnel per year, stacked by type (the dataset the app shows each year)."""
    rows = mission_personnel(dataset.shown_personnel, mission_id)
    if rows.empty:
        return None
    figure = _figure()
    axes = figure.add_subplot()
    years = rows["year"].astype(int).to_numpy()
    bottom = pd.Series(0.0, index=rows.index)
    for kind in (*STACKED_TYPES, NOT_BROKEN_DOWN):
        values = rows[f"{kind}_mean"].astype("Float64").fillna(0).astype(float)
        if not (values > 0).any():
            continue
        axes.bar(
            years,
            values,
            bottom=bottom,
            color=PERSONNEL_TYPE_COLORS[kind],
            label=PERSONNEL_TYPE_LABELS[kind],
            width=0.8,
        )
        bottom = bottom + values
    _style(axes, "Personnel (yearly mean)", "Year")
    axes.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=12))
    axes.legend(fontsize=FONT_SIZE - 2, frameon=False, ncols=4, loc="upper left")
    axes.set_ylim(top=float(bottom.max()) * 1.22)
    source = (
        "Source: uniformed personnel, yearly mean of the monthly figures — "
        + _dataset_names(coverage(rows))
        + "."
    )
    return StaticChart("Personnel per year", _png(figure), source)


def aligned_personnel_chart(
    dataset: Dataset, mission_ids: Sequence[str], titles: dict[str, str]
) -> StaticChart | None:
    """One line per mission: the yearly mean against the years since it started."""
    curves = aligned_personnel(dataset.shown_personnel, dataset.missions, mission_ids)
    if curves.empty:
        return None
    figure = _figure()
    axes = figure.add_subplot()
    parts = []
    for position, mission_id in enumerate(mission_ids):
        rows = curves[curves["mission_id"] == mission_id]
        if rows.empty:
            continue
        axes.plot(
            rows["years_since_start"].astype(int),
            rows["total_mean"].astype(float),
            marker="o",
            linewidth=2.5,
            color=SERIES_COLORS[position % len(SERIES_COLORS)],
            label=titles.get(mission_id, mission_id),
        )
        parts.append(f"{titles.get(mission_id, mission_id)}: " + _dataset_names(coverage(rows)))
    _style(axes, "Personnel (yearly mean)", "Years since the mission started (0 = first year)")
    axes.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    axes.legend(fontsize=FONT_SIZE - 1, frameon=False, loc="best")
    without = [titles.get(m, m) for m in mission_ids if m not in set(curves["mission_id"])]
    source = "Source: uniformed personnel, yearly means — " + "; ".join(parts) + "."
    if without:
        source += " No personnel figures for " + ", ".join(without) + "."
    return StaticChart("Personnel, aligned on the years since each started", _png(figure), source)


def mandate_chart(dataset: Dataset, mission_id: str) -> StaticChart | None:
    """The decisions on a time axis by kind, and the authorized strength as steps above them."""
    decisions = dataset.authorizations[dataset.authorizations["mission_id"] == mission_id]
    if decisions.empty:
        return None
    row = dataset.missions_by_id.loc[mission_id]
    labels = dataset.labels("authorization_action")
    strength = decisions[decisions["authorized_personnel"].notna()].sort_values("decided")
    figure = _figure()
    if strength.empty:
        axes, strip = None, figure.add_subplot()
    else:
        grid = figure.add_gridspec(2, 1, height_ratios=(2.2, 1))
        axes = figure.add_subplot(grid[0])
        strip = figure.add_subplot(grid[1], sharex=axes)
        until = row["end"] if pd.notna(row["end"]) else dataset.as_of
        xs = [*strength["decided"], until]
        ceilings = strength["authorized_personnel"].astype(int).tolist()
        ys = [*ceilings, ceilings[-1]]
        axes.step(xs, ys, where="post", color="#0072B2", linewidth=2.5)
        axes.plot(
            strength["decided"], strength["authorized_personnel"].astype(int), "o", color="#0072B2"
        )
        _style(axes, "Authorized")
        axes.set_ylim(bottom=0, top=max(ys) * 1.15)
        axes.tick_params(labelbottom=False)
    shown = [action for action in ACTION_ORDER if action in set(decisions["action"])]
    _style(strip, xlabel="Date of the decision")
    for level, action in enumerate(reversed(shown)):
        dates = decisions.loc[decisions["action"] == action, "decided"]
        strip.scatter(
            dates, [level] * len(dates), s=110, color=ACTION_COLORS[action], edgecolor="white"
        )
    strip.set_yticks(range(len(shown)), [labels.get(a, a) for a in reversed(shown)])
    strip.set_ylim(-0.7, len(shown) - 0.3)
    strip.grid(axis="x", color=GRID_COLOR, linewidth=0.8)
    cited = sorted({s for cell in decisions["source_id"] for s in split_ids(cell)})
    source = (
        f"Source: {len(decisions)} decisions in the atlas's authorizations table, each with its "
        f"own source ({len(cited)} sources; listed with the decisions in the Excel download)."
    )
    if not strength.empty:
        source = source.replace(
            "Source: ", "Source: authorized strength held until the next decision that sets one; "
        )
    return StaticChart("Mandate decisions", _png(figure), source)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=4)
def _outline_rings(path: str) -> dict[str, list[list[tuple[float, float]]]]:
    """ISO code -> the outer rings of its polygons (lon, lat), from the bundled outlines."""
    outlines = json.loads(Path(path).read_text(encoding="utf-8"))
    rings: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in outlines["features"]:
        geometry = feature.get("geometry") or {}
        polygons = (
            [geometry["coordinates"]]
            if geometry.get("type") == "Polygon"
            else geometry.get("coordinates", [])
        )
        code = feature["properties"].get("iso_a3", "")
        for polygon in polygons:
            rings.setdefault(code, []).append([tuple(point) for point in polygon[0]])
    return rings


def _extent(dataset: Dataset, hosts: list[str], aspect: float) -> tuple[float, float, float, float]:
    """West, east, south, north around the host countries, padded, widened or heightened so
    that the map fills a box of `aspect` (width ÷ height) at its latitude."""
    bounds = dataset.country_bounds.set_index("iso_a3")
    known = [code for code in hosts if code in bounds.index]
    if not known:
        return (-180.0, 180.0, -60.0, 85.0)
    box = bounds.loc[known]
    west, east = float(box["min_lon"].min()), float(box["max_lon"].max())
    south, north = float(box["min_lat"].min()), float(box["max_lat"].max())
    pad = max(3.0, 0.25 * max(east - west, north - south))
    west, east, south, north = west - pad, east + pad, south - pad, north + pad
    shrink = max(0.2, math.cos(math.radians((south + north) / 2)))
    width, height = (east - west) * shrink, north - south
    if width / height < aspect:
        grow = (height * aspect / shrink - (east - west)) / 2
        west, east = west - grow, east + grow
    else:
        grow = ((east - west) * shrink / aspect - height) / 2
        south, north = south - grow, north + grow
    return (max(west, -180.0), min(east, 180.0), max(south, -85.0), min(north, 85.0))


def locator_map(dataset: Dataset, mission_id: str) -> StaticChart:
    """Where the operation was: its host countries shaded in its organization's colour and its
    headquarters marked, beside a world map with the area framed."""
    row = dataset.missions_by_id.loc[mission_id]
    hosts = split_ids(row["host_countries"])
    rings = _outline_rings(str(dataset.data_dir / COUNTRY_OUTLINES_FILE))
    color = organization_color(row["organization"])
    figure = _figure()
    ratios = (1.0, 1.9)
    grid = figure.add_gridspec(1, 2, width_ratios=ratios)
    world, local = figure.add_subplot(grid[0]), figure.add_subplot(grid[1])
    box_aspect = WIDE[0] * ratios[1] / sum(ratios) / (WIDE[1] * 0.97)
    west, east, south, north = _extent(dataset, hosts, box_aspect)
    for axes in (world, local):
        others = [ring for code, parts in rings.items() if code not in hosts for ring in parts]
        hosted = [ring for code in hosts for ring in rings.get(code, [])]
        axes.add_collection(
            PolyCollection(others, facecolors=LAND_COLOR, edgecolors=BORDER_COLOR, linewidths=0.5)
        )
        axes.add_collection(
            PolyCollection(hosted, facecolors=color, edgecolors=TEXT_COLOR, linewidths=0.8)
        )
        axes.set_xticks([])
        axes.set_yticks([])
        axes.set_facecolor("#F5F9FC")
    world.set_xlim(-180, 180)
    world.set_ylim(-60, 85)
    world.set_aspect("equal")
    world.add_patch(
        Rectangle(
            (west, south), east - west, north - south, fill=False, linewidth=2, edgecolor="#D55E00"
        )
    )
    local.set_xlim(west, east)
    local.set_ylim(south, north)
    middle = (south + north) / 2
    local.set_aspect(1 / max(0.2, math.cos(math.radians(middle))))
    names = dataset.country_names()
    parts = [f"Shaded: {', '.join(names.get(c, c) for c in hosts)}"]
    sources = [NATURAL_EARTH]
    if pd.notna(row["hq_lat"]) and pd.notna(row["hq_lon"]):
        local.plot(
            row["hq_lon"],
            row["hq_lat"],
            marker="*",
            markersize=22,
            color="#111111",
            markeredgecolor="white",
        )
        parts.append(f"★ headquarters: {row['hq_name']}")
        local.annotate(
            "HQ",
            (row["hq_lon"], row["hq_lat"]),
            xytext=(12, 10),
            textcoords="offset points",
            fontsize=FONT_SIZE,
            color=TEXT_COLOR,
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": "white",
                "alpha": 0.85,
                "edgecolor": "none",
            },
        )
        cited = split_ids(row["coordinates_source"])
        titles = dataset.sources_by_id["title"]
        sources.append(
            "headquarters: " + "; ".join(_short(str(titles.get(c, c))) for c in cited)
            if cited
            else "headquarters: no source"
        )
    else:
        parts.append("no headquarters coordinates in the data")
    source = "; ".join(parts) + ". Source: " + "; ".join(sources)
    return StaticChart("Where", _png(figure), source if source.endswith("…") else source + ".")
