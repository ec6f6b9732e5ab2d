"""The map's pure parts: placing each operation of a year (missions/places.py) and the deck
built from it (components/maps.py): layers, grouping, spreading, colours and views."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from components.maps import (
    COUNT_LAYER_ID,
    COUNTRY_LAYER_ID,
    HQ_DOT_LAYER_ID,
    LEADER_LAYER_ID,
    MARKER_LAYER_ID,
    MIN_RADIUS_PX,
    NEUTRAL_FILL,
    MapLabels,
    country_styles,
    grouped_markers,
    map_deck,
    radius_px,
    spread_markers,
    to_pixels,
    year_markers,
)
from components.palette import ORGANIZATION_COLORS, hex_to_rgb
from missions.dataset import COUNTRY_OUTLINES_FILE, load_country_outlines, load_dataset
from missions.filters import MAP_VIEWS, active_in
from missions.paths import DATA_DIR
from missions.places import (
    MAP_HEIGHT_PX,
    MAP_WIDTH_PX,
    REGION_BOUNDS,
    SERVED_OUTLINES_FILE,
    SERVED_OUTLINES_URL,
    WORLD_VIEW,
    filter_bounds,
    places_in_year,
    served_outlines_match,
    view_for_bounds,
    view_state,
)
from missions.summary import year_span


@pytest.fixture(scope="module")
def real():
    return load_dataset()


def labels(dataset) -> MapLabels:
    return MapLabels(dataset.labels("mission_type"), dataset.labels("hq_level"))


def deck_spec(dataset, year: int, preset: str | None = None, outlines=None) -> dict:
    places = places_in_year(dataset.missions, dataset.deployments, year)
    bounds = filter_bounds(dataset.missions, dataset.deployments, dataset.country_bounds)
    deck = map_deck(
        places,
        SERVED_OUTLINES_URL if outlines is None else outlines,
        labels(dataset),
        view_state(preset, bounds),
    )
    return json.loads(deck.to_json())


def layer(spec: dict, layer_id: str) -> dict:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


def test_every_operation_active_in_every_year_is_placed_exactly_once(real):
    """No operation in view is missing from both the map and its list, in any year."""
    first, last = year_span(real.missions, real.as_of)
    for year in range(first, last + 1):
        places = places_in_year(real.missions, real.deployments, year)
        groups = [set(places.by_sites["mission_id"]), set(places.by_headquarters["mission_id"])]
        groups.append(set(places.unplaced["mission_id"]))
        assert sum(len(group) for group in groups) == len(places.active), year
        assert set().union(*groups) == set(active_in(real.missions, year)["mission_id"]), year


@pytest.mark.parametrize("year", [1960, 1995, 2005, 2015, 2026])
@pytest.mark.parametrize("preset", [None, "africa", "fit"])
def test_every_active_operation_has_a_circle_or_is_outlined_and_listed(real, year, preset):
    places = places_in_year(real.missions, real.deployments, year)
    spec = deck_spec(real, year, preset)
    drawn = {circle["mission_id"] for circle in layer(spec, MARKER_LAYER_ID)["data"]}
    assert drawn == set(places.by_sites["mission_id"]) | set(places.by_headquarters["mission_id"])
    outline = layer(spec, COUNTRY_LAYER_ID)["getLineWidth"]
    for hosts in places.unplaced["host_countries"]:
        assert any(f"'{code}'" in str(outline) for code in hosts.split(";")), hosts


def test_2005_draws_every_geopko_site_and_the_headquarters_of_the_others(real):
    places = places_in_year(real.missions, real.deployments, 2005)
    spec = deck_spec(real, 2005)
    circles = layer(spec, MARKER_LAYER_ID)["data"]
    by_sites = set(places.by_sites["mission_id"])
    site_count = sum(circle["count"] for circle in circles if circle["mission_id"] in by_sites)
    assert site_count == len(places.sites) == 293
    assert set(places.by_sites["organization"]) <= {"UN", "UN-AU"}
    others = places.active[~places.active["mission_id"].isin(by_sites)]
    assert len(others) == len(places.by_headquarters) + len(places.unplaced)
    assert {c["mission_id"] for c in circles} >= set(places.by_headquarters["mission_id"])


def test_each_site_has_its_own_circle_in_a_region_view_where_they_stand_apart(real):
    places = places_in_year(real.missions, real.deployments, 2005)
    markers = year_markers(places, labels(real))
    world = grouped_markers(markers, WORLD_VIEW[2])
    close = grouped_markers(markers, 9.0)
    assert len(world) < len(close) <= len(markers)
    assert world["count"].sum() == close["count"].sum() == len(markers)


def test_the_deck_needs_no_tile_provider_and_sends_outlines_by_url_when_served(real):
    spec = deck_spec(real, 2005)
    text = json.dumps(spec).lower()
    for provider in ("carto", "mapbox", "maptiler", "googleapis", "tile"):
        assert provider not in text
    assert layer(spec, COUNTRY_LAYER_ID)["data"] == SERVED_OUTLINES_URL
    assert [item["id"] for item in spec["layers"]] == [
        COUNTRY_LAYER_ID,
        LEADER_LAYER_ID,
        MARKER_LAYER_ID,
        HQ_DOT_LAYER_ID,
        COUNT_LAYER_ID,
    ]


def test_a_year_step_resends_far_less_than_the_outlines(real):
    served = deck_spec(real, 2005)
    inline = deck_spec(real, 2005, outlines=load_country_outlines())
    served_size = len(json.dumps(served, separators=(",", ":")))
    inline_size = len(json.dumps(inline, separators=(",", ":")))
    assert served_size < 60_000 < 150_000 < inline_size


def test_the_served_outlines_are_the_bundled_ones():
    assert SERVED_OUTLINES_FILE.read_bytes() == (DATA_DIR / COUNTRY_OUTLINES_FILE).read_bytes()
    assert served_outlines_match(DATA_DIR, COUNTRY_OUTLINES_FILE)


def test_circles_use_the_shared_palette(real):
    spec = deck_spec(real, 2005)
    organizations = real.missions.set_index("mission_id")["organization"]
    for circle in layer(spec, MARKER_LAYER_ID)["data"]:
        expected = hex_to_rgb(ORGANIZATION_COLORS[organizations[circle["mission_id"]]])
        assert circle["color"][:3] == expected


def test_host_countries_are_shaded_by_count_and_unplaced_hosts_outlined(fixture_dataset):
    places = places_in_year(fixture_dataset.missions, fixture_dataset.deployments, 2004)
    # 2004: TFB (NATO, Bosnia) by headquarters; TMC (AU, Sudan and Chad) has no point.
    assert list(places.unplaced["mission_id"]) == ["tmc"]
    styles = country_styles(places)
    assert "'BIH'" in styles["fill"] and "'SDN'" in styles["fill"]
    assert "'FRA'" not in styles["fill"]
    au = hex_to_rgb(ORGANIZATION_COLORS["AU"])
    assert (
        f"'SDN' || properties.iso_a3 == 'TCD') ? [{au[0]}, {au[1]}, {au[2]}, 255]"
        in (styles["line_color"])
    )
    assert "'BIH'" not in styles["line_width"]
    nothing = places_in_year(fixture_dataset.missions.iloc[0:0], fixture_dataset.deployments, 2004)
    assert country_styles(nothing)["fill"] == NEUTRAL_FILL


def test_expressions_make_no_function_calls(real):
    """deck.gl's JSON expressions refuse function calls: the styles use only comparisons."""
    for year in (1995, 2005):
        styles = country_styles(places_in_year(real.missions, real.deployments, year))
        for value in styles.values():
            text = value if isinstance(value, str) else ""
            assert "(" not in text.replace("(properties", "").replace("((", "")


def test_sites_of_one_operation_group_at_its_headquarters_with_a_count(fixture_dataset):
    places = places_in_year(fixture_dataset.missions, fixture_dataset.deployments, 1958)
    markers = year_markers(places, labels(fixture_dataset))
    assert sorted(markers["place"]) == ["Beirut", "Tyre"]
    world = grouped_markers(markers, WORLD_VIEW[2])
    assert world[["mission_id", "count", "hq"]].values.tolist() == [["tmo", 2, True]]
    assert (world.loc[0, "lon"], world.loc[0, "lat"]) == (35.5, 33.89)  # the headquarters
    assert "2 sites around Beirut" in world.loc[0, "tip"]
    assert "Test Mission of Observers (UN)" in world.loc[0, "tip"]
    apart = grouped_markers(markers, 8.0)
    assert sorted(apart["count"]) == [1, 1]
    tyre = apart[~apart["hq"]].iloc[0]
    assert "150 troops on average that year (up to 185)" in tyre["tip"]
    assert "2 contributing countries" in tyre["tip"]
    assert "Units: infantry, medical, military observers" in tyre["tip"]


def test_overlapping_circles_are_spread_apart_with_a_line_to_their_place():
    circles = pd.DataFrame(
        {
            "mission_id": ["a", "b", "c"],
            "lon": [20.0, 20.0, 120.0],
            "lat": [0.0, 0.0, 10.0],
            "radius": [10.0, 10.0, 5.0],
        }
    )
    spread = spread_markers(circles, 2.0)
    x, y = to_pixels(spread["lon"].to_numpy(), spread["lat"].to_numpy(), 2.0)
    assert math.hypot(x[0] - x[1], y[0] - y[1]) >= 20
    assert (spread.loc[2, "lon"], spread.loc[2, "lat"]) == (120.0, 10.0)  # alone: not moved
    assert (spread["true_lon"] == circles["lon"]).all()
    again = spread_markers(circles, 2.0)
    assert np.allclose(again["lon"], spread["lon"])  # deterministic


@pytest.mark.parametrize(
    ("weight", "expected"),
    [(None, MIN_RADIUS_PX), (math.nan, MIN_RADIUS_PX), (0, MIN_RADIUS_PX), (20_000, 18.0)],
)
def test_radius_grows_with_troops_from_a_minimum(weight, expected):
    assert radius_px(weight) == expected
    assert MIN_RADIUS_PX < radius_px(650) < radius_px(5000) < radius_px(20_000)


@pytest.mark.parametrize("region", sorted(REGION_BOUNDS))
def test_a_region_view_frames_its_box(region):
    latitude, longitude, zoom = view_state(region, None)
    west, south, east, north = REGION_BOUNDS[region]
    centre_x, centre_y = to_pixels([longitude], [latitude], zoom)
    corners_x, corners_y = to_pixels([west, east], [north, south], zoom)
    assert abs(corners_x - centre_x[0]).max() <= MAP_WIDTH_PX / 2
    assert abs(corners_y - centre_y[0]).max() <= MAP_HEIGHT_PX / 2
    assert zoom > WORLD_VIEW[2]


def test_fit_frames_every_operation_of_the_filter_and_the_world_is_the_default(real):
    un_africa = real.missions[
        (real.missions["organization"] == "UN") & (real.missions["region"] == "africa")
    ]
    bounds = filter_bounds(un_africa, real.deployments, real.country_bounds)
    west, south, east, north = bounds
    # South: the box of South Africa (its Prince Edward Islands), host of UNOMSA.
    assert -20 < west < 0 and 35 < east < 55 and -50 < south < 0 and 15 < north < 40
    latitude, longitude, zoom = view_for_bounds(bounds)
    assert 1.5 < zoom < 4 and -20 < latitude < 15 and 5 < longitude < 25
    assert view_state(None, bounds) == view_state("world", bounds) == WORLD_VIEW
    assert view_state("fit", None) == WORLD_VIEW


def test_map_views_are_the_world_the_regions_and_fit(real):
    assert set(MAP_VIEWS) == {"world", "fit", *REGION_BOUNDS}
    assert set(REGION_BOUNDS) == set(real.codes("region"))
