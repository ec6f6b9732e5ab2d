"""The importer contract and the steps every import takes: read the atlas's missions and
sources, read the publisher's file, map names through the crosswalk, derive rows, then write.

Deriving never writes; `run_imports` derives every requested dataset first and writes only
when all of them succeeded, so a failure anywhere leaves `data/` exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from missions.dataset import read_table
from missions.importers.common import (
    REFERENCE_DIR,
    ImportFailed,
    ImportReport,
    Unmapped,
    fail,
    is_url,
    read_source,
)
from missions.importers.crosswalk import Crosswalk, CrosswalkRow, load_crosswalk
from missions.importers.derived import Row, write_derived
from missions.paths import DATA_DIR


@dataclass(frozen=True)
class Atlas:
    """What an import needs to know about the atlas: its missions and its sources."""

    missions: pd.DataFrame
    source_ids: frozenset[str]

    @property
    def mission_ids(self) -> frozenset[str]:
        return frozenset(self.missions["mission_id"])


def read_atlas(data_dir: Path) -> Atlas:
    """missions.csv and sources.csv of `data_dir`, with their columns checked."""
    missions = read_table(data_dir / "missions.csv", "missions")
    sources = read_table(data_dir / "sources.csv", "sources")
    return Atlas(missions, frozenset(sources["source_id"].dropna()))


@dataclass
class Mapper:
    """Resolves records through a crosswalk and tallies what it deliberately left out."""

    crosswalk: Crosswalk
    source_file: str
    name_column: str
    _left_out: dict[int, list[dt.date]] = field(default_factory=dict)

    def mission_for(self, name: str, location: str, day: dt.date, line: int) -> str | None:
        """The mission_id of a record, or None when the crosswalk maps its name to nothing."""
        row = self.crosswalk.resolve(name, location, day, self.source_file, line, self.name_column)
        if not row.mission_id:
            self._left_out.setdefault(row.line, []).append(day)
            return None
        return row.mission_id

    def unmapped(self) -> list[Unmapped]:
        rows: dict[int, CrosswalkRow] = {row.line: row for row in self.crosswalk.rows}
        return [
            Unmapped(
                rows[line].publisher_name,
                rows[line].location,
                min(days),
                max(days),
                len(days),
                rows[line].expected_id,
                rows[line].note,
            )
            for line, days in sorted(self._left_out.items())
        ]


# What a dataset's `derive` returns: the rows of its table, or, for a dataset that feeds several
# tables (the UN's fatalities: per type, and by nationality), the rows of each table by name.
DerivedRows = list[Row] | dict[str, list[Row]]


@dataclass(frozen=True)
class Derived:
    """The rows one dataset contributes to its derived tables, and the report of its import."""

    table: str
    source_id: str
    tables: Mapping[str, list[Row]]
    report: ImportReport

    @property
    def rows(self) -> list[Row]:
        """The rows of the dataset's main table (`table`)."""
        return self.tables[self.table]


@dataclass(frozen=True)
class Importer:
    """One public dataset: where it is, which table it feeds and how its rows are derived.

    `companions` names further files of the same dataset, read from beside the main one
    (Geo-PKO's troop types and contributor counts beside its front map); `derive` then gets
    their sources after the mapper, in this order."""

    name: str
    title: str
    source_id: str
    table: str
    default_file: str
    derive: Callable[..., tuple[DerivedRows, ImportReport]]
    name_column: str
    url: str | None = None
    companions: tuple[str, ...] = ()

    def default_source(self, reference_dir: Path = REFERENCE_DIR) -> Path:
        return reference_dir / self.default_file


def beside(source: str | Path, name: str) -> str | Path:
    """The file `name` in the folder (or URL path) of `source`."""
    if is_url(source):
        return str(source).rsplit("/", 1)[0] + "/" + name
    return Path(source).parent / name


def derive_dataset(
    importer: Importer,
    atlas: Atlas,
    source: str | Path | None = None,
    opener: Callable[..., object] = urllib.request.urlopen,
    crosswalk_file: Path | None = None,
) -> Derived:
    """Read one dataset and derive its rows (nothing is written)."""
    if importer.source_id not in atlas.source_ids:
        raise fail(
            "sources.csv", None, "source_id", f"add the dataset's source {importer.source_id!r}"
        )
    crosswalk = load_crosswalk(importer.name, atlas.mission_ids, crosswalk_file)
    main = source or importer.default_source()
    data = read_source(main, opener)
    companions = [read_source(beside(main, name), opener) for name in importer.companions]
    mapper = Mapper(crosswalk, data.label, importer.name_column)
    rows, report = importer.derive(data, mapper, *companions)
    tables = rows if isinstance(rows, dict) else {importer.table: rows}
    report.unmapped = mapper.unmapped()
    report.unused_crosswalk_rows = crosswalk.unused_lines()
    report.switch_on = crosswalk.arrived(atlas.mission_ids)
    report.rows_written = len(tables[importer.table])
    for table, table_rows in tables.items():
        if table != importer.table:
            report.notes.append(f"{len(table_rows)} derived rows of {table}.")
    return Derived(importer.table, importer.source_id, tables, report)


def run_imports(
    importers: Iterable[Importer],
    data_dir: Path = DATA_DIR,
    sources: Mapping[str, str | Path] | None = None,
    opener: Callable[..., object] = urllib.request.urlopen,
) -> tuple[list[ImportReport], list[str]]:
    """Derive every dataset, then write the derived tables. Returns the reports and the names
    of the files whose bytes changed. Raises ImportFailed, with data/ untouched, on any error."""
    data_dir = Path(data_dir)
    atlas = read_atlas(data_dir)
    sources = sources or {}
    derived = [
        derive_dataset(importer, atlas, sources.get(importer.name), opener)
        for importer in importers
    ]
    results: dict[str, dict[str, list[Row]]] = {}
    for part in derived:
        for table, rows in part.tables.items():
            results.setdefault(table, {})[part.source_id] = rows
    try:
        changed = write_derived(data_dir, results)
    except OSError as error:
        raise fail(str(data_dir), None, None, f"could not write: {error}") from error
    return [part.report for part in derived], changed


__all__ = [
    "Atlas",
    "Derived",
    "ImportFailed",
    "Importer",
    "Mapper",
    "derive_dataset",
    "run_imports",
]
