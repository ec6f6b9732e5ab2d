"""Exports: formula neutralization, a golden CSV, the Excel workbook and file names."""

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from missions.exports import (
    CSV_PREAMBLE_LINES,
    derived_csv_bytes,
    excel_bytes,
    export_file_name,
    missions_csv_bytes,
    neutralize_formula,
)
from missions.filters import Filters, apply_filters, describe_filters

GOLDEN_CSV = Path(__file__).parent / "fixtures" / "golden_nato_export.csv"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(1,2)", "'@SUM(1,2)"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("UNAMSIL", "UNAMSIL"),
        ("a = b", "a = b"),
        ("", ""),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_neutralize_formula_prefixes_only_text_a_spreadsheet_would_run(value, safe):
    assert neutralize_formula(value) == safe


def test_nato_csv_export_matches_the_golden_file(fixture_dataset):
    filters = Filters(organizations=("NATO",))
    view = apply_filters(fixture_dataset.missions, filters)
    description = describe_filters(filters, len(view), len(fixture_dataset.missions))
    assert missions_csv_bytes(view, description, fixture_dataset) == GOLDEN_CSV.read_bytes()


def test_csv_export_reads_back_as_the_filtered_rows(fixture_dataset):
    view = apply_filters(fixture_dataset.missions, Filters(organizations=("AU",)))
    data = missions_csv_bytes(view, "x", fixture_dataset)
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    assert table["mission_id"].tolist() == ["tmc"]
    assert table.loc[0, "summary"].startswith("'@SUM")


def test_excel_export_has_every_sheet_and_neutralized_cells(fixture_dataset):
    filters = Filters(organizations=("NATO", "AU"))
    view = apply_filters(fixture_dataset.missions, filters)
    description = describe_filters(filters, len(view), len(fixture_dataset.missions))
    workbook = load_workbook(
        io.BytesIO(excel_bytes(fixture_dataset, view, description, "2026-11-21"))
    )
    assert workbook.sheetnames == [
        "About this extract",
        "Missions",
        "Mandate tasks",
        "Partners",
        "Challenges",
        "Mandate decisions",
        "Personnel per year",
        "Fatalities per year",
        "Contributions per year",
        "Fatalities by nationality",
        "Deployment sites per year",
        "Sources",
    ]
    about = {row[0]: row[1] for row in workbook["About this extract"].iter_rows(values_only=True)}
    assert about["Filter"] == "3 of 4 missions · NATO, AU"
    assert about["Data as of"] == "2026-11-01"
    assert about["How to cite"] == "Test citation."
    missions = list(workbook["Missions"].iter_rows(values_only=True))
    header = missions[0]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in missions[1:]}
    assert set(rows) == {"tfa", "tfb", "tmc"}
    assert rows["tfb"]["summary"].startswith("'=HYPERLINK")
    assert rows["tmc"]["summary"].startswith("'@SUM")
    assert rows["tfa"]["peak_personnel"] == 60000
    challenges = list(workbook["Challenges"].iter_rows(values_only=True))
    assert challenges[1][2] == "'-2+3 is a note that looks like a formula."
    sources = [row[0] for row in workbook["Sources"].iter_rows(values_only=True)][1:]
    assert sorted(sources) == [
        "ipi-ppp",
        "kathman-2013",
        "src-a",
        "src-b",
        "un-contributions-yearly",
        "un-psdh-fatalities",
    ]
    assert "Test contributions dataset (https://example.org/c)" in about["Datasets"]
    contributions = list(workbook["Contributions per year"].iter_rows(values_only=True))
    assert contributions[0][:4] == ("mission_id", "year", "country", "country_name")
    assert [row[:4] for row in contributions[1:]] == [
        ("tfa", 1996, "GHA", "Ghana"),
        ("tmc", 2005, "KEN", "Kenya"),
        ("tmc", 2005, "NPL", "Nepal"),
    ]
    assert "Test personnel dataset K (https://example.org/k)" in about["Datasets"]
    personnel = list(workbook["Personnel per year"].iter_rows(values_only=True))
    assert {row[0] for row in personnel[1:]} == {"tfa", "tmc"}
    assert personnel[0][-1] == "shown"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(("=", "+", "-", "@")))


def test_excel_side_tables_hold_only_rows_of_the_filtered_missions(fixture_dataset):
    view = apply_filters(fixture_dataset.missions, Filters(organizations=("UN",)))
    workbook = load_workbook(io.BytesIO(excel_bytes(fixture_dataset, view, "x", "2026-11-21")))
    tasks = list(workbook["Mandate tasks"].iter_rows(values_only=True))[1:]
    assert tasks == [("tmo", "ceasefire_monitoring", "src-a")]
    assert list(workbook["Partners"].iter_rows(values_only=True))[1:] == []


@pytest.mark.parametrize(
    ("filters", "name"),
    [
        (Filters(), "peacekeeping-atlas_all_2026-11-01.csv"),
        (
            Filters(organizations=("NATO",), status="active"),
            "peacekeeping-atlas_nato-active_2026-11-01.csv",
        ),
    ],
)
def test_export_file_name_carries_the_filter_and_date(filters, name):
    assert export_file_name(filters, "2026-11-01", "csv") == name


def test_personnel_csv_keeps_every_dataset_marks_the_shown_one_and_cites_them(fixture_dataset):
    view = apply_filters(fixture_dataset.missions, Filters(organizations=("NATO",)))
    data = derived_csv_bytes("personnel", view, "2 of 4 missions · NATO", fixture_dataset)
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == "# Peacekeeping Atlas (test fixture) — personnel per year, extract"
    assert lines[1] == "# Filter: 2 of 4 missions · NATO"
    assert "Test personnel dataset I (https://example.org/i)" in lines[2]
    assert "Test personnel dataset K (https://example.org/k)" in lines[2]
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    assert table[["mission_id", "year", "source_id", "shown"]].values.tolist() == [
        ["tfa", 1995, "kathman-2013", "yes"],
        ["tfa", 1996, "ipi-ppp", "no"],
        ["tfa", 1996, "kathman-2013", "yes"],
    ]


def test_fatalities_csv_holds_the_filtered_missions_counts(fixture_dataset):
    view = apply_filters(fixture_dataset.missions, Filters(organizations=("AU",)))
    data = derived_csv_bytes("fatalities", view, "x", fixture_dataset)
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    assert table.values.tolist() == [["tmc", 2005, "illness", "police", 1, "un-psdh-fatalities"]]
    assert "Test fatalities dataset" in data.decode("utf-8").splitlines()[2]


def test_a_view_without_series_exports_an_empty_table_that_says_so(fixture_dataset):
    view = apply_filters(fixture_dataset.missions, Filters(organizations=("UN",)))
    data = derived_csv_bytes("fatalities", view.iloc[0:0], "x", fixture_dataset)
    assert "none for these missions" in data.decode("utf-8").splitlines()[2]
    assert pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES).empty


def test_derived_export_file_names_say_which_table():
    assert (
        export_file_name(Filters(), "2026-11-01", "csv", "personnel")
        == "peacekeeping-atlas_all_2026-11-01_personnel.csv"
    )


def test_the_mandate_decisions_go_into_the_workbook_and_their_own_csv(fixture_dataset):
    view = apply_filters(fixture_dataset.missions, Filters(organizations=("AU",)))
    workbook = load_workbook(io.BytesIO(excel_bytes(fixture_dataset, view, "AU", "2026-11-21")))
    rows = list(workbook["Mandate decisions"].iter_rows(values_only=True))
    assert rows[0][:4] == ("mission_id", "decision", "date", "action")
    assert [row[1] for row in rows[1:]] == ["PSC communiqué 1", "PSC communiqué 2"]
    missions = list(workbook["Missions"].iter_rows(values_only=True))
    header = missions[0]
    tmc = dict(zip(header, missions[1], strict=True))
    assert (tmc["mandate_term"], tmc["mandate_end"]) == ("final", "2027-06-30")
    text = derived_csv_bytes("decisions", view, "1 of 4 missions · AU", fixture_dataset).decode()
    frame = pd.read_csv(io.StringIO(text), skiprows=CSV_PREAMBLE_LINES)
    assert list(frame["decision"]) == ["PSC communiqué 1", "PSC communiqué 2"]
    assert "Each row cites its source" in text.splitlines()[2]


def test_country_table_csvs_hold_the_view_with_names_and_the_dataset_to_cite(fixture_dataset):
    view = apply_filters(fixture_dataset.missions, Filters(organizations=("AU",)))
    data = derived_csv_bytes("contributions", view, "1 of 4 missions · AU", fixture_dataset)
    lines = data.decode("utf-8").splitlines()
    assert "UN personnel per contributing country and year" in lines[0]
    assert lines[1] == "# Filter: 1 of 4 missions · AU"
    assert "Test contributions dataset (https://example.org/c)" in lines[2]
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    assert table[["country", "country_name", "total"]].values.tolist() == [
        ["KEN", "Kenya", 600],
        ["NPL", "Nepal", 300],
    ]
    data = derived_csv_bytes("nationalities", view, "x", fixture_dataset)
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    assert table[["mission_id", "year", "country", "fatalities"]].values.tolist() == [
        ["tmc", 2005, "KEN", 1]
    ]
    nato = apply_filters(fixture_dataset.missions, Filters(organizations=("NATO",)))
    data = derived_csv_bytes("nationalities", nato, "x", fixture_dataset)
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES, keep_default_na=False)
    # A nationality the UN does not record has the code ZZZ, named as such.
    assert table[["country", "country_name", "fatalities"]].values.tolist() == [
        ["GHA", "Ghana", 3],
        ["ZZZ", "nationality not recorded", 2],
    ]


def test_deployment_sites_go_into_the_workbook_and_their_own_csv_with_the_citation(
    fixture_dataset,
):
    view = apply_filters(fixture_dataset.missions, Filters(organizations=("UN",)))
    data = derived_csv_bytes("deployments", view, "1 of 4 missions · UN", fixture_dataset)
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == "# Peacekeeping Atlas (test fixture) — deployment sites per year, extract"
    assert "Test deployment dataset (https://example.org/g)" in lines[2]
    table = pd.read_csv(io.BytesIO(data), skiprows=CSV_PREAMBLE_LINES)
    assert table[["mission_id", "year", "location", "troops", "hq"]].fillna("").values.tolist() == [
        ["tmo", 1958, "Beirut", 0, "mission-hq"],
        ["tmo", 1958, "Tyre", 150, ""],
    ]
    workbook = load_workbook(io.BytesIO(excel_bytes(fixture_dataset, view, "UN", "2026-11-21")))
    rows = list(workbook["Deployment sites per year"].iter_rows(values_only=True))
    assert rows[0][:5] == ("mission_id", "year", "location", "lat", "lon")
    assert [row[2] for row in rows[1:]] == ["Beirut", "Tyre"]
    about = {row[0]: row[1] for row in workbook["About this extract"].iter_rows(values_only=True)}
    assert "Test deployment dataset" in about["Datasets"]
    sources = [row[0] for row in workbook["Sources"].iter_rows(values_only=True)][1:]
    assert "cil-et-al-2020" in sources
    nato = apply_filters(fixture_dataset.missions, Filters(organizations=("NATO",)))
    empty = derived_csv_bytes("deployments", nato, "NATO", fixture_dataset)
    assert "none for these missions" in empty.decode("utf-8").splitlines()[2]
