"""Chart and map builders: DataFrame in, Figure or Deck out."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from components.charts import (
    active_per_year_figure,
    latest_lifespans,
    mission_labels,
    timeline_figure,
)
from components.maps import (
    COUNTRY_LAYER_ID,
    HQ_LAYER_ID,
    MIN_RADIUS_M,
    NEUTRAL_FILL,
    mission_deck,
    radius_for,
    shaded_outlines,
)
from components.palette import ORGANIZATION_COLORS, hex_to_rgb
from missions.dataset import load_country_outlines
from missions.lineage import handover_edges
from missions.summary import active_counts_by_year


@pytest.fixture
def deck_spec(fixture_dataset):
    deck = mission_deck(
        fixture_dataset.missions,
        load_country_outlines(fixture_dataset.data_dir),
        fixture_dataset.labels("mission_type"),
    )
    return json.loads(deck.to_json())


def test_deck_has_the_country_and_headquarters_layers_with_ids(deck_spec):
    assert [layer["id"] for layer in deck_spec["layers"]] == [COUNTRY_LAYER_ID, HQ_LAYER_ID]


def test_deck_has_one_point_per_mission_with_coordinates(fixture_dataset, deck_spec):
    points = deck_spec["layers"][1]["data"]
    with_coordinates = fixture_dataset.missions["hq_lat"].notna()
    assert len(points) == with_coordinates.sum() == 3
    assert {p["mission_id"] for p in points} == {"tmo", "tfa", "tfb"}


def test_deck_points_use_the_shared_palette(deck_spec):
    for point in deck_spec["layers"][1]["data"]:
        assert point["color"][:3] == hex_to_rgb(ORGANIZATION_COLORS[point["organization"]])


def test_deck_needs_no_tile_provider(deck_spec):
    text = json.dumps(deck_spec).lower()
    assert "mapprovider" not in text.replace("_", "")
    for provider in ("carto", "mapbox", "maptiler", "googleapis", "tile"):
        assert provider not in text


def test_host_countries_are_shaded_by_mission_count(deck_spec):
    features = deck_spec["layers"][0]["data"]["features"]
    counts = {f["properties"]["iso_a3"]: f["properties"]["missions"] for f in features}
    assert counts["BIH"] == 2
    assert counts["LBN"] == 1
    assert counts["FRA"] == 0
    fills = {f["properties"]["iso_a3"]: f["properties"]["fill"] for f in features}
    assert fills["BIH"][3] > fills["LBN"][3] > fills["FRA"][3]


@pytest.mark.parametrize(
    ("personnel", "expected"),
    [
        (None, MIN_RADIUS_M),
        (pd.NA, MIN_RADIUS_M),
        (0, MIN_RADIUS_M),
        (100, None),
        (130_000, 260_000),
    ],
)
def test_radius_grows_with_personnel_from_a_minimum(personnel, expected):
    radius = radius_for(personnel)
    if expected is None:
        assert MIN_RADIUS_M < radius < radius_for(1000)
    else:
        assert radius == expected


def timeline(dataset, color_by="organization", year=None):
    labels = {**dataset.labels("organization"), **dataset.labels("mission_type")}
    return timeline_figure(
        dataset.missions, color_by, labels, dataset.as_of, handover_edges(dataset.partners), year
    )


def test_timeline_has_one_bar_per_mission(fixture_dataset):
    figure = timeline(fixture_dataset)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert sum(len(trace.y) for trace in bars) == len(fixture_dataset.missions)
    assert {trace.name for trace in bars} == {
        "United Nations",
        "North Atlantic Treaty Organization",
        "African Union",
    }


def test_timeline_bars_use_the_palette_and_ongoing_missions_end_at_the_as_of_date(fixture_dataset):
    figure = timeline(fixture_dataset)
    au = next(trace for trace in figure.data if trace.name == "African Union")
    assert au.marker.color == ORGANIZATION_COLORS["AU"]
    assert list(au.marker.pattern.shape) == ["/"]
    end = pd.Timestamp(au.base[0]) + pd.Timedelta(milliseconds=float(au.x[0]))
    assert end.normalize() == fixture_dataset.as_of + pd.Timedelta(days=1)


def test_timeline_draws_hand_overs_and_the_year_marker(fixture_dataset):
    figure = timeline(fixture_dataset, year=1996)
    connectors = [trace for trace in figure.data if trace.name == "Hand-over"]
    assert len(connectors) == 1
    assert list(connectors[0].y[:2]) == ["TFA", "TFB"]
    assert any(shape.type == "line" for shape in figure.layout.shapes)


def test_timeline_can_colour_by_type(fixture_dataset):
    names = {trace.name for trace in timeline(fixture_dataset, color_by="mission_type").data}
    assert {"Observer", "Peace enforcement", "Stabilization", "Multidimensional"} <= names


def test_repeated_acronyms_get_their_id_in_the_label():
    missions = pd.DataFrame(
        {
            "acronym": ["ECOMOG", "ECOMOG", "UNMIL"],
            "mission_id": ["ecomog-liberia", "ecomog-sierra-leone", "unmil"],
        }
    )
    assert mission_labels(missions).tolist() == [
        "ECOMOG (ecomog-liberia)",
        "ECOMOG (ecomog-sierra-leone)",
        "UNMIL",
    ]


def test_active_per_year_counts_and_stacks_by_organization(fixture_dataset):
    counts = active_counts_by_year(fixture_dataset.missions, 1995, 2005)
    nato_1996 = counts[(counts["year"] == 1996) & (counts["organization"] == "NATO")]["missions"]
    assert nato_1996.tolist() == [2]
    assert counts[counts["year"] == 2000]["missions"].sum() == 1
    figure = active_per_year_figure(counts, {})
    assert figure.layout.barmode == "stack"
    assert {trace.name for trace in figure.data} == {"NATO", "AU"}
    assert figure.layout.xaxis.title.text == "Year"


def test_shaded_outlines_count_hosts_and_leave_the_shared_outlines_unchanged(fixture_dataset):
    outlines = load_country_outlines(fixture_dataset.data_dir)
    before = json.dumps(outlines, sort_keys=True)
    some_country = outlines["features"][0]["properties"]["iso_a3"]
    shaded = shaded_outlines(outlines, {some_country: 2})
    assert json.dumps(outlines, sort_keys=True) == before
    properties = [feature["properties"] for feature in shaded["features"]]
    assert properties[0]["missions"] == 2
    assert properties[0]["fill"][3] > NEUTRAL_FILL[3]
    assert all(p["missions"] == 0 and p["fill"] == NEUTRAL_FILL for p in properties[1:])


def test_lifespan_chart_keeps_every_mission_up_to_its_limit_then_the_latest(fixture_dataset):
    missions = fixture_dataset.missions
    assert latest_lifespans(missions) is missions
    latest = latest_lifespans(missions, limit=2)
    assert len(latest) == 2
    assert latest["start"].min() >= missions["start"].nlargest(2).min()
