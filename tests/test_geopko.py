"""The Geo-PKO importer (deployment sites per year) on the shared copies of its three files, and
on malformed copies of them.

Expected values are computed here with pandas from the raw files, independently of the
importer's code. Without `../shared/reference-data/` the tests that read it are skipped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from missions.dataset import load_dataset
from missions.importers import IMPORTERS, geopko
from missions.importers.base import run_imports
from missions.importers.common import ImportFailed
from missions.paths import DATA_DIR
from tests.test_importers import (
    REFERENCE,
    crosswalk_frame,
    file_hashes,
    needs_reference,
    rename_column,
    rewrite_cell,
)

IMPORTER = IMPORTERS["geopko"]
FILES = (geopko.DEFAULT_FILE, geopko.TROOP_TYPES_FILE, geopko.TCC_FILE)
KEY = ["mission", "year", "location"]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def geopko_copy(tmp_path: Path) -> Path:
    """The three Geo-PKO files, copied side by side into a folder of their own."""
    folder = tmp_path / "geopko"
    folder.mkdir()
    for name in FILES:
        shutil.copy(REFERENCE / name, folder / name)
    return folder


def read_raw(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, dtype=str, keep_default_na=False)


def mapped(raw: pd.DataFrame) -> pd.DataFrame:
    """The raw rows with their mission_id (the crosswalk has no dates or places for Geo-PKO)."""
    crosswalk = crosswalk_frame("geopko")
    assert (crosswalk[["location", "from", "to"]] == "").all().all()
    ids = dict(zip(crosswalk["publisher_name"], crosswalk["mission_id"], strict=True))
    rows = raw.assign(mission_id=raw["mission"].map(ids))
    return rows[rows["mission_id"] != ""]


@pytest.fixture(scope="module")
def derived() -> pd.DataFrame:
    return load_dataset().deployments


@needs_reference
def test_one_row_per_operation_year_and_place_with_the_yearly_average_as_troops(derived):
    front = mapped(read_raw(geopko.DEFAULT_FILE))
    numbers = front.assign(
        average=pd.to_numeric(front["ave.no.troops"], errors="coerce"),
        figure=pd.to_numeric(front["NoTroops"], errors="coerce"),
        hq_code=front["hq"].astype(int),
    )
    expected = numbers.groupby(["mission_id", "year", "location"]).agg(
        troops=("average", "first"),
        troops_max=("figure", "max"),
        hq_code=("hq_code", "max"),
        police=("UNPOL", "max"),
        observers=("UNMO", "max"),
    )
    assert (numbers.groupby(KEY)["average"].nunique(dropna=False) == 1).all()
    table = derived.assign(year=derived["year"].astype(str)).set_index(
        ["mission_id", "year", "location"]
    )
    assert set(table.index) == set(expected.index)
    joined = table.join(expected, suffixes=("", "_raw"))
    assert (
        (joined["troops"].astype("Float64") == joined["troops_raw"])
        .fillna(joined["troops"].isna() & joined["troops_raw"].isna())
        .all()
    )
    assert (
        (joined["troops_max"].astype("Float64") == joined["troops_max_raw"])
        .fillna(joined["troops_max"].isna() & joined["troops_max_raw"].isna())
        .all()
    )
    levels = {0: None, 1: "other-hq", 2: "sector-hq", 3: "mission-hq"}
    assert joined["hq"].fillna("none").tolist() == [
        levels[code] or "none" for code in joined["hq_code"]
    ]
    assert (joined["police"] == joined["police_raw"].astype(int)).all()
    assert (joined["observers"] == joined["observers_raw"].astype(int)).all()


@needs_reference
def test_unit_flags_and_contributor_counts_come_from_the_companion_files(derived):
    types = mapped(read_raw(geopko.TROOP_TYPES_FILE))
    engineering = (
        types.assign(eng=types["eng"].astype(int) > 0)
        .groupby(["mission_id", "year", "location"])["eng"]
        .any()
    )
    tcc = mapped(read_raw(geopko.TCC_FILE))
    counts = (
        tcc.assign(n=tcc["No.TCC"].astype(int)).groupby(["mission_id", "year", "location"])["n"]
    ).max()
    table = derived.assign(year=derived["year"].astype(str)).set_index(
        ["mission_id", "year", "location"]
    )
    assert (table.loc[engineering.index, "engineering"] == engineering.astype(int)).all()
    assert (table.loc[counts.index, "tcc"] == counts).all()
    without_types = table.index.difference(engineering.index)
    assert table.loc[without_types, "engineering"].isna().all()
    assert table["tcc"].notna().sum() == len(counts)


@needs_reference
def test_2005_has_every_un_site_geopko_gives_for_that_year(derived):
    front = mapped(read_raw(geopko.DEFAULT_FILE))
    sites_2005 = front[front["year"] == "2005"].drop_duplicates(["mission_id", "location"])
    shown = derived[derived["year"] == 2005]
    assert len(shown) == len(sites_2005) >= 290
    assert shown["mission_id"].nunique() == 16


@needs_reference
def test_the_committed_deployments_are_what_the_importer_writes_now(data_copy):
    run_imports([IMPORTER], data_copy)
    name = "deployments_yearly.csv"
    assert (data_copy / name).read_bytes() == (DATA_DIR / name).read_bytes()


@needs_reference
def test_importing_twice_gives_byte_identical_files(data_copy):
    (data_copy / "deployments_yearly.csv").unlink()
    run_imports([IMPORTER], data_copy)
    first = file_hashes(data_copy)
    _, changed = run_imports([IMPORTER], data_copy)
    assert changed == []
    assert file_hashes(data_copy) == first


@needs_reference
def test_the_report_names_minugua_as_deliberately_left_out(data_copy):
    reports, _ = run_imports([IMPORTER], data_copy)
    lines = "\n".join(reports[0].lines())
    assert "MINUGUA, 1995-12 to 2000-12, 25 records" in lines
    assert "verification mission" in lines
    assert "10 places have two sets of coordinates" in lines


MALFORMED = [
    # (file, what is broken, how, line, column)
    (geopko.DEFAULT_FILE, "missing column", ("rename", "ave.no.troops"), 1, "ave.no.troops"),
    (geopko.DEFAULT_FILE, "bad year", ("cell", 3, "year", "20x5"), 3, "year"),
    (geopko.DEFAULT_FILE, "unknown mission", ("cell", 4, "mission", "UNOK"), 4, "mission"),
    (geopko.DEFAULT_FILE, "negative troops", ("cell", 5, "NoTroops", "-150"), 5, "NoTroops"),
    (geopko.DEFAULT_FILE, "latitude out of range", ("cell", 6, "latitude", "95.2"), 6, "latitude"),
    (geopko.DEFAULT_FILE, "unknown HQ code", ("cell", 7, "hq", "4"), 7, "hq"),
    # Lines 64-66 are MINURCA in Bangui in 1999 (three maps): their averages must agree.
    (
        geopko.DEFAULT_FILE,
        "averages disagree",
        ("cell", 65, "ave.no.troops", "1"),
        65,
        "ave.no.troops",
    ),
    (geopko.TROOP_TYPES_FILE, "missing column", ("rename", "eng"), 1, "eng"),
    (geopko.TROOP_TYPES_FILE, "unknown mission", ("cell", 4, "mission", "UNOK"), 4, "mission"),
    (geopko.TROOP_TYPES_FILE, "place not in front map", ("cell", 5, "location", "X"), 5, None),
    (geopko.TCC_FILE, "not a count", ("cell", 3, "No.TCC", "two"), 3, "No.TCC"),
]


@needs_reference
@pytest.mark.parametrize(
    ("file", "broken", "how", "line", "column"),
    MALFORMED,
    ids=[f"{case[0]}: {case[1]}" for case in MALFORMED],
)
def test_a_malformed_copy_fails_naming_file_row_and_column_and_leaves_data_unchanged(
    geopko_copy, data_copy, file, broken, how, line, column
):
    path = geopko_copy / file
    if how[0] == "rename":
        rename_column(path, how[1])
    else:
        rewrite_cell(path, *how[1:])
    before = file_hashes(data_copy)
    with pytest.raises(ImportFailed) as caught:
        run_imports(IMPORTERS.values(), data_copy, {"geopko": geopko_copy / geopko.DEFAULT_FILE})
    located = [(p.file, p.row) for p in caught.value.problems]
    assert (file, line) in located, caught.value
    if column is not None:
        assert column in [p.column for p in caught.value.problems], caught.value
    assert file_hashes(data_copy) == before


@needs_reference
def test_a_missing_companion_file_fails_naming_it(geopko_copy, data_copy):
    (geopko_copy / geopko.TCC_FILE).unlink()
    with pytest.raises(ImportFailed) as caught:
        run_imports([IMPORTER], data_copy, {"geopko": geopko_copy / geopko.DEFAULT_FILE})
    assert caught.value.problems[0].file == geopko.TCC_FILE


@needs_reference
def test_the_command_reads_the_companions_beside_the_given_front_map(
    geopko_copy, data_copy, capsys
):
    from missions.importers.__main__ import main

    source = geopko_copy / geopko.DEFAULT_FILE
    assert main(["geopko", "--source", str(source), "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "geopko: read 8783 records from geopko_v2.3_frontmap.csv" in out
    assert out.rstrip().endswith("No file changed.")
