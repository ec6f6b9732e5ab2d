"""Bara & Hultman, UN and Non-UN Peacekeeping Dataset v2-2019: personnel of UN, regional and
ad hoc operations per mission, conflict and month, 1993–2016 -> `personnel_yearly.csv`.

Bara, C. & Hultman, L. (2020), "Just different hats? Comparing UN and non-UN peacekeeping",
*International Peacekeeping* 27(3): 341–368, from SIPRI's Multilateral Peace Operations
Database (source_id `bara-hultman-2020`; the codebook asks to cite both).

**Which columns.** The codebook offers SIPRI's own figures (`SIPRI_*`: given only for the
months SIPRI reports, mostly December and a mission's last month), the same linearly
interpolated between those points (`*_ipo`), interpolated and extrapolated back to the start
with some manual filling (`*_iepo`, the authors' main variables), a year-constant version
(`*_backward`) and IPI's figures for UN missions (`IPI_*`). We use **only the `SIPRI_*`
columns**: they are observed figures, the others are estimates made from them, and the atlas
shows no value that no source states. A year therefore usually has one month with data (its
December, or the last month of the mission), and its mean and maximum are that figure.

**Rows.** The unit is mission × conflict × month: a mission deployed to several conflicts
repeats the same figures once per conflict (these copies must agree and are counted once),
and a mission deployed in several countries has one `missionid` per country with that
country's figures (UNPROFOR in Bosnia and in Croatia), which are added up. A month counts only
when every country part of the mission deployed that month has a SIPRI figure.

**Observers from 2015.** From 2015 SIPRI counts troops and military observers together as
"military" and the dataset puts them under troops with observers 0; we keep them under troops
and leave observers empty (unknown) for 2015–2016.
"""

from __future__ import annotations

import re

from missions.importers.base import Importer, Mapper
from missions.importers.common import (
    ImportReport,
    Source,
    csv_records,
    fail,
    month_end,
    parse_count,
)
from missions.importers.derived import MonthlyFigure, Row, yearly_personnel

SOURCE_ID = "bara-hultman-2020"
DEFAULT_FILE = "un_nonun_personnel_bara_v2-2019_1993-2016.csv"
NAME_COLUMN = "mission"
SIPRI_COLUMNS = ("SIPRI_troops", "SIPRI_police", "SIPRI_observers", "SIPRI_totals")
COLUMNS = ("location", "date", "year", "missionid", NAME_COLUMN, *SIPRI_COLUMNS)
DATE_PATTERN = re.compile(r"^(\d{4})m(\d{1,2})$")
MILITARY_MERGED_FROM = 2015


def derive(source: Source, mapper: Mapper) -> tuple[list[Row], ImportReport]:
    file = source.label
    report = ImportReport("bara-hultman", file)
    # (missionid, year, month) -> (line, name, location, values): one entry per country part.
    parts: dict[tuple[str, int, int], tuple[int, str, str, tuple[int | None, ...]]] = {}
    for record in csv_records(source, COLUMNS):
        report.records += 1
        match = DATE_PATTERN.match(record["date"])
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise fail(file, record.line, "date", f"not a month written YYYYmM: {record['date']!r}")
        year, month = int(match.group(1)), int(match.group(2))
        if record["year"] != str(year):
            raise fail(file, record.line, "year", f"{record['year']!r} is not the year of the date")
        values = tuple(parse_count(record, file, column) for column in SIPRI_COLUMNS)
        key = (record["missionid"], year, month)
        if key in parts:
            first_line, name, _, first_values = parts[key]
            if (name, first_values) != (record[NAME_COLUMN], values):
                raise fail(
                    file,
                    record.line,
                    NAME_COLUMN,
                    f"missionid {record['missionid']} in {record['date']} differs from line "
                    f"{first_line}: the copies of a mission-month must agree",
                )
            continue
        parts[key] = (record.line, record[NAME_COLUMN], record["location"], values)

    # mission_id, year, month -> [(line, name, values)] over the mission's country parts
    by_mission: dict[tuple[str, int, int], list[tuple[int, str, tuple[int | None, ...]]]] = {}
    for (_, year, month), (line, name, location, values) in parts.items():
        mission_id = mapper.mission_for(name, location, month_end(year, month), line)
        if mission_id is None:
            continue
        report.mapped_records += 1
        by_mission.setdefault((mission_id, year, month), []).append((line, name, values))

    figures = []
    partial = []
    for (mission_id, year, month), entries in sorted(by_mission.items()):
        names = {name for _, name, _ in entries}
        if len(names) > 1:
            line = max(line for line, _, _ in entries)
            raise fail(
                file,
                line,
                NAME_COLUMN,
                f"{' and '.join(sorted(names))} both map to {mission_id} in {year}-{month:02d}: "
                "check the crosswalk",
            )
        given = [values for _, _, values in entries if values[3] is not None]
        if not given:
            continue
        if len(given) < len(entries):
            partial.append(f"{mission_id} {year}-{month:02d}")
            continue
        troops, police, observers, total = (
            None if any(values[i] is None for values in given) else sum(v[i] for v in given)
            for i in range(4)
        )
        if year >= MILITARY_MERGED_FROM:
            observers = None
        report.missions.add(mission_id)
        figures.append(
            MonthlyFigure(mission_id, year, month, troops, police, observers, None, total)
        )
    if partial:
        report.notes.append(
            "Months left out because SIPRI gives a figure for only some of the countries the "
            f"mission was in: {', '.join(partial)}."
        )
    return yearly_personnel(figures, SOURCE_ID), report


IMPORTER = Importer(
    name="bara-hultman",
    title="Bara & Hultman (2020), SIPRI figures: UN and non-UN personnel, 1993–2016",
    source_id=SOURCE_ID,
    table="personnel_yearly",
    default_file=DEFAULT_FILE,
    derive=derive,
    name_column=NAME_COLUMN,
)
