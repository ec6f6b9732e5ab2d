"""Kathman: UN uniformed personnel per mission and month, 1990–2019 -> `personnel_yearly.csv`.

Kathman, J. D. (2013), "United Nations peacekeeping personnel commitments, 1990–2011",
*Conflict Management and Peace Science* 30(5), updated to December 2019 (source_id
`kathman-2013`).

Columns used: `mission`, `year`, `month`, `troop`, `police`, `militaryobservers`, `total`
(`-999` = missing). The month comes from `year` and `month` (the file's `yearmon` writes
October as ".1" and has at least one typo). `total` is the sum of the three types wherever all
are given; `total2`, which differs in some months for a reason the copy does not document, is
not used. A month counts when its `total` is given.
"""

from __future__ import annotations

from missions.importers.base import Importer, Mapper
from missions.importers.common import (
    ImportReport,
    Source,
    csv_records,
    fail,
    month_end,
    parse_count,
)
from missions.importers.derived import MonthlyFigure, MonthlyFigures, Row, yearly_personnel

SOURCE_ID = "kathman-2013"
DEFAULT_FILE = "un_personnel_kathman_mission_month_1990-2019.csv"
NAME_COLUMN = "mission"
COLUMNS = (
    NAME_COLUMN,
    "missioncountry",
    "year",
    "month",
    "troop",
    "police",
    "militaryobservers",
    "total",
)
MISSING = ("-999",)
FIRST_YEAR, LAST_YEAR = 1945, 2100


def parse_month(record, file: str) -> tuple[int, int]:
    """The (year, month) of a record; a bad year or month fails naming its column."""
    year_text, month_text = record["year"], record["month"]
    if not (year_text.isdigit() and FIRST_YEAR <= int(year_text) <= LAST_YEAR):
        raise fail(file, record.line, "year", f"not a year: {year_text!r}")
    if not (month_text.isdigit() and 1 <= int(month_text) <= 12):
        raise fail(file, record.line, "month", f"not a month (1–12): {month_text!r}")
    return int(year_text), int(month_text)


def derive(source: Source, mapper: Mapper) -> tuple[list[Row], ImportReport]:
    file = source.label
    report = ImportReport("kathman", file)
    months = MonthlyFigures(file)
    missing_months = 0
    for record in csv_records(source, COLUMNS):
        report.records += 1
        year, month = parse_month(record, file)
        troops, police, observers, total = (
            parse_count(record, file, column, MISSING)
            for column in ("troop", "police", "militaryobservers", "total")
        )
        mission_id = mapper.mission_for(
            record[NAME_COLUMN], record["missioncountry"], month_end(year, month), record.line
        )
        if mission_id is None:
            continue
        report.mapped_records += 1
        if total is None:
            missing_months += 1
            continue
        report.missions.add(mission_id)
        months.add(
            MonthlyFigure(mission_id, year, month, troops, police, observers, None, total),
            record.line,
            NAME_COLUMN,
        )
    if missing_months:
        report.notes.append(f"{missing_months} mapped mission-months have no total (-999).")
    return yearly_personnel(months.figures(), SOURCE_ID), report


IMPORTER = Importer(
    name="kathman",
    title="Kathman (2013): UN personnel per mission and month, 1990–2019",
    source_id=SOURCE_ID,
    table="personnel_yearly",
    default_file=DEFAULT_FILE,
    derive=derive,
    name_column=NAME_COLUMN,
)
