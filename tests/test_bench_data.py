"""The benchmark's data generator: scaled copies of the curated data that the app can load."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from missions.dataset import load_dataset
from missions.paths import DATA_DIR

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from generate import scale_data


def test_scaled_data_passes_validation_with_every_table_multiplied(tmp_path):
    real = load_dataset(DATA_DIR)
    scaled = load_dataset(_scaled(tmp_path, 3))
    assert len(scaled.missions) == 3 * len(real.missions)
    for table in (
        "mandate_tasks",
        "partners",
        "challenges",
        "sources",
        "personnel",
        "fatalities",
        "contributions",
        "nationality_fatalities",
        "partner_states",
        "deployments",
    ):
        assert len(getattr(scaled, table)) == 3 * len(getattr(real, table))
    assert scaled.missions["mission_id"].is_unique
    assert set(real.missions["mission_id"]) <= set(scaled.missions["mission_id"])


def test_every_replica_shift_keeps_dates_after_1945(tmp_path):
    # Four replicas try every shift; a mission of 1947 (UNSCOB) once moved to 1944 and the
    # scaled copies failed validation, so the benchmark measured the error page at 10× and 100×.
    scaled = load_dataset(_scaled(tmp_path, 4))
    assert scaled.missions["start_year"].min() >= 1945


def test_replicas_move_dates_and_headquarters_but_keep_hand_overs_inside_the_replica(tmp_path):
    scaled = load_dataset(_scaled(tmp_path, 2))
    by_id = scaled.missions.set_index("mission_id")
    original, replica = by_id.loc["unamsil"], by_id.loc["unamsil-x1"]
    assert replica["start_year"] == original["start_year"] - 1
    assert (replica["hq_lat"], replica["hq_lon"]) != (original["hq_lat"], original["hq_lon"])
    edges = scaled.handover_edges()
    crossing = edges[edges["from_id"].str.endswith("-x1") != edges["to_id"].str.endswith("-x1")]
    assert crossing.empty
    assert len(edges) == 2 * len(load_dataset(DATA_DIR).handover_edges())


def _scaled(tmp_path: Path, factor: int) -> Path:
    target = tmp_path / f"x{factor}"
    scale_data(DATA_DIR, target, factor)
    return target


def test_generator_leaves_the_real_files_alone(tmp_path):
    before = pd.read_csv(DATA_DIR / "missions.csv", dtype=str)
    _scaled(tmp_path, 2)
    assert before.equals(pd.read_csv(DATA_DIR / "missions.csv", dtype=str))
