"""A bad data file fails at load with a message naming the file, the row and the column.

The cases of tests/malformed.py (shared with the AppTest of the error page) cover each way a file
can be malformed; the table below covers the rules cell by cell.
"""

from pathlib import Path

import pytest

from missions.dataset import load_dataset
from missions.errors import DataValidationError
from tests.malformed import CASES, Malformed, rewrite


def problems_of(data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_dir)
    return [(p.file, p.row, p.column, p.message) for p in caught.value.problems]


def test_the_fixture_itself_is_valid(fixture_dir):
    assert len(load_dataset(fixture_dir).missions) == 4


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("missions.csv", "1958-06-11,day", "1958-13-45,day", ("missions.csv", 2, "start_date")),
        ("missions.csv", "1958-06-11,day", "June 1958,day", ("missions.csv", 2, "start_date")),
        ("missions.csv", "1958-06-11,day", "1958-06,day", ("missions.csv", 2, "start_precision")),
        (
            "missions.csv",
            "1995-12-20,day,1996-12-20",
            "1995-12-20,day,1994-12-20",
            ("missions.csv", 3, "end_date"),
        ),
        ("missions.csv", "1958-06-11,day", "1938-06-11,day", ("missions.csv", 2, "start_date")),
        (
            "missions.csv",
            "TFA,Test Force Alpha,NATO",
            "TFA,Test Force Alpha,WARSAW",
            ("missions.csv", 3, "organization"),
        ),
        (
            "missions.csv",
            "un-pko,observer",
            "un-pko,blue-helmets",
            ("missions.csv", 2, "mission_type"),
        ),
        (
            "missions.csv",
            "middle-east,LBN",
            "middle-east,LBX",
            ("missions.csv", 2, "host_countries"),
        ),
        ("missions.csv", "Beirut,33.89,35.5", "Beirut,133.89,35.5", ("missions.csv", 2, "hq_lat")),
        ("missions.csv", "Beirut,33.89,35.5", "Beirut,48.85,2.35", ("missions.csv", 2, "hq_lat")),
        ("missions.csv", "Beirut,33.89,35.5", "Beirut,north,35.5", ("missions.csv", 2, "hq_lat")),
        ("missions.csv", "Beirut,33.89,35.5", "Beirut,33.89,", ("missions.csv", 2, "hq_lon")),
        ("missions.csv", "tfb,TFB", "tfa,TFB", ("missions.csv", 4, "mission_id")),
        ("missions.csv", "tfb,TFB", "TF B,TFB", ("missions.csv", 4, "mission_id")),
        ("missions.csv", "591,deployed", "591,", ("missions.csv", 2, "personnel_basis")),
        ("missions.csv", "591,deployed", "59.5,deployed", ("missions.csv", 2, "peak_personnel")),
        (
            "missions.csv",
            "Ongoing.,src-a,,,,src-a;src-b",
            "Ongoing.,src-a,,,,src-a;src-zzz",
            ("missions.csv", 5, "source_ids"),
        ),
        (
            "missions.csv",
            "Ongoing.,src-a,,,,src-a;src-b",
            "Ongoing.,src-a,,,,",
            ("missions.csv", 5, "source_ids"),
        ),
        (
            "missions.csv",
            "It ended.,src-a,src-a,src-a,src-a,src-a",
            "It ended.,src-a,src-a,src-a,,src-a",
            ("missions.csv", 2, "personnel_source"),
        ),
        (
            "missions.csv",
            "It ended.,src-a,src-a,src-a,src-a,src-a",
            "It ended.,src-b,src-a,src-a,src-a,src-a",
            ("missions.csv", 2, "dates_source"),
        ),
        (
            "mandate_tasks.csv",
            "tmo,ceasefire_monitoring",
            "tmx,ceasefire_monitoring",
            ("mandate_tasks.csv", 2, "mission_id"),
        ),
        (
            "mandate_tasks.csv",
            "tmo,ceasefire_monitoring",
            "tmo,world_peace",
            ("mandate_tasks.csv", 2, "task_code"),
        ),
        (
            "partners.csv",
            "tfb,Test Force Alpha,mission,tfa",
            "tfb,Test Force Alpha,mission,nowhere",
            ("partners.csv", 2, "partner_mission_id"),
        ),
        ("partners.csv", "predecessor,src-b", "ancestor,src-b", ("partners.csv", 2, "relation")),
        (
            "challenges.csv",
            "tmc,terrain,-2+3 is a note that looks like a formula.,src-a",
            "tmc,terrain,,src-a",
            ("challenges.csv", 2, "note"),
        ),
        ("sources.csv", "https://example.org/a", "example.org/a", ("sources.csv", 2, "url")),
        (
            "sources.csv",
            "src-b,Test source B",
            "src-a,Test source B",
            ("sources.csv", 3, "source_id"),
        ),
        (
            "excluded.csv",
            "exists in the test list.,src-a",
            "exists in the test list.,src-q",
            ("excluded.csv", 2, "source_ids"),
        ),
    ],
)
def test_a_bad_cell_is_reported_with_file_row_and_column(fixture_dir, file, old, new, expected):
    rewrite(fixture_dir / file, old, new)
    located = [(f, r, c) for f, r, c, _ in problems_of(fixture_dir)]
    assert expected in located


def test_a_missing_column_is_reported(fixture_dir):
    path = fixture_dir / "missions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("hq_name", "headquarters")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ("missions.csv", 1, "hq_name") in [(f, r, c) for f, r, c, _ in problems_of(fixture_dir)]


def test_an_empty_file_is_reported(fixture_dir):
    (fixture_dir / "sources.csv").write_text("", encoding="utf-8")
    assert problems_of(fixture_dir) == [("sources.csv", None, None, "the file is empty")]


def test_a_file_in_another_encoding_is_reported_with_its_line(fixture_dir):
    path = fixture_dir / "missions.csv"
    path.write_bytes(
        path.read_text(encoding="utf-8").replace("Beirut", "Beyrouth é").encode("latin-1")
    )
    assert problems_of(fixture_dir) == [("missions.csv", 2, None, "the file is not UTF-8 text")]


def test_a_missing_file_is_reported(fixture_dir):
    (fixture_dir / "partners.csv").unlink()
    assert problems_of(fixture_dir) == [("partners.csv", None, None, "the file is missing")]


def test_the_error_message_names_file_row_and_column(fixture_dir):
    rewrite(fixture_dir / "missions.csv", "un-pko,observer", "un-pko,blue-helmets")
    with pytest.raises(DataValidationError, match=r"missions\.csv, row 2, column 'mission_type'"):
        load_dataset(fixture_dir)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_malformed_file_fails_at_load_naming_file_row_and_column(fixture_dir, case: Malformed):
    case.break_data(fixture_dir)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(fixture_dir)
    located = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert (case.file, case.row, case.column) in located
    assert case.location in str(caught.value)


def test_a_utf8_file_with_a_byte_order_mark_loads(fixture_dir):
    path = fixture_dir / "missions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_dataset(fixture_dir).missions) == 4


def test_a_directory_in_place_of_a_file_is_reported(fixture_dir):
    (fixture_dir / "partners.csv").unlink()
    (fixture_dir / "partners.csv").mkdir()
    assert problems_of(fixture_dir) == [("partners.csv", None, None, "this is not a file")]


def test_a_repeated_about_key_is_reported(fixture_dir):
    rewrite(fixture_dir / "about.csv", "version,test", "version,test\nversion,other")
    assert ("about.csv", 5, "key") in [(f, r, c) for f, r, c, _ in problems_of(fixture_dir)]


def test_the_export_columns_come_from_the_description_of_the_tables():
    from missions.exports import EXPORT_MANDATE_COLUMNS, EXPORT_MISSION_COLUMNS
    from missions.mandates import CURRENT_MANDATE_COLUMNS
    from missions.tables import FIELD_SOURCES, MISSION_COLUMNS

    assert set(EXPORT_MISSION_COLUMNS) == set(MISSION_COLUMNS) - set(FIELD_SOURCES.values())
    in_order = [column for column in MISSION_COLUMNS if column in EXPORT_MISSION_COLUMNS]
    assert list(EXPORT_MISSION_COLUMNS) == in_order
    assert set(EXPORT_MANDATE_COLUMNS) <= set(CURRENT_MANDATE_COLUMNS)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "mandate_tasks.csv",
            "tmo,ceasefire_monitoring,src-a",
            "tmo,ceasefire_monitoring,src-a\ntmo,ceasefire_monitoring,src-b",
            ("mandate_tasks.csv", 3, "task_code"),
        ),
        ("sipri_counts.csv", "1995,20,", "1995,-20,", ("sipri_counts.csv", 2, "operations")),
    ],
)
def test_keys_and_ranges_declared_in_the_tables_module_are_checked(
    fixture_dir, file, old, new, expected
):
    rewrite(fixture_dir / file, old, new)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(fixture_dir)
    assert expected in [(p.file, p.row, p.column) for p in caught.value.problems]
