"""From mapped records to the derived tables, and writing those tables atomically.

- `yearly_personnel` turns monthly figures into one row per mission and year: the mean and the
  maximum of the months with data (the rule is in data/README.md).
- `write_derived` replaces one dataset's rows in `personnel_yearly.csv` (each personnel
  dataset keeps its own rows, told apart by `source_id`) or the rows of
  `fatalities_yearly.csv`, sorts them and writes each file to a temporary file in `data/` that
  then replaces the old one (`os.replace`): a failed import leaves `data/` exactly as it was.

Output is byte-identical from run to run: rows sorted by their key, whole numbers written as
integers, means with one decimal, rounded half up, UTF-8 with LF line ends.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from missions.importers.common import fail
from missions.tables import DERIVED_KEYS, PERSONNEL_TYPES, TABLE_COLUMNS, TABLE_FILES

Row = dict[str, str]


@dataclass(frozen=True)
class MonthlyFigure:
    """A mission's personnel in one month, as one dataset gives it (None = not given)."""

    mission_id: str
    year: int
    month: int
    troops: int | None
    police: int | None
    observers: int | None
    civilians: int | None
    total: int


def mean_text(values: list[int]) -> str:
    """The mean with one decimal, rounded half up (exact: no binary floating point)."""
    mean = Decimal(sum(values)) / Decimal(len(values))
    return str(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def yearly_personnel(figures: Iterable[MonthlyFigure], source_id: str) -> list[Row]:
    """One row per mission and year: months with a total, and per personnel type the mean and
    maximum of the monthly figures. A type is left empty for a year unless it is given in every
    month that has a total, so the types of a year always describe the same months."""
    by_year: dict[tuple[str, int], list[MonthlyFigure]] = {}
    for figure in figures:
        by_year.setdefault((figure.mission_id, figure.year), []).append(figure)
    rows = []
    for (mission_id, year), months in by_year.items():
        row: Row = {
            "mission_id": mission_id,
            "year": str(year),
            "source_id": source_id,
            "months": str(len(months)),
        }
        for kind in PERSONNEL_TYPES:
            values = [getattr(month, kind) for month in months]
            if any(value is None for value in values):
                row[f"{kind}_mean"] = row[f"{kind}_max"] = ""
            else:
                row[f"{kind}_mean"] = mean_text(values)
                row[f"{kind}_max"] = str(max(values))
        rows.append(row)
    return rows


def sort_key(table: str):
    keys = DERIVED_KEYS[table]

    def key(row: Row) -> tuple:
        return tuple(int(row[k]) if k == "year" else row[k] for k in keys)

    return key


def csv_bytes(table: str, rows: Iterable[Row]) -> bytes:
    """The table as sorted UTF-8 CSV with LF line ends."""
    columns = TABLE_COLUMNS[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in sorted(rows, key=sort_key(table)):
        writer.writerow([row[column] for column in columns])
    return buffer.getvalue().encode("utf-8")


def read_existing(path: Path, table: str) -> list[Row]:
    """The rows of a derived table already in data/ (none if it does not exist yet)."""
    if not path.exists():
        return []
    columns = list(TABLE_COLUMNS[table])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise fail(path.name, None, None, "the file is not UTF-8 text") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != columns:
        raise fail(path.name, 1, None, f"the header is not {','.join(columns)}")
    return [dict(row) for row in reader]


def atomic_write(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file in the same directory and os.replace.
    Returns False (and leaves the file alone) when it already holds exactly these bytes."""
    if path.exists() and path.read_bytes() == data:
        return False
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600): give it the old file's mode, or the usual one.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else _default_mode())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def merged_table(data_dir: Path, table: str, replacements: Mapping[str, list[Row]]) -> bytes:
    """The table's bytes after replacing every row of each source_id in `replacements`."""
    existing = read_existing(data_dir / TABLE_FILES[table], table)
    kept = [row for row in existing if row["source_id"] not in replacements]
    new = [row for rows in replacements.values() for row in rows]
    rows = kept + new
    seen: set[tuple] = set()
    key = sort_key(table)
    for row in rows:
        if key(row) in seen:
            raise fail(TABLE_FILES[table], None, None, f"two rows for {key(row)}")
        seen.add(key(row))
    return csv_bytes(table, rows)


def write_derived(data_dir: Path, results: Mapping[str, Mapping[str, list[Row]]]) -> list[str]:
    """Write every derived table named in `results` ({table: {source_id: rows}}).

    All files are built in memory first (reading the existing ones may fail); only then is each
    one replaced atomically. Returns the file names whose bytes changed."""
    built = {table: merged_table(data_dir, table, parts) for table, parts in results.items()}
    changed = []
    for table, data in built.items():
        if atomic_write(data_dir / TABLE_FILES[table], data):
            changed.append(TABLE_FILES[table])
    return changed


class MonthlyFigures:
    """Monthly figures of one dataset, at most one per mission and month.

    A second figure for the same mission and month means that two names (or two rows) of the
    dataset were mapped to one mission: the import fails, naming the row, rather than adding
    them up or keeping one of them at random."""

    def __init__(self, file: str):
        self.file = file
        self._figures: dict[tuple[str, int, int], MonthlyFigure] = {}
        self._lines: dict[tuple[str, int, int], int] = {}

    def add(self, figure: MonthlyFigure, line: int, column: str) -> None:
        key = (figure.mission_id, figure.year, figure.month)
        if key in self._figures:
            raise fail(
                self.file,
                line,
                column,
                f"a second figure for {figure.mission_id} in {figure.year}-{figure.month:02d} "
                f"(the first is on line {self._lines[key]}): check the crosswalk",
            )
        self._figures[key] = figure
        self._lines[key] = line

    def figures(self) -> list[MonthlyFigure]:
        return list(self._figures.values())
