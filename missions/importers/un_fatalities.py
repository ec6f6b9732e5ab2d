"""UN Peace and Security Data Hub, DPPADPOSS-FATALITIES: one row per recorded fatality of UN
peacekeeping and political missions since 1948 -> `fatalities_yearly.csv` and
`fatalities_by_nationality.csv`.

Counts every row of the file (one casualty each) by mission, year of the incident, incident
type and personnel type; and, for the same rows, by mission, year and the nationality of the
dead. The UN's categories are mapped through the closed lists below; a category not listed
fails the import, naming the row. The publisher's acronyms go through
`crosswalks/un_fatalities.csv` ("UNEF", "UNOSOM" and "UNAVEM" are split by incident date).

Nationality: the file's ISO 3166 alpha-3 code (`isocode3`, the withdrawn YUG and SCG included)
where it gives one; where it does not, `casualty_nationality` goes through the reviewed country
crosswalk (`crosswalks/countries.csv`); the UN's "ZZ [Undetermined]" (mapped to no country
there) and an empty name get `ZZZ`, the atlas's code for a nationality not recorded (ISO's
user-assigned range). Both tables count the same rows, so their totals per mission and year
agree.

Also readable straight from the publisher's API (`URL`); the tests never call it.
"""

from __future__ import annotations

import re
from collections import Counter

from missions.countries import UNDETERMINED_NATIONALITY, read_country_crosswalk
from missions.importers.base import Importer, Mapper
from missions.importers.common import ImportReport, Source, csv_records, fail, parse_day
from missions.importers.derived import Row

SOURCE_ID = "un-psdh-fatalities"
DEFAULT_FILE = "un_fatalities_DPPADPOSS-FATALITIES_2025-04-04.csv"
URL = "https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV"
NAME_COLUMN = "mission_acronym"
COLUMNS = (
    "incident_date",
    NAME_COLUMN,
    "type_of_casualty",
    "casualty_personnel_type",
    "type_of_incident",
    "casualty_nationality",
    "isocode3",
)
NATIONALITY_TABLE = "fatalities_by_nationality"
ISO3 = re.compile(r"^[A-Z]{3}$")
# The UN's incident types -> our codes (taxonomy.csv, kind incident_type).
INCIDENT_TYPES = {
    "Malicious Act": "malicious-act",
    "Accident": "accident",
    "Illness": "illness",
    "Self-Inflicted": "self-inflicted",
    "To Be Determined": "other-unknown",
    "Unknown": "other-unknown",
}
# The UN's personnel types -> our codes (taxonomy.csv, kind personnel_type).
PERSONNEL_TYPES = {
    "Military": "military",
    "Military Observer": "military-observer",
    "Police": "police",
    "International Civilian": "international-civilian",
    "Local": "local-civilian",
    "Other": "other",
}
CASUALTY_TYPES = ("Fatality",)


def nationality(record, file: str, countries) -> tuple[str, str]:
    """The dead's country code (ZZZ when not determined) and how it was found."""
    code = record["isocode3"]
    if code:
        if not ISO3.match(code):
            raise fail(file, record.line, "isocode3", f"not an ISO 3166 alpha-3 code: {code!r}")
        return code, "code"
    name = record["casualty_nationality"]
    if not name:
        return UNDETERMINED_NATIONALITY, "no name"
    row = countries.lookup(name)
    if row is None:
        raise fail(
            file,
            record.line,
            "casualty_nationality",
            f"unknown nationality {name!r} without isocode3: it is not in {countries.file}. Add "
            "a row that maps it to an ISO 3166 alpha-3 code, or to no country with a reason.",
        )
    if not row.iso3:
        return UNDETERMINED_NATIONALITY, "undetermined"
    return row.iso3, "name"


def derive(source: Source, mapper: Mapper) -> tuple[dict[str, list[Row]], ImportReport]:
    file = source.label
    report = ImportReport("un-fatalities", file)
    countries = read_country_crosswalk()
    counts: Counter[tuple[str, int, str, str]] = Counter()
    by_nationality: Counter[tuple[str, int, str]] = Counter()
    found: Counter[str] = Counter()
    for record in csv_records(source, COLUMNS):
        report.records += 1
        day = parse_day(record, file, "incident_date")
        if record["type_of_casualty"] not in CASUALTY_TYPES:
            raise fail(
                file,
                record.line,
                "type_of_casualty",
                f"unknown casualty type {record['type_of_casualty']!r} (fatalities only)",
            )
        incident = INCIDENT_TYPES.get(record["type_of_incident"])
        if incident is None:
            raise fail(
                file,
                record.line,
                "type_of_incident",
                f"unknown incident type {record['type_of_incident']!r}",
            )
        personnel = PERSONNEL_TYPES.get(record["casualty_personnel_type"])
        if personnel is None:
            raise fail(
                file,
                record.line,
                "casualty_personnel_type",
                f"unknown personnel type {record['casualty_personnel_type']!r}",
            )
        country, how = nationality(record, file, countries)
        mission_id = mapper.mission_for(record[NAME_COLUMN], "", day, record.line)
        if mission_id is None:
            continue
        report.mapped_records += 1
        report.missions.add(mission_id)
        counts[(mission_id, day.year, incident, personnel)] += 1
        by_nationality[(mission_id, day.year, country)] += 1
        found[how] += 1
    if found["name"] or found["undetermined"] or found["no name"]:
        report.notes.append(
            f"Nationality of mapped records without isocode3: {found['name']} from the name "
            f"through crosswalks/countries.csv, {found['undetermined'] + found['no name']} "
            f"not determined ({UNDETERMINED_NATIONALITY})."
        )
    nationality_rows = [
        {
            "mission_id": mission_id,
            "year": str(year),
            "country": country,
            "fatalities": str(count),
            "source_id": SOURCE_ID,
        }
        for (mission_id, year, country), count in by_nationality.items()
    ]
    rows = [
        {
            "mission_id": mission_id,
            "year": str(year),
            "incident_type": incident,
            "personnel_type": personnel,
            "fatalities": str(count),
            "source_id": SOURCE_ID,
        }
        for (mission_id, year, incident, personnel), count in counts.items()
    ]
    return {"fatalities_yearly": rows, NATIONALITY_TABLE: nationality_rows}, report


IMPORTER = Importer(
    name="un-fatalities",
    title="UN Peace and Security Data Hub: fatalities (DPPADPOSS-FATALITIES)",
    source_id=SOURCE_ID,
    table="fatalities_yearly",
    default_file=DEFAULT_FILE,
    derive=derive,
    name_column=NAME_COLUMN,
    url=URL,
)
