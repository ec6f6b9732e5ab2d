"""UN Peace and Security Data Hub, DPPADPOSS-FATALITIES: one row per recorded fatality of UN
peacekeeping and political missions since 1948 -> `fatalities_yearly.csv`.

Counts every row of the file (one casualty each) by mission, year of the incident, incident
type and personnel type. The UN's categories are mapped through the closed lists below; a
category not listed fails the import, naming the row. The publisher's acronyms go through
`crosswalks/un_fatalities.csv` ("UNEF", "UNOSOM" and "UNAVEM" are split by incident date).

Also readable straight from the publisher's API (`URL`); the tests never call it.
"""

from __future__ import annotations

from collections import Counter

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
)
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


def derive(source: Source, mapper: Mapper) -> tuple[list[Row], ImportReport]:
    file = source.label
    report = ImportReport("un-fatalities", file)
    counts: Counter[tuple[str, int, str, str]] = Counter()
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
        mission_id = mapper.mission_for(record[NAME_COLUMN], "", day, record.line)
        if mission_id is None:
            continue
        report.mapped_records += 1
        report.missions.add(mission_id)
        counts[(mission_id, day.year, incident, personnel)] += 1
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
    return rows, report


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
