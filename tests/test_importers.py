"""The importers on the shared copies of the public datasets, and on malformed copies of them.

The shared files live beside the repository (`../shared/reference-data/`, resolved from the
repository root's parent, as CI has them); without them the tests that read them are skipped
with that reason. Expected values are computed here with pandas from the raw files and the
crosswalk CSVs, independently of the importers' code.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from missions.dataset import load_dataset
from missions.importers import IMPORTERS, bara_hultman, ipi, kathman, un_fatalities
from missions.importers.base import derive_dataset, read_atlas, run_imports
from missions.importers.common import ImportFailed, read_source
from missions.importers.crosswalk import CROSSWALK_COLUMNS, crosswalk_path, load_crosswalk
from missions.importers.derived import atomic_write, mean_text
from missions.paths import DATA_DIR, PROJECT_ROOT

REFERENCE = PROJECT_ROOT.parent / "shared" / "reference-data"
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(),
    reason=f"the shared copies of the public datasets are not at {REFERENCE}",
)
UN_ORGANIZATIONS = ("UN", "UN-AU")
DERIVED_FILES = (
    "personnel_yearly.csv",
    "fatalities_yearly.csv",
    "fatalities_by_nationality.csv",
    "contributions_yearly.csv",
)


def raw(importer) -> Path:
    return REFERENCE / importer.default_file


def crosswalk_frame(name: str) -> pd.DataFrame:
    return pd.read_csv(crosswalk_path(name), dtype=str, keep_default_na=False)


def map_names(names: pd.Series, days: pd.Series, crosswalk: pd.DataFrame, locations=None):
    """mission_id per record from the crosswalk CSV (None: mapped to nothing), by pandas."""
    result = pd.Series(pd.NA, index=names.index, dtype="object")
    for row in crosswalk.to_dict("records"):
        match = names == row["publisher_name"]
        if row["location"]:
            match &= locations == row["location"]
        if row["from"]:
            match &= days >= pd.Timestamp(row["from"])
        if row["to"]:
            match &= days <= pd.Timestamp(row["to"])
        assert result[match].isna().all(), f"two crosswalk rows cover {row['publisher_name']}"
        result[match] = row["mission_id"] or None
    return result


def file_hashes(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


# --- the real files -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@needs_reference
def test_fatality_counts_per_mission_year_equal_the_un_files_exactly():
    raw_rows = pd.read_csv(raw(un_fatalities.IMPORTER), dtype=str, keep_default_na=False)
    days = pd.to_datetime(raw_rows["incident_date"])
    raw_rows["mission_id"] = map_names(
        raw_rows["mission_acronym"].str.strip(), days, crosswalk_frame("un-fatalities")
    )
    raw_rows["year"] = days.dt.year
    expected = raw_rows.dropna(subset=["mission_id"]).groupby(["mission_id", "year"]).size()
    derived = pd.read_csv(DATA_DIR / "fatalities_yearly.csv")
    counted = derived.groupby(["mission_id", "year"])["fatalities"].sum()
    assert counted.to_dict() == expected.to_dict()
    assert len(expected.index.get_level_values(0).unique()) >= 50


@needs_reference
def test_fatalities_by_incident_and_personnel_type_follow_the_un_categories():
    raw_rows = pd.read_csv(raw(un_fatalities.IMPORTER), dtype=str, keep_default_na=False)
    raw_unmil = raw_rows[raw_rows["mission_acronym"] == "UNMIL"]
    derived = pd.read_csv(DATA_DIR / "fatalities_yearly.csv")
    unmil = derived[derived["mission_id"] == "unmil"]
    by_type = unmil.groupby("incident_type")["fatalities"].sum().to_dict()
    raw_types = raw_unmil["type_of_incident"].map(un_fatalities.INCIDENT_TYPES).value_counts()
    assert by_type == raw_types.to_dict()
    assert set(derived["personnel_type"]) <= set(un_fatalities.PERSONNEL_TYPES.values())


def kathman_expected() -> pd.DataFrame:
    rows = pd.read_csv(raw(kathman.IMPORTER), dtype=str, keep_default_na=False)
    rows["day"] = pd.to_datetime(
        rows["year"] + "-" + rows["month"].str.zfill(2) + "-01"
    ) + pd.offsets.MonthEnd(0)
    rows["mission_id"] = map_names(
        rows["mission"].str.strip(), rows["day"], crosswalk_frame("kathman")
    )
    rows["total"] = rows["total"].astype(int)
    return rows[rows["mission_id"].notna() & (rows["total"] != -999)]


@needs_reference
def test_kathman_yearly_mean_maximum_and_months_equal_the_monthly_figures():
    rows = kathman_expected()
    grouped = rows.groupby(["mission_id", "year"])["total"]
    derived = pd.read_csv(DATA_DIR / "personnel_yearly.csv", dtype={"total_mean": str})
    derived = derived[derived["source_id"] == kathman.SOURCE_ID].set_index(["mission_id", "year"])
    expected_max = grouped.max()
    expected_max.index = expected_max.index.set_levels(
        expected_max.index.levels[1].astype(int), level=1
    )
    assert derived["total_max"].to_dict() == expected_max.to_dict()
    for (mission_id, year), values in grouped:
        row = derived.loc[(mission_id, int(year))]
        assert row["months"] == len(values)
        assert row["total_mean"] == mean_text(values.tolist())


@needs_reference
def test_ipi_yearly_figures_read_na_as_zero_and_equal_the_monthly_figures():
    rows = pd.read_csv(raw(ipi.IMPORTER), dtype=str, keep_default_na=False)
    rows["day"] = pd.to_datetime(rows["Date"])
    rows["mission_id"] = map_names(rows["Mission"].str.strip(), rows["day"], crosswalk_frame("ipi"))
    rows = rows[rows["mission_id"].notna()].copy()
    rows["troops"] = rows["Troops"].replace("NA", "0").astype(int)
    rows["total"] = rows["Total"].astype(int)
    rows["year"] = rows["day"].dt.year
    derived = pd.read_csv(DATA_DIR / "personnel_yearly.csv", dtype={"troops_mean": str})
    derived = derived[derived["source_id"] == ipi.SOURCE_ID].set_index(["mission_id", "year"])
    for (mission_id, year), group in rows.groupby(["mission_id", "year"]):
        row = derived.loc[(mission_id, year)]
        assert row["months"] == len(group)
        assert row["total_max"] == group["total"].max()
        assert row["troops_mean"] == mean_text(group["troops"].tolist())


@needs_reference
def test_bara_hultman_uses_only_sipri_figures_once_per_mission_month_summed_over_countries():
    rows = pd.read_csv(raw(bara_hultman.IMPORTER), dtype=str, keep_default_na=False)
    derived = pd.read_csv(DATA_DIR / "personnel_yearly.csv")
    derived = derived[derived["source_id"] == bara_hultman.SOURCE_ID].set_index(
        ["mission_id", "year"]
    )
    # EUFOR Althea is listed once per Bosnian conflict: its December figure is counted once.
    althea = rows[(rows["mission"] == "EUFOR Althea") & (rows["date"] == "2010m12")]
    assert althea["SIPRI_totals"].nunique() == 1 and len(althea) > 1
    assert derived.loc[("eufor-althea", 2010), "total_max"] == int(althea["SIPRI_totals"].iloc[0])
    assert derived.loc[("eufor-althea", 2010), "months"] == 1
    # UNPROFOR has one missionid per country: December 1994 is Bosnia's plus Croatia's.
    unprofor = rows[(rows["mission"] == "UNPROFOR") & (rows["date"] == "1994m12")]
    parts = unprofor.drop_duplicates("missionid")["SIPRI_totals"].astype(int)
    assert len(parts) == 2
    assert derived.loc[("unprofor", 1994), "total_mean"] == parts.sum()
    # From 2015 SIPRI counts observers with troops: observers are left unknown.
    assert pd.isna(derived.loc[("eufor-althea", 2016), "observers_mean"])
    assert derived.loc[("eufor-althea", 2014), "observers_mean"] == 0


def test_the_derived_tables_load_with_every_dataset_cited(dataset):
    assert set(dataset.personnel["source_id"]) == {
        kathman.SOURCE_ID,
        ipi.SOURCE_ID,
        bara_hultman.SOURCE_ID,
    }
    assert set(dataset.fatalities["source_id"]) == {un_fatalities.SOURCE_ID}
    kinds = dataset.sources.set_index("source_id")["kind"]
    for importer in IMPORTERS.values():
        assert kinds[importer.source_id] == "dataset"


UN_OPERATIONS_NO_DATASET_LISTS = {
    "unasog",
    "ungomap",
    "untag",
    # Special political missions that none of the three personnel datasets covers.
    "binuca",
    "micivih",
    "minusal",
    "onuv",
    "unamis",
    "unipsil",
    "unitams",
    "unoca",
    "unogbis",
    "unol",
    "unomb",
    "unomsa",
    "unowa",
    "unpob",
    "untmis",
    "untop",
}


def test_personnel_series_cover_every_un_operation_the_datasets_can_cover(dataset):
    """Every UN operation deployed in 1990 or later, except UNASOG (1994), UNGOMAP and UNTAG
    (both ended in March 1990) and the special political missions that no dataset lists. The
    operations that ended before 1990 come before the data begin."""
    missions = dataset.missions
    un = missions[missions["organization"].isin(UN_ORGANIZATIONS)]
    with_series = set(dataset.personnel["mission_id"])
    covered = un[un["mission_id"].isin(with_series)]
    assert len(covered) >= 60
    late = un[(un["end_year"].isna()) | (un["end_year"] >= 1990)]
    assert set(late["mission_id"]) - with_series == UN_OPERATIONS_NO_DATASET_LISTS


def test_personnel_series_cover_at_least_25_non_un_operations(dataset):
    missions = dataset.missions
    others = missions[~missions["organization"].isin(UN_ORGANIZATIONS)]
    assert others["mission_id"].isin(set(dataset.personnel["mission_id"])).sum() >= 25


# --- running the importers -----------------------------------------------------------------


@needs_reference
def test_the_committed_derived_tables_are_what_the_importers_write_now(data_copy):
    """A crosswalk or importer change without a rerun of the import fails here."""
    run_imports(IMPORTERS.values(), data_copy)
    for name in DERIVED_FILES:
        assert (data_copy / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


@needs_reference
def test_running_the_import_twice_gives_byte_identical_files(data_copy):
    for name in DERIVED_FILES:
        (data_copy / name).unlink()
    run_imports(IMPORTERS.values(), data_copy)
    first = file_hashes(data_copy)
    _, changed = run_imports(IMPORTERS.values(), data_copy)
    assert changed == []
    assert file_hashes(data_copy) == first
    # One dataset alone replaces only its own rows.
    run_imports([IMPORTERS["ipi"]], data_copy)
    assert file_hashes(data_copy) == first


@needs_reference
@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_every_crosswalk_name_occurs_in_its_dataset(name):
    importer = IMPORTERS[name]
    column = importer.name_column
    rows = pd.read_csv(raw(importer), dtype=str, keep_default_na=False)
    names = set(rows[column].str.strip())
    assert set(crosswalk_frame(name)["publisher_name"]) <= names


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_no_operation_waits_to_be_switched_on_in_a_crosswalk(name, dataset):
    """When an operation the crosswalk expects lands in missions.csv, copy its expected_id
    into mission_id (one cell) and rerun `python -m missions.importers all`."""
    crosswalk = load_crosswalk(name, dataset.missions["mission_id"])
    assert crosswalk.arrived(dataset.missions["mission_id"]) == []


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_every_name_mapped_to_nothing_says_why(name):
    frame = crosswalk_frame(name)
    assert list(frame.columns) == list(CROSSWALK_COLUMNS)
    unmapped = frame[frame["mission_id"] == ""]
    assert (unmapped["note"] != "").all()
    waiting = unmapped[unmapped["expected_id"] != ""]
    assert waiting["note"].str.startswith("not yet in the atlas").all()


@needs_reference
def test_the_report_lists_names_deliberately_left_out(data_copy):
    reports, _ = run_imports([IMPORTERS["bara-hultman"]], data_copy)
    lines = "\n".join(reports[0].lines())
    assert "WEUPF" in lines and "expected id weupf-mostar" in lines
    reports, _ = run_imports([IMPORTERS["kathman"]], data_copy)
    lines = "\n".join(reports[0].lines())
    assert "UNPF" in lines
    assert reports[0].missions >= {"monuc", "unamid", "minusma"}


def test_the_publishers_url_is_read_through_the_opener_without_the_network():
    body = (
        b"id,incident_date,mission_acronym,type_of_casualty,casualty_personnel_type,"
        b"type_of_incident,casualty_nationality,isocode3\n"
        b"1,2014-05-02,UNMISS,Fatality,Military,Accident,Nepal,NPL\n"
    )
    calls = []

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    def opener(url, timeout):
        calls.append((url, timeout))
        return Response(body)

    atlas = read_atlas(DATA_DIR)
    derived = derive_dataset(un_fatalities.IMPORTER, atlas, un_fatalities.URL, opener)
    assert calls and calls[0][0] == "https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV"
    assert derived.rows == [
        {
            "mission_id": "unmiss",
            "year": "2014",
            "incident_type": "accident",
            "personnel_type": "military",
            "fatalities": "1",
            "source_id": un_fatalities.SOURCE_ID,
        }
    ]
    assert derived.tables["fatalities_by_nationality"] == [
        {
            "mission_id": "unmiss",
            "year": "2014",
            "country": "NPL",
            "fatalities": "1",
            "source_id": un_fatalities.SOURCE_ID,
        }
    ]


def test_a_url_that_cannot_be_read_fails_naming_it():
    def opener(url, timeout):
        raise OSError("no network here")

    with pytest.raises(ImportFailed) as caught:
        read_source(un_fatalities.URL, opener)
    assert caught.value.problems[0].file == un_fatalities.URL


# --- malformed copies ------------------------------------------------------------------------


def rewrite_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (line 1 is the header)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    rows[line - 1][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def rename_column(path: Path, column: str) -> None:
    rewrite_cell(path, 1, column, column + "_renamed")


MALFORMED = [
    # (importer, what is broken, how, line, column)
    ("un-fatalities", "missing column", ("rename", "type_of_incident"), 1, "type_of_incident"),
    ("un-fatalities", "bad date", ("cell", 3, "incident_date", "1948-13-40"), 3, "incident_date"),
    (
        "un-fatalities",
        "unknown mission",
        ("cell", 4, "mission_acronym", "UNOK"),
        4,
        "mission_acronym",
    ),
    (
        "un-fatalities",
        "unknown category",
        ("cell", 5, "type_of_incident", "Storm"),
        5,
        "type_of_incident",
    ),
    ("kathman", "missing column", ("rename", "total"), 1, "total"),
    ("kathman", "bad date", ("cell", 3, "month", "13"), 3, "month"),
    ("kathman", "unknown mission", ("cell", 4, "mission", "UNOK"), 4, "mission"),
    ("kathman", "negative count", ("cell", 5, "troop", "-5"), 5, "troop"),
    ("ipi", "missing column", ("rename", "Troops"), 1, "Troops"),
    ("ipi", "bad date", ("cell", 3, "Date", "1990-11-31"), 3, "Date"),
    ("ipi", "unknown mission", ("cell", 4, "Mission", "UNOK"), 4, "Mission"),
    ("ipi", "negative count", ("cell", 5, "Total", "-423"), 5, "Total"),
    ("ipi", "total not the sum", ("cell", 2, "Total", "424"), 2, "Total"),
    ("bara-hultman", "missing column", ("rename", "SIPRI_totals"), 1, "SIPRI_totals"),
    ("bara-hultman", "bad date", ("cell", 3, "date", "1997-02"), 3, "date"),
    ("bara-hultman", "unknown mission", ("cell", 4, "mission", "UNOK"), 4, "mission"),
    ("bara-hultman", "negative count", ("cell", 5, "SIPRI_police", "-1"), 5, "SIPRI_police"),
]


@needs_reference
@pytest.mark.parametrize(
    ("name", "broken", "how", "line", "column"),
    MALFORMED,
    ids=[f"{case[0]}: {case[1]}" for case in MALFORMED],
)
def test_a_malformed_copy_fails_naming_file_row_and_column_and_leaves_data_unchanged(
    tmp_path, data_copy, name, broken, how, line, column
):
    importer = IMPORTERS[name]
    copy = tmp_path / importer.default_file
    shutil.copy(raw(importer), copy)
    if how[0] == "rename":
        rename_column(copy, how[1])
    else:
        rewrite_cell(copy, *how[1:])
    before = file_hashes(data_copy)
    with pytest.raises(ImportFailed) as caught:
        run_imports(IMPORTERS.values(), data_copy, {name: copy})
    located = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert (importer.default_file, line, column) in located, caught.value
    assert file_hashes(data_copy) == before


def test_an_unknown_name_is_an_error_but_a_name_mapped_to_nothing_is_reported(tmp_path):
    atlas = read_atlas(DATA_DIR)
    source = tmp_path / "k.csv"
    header = "mission,missioncountry,year,month,troop,police,militaryobservers,total\n"
    source.write_text(header + "UNSOS,Somalia,2017,1,0,0,10,10\n", encoding="utf-8")
    derived = derive_dataset(kathman.IMPORTER, atlas, source)
    assert derived.rows == []
    assert [item.publisher_name for item in derived.report.unmapped] == ["UNSOS"]
    source.write_text(header + "UNSOSX,Somalia,2017,1,0,0,10,10\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        derive_dataset(kathman.IMPORTER, atlas, source)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("k.csv", 2, "mission")
    assert "crosswalks/kathman.csv" in problem.message


def test_two_names_mapped_to_one_mission_in_one_month_fail(tmp_path):
    atlas = read_atlas(DATA_DIR)
    source = tmp_path / "k.csv"
    source.write_text(
        "mission,missioncountry,year,month,troop,police,militaryobservers,total\n"
        "UNOSOM,Somalia,1994,6,10,0,0,10\nUNOSOM II,Somalia,1994,6,10,0,0,10\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        derive_dataset(kathman.IMPORTER, atlas, source)
    assert (caught.value.problems[0].row, caught.value.problems[0].column) == (3, "mission")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("UNOK,,,,unok,,", ("mission_id", "is not in missions.csv")),
        ("UNOK,,,,,,", ("note", "needs the reason")),
        ("UNOK,,1990-02-30,,monuc,,", ("from", "not a date")),
        ("UNOK,,1995-01-01,1994-01-01,monuc,,", ("to", "ends before it starts")),
        ("UNIFIL,,1990-01-01,,unifil,,", ("from", "overlaps line 2")),
    ],
)
def test_a_bad_crosswalk_row_fails_naming_its_row_and_column(tmp_path, line, expected):
    path = tmp_path / "kathman.csv"
    path.write_text(",".join(CROSSWALK_COLUMNS) + "\nUNIFIL,,,,unifil,,\n" + line + "\n")
    with pytest.raises(ImportFailed) as caught:
        load_crosswalk("kathman", read_atlas(DATA_DIR).mission_ids, path)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("crosswalks/kathman.csv", 3, expected[0])
    assert expected[1] in problem.message


def test_an_expected_id_that_has_arrived_is_pointed_out(tmp_path):
    path = tmp_path / "kathman.csv"
    path.write_text(",".join(CROSSWALK_COLUMNS) + "\nUNAMA,,,,,unama,not yet in the atlas: UNAMA\n")
    crosswalk = load_crosswalk("kathman", {"unama", "monuc"}, path)
    assert crosswalk.arrived({"unama"}) == ["crosswalks/kathman.csv line 2: UNAMA -> unama"]


def test_a_failed_replace_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "personnel_yearly.csv"
    target.write_bytes(b"old\n")

    def broken_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr("missions.importers.derived.os.replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["personnel_yearly.csv"]


@pytest.mark.parametrize(
    ("values", "text"),
    [([1, 2], "1.5"), ([1, 2, 2], "1.7"), ([0, 0, 1, 0], "0.3"), ([5], "5.0"), ([1, 0], "0.5")],
)
def test_means_have_one_decimal_rounded_half_up(values, text):
    assert mean_text(values) == text


# --- the command ---------------------------------------------------------------------------


@needs_reference
def test_the_command_imports_all_and_reports_what_it_left_out(data_copy, capsys):
    from missions.importers.__main__ import main

    assert main(["all", "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "un-fatalities: read 4429 records" in out
    assert "UNSOS, 2016-09 to 2019-12" in out
    assert out.rstrip().endswith("No file changed.")


@needs_reference
def test_the_command_fails_with_status_1_and_leaves_data_alone(tmp_path, data_copy, capsys):
    from missions.importers.__main__ import main

    broken = tmp_path / "kathman.csv"
    broken.write_text("mission,year\nUNIFIL,1990\n", encoding="utf-8")
    before = file_hashes(data_copy)
    assert main(["kathman", "--source", str(broken), "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "kathman.csv, row 1, column 'troop': the column is missing" in err
    assert file_hashes(data_copy) == before


def test_only_the_un_dataset_has_a_publisher_url(capsys):
    from missions.importers.__main__ import main

    assert main(["kathman", "--source", "url"]) == 2
    assert "no publisher URL" in capsys.readouterr().err
    assert [i.name for i in IMPORTERS.values() if i.url] == ["un-fatalities"]
