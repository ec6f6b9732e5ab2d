"""Where the operations in view were in a given year, and the map's views (regions, fit).

For each operation active in the year, the best place the data gives, in this order:

1. its **deployment sites** that year, from Geo-PKO (UN operations, 1994–2024);
2. else its **headquarters**, from the atlas (coordinates cited per mission);
3. else its **host countries**: the operation is listed and its countries outlined, never dropped.

Pure pandas and arithmetic; `components/maps.py` draws what this returns. The map views are
boxes (west, south, east, north in degrees) turned into a centre and a Web Mercator zoom for a
map of a given size in pixels, as deck.gl's MapView draws it (a 512-pixel world at zoom 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from missions.filters import active_in
from missions.paths import PROJECT_ROOT
from missions.validation import split_ids

# The country outlines as the app serves them (`server.enableStaticServing`): the browser
# fetches them once, so they are not resent with every change of the map.
SERVED_OUTLINES_FILE = PROJECT_ROOT / "static" / "countries_110m.geojson"
SERVED_OUTLINES_URL = "app/static/countries_110m.geojson"

# (west, south, east, north) of each region preset; the codes are the region codes of
# taxonomy.csv, which say what each region holds.
REGION_BOUNDS = {
    "africa": (-18.0, -35.0, 52.0, 37.0),
    "europe": (-11.0, 34.0, 50.0, 60.0),
    "middle-east": (24.0, 12.0, 63.0, 42.0),
    "asia-pacific": (60.0, -22.0, 170.0, 45.0),
    "americas": (-118.0, -35.0, -34.0, 33.0),
}
WORLD_VIEW = (18.0, 15.0, 1.1)  # latitude, longitude, zoom
MAP_WIDTH_PX = 1000
MAP_HEIGHT_PX = 600
FIT_PADDING = 0.08  # of the map's width and height, on each side
MAX_FIT_ZOOM = 6.0
MIN_ZOOM = 0.8
MAX_LATITUDE = 85.0
WORLD_PX = 512


@dataclass(frozen=True)
class YearPlaces:
    """The operations in view active in one year, each placed once: by sites, by headquarters,
    or (neither known) by host countries only."""

    year: int
    active: pd.DataFrame
    sites: pd.DataFrame
    by_headquarters: pd.DataFrame
    unplaced: pd.DataFrame

    @property
    def by_sites(self) -> pd.DataFrame:
        """The active operations drawn at their deployment sites."""
        return self.active[self.active["mission_id"].isin(set(self.sites["mission_id"]))]


def places_in_year(missions: pd.DataFrame, deployments: pd.DataFrame, year: int) -> YearPlaces:
    """Every operation of `missions` active in `year`, placed by sites, headquarters or hosts."""
    active = active_in(missions, year)
    ids = set(active["mission_id"])
    sites = deployments[(deployments["year"] == year) & deployments["mission_id"].isin(ids)]
    with_sites = set(sites["mission_id"])
    rest = active[~active["mission_id"].isin(with_sites)]
    located = rest["hq_lat"].notna() & rest["hq_lon"].notna()
    return YearPlaces(year, active, sites, rest[located], rest[~located])


def deployment_span(deployments: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year of the deployment sites (None when there are none)."""
    if deployments.empty:
        return None
    return int(deployments["year"].min()), int(deployments["year"].max())


def mercator_y(latitude: float) -> float:
    """Web Mercator y of a latitude, 0 at the top of the world and 1 at the bottom."""
    latitude = max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude))
    radians = math.radians(latitude)
    return (1 - math.log(math.tan(math.pi / 4 + radians / 2)) / math.pi) / 2


def latitude_of(y: float) -> float:
    """The latitude of a Web Mercator y (the inverse of `mercator_y`)."""
    return math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y))) - math.pi / 2)


def view_for_bounds(
    bounds: tuple[float, float, float, float],
    width: int = MAP_WIDTH_PX,
    height: int = MAP_HEIGHT_PX,
    max_zoom: float = MAX_FIT_ZOOM,
) -> tuple[float, float, float]:
    """(latitude, longitude, zoom) of a view that frames `bounds` on a map of that size."""
    west, south, east, north = bounds
    left, right = (west + 180) / 360, (east + 180) / 360
    top, bottom = mercator_y(north), mercator_y(south)
    usable_width = width * (1 - 2 * FIT_PADDING)
    usable_height = height * (1 - 2 * FIT_PADDING)
    zooms = [max_zoom]
    if right - left > 0:
        zooms.append(math.log2(usable_width / (WORLD_PX * (right - left))))
    if bottom - top > 0:
        zooms.append(math.log2(usable_height / (WORLD_PX * (bottom - top))))
    zoom = max(MIN_ZOOM, min(zooms))
    longitude = (left + right) / 2 * 360 - 180
    latitude = latitude_of((top + bottom) / 2)
    return round(latitude, 3), round(longitude, 3), round(zoom, 2)


def view_state(
    preset: str | None, fit_bounds: tuple[float, float, float, float] | None
) -> tuple[float, float, float]:
    """(latitude, longitude, zoom) of a map view: "world" (or None), a region code of
    `REGION_BOUNDS`, or "fit" (the `fit_bounds` of the filter; the world when there are none)."""
    if preset in REGION_BOUNDS:
        return view_for_bounds(REGION_BOUNDS[preset])
    if preset == "fit" and fit_bounds is not None:
        return view_for_bounds(fit_bounds)
    return WORLD_VIEW


def bounds_of(
    points: Iterable[tuple[float, float]], boxes: Iterable[tuple[float, float, float, float]]
) -> tuple[float, float, float, float] | None:
    """The box around (longitude, latitude) points and (west, south, east, north) boxes."""
    wests, souths, easts, norths = [], [], [], []
    for lon, lat in points:
        wests.append(lon)
        easts.append(lon)
        souths.append(lat)
        norths.append(lat)
    for west, south, east, north in boxes:
        wests.append(west)
        souths.append(south)
        easts.append(east)
        norths.append(north)
    if not wests:
        return None
    return min(wests), min(souths), max(easts), max(norths)


def filter_bounds(
    missions: pd.DataFrame, deployments: pd.DataFrame, country_bounds: pd.DataFrame
) -> tuple[float, float, float, float] | None:
    """The box that frames every operation of `missions` in every year: all its deployment
    sites, its headquarters, and the host countries of those no source places at all."""
    ids = set(missions["mission_id"])
    sites = deployments[deployments["mission_id"].isin(ids)]
    points = list(zip(sites["lon"], sites["lat"], strict=True))
    headquarters = missions[missions["hq_lat"].notna() & missions["hq_lon"].notna()]
    points += list(zip(headquarters["hq_lon"], headquarters["hq_lat"], strict=True))
    placed = set(sites["mission_id"]) | set(headquarters["mission_id"])
    boxes = country_bounds.set_index("iso_a3")
    hosts = [
        code
        for cell in missions.loc[~missions["mission_id"].isin(placed), "host_countries"]
        for code in split_ids(cell)
        if code in boxes.index
    ]
    host_boxes = [
        tuple(boxes.loc[code, ["min_lon", "min_lat", "max_lon", "max_lat"]]) for code in hosts
    ]
    return bounds_of(points, host_boxes)


def served_outlines_match(data_dir: Path, outlines_file: Path) -> bool:
    """Whether the served copy of the outlines holds exactly the dataset's outlines."""
    served = SERVED_OUTLINES_FILE
    return served.is_file() and served.read_bytes() == (data_dir / outlines_file).read_bytes()
