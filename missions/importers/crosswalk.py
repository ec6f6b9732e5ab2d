"""Crosswalks: the reviewed tables that turn a publisher's mission names into our mission_ids.

One CSV per dataset in `missions/importers/crosswalks/`, with the columns

    publisher_name, location, from, to, mission_id, expected_id, note

- `publisher_name` is the name exactly as the publisher writes it.
- `location` (empty = any) is matched against the dataset's country column, for names that
  cover operations in several countries (Bara & Hultman's "EUFOR", "ECOMOG", "EUPOL").
- `from`, `to` (YYYY-MM-DD, inclusive, empty = open) split a name that covers several of our
  missions over time (the UN's "UNEF", "UNOSOM", "UNAVEM"). A record is placed on its own date:
  an incident on its day, a monthly figure on the last day of its month.
- `mission_id` maps the name to a mission in data/missions.csv. **Empty means "known, and
  deliberately mapped to nothing"**: the records are left out and listed in the import report,
  with the reason in `note` (required then).
- `expected_id` is the id an operation that is *not yet in the atlas* will get (data/README.md's
  convention). Switching it on when it lands is a one-cell edit: copy it into `mission_id`.
  Until then the import report and the tests point out any expected id that has arrived.

A name (or a name, location and date) that no row covers is **unknown**: the import fails and
names the publisher's file, row and column, so a new name is never silently dropped or guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from missions.errors import DataProblem
from missions.importers.common import ImportFailed, Source, csv_records, fail, read_source
from missions.tables import MISSION_ID_PATTERN as MISSION_ID_FORMAT

CROSSWALK_DIR = Path(__file__).resolve().parent / "crosswalks"
CROSSWALK_COLUMNS = (
    "publisher_name",
    "location",
    "from",
    "to",
    "mission_id",
    "expected_id",
    "note",
)
MISSION_ID_PATTERN = re.compile(f"^(?:{MISSION_ID_FORMAT})$")


@dataclass(frozen=True)
class CrosswalkRow:
    line: int
    publisher_name: str
    location: str
    start: dt.date | None
    end: dt.date | None
    mission_id: str
    expected_id: str
    note: str

    def covers(self, location: str, day: dt.date) -> bool:
        return (
            (not self.location or self.location == location)
            and (self.start is None or self.start <= day)
            and (self.end is None or day <= self.end)
        )


@dataclass
class Crosswalk:
    """The rows of one crosswalk file, checked, and which of them records have used."""

    file: str
    rows: tuple[CrosswalkRow, ...]
    used: set[int] = field(default_factory=set)

    def resolve(
        self,
        name: str,
        location: str,
        day: dt.date,
        source_file: str,
        line: int,
        name_column: str,
    ) -> CrosswalkRow:
        """The row covering this record; ImportFailed naming the record if none does."""
        candidates = [row for row in self.rows if row.publisher_name == name]
        for row in candidates:
            if row.covers(location, day):
                self.used.add(row.line)
                return row
        if not candidates:
            why = f"unknown mission name {name!r}: it is not in {self.file}"
        else:
            where = f" in {location!r}" if location else ""
            why = f"mission name {name!r}{where} on {day}: no row of {self.file} covers it"
        raise fail(
            source_file,
            line,
            name_column,
            f"{why}. Add a row that maps it to a mission_id, or to nothing with a reason.",
        )

    def unused_lines(self) -> list[int]:
        return [row.line for row in self.rows if row.line not in self.used]

    def arrived(self, mission_ids: Iterable[str]) -> list[str]:
        """Rows mapped to nothing whose expected id is now a mission in the atlas."""
        ids = set(mission_ids)
        return [
            f"{self.file} line {row.line}: {row.publisher_name} -> {row.expected_id}"
            for row in self.rows
            if not row.mission_id and row.expected_id in ids
        ]


def crosswalk_path(dataset: str) -> Path:
    return CROSSWALK_DIR / f"{dataset}.csv"


def load_crosswalk(dataset: str, mission_ids: Iterable[str], path: Path | None = None) -> Crosswalk:
    """Read and check one dataset's crosswalk against the missions of the atlas."""
    path = path or crosswalk_path(dataset)
    file = f"crosswalks/{path.name}"
    source = read_source(path)
    source = Source(file, source.data)
    ids = set(mission_ids)
    rows: list[CrosswalkRow] = []
    problems: list[DataProblem] = []
    for record in csv_records(source, CROSSWALK_COLUMNS):
        line = record.line
        dates: dict[str, dt.date | None] = {}
        for column in ("from", "to"):
            text = record[column]
            dates[column] = None
            if text:
                try:
                    if len(text) != 10:
                        raise ValueError
                    dates[column] = dt.date.fromisoformat(text)
                except ValueError:
                    problems.append(DataProblem(file, line, column, f"not a date: {text!r}"))
        row = CrosswalkRow(
            line,
            record["publisher_name"],
            record["location"],
            dates["from"],
            dates["to"],
            record["mission_id"],
            record["expected_id"],
            record["note"],
        )
        if not row.publisher_name:
            problems.append(DataProblem(file, line, "publisher_name", "a value is required"))
        if row.start and row.end and row.end < row.start:
            problems.append(DataProblem(file, line, "to", "ends before it starts"))
        if row.mission_id and row.mission_id not in ids:
            problems.append(
                DataProblem(
                    file, line, "mission_id", f"mission {row.mission_id!r} is not in missions.csv"
                )
            )
        if row.expected_id and not MISSION_ID_PATTERN.match(row.expected_id):
            problems.append(
                DataProblem(file, line, "expected_id", f"not a mission id: {row.expected_id!r}")
            )
        if not row.mission_id and not row.note:
            problems.append(
                DataProblem(file, line, "note", "a name mapped to nothing needs the reason")
            )
        rows.append(row)
    problems += _overlap_problems(file, rows)
    if problems:
        raise ImportFailed(problems)
    return Crosswalk(file, tuple(rows))


def _overlap_problems(file: str, rows: list[CrosswalkRow]) -> list[DataProblem]:
    """Rows of one name must not both cover a record: no overlapping dates, and either every
    row of a name gives a location or none does."""
    problems = []
    by_name: dict[str, list[CrosswalkRow]] = {}
    for row in rows:
        by_name.setdefault(row.publisher_name, []).append(row)
    for name, group in by_name.items():
        if len({bool(row.location) for row in group}) > 1:
            problems.append(
                DataProblem(
                    file,
                    group[-1].line,
                    "location",
                    f"some rows of {name!r} give a location and some do not",
                )
            )
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if first.location != second.location:
                    continue
                starts_before_end = (
                    first.start is None or second.end is None or first.start <= second.end
                )
                ends_after_start = (
                    first.end is None or second.start is None or second.start <= first.end
                )
                if starts_before_end and ends_after_start:
                    problems.append(
                        DataProblem(
                            file,
                            second.line,
                            "from",
                            f"overlaps line {first.line}: two rows would cover the same record",
                        )
                    )
    return problems
