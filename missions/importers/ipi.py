"""IPI Providing for Peacekeeping: UN uniformed personnel per mission and month, 1990–2017 ->
`personnel_yearly.csv`.

International Peace Institute, Providing for Peacekeeping database (IPIDataLab, `PPP_Loader`;
source_id `ipi-ppp`).

Columns used: `Date` (the last day of the month, YYYY-MM-DD), `Mission`, `Country of Mission`,
`Troops`, `Police`, `Observers`, `Total`. IPI writes `NA` where a mission had none of a type:
in every row its `Total` is exactly the sum of the types it gives, so `NA` is read as 0, and a
row where that does not hold fails the import (the reading would be wrong). A row with no
`Total` has no data for that month. The HQ longitude and latitude columns (swapped in this
copy) are not used.
"""

from __future__ import annotations

from missions.importers.base import Importer, Mapper
from missions.importers.common import (
    ImportReport,
    Source,
    csv_records,
    fail,
    parse_count,
    parse_day,
)
from missions.importers.derived import MonthlyFigure, MonthlyFigures, Row, yearly_personnel

SOURCE_ID = "ipi-ppp"
DEFAULT_FILE = "un_personnel_ipi_ppp_mission_month_1990-2017.csv"
NAME_COLUMN = "Mission"
TYPE_COLUMNS = ("Troops", "Police", "Observers")
COLUMNS = ("Date", NAME_COLUMN, "Country of Mission", *TYPE_COLUMNS, "Total")
NOT_GIVEN = ("NA", "")


def derive(source: Source, mapper: Mapper) -> tuple[list[Row], ImportReport]:
    file = source.label
    report = ImportReport("ipi", file)
    months = MonthlyFigures(file)
    missing_months = 0
    for record in csv_records(source, COLUMNS):
        report.records += 1
        day = parse_day(record, file, "Date")
        troops, police, observers = (
            parse_count(record, file, column, NOT_GIVEN) or 0 for column in TYPE_COLUMNS
        )
        total = parse_count(record, file, "Total", NOT_GIVEN)
        if total is not None and total != troops + police + observers:
            raise fail(
                file,
                record.line,
                "Total",
                f"{total} is not the sum of Troops, Police and Observers "
                f"({troops + police + observers}), so NA cannot be read as 0",
            )
        mission_id = mapper.mission_for(
            record[NAME_COLUMN], record["Country of Mission"], day, record.line
        )
        if mission_id is None:
            continue
        report.mapped_records += 1
        if total is None:
            missing_months += 1
            continue
        report.missions.add(mission_id)
        months.add(
            MonthlyFigure(mission_id, day.year, day.month, troops, police, observers, None, total),
            record.line,
            NAME_COLUMN,
        )
    if missing_months:
        report.notes.append(f"{missing_months} mapped mission-months have no Total.")
    return yearly_personnel(months.figures(), SOURCE_ID), report


IMPORTER = Importer(
    name="ipi",
    title="IPI Providing for Peacekeeping: UN personnel per mission and month, 1990–2017",
    source_id=SOURCE_ID,
    table="personnel_yearly",
    default_file=DEFAULT_FILE,
    derive=derive,
    name_column=NAME_COLUMN,
)
