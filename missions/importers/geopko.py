"""Geo-PKO v2.3: where UN peacekeepers were deployed, per operation, year and place, 1994–2024
-> `deployments_yearly.csv`.

Cil, D., Fjelde, H., Hultman, L. & Nilsson, D. (2020), "Mapping blue helmets", *Journal of
Peace Research* 57(2): 360–370 (source_id `cil-et-al-2020`). The copies in
`../shared/reference-data/` are the yearly extracts the authors publish with their dashboard
(github.com/geopko/Geo-PKO-Shiny-Dashboard): the front map (the main file), the troop types
and the number of troop-contributing countries, read from beside it.

**What a row of the front map is.** Geo-PKO codes the UN's deployment maps, several a year;
the extract keeps one row per operation, year, place and distinct set of values, so a place
shown on three maps with three troop figures has three rows for that year. What is constant
over those rows is the place's yearly figure: `ave.no.troops` (the average number of troops
at the place over the year's maps) and the unit columns. `NoTroops` is one map's figure.
`NA` means the dataset gives no size.

**One row per operation, year and place** (Geo-PKO's `location`):

- `troops` is `ave.no.troops` as given (empty for `NA`); the import fails if the rows of one
  place and year disagree on it;
- `troops_max` is the largest `NoTroops` among those rows (empty when all are `NA`);
- `tcc` is `No.TCC` of the contributor-count file: the number of contributors its overview
  names at the place that year (the largest, where a place has two rows);
- `hq` is the highest headquarters level any of the rows gives (codes 3, 2, 1 -> `mission-hq`,
  `sector-hq`, `other-hq`; 0 -> empty);
- one 0/1 column per kind of unit or personnel, 1 when any row has it: `police` (`UNPOL`),
  `observers` (`UNMO`), `infantry` (`Infantry` > 0), `reserve` (`Reserve` > 0), `medical`
  (`Med`), `aviation` (`Av` > 0), and from the troop-type file `engineering` (`eng`),
  `signals` (`sig`), `riverine` (`riv`), `maintenance` (`maint`), `transport` (`trans`);
  empty when the file has no row for the place and year;
- the coordinates given on most of the place's rows that year (the first in the file on a tie:
  ten places have two sets of coordinates within a year, most within 2 km).

A yearly record is placed on the last day of its year for the crosswalk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from missions.importers.base import Importer, Mapper
from missions.importers.common import (
    ImportReport,
    Record,
    Source,
    csv_records,
    fail,
    parse_count,
)
from missions.importers.derived import Row
from missions.tables import DEPLOYMENT_COLUMNS

SOURCE_ID = "cil-et-al-2020"
DEFAULT_FILE = "geopko_v2.3_frontmap.csv"
TROOP_TYPES_FILE = "geopko_v2.3_troop_types.csv"
TCC_FILE = "geopko_v2.3_tcc_counts.csv"
NAME_COLUMN = "mission"
PLACE = ("year", "location", "latitude", "longitude")
FRONT_COLUMNS = (
    NAME_COLUMN,
    *PLACE,
    "country",
    "NoTroops",
    "ave.no.troops",
    "hq",
    "UNPOL",
    "UNMO",
    "Med",
    "Av",
    "Infantry",
    "Reserve",
)
TYPE_FLAGS = {
    "eng": "engineering",
    "sig": "signals",
    "riv": "riverine",
    "maint": "maintenance",
    "trans": "transport",
}
TYPE_COLUMNS = (NAME_COLUMN, *PLACE, *TYPE_FLAGS)
TCC_COLUMNS = (NAME_COLUMN, *PLACE, "No.TCC")
MISSING = ("NA",)
HQ_LEVELS = {"0": "", "1": "other-hq", "2": "sector-hq", "3": "mission-hq"}
HQ_ORDER = ("", "other-hq", "sector-hq", "mission-hq")
# Front-map columns that mark a kind of personnel or unit (value > 0 means present).
FRONT_FLAGS = {
    "UNPOL": "police",
    "UNMO": "observers",
    "Med": "medical",
    "Av": "aviation",
    "Infantry": "infantry",
    "Reserve": "reserve",
}
FIRST_YEAR, LAST_YEAR = 1945, 2100
COORDINATE = re.compile(r"^-?\d{1,3}(\.\d+)?$")


@dataclass
class Site:
    """The rows of one operation, year and place, as they are read."""

    publisher_name: str
    first_line: int
    average: int | None
    average_line: int
    figures: list[int] = field(default_factory=list)
    coordinates: Counter = field(default_factory=Counter)
    hq: str = ""
    flags: dict[str, str] = field(default_factory=dict)
    tcc: int | None = None


def parse_year(record: Record, file: str) -> int:
    text = record["year"]
    if not (text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise fail(file, record.line, "year", f"not a year: {text!r}")
    return int(text)


def parse_coordinates(record: Record, file: str) -> tuple[str, str]:
    """Latitude and longitude as written, checked to be numbers in range."""
    values = []
    for column, limit in (("latitude", 90), ("longitude", 180)):
        text = record[column]
        if not COORDINATE.match(text) or abs(float(text)) > limit:
            raise fail(file, record.line, column, f"not a {column} (±{limit}): {text!r}")
        values.append(text)
    return values[0], values[1]


def parse_flag(record: Record, file: str, column: str) -> str:
    """ "1" when the count or marker is above 0, "0" when it is 0, "" when missing (NA)."""
    value = parse_count(record, file, column, MISSING)
    if value is None:
        return ""
    return "1" if value > 0 else "0"


def merge_flag(old: str | None, new: str) -> str:
    """Present on any row wins; absent only if no row says present and one says absent."""
    if old == "1" or new == "1":
        return "1"
    if old == "0" or new == "0":
        return "0"
    return ""


class Sites:
    """Front-map rows gathered per (mission_id, year, location)."""

    def __init__(self, file: str):
        self.file = file
        self.by_key: dict[tuple[str, int, str], Site] = {}

    def add_front(self, record: Record, mission_id: str, year: int) -> None:
        file = self.file
        key = (mission_id, year, record["location"])
        average = parse_count(record, file, "ave.no.troops", MISSING)
        figure = parse_count(record, file, "NoTroops", MISSING)
        site = self.by_key.get(key)
        if site is None:
            site = self.by_key[key] = Site(record[NAME_COLUMN], record.line, average, record.line)
        elif site.publisher_name != record[NAME_COLUMN]:
            raise fail(
                file,
                record.line,
                NAME_COLUMN,
                f"{record[NAME_COLUMN]!r} and {site.publisher_name!r} (line {site.first_line}) "
                f"are both mapped to {mission_id} at {record['location']} in {year}: check the "
                "crosswalk",
            )
        elif site.average != average:
            raise fail(
                file,
                record.line,
                "ave.no.troops",
                f"{record['location']} in {year} has the yearly average {site.average} on line "
                f"{site.average_line}: the rows of one place and year must agree",
            )
        if figure is not None:
            site.figures.append(figure)
        site.coordinates[parse_coordinates(record, file)] += 1
        level = HQ_LEVELS[record["hq"]]
        if HQ_ORDER.index(level) > HQ_ORDER.index(site.hq):
            site.hq = level
        for column, flag in FRONT_FLAGS.items():
            site.flags[flag] = merge_flag(site.flags.get(flag), parse_flag(record, file, column))

    def site_of(self, record: Record, mission_id: str, year: int, file: str) -> Site:
        """The front-map site a companion file's row describes; an error if there is none."""
        site = self.by_key.get((mission_id, year, record["location"]))
        if site is None:
            raise fail(
                file,
                record.line,
                "location",
                f"{record['location']!r} in {year} ({record[NAME_COLUMN]}) is not in the front map",
            )
        parse_coordinates(record, file)
        return site

    def rows(self) -> list[Row]:
        rows = []
        for (mission_id, year, location), site in self.by_key.items():
            # most_common keeps first-seen order among equal counts: the first in the file.
            (lat, lon), _ = site.coordinates.most_common(1)[0]
            row: Row = {
                "mission_id": mission_id,
                "year": str(year),
                "location": location,
                "lat": lat,
                "lon": lon,
                "troops": "" if site.average is None else str(site.average),
                "troops_max": str(max(site.figures)) if site.figures else "",
                "tcc": "" if site.tcc is None else str(site.tcc),
                "hq": site.hq,
                "source_id": SOURCE_ID,
            }
            for flag in (*FRONT_FLAGS.values(), *TYPE_FLAGS.values()):
                row[flag] = site.flags.get(flag, "")
            rows.append({column: row[column] for column in DEPLOYMENT_COLUMNS})
        return rows


def check_front(record: Record, file: str) -> None:
    """Every cell of a front-map row the import reads, whether or not its name is mapped."""
    parse_year(record, file)
    parse_coordinates(record, file)
    if not record["location"]:
        raise fail(file, record.line, "location", "a value is required")
    for column in ("ave.no.troops", "NoTroops"):
        parse_count(record, file, column, MISSING)
    if record["hq"] not in HQ_LEVELS:
        raise fail(file, record.line, "hq", f"not a headquarters code (0–3): {record['hq']!r}")
    for column in FRONT_FLAGS:
        parse_flag(record, file, column)


def _mapped(record: Record, mapper: Mapper, file: str) -> tuple[str, int] | None:
    year = parse_year(record, file)
    mission_id = mapper.mission_for(
        record[NAME_COLUMN], record.cells.get("country", ""), _year_end(year), record.line
    )
    return None if mission_id is None else (mission_id, year)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def derive(
    front: Source, mapper: Mapper, troop_types: Source, tcc_counts: Source
) -> tuple[list[Row], ImportReport]:
    report = ImportReport("geopko", front.label)
    sites = Sites(front.label)
    for record in csv_records(front, FRONT_COLUMNS):
        report.records += 1
        check_front(record, front.label)
        mapped = _mapped(record, mapper, front.label)
        if mapped is None:
            continue
        report.mapped_records += 1
        report.missions.add(mapped[0])
        sites.add_front(record, *mapped)

    # The companion files are not mapped through the mapper's report: the front map's names
    # are the ones reported. Their names still have to be in the crosswalk.
    companion_mapper = Mapper(mapper.crosswalk, troop_types.label, NAME_COLUMN)
    for record in csv_records(troop_types, TYPE_COLUMNS):
        mapped = _mapped(record, companion_mapper, troop_types.label)
        if mapped is None:
            continue
        site = sites.site_of(record, *mapped, troop_types.label)
        for column, flag in TYPE_FLAGS.items():
            site.flags[flag] = merge_flag(
                site.flags.get(flag), parse_flag(record, troop_types.label, column)
            )

    companion_mapper = Mapper(mapper.crosswalk, tcc_counts.label, NAME_COLUMN)
    for record in csv_records(tcc_counts, TCC_COLUMNS):
        mapped = _mapped(record, companion_mapper, tcc_counts.label)
        if mapped is None:
            continue
        site = sites.site_of(record, *mapped, tcc_counts.label)
        count = parse_count(record, tcc_counts.label, "No.TCC")
        site.tcc = count if site.tcc is None else max(site.tcc, count)

    rows = sites.rows()
    moved = sum(1 for site in sites.by_key.values() if len(site.coordinates) > 1)
    if moved:
        report.notes.append(
            f"{moved} places have two sets of coordinates within a year: the ones on most of "
            "their rows are used (the first in the file on a tie)."
        )
    return rows, report


IMPORTER = Importer(
    name="geopko",
    title="Geo-PKO v2.3 (Cil, Fjelde, Hultman & Nilsson 2020): UN deployment sites per year",
    source_id=SOURCE_ID,
    table="deployments_yearly",
    default_file=DEFAULT_FILE,
    derive=derive,
    name_column=NAME_COLUMN,
    companions=(TROOP_TYPES_FILE, TCC_FILE),
)
