"""Chart builders: DataFrame in, Figure out (the map's builders: tests/test_map.py)."""

from __future__ import annotations

import pandas as pd

from components.charts import (
    active_per_year_figure,
    latest_lifespans,
    mission_labels,
    timeline_figure,
)
from components.palette import ORGANIZATION_COLORS
from missions.lineage import handover_edges
from missions.summary import active_counts_by_year


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


def test_lifespan_chart_keeps_every_mission_up_to_its_limit_then_the_latest(fixture_dataset):
    missions = fixture_dataset.missions
    assert latest_lifespans(missions) is missions
    latest = latest_lifespans(missions, limit=2)
    assert len(latest) == 2
    assert latest["start"].min() >= missions["start"].nlargest(2).min()
