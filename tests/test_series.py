"""Personnel and fatalities over time: the shown-dataset rule, the series the pages draw, and
their chart builders (on the fictional fixture: TFA has two personnel datasets for 1996)."""

from __future__ import annotations

import pandas as pd
import pytest

from components.series_charts import (
    AUTHORIZED_TRACE,
    aligned_personnel_figure,
    fatalities_by_incident_figure,
    fatality_rate_figure,
    personnel_over_time_figure,
    personnel_per_year_figure,
)
from missions.series import (
    Coverage,
    aligned_personnel,
    coverage,
    fatalities_by_year,
    fatality_rates,
    mission_personnel,
    personnel_per_year,
    shown_flags,
    view_coverage,
    year_spans,
)


def test_kathman_is_shown_before_ipi_for_the_same_mission_and_year(fixture_dataset):
    shown = fixture_dataset.shown_personnel
    tfa = shown[shown["mission_id"] == "tfa"].set_index("year")["source_id"].to_dict()
    assert tfa == {1995: "kathman-2013", 1996: "kathman-2013"}
    flags = shown_flags(fixture_dataset.personnel)
    assert flags.sum() == len(shown) == 5
    assert set(shown["mission_id"]) == {"tfa", "tmc", "tmo"}


def test_ipi_is_shown_where_kathman_lacks_the_mission(fixture_dataset):
    shown = fixture_dataset.shown_personnel
    assert set(shown.loc[shown["mission_id"] == "tmc", "source_id"]) == {"ipi-ppp"}


def test_a_year_without_its_breakdown_is_stacked_as_not_broken_down(fixture_dataset):
    rows = mission_personnel(fixture_dataset.shown_personnel, "tmc").set_index("year")
    assert rows.loc[2004, "not_broken_down_mean"] == 500
    assert rows.loc[2005, "not_broken_down_mean"] == 0


@pytest.mark.parametrize(
    ("years", "text"),
    [([1990, 1991, 1992, 1995], "1990–1992, 1995"), ([2001], "2001"), ([], ""), ([3, 1, 2], "1–3")],
)
def test_year_spans_group_consecutive_years(years, text):
    assert year_spans(years) == text


def test_coverage_lists_datasets_in_the_shown_order_with_their_years(fixture_dataset):
    rows = fixture_dataset.personnel[fixture_dataset.personnel["mission_id"] == "tfa"]
    assert coverage(rows) == [
        Coverage("kathman-2013", "1995–1996"),
        Coverage("ipi-ppp", "1996"),
    ]


def test_personnel_curves_are_aligned_on_the_years_since_start(fixture_dataset):
    curves = aligned_personnel(
        fixture_dataset.shown_personnel, fixture_dataset.missions, ["tmc", "tfa"]
    )
    assert curves[["mission_id", "years_since_start"]].values.tolist() == [
        ["tmc", 0],
        ["tmc", 1],
        ["tfa", 0],
        ["tfa", 1],
    ]


def test_fatality_rate_is_uniformed_deaths_per_1000_personnel_years(fixture_dataset):
    rates = fatality_rates(
        fixture_dataset.shown_personnel,
        fixture_dataset.fatalities,
        ["tfa", "tmc", "tfb"],
        counted=["tfa", "tmc"],
    ).set_index("mission_id")
    # TFA: 5 military deaths in 1996; 50,100 + 41,100 personnel-years (Kathman, shown).
    assert rates.loc["tfa", "personnel_years"] == 91200
    assert rates.loc["tfa", "fatalities"] == 5
    assert rates.loc["tfa", "per_1000"] == pytest.approx(5000 / 91200)
    assert rates.loc["tfa", "years"] == "1995–1996"
    # TMC: 1 police death in 2005; 500 + 900 personnel-years.
    assert rates.loc["tmc", "per_1000"] == pytest.approx(1000 / 1400)
    # TFB has no personnel figures: no rate (not zero).
    assert pd.isna(rates.loc["tfb", "per_1000"])


def test_missions_whose_deaths_no_dataset_records_get_no_rate(fixture_dataset):
    rates = fatality_rates(
        fixture_dataset.shown_personnel, fixture_dataset.fatalities, ["tfa"], counted=[]
    )
    assert pd.isna(rates.loc[0, "fatalities"]) and pd.isna(rates.loc[0, "per_1000"])


def test_personnel_per_year_sums_the_shown_means_by_organization(fixture_dataset):
    totals = personnel_per_year(fixture_dataset.shown_personnel, fixture_dataset.missions)
    nato_1996 = totals[(totals["year"] == 1996) & (totals["organization"] == "NATO")]
    assert nato_1996[["personnel", "missions"]].values.tolist() == [[41100.0, 1]]
    covered = view_coverage(fixture_dataset.shown_personnel, fixture_dataset.missions)
    assert (covered.with_data, covered.in_view) == (3, 4)


def test_fatalities_by_year_count_each_incident_type(fixture_dataset):
    counts = fatalities_by_year(fixture_dataset.fatalities, ["tfa", "tmo"])
    assert counts.values.tolist() == [
        [1958, "malicious-act", 1],
        [1996, "accident", 3],
        [1996, "malicious-act", 2],
    ]


# --- chart builders ---------------------------------------------------------------------------


def test_personnel_chart_stacks_troops_police_and_observers(fixture_dataset):
    rows = mission_personnel(fixture_dataset.shown_personnel, "tfa")
    figure = personnel_over_time_figure(rows, {"kathman-2013": "K"})
    assert figure.layout.barmode == "stack"
    assert [trace.name for trace in figure.data] == ["Troops", "Police", "Military observers"]
    assert list(figure.data[0].y) == [50000.0, 41000.0]
    assert figure.data[0].customdata[0][3] == "K"


def test_personnel_chart_draws_what_is_not_broken_down(fixture_dataset):
    rows = mission_personnel(fixture_dataset.shown_personnel, "tmc")
    names = [trace.name for trace in personnel_over_time_figure(rows, {}).data]
    assert names[-1] == "Not broken down"


def test_personnel_chart_draws_an_authorized_strength_as_a_step_line(fixture_dataset):
    rows = mission_personnel(fixture_dataset.shown_personnel, "tfa")
    authorized = pd.DataFrame({"year": [1995, 1996], "authorized": [60000, 60000]})
    figure = personnel_over_time_figure(rows, {}, authorized)
    line = figure.data[-1]
    assert (line.name, line.type, line.line.shape) == (AUTHORIZED_TRACE, "scatter", "hv")
    assert list(line.y) == [60000.0, 60000.0]
    assert AUTHORIZED_TRACE not in [t.name for t in personnel_over_time_figure(rows, {}).data]


def test_fatality_chart_stacks_incident_types_with_their_labels(fixture_dataset):
    counts = fatalities_by_year(fixture_dataset.fatalities, ["tfa"])
    figure = fatalities_by_incident_figure(counts, fixture_dataset.labels("incident_type"))
    assert [trace.name for trace in figure.data] == ["Malicious act", "Accident"]
    assert figure.layout.barmode == "stack"


def test_aligned_chart_has_one_line_per_mission_in_the_order_compared(fixture_dataset):
    curves = aligned_personnel(
        fixture_dataset.shown_personnel, fixture_dataset.missions, ["tmc", "tfa"]
    )
    figure = aligned_personnel_figure(curves, {"tmc": "TMC", "tfa": "TFA"}, {})
    assert [trace.name for trace in figure.data] == ["TMC", "TFA"]
    assert list(figure.data[1].x) == [0, 1]


def test_rate_chart_leaves_out_missions_without_a_rate(fixture_dataset):
    rates = fatality_rates(
        fixture_dataset.shown_personnel, fixture_dataset.fatalities, ["tfa", "tfb"], ["tfa"]
    )
    figure = fatality_rate_figure(rates, {"tfa": "TFA", "tfb": "TFB"})
    assert list(figure.data[0].x) == ["TFA"]


def test_personnel_per_year_chart_stacks_organizations_with_the_palette(fixture_dataset):
    totals = personnel_per_year(fixture_dataset.shown_personnel, fixture_dataset.missions)
    figure = personnel_per_year_figure(totals, {})
    assert {trace.name for trace in figure.data} == {"NATO", "AU", "UN"}
    assert figure.data[0].name == "NATO"  # the largest first
