"""Shared test fixtures: a small fictional dataset, copied with the real taxonomy and geo data.

`tests/fixtures/data` is the fictional dataset; `tests/fixtures/injection` is the same dataset
with hostile text (formulas, HTML, Markdown) in every free-text field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from missions.dataset import Dataset, load_dataset
from missions.paths import DATA_DIR

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "data"
INJECTION_DIR = Path(__file__).parent / "fixtures" / "injection"


def make_fixture_dir(target: Path, source: Path = FIXTURE_DIR) -> Path:
    """A data directory holding the fixture tables, the real taxonomy and the real geo files."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.csv"):
        shutil.copy(path, target / path.name)
    shutil.copy(DATA_DIR / "taxonomy.csv", target / "taxonomy.csv")
    shutil.copytree(DATA_DIR / "geo", target / "geo", dirs_exist_ok=True)
    return target


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    return make_fixture_dir(tmp_path / "data")


@pytest.fixture
def fixture_dataset(fixture_dir: Path) -> Dataset:
    return load_dataset(fixture_dir)
