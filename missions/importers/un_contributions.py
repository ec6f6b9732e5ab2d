"""UN uniformed personnel per contributing country, mission and year, 2010–2021 ->
`contributions_yearly.csv`.

The file is `corinnee/UN_Peacekeeping_Analytics`'s yearly figures from the UN's monthly
contributions data (MIT licence; source_id `un-contributions-yearly`). Columns used: `Year`,
`Country` (an English name, not a code), `Mission`, `Female`, `Male`, `Total`.

- **Names.** Missions go through `crosswalks/un-contributions.csv`, countries through the
  reviewed country crosswalk `crosswalks/countries.csv` (names to ISO 3166 alpha-3). A name no
  row holds fails the import, naming the file, row and column. A yearly figure is placed on the
  last day of its year for the mission crosswalk's dates.
- **Zero rows are not kept.** The file lists every country for every mission and year (144 × 36
  names a year from 2011), so most rows say 0: such a row records no deployment, and keeping
  them would multiply the table by nine to say nothing. The import still maps their names
  (an unknown name fails on a zero row too) and reports how many it left out.
- **The figures as published.** `Female` and `Male` are rounded apart from `Total`, so they may
  add up to one more or less; a larger difference fails the import. Each figure is the sum of
  the year's monthly figures divided by 12: data/README.md says what that means for a mission's
  first and last year and for the years with months missing from the file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from missions.countries import read_country_crosswalk
from missions.importers.base import Importer, Mapper
from missions.importers.common import ImportReport, Source, csv_records, fail, parse_count
from missions.importers.derived import Row

SOURCE_ID = "un-contributions-yearly"
DEFAULT_FILE = "un_contributions_country_mission_year_2010-2021.csv"
NAME_COLUMN = "Mission"
COUNTRY_COLUMN = "Country"
COLUMNS = ("Year", COUNTRY_COLUMN, NAME_COLUMN, "Female", "Male", "Total")
FIRST_YEAR, LAST_YEAR = 1945, 2100
# Female and male are rounded apart from the total.
ROUNDING = 1


def derive(source: Source, mapper: Mapper) -> tuple[list[Row], ImportReport]:
    file = source.label
    report = ImportReport("un-contributions", file)
    countries = read_country_crosswalk()
    rows: dict[tuple[str, str, int], Row] = {}
    lines: dict[tuple[str, str, int], int] = {}
    zero_rows = 0
    no_country: Counter[str] = Counter()
    countries_per_year: dict[int, set[str]] = {}
    with_personnel: set[str] = set()
    listed: set[str] = set()
    for record in csv_records(source, COLUMNS):
        report.records += 1
        year_text = record["Year"]
        if not (year_text.isdigit() and FIRST_YEAR <= int(year_text) <= LAST_YEAR):
            raise fail(file, record.line, "Year", f"not a year: {year_text!r}")
        year = int(year_text)
        # No cell may be empty: an empty count is an error, not a zero.
        female, male, total = (
            int(parse_count(record, file, column, missing=()) or 0)
            for column in ("Female", "Male", "Total")
        )
        if abs(female + male - total) > ROUNDING:
            raise fail(
                file,
                record.line,
                "Total",
                f"female {female} and male {male} do not add up to the total {total}",
            )
        name = record[COUNTRY_COLUMN]
        country = countries.lookup(name)
        if country is None:
            raise fail(
                file,
                record.line,
                COUNTRY_COLUMN,
                f"unknown country name {name!r}: it is not in {countries.file}. Add a row that "
                "maps it to an ISO 3166 alpha-3 code, or to no country with a reason.",
            )
        mission_id = mapper.mission_for(record[NAME_COLUMN], "", dt.date(year, 12, 31), record.line)
        countries_per_year.setdefault(year, set()).add(name)
        listed.add(name)
        if mission_id is None:
            continue
        report.mapped_records += 1
        if not country.iso3:
            no_country[name] += 1
            continue
        if total == 0:
            zero_rows += 1
            continue
        key = (country.iso3, mission_id, year)
        if key in rows:
            raise fail(
                file,
                record.line,
                COUNTRY_COLUMN,
                f"a second figure for {country.iso3} in {mission_id}, {year} (the first is on "
                f"line {lines[key]}): check the crosswalks",
            )
        with_personnel.add(name)
        report.missions.add(mission_id)
        lines[key] = record.line
        rows[key] = {
            "country": country.iso3,
            "mission_id": mission_id,
            "year": str(year),
            "female": str(female),
            "male": str(male),
            "total": str(total),
            "source_id": SOURCE_ID,
        }
    report.notes.append(
        f"{zero_rows} rows of zero personnel left out (the file lists every country for every "
        "mission and year)."
    )
    per_year = ", ".join(
        f"{year}: {len(names)}" for year, names in sorted(countries_per_year.items())
    )
    report.notes.append(f"Countries listed per year: {per_year}.")
    never = sorted(listed - with_personnel)
    if never:
        report.notes.append(
            "Listed with zero personnel in every year (no rows): " + ", ".join(never) + "."
        )
    for name, count in sorted(no_country.items()):
        report.notes.append(f"{name}: {count} records mapped to no country.")
    return list(rows.values()), report


IMPORTER = Importer(
    name="un-contributions",
    title="UN uniformed personnel per contributing country, mission and year, 2010–2021",
    source_id=SOURCE_ID,
    table="contributions_yearly",
    default_file=DEFAULT_FILE,
    derive=derive,
    name_column=NAME_COLUMN,
)
