"""What every importer shares: reading a publisher's file, parsing its cells with errors that
name the file, row and column, and the import report.

Nothing here knows a particular dataset; `kathman.py`, `ipi.py`, `bara_hultman.py` and
`un_fatalities.py` do. Turning records into the derived tables and writing them lives in
`missions.importers.derived`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from missions.errors import DataProblem, DataValidationError
from missions.paths import PROJECT_ROOT

# The shared copies of the public datasets sit beside the repository (CI has `shared/` beside
# the clone): never copied into it.
REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference-data"
URL_TIMEOUT_S = 120
# No operation ever had ten million people: a larger count is a broken cell.
MAX_COUNT = 10_000_000


class ImportFailed(DataValidationError):
    """An import stopped: every problem names the publisher's file, the row and the column.

    Nothing was written: the derived tables in data/ are as they were."""


def fail(file: str, row: int | None, column: str | None, message: str) -> ImportFailed:
    return ImportFailed([DataProblem(file, row, column, message)])


@dataclass(frozen=True)
class Source:
    """The bytes of a publisher's file and the name errors use for it (file name or URL)."""

    label: str
    data: bytes


def is_url(source: str | Path) -> bool:
    return str(source).startswith(("https://", "http://"))


def read_source(
    source: str | Path, opener: Callable[..., object] = urllib.request.urlopen
) -> Source:
    """The publisher's file from a path, or from the publisher's URL (`opener` is urlopen; the
    tests pass a fake one, so no test ever calls the network)."""
    if is_url(source):
        url = str(source)
        try:
            with opener(url, timeout=URL_TIMEOUT_S) as response:  # type: ignore[attr-defined]
                return Source(url, response.read())
        except OSError as error:
            raise fail(url, None, None, f"could not be downloaded: {error}") from error
    path = Path(source)
    if not path.is_file():
        raise fail(path.name, None, None, f"the file is missing ({path})")
    return Source(path.name, path.read_bytes())


@dataclass(frozen=True)
class Record:
    """One data row of a publisher's CSV: its line in the file and its cells by column."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


def csv_records(source: Source, columns: tuple[str, ...]) -> Iterator[Record]:
    """The rows of a UTF-8 CSV file, after checking that every column we use is in its header.

    Cells are stripped of surrounding spaces. A row with a different number of fields than the
    header, a file that is not UTF-8 or has no header fails with its line."""
    file = source.label
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.data[: error.start].count(b"\n") + 1
        raise fail(file, line, None, "the file is not UTF-8 text") from error
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        raise fail(file, None, None, "the file is empty")
    missing = [column for column in columns if column not in header]
    if missing:
        raise ImportFailed(
            [DataProblem(file, 1, column, "the column is missing") for column in missing]
        )
    for row in reader:
        if not row:
            continue
        if len(row) != len(header):
            raise fail(
                file,
                reader.line_num,
                None,
                f"{len(row)} fields where the header has {len(header)}",
            )
        yield Record(
            reader.line_num, {name: cell.strip() for name, cell in zip(header, row, strict=True)}
        )


def parse_count(
    record: Record, file: str, column: str, missing: tuple[str, ...] = ("",)
) -> int | None:
    """A whole, non-negative number of people; None where the publisher marks it missing.
    Digits only: a sign, a decimal point or an exponent is an error naming the cell."""
    text = record[column]
    if text in missing:
        return None
    if text.startswith("-") and text[1:].isdigit():
        raise fail(file, record.line, column, f"negative count {text!r}")
    if not text.isdigit():
        raise fail(file, record.line, column, f"not a whole number: {text!r}")
    value = int(text)
    if value > MAX_COUNT:
        raise fail(file, record.line, column, f"implausibly large count {value}")
    return value


def parse_day(record: Record, file: str, column: str) -> dt.date:
    """A YYYY-MM-DD date."""
    text = record[column]
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(file, record.line, column, f"not a YYYY-MM-DD date: {text!r}") from None


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month: the date a monthly figure is placed on."""
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class Unmapped:
    """Records of a publisher's name that the crosswalk deliberately maps to no mission."""

    publisher_name: str
    location: str
    first: dt.date
    last: dt.date
    records: int
    expected_id: str
    reason: str

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location else ""
        span = f"{self.first:%Y-%m}" + (f" to {self.last:%Y-%m}" if self.last != self.first else "")
        why = f"{self.reason} (expected id {self.expected_id})" if self.expected_id else self.reason
        count = f"{self.records} record" + ("s" if self.records != 1 else "")
        return f"{self.publisher_name}{where}, {span}, {count}: {why}"


@dataclass
class ImportReport:
    """What an import read, what it mapped and what it left out, for the command to print."""

    dataset: str
    source: str
    records: int = 0
    mapped_records: int = 0
    missions: set[str] = field(default_factory=set)
    rows_written: int = 0
    unmapped: list[Unmapped] = field(default_factory=list)
    unused_crosswalk_rows: list[int] = field(default_factory=list)
    switch_on: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"{self.dataset}: read {self.records} records from {self.source}; "
            f"{self.mapped_records} mapped to {len(self.missions)} missions; "
            f"{self.rows_written} derived rows.",
        ]
        if self.unmapped:
            out.append(f"  Names deliberately not mapped ({len(self.unmapped)}):")
            out += [f"  - {item}" for item in self.unmapped]
        if self.switch_on:
            out.append("  In the atlas now, switch on in the crosswalk (fill mission_id):")
            out += [f"  - {item}" for item in self.switch_on]
        if self.unused_crosswalk_rows:
            rows = ", ".join(str(row) for row in self.unused_crosswalk_rows)
            out.append(f"  Crosswalk rows no record used (lines {rows}).")
        out += [f"  Note: {note}" for note in self.notes]
        return out
