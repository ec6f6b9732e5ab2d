"""Validation of the curated tables: schema, closed lists, references, dates and coordinates.

Every rule reports a `DataProblem` naming the file, the CSV line and the column; `validate`
raises one `DataValidationError` carrying all of them. Column-level rules are pandera schemas;
rules that look across tables are plain functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from missions.dates import period_end, period_start, precision_of
from missions.errors import DataProblem, DataValidationError
from missions.tables import (
    CLOSED_LIST_COLUMNS,
    COLUMN_PATTERNS,
    COLUMN_RANGES,
    DERIVED_KEYS,
    DERIVED_TABLES,
    FIELD_SOURCES,
    PERSONNEL_TYPES,
    PRIMARY_KEYS,
    REQUIRED_VALUES,
    TABLE_FILES,
)
from missions.tables import (
    MISSION_ID_PATTERN as MISSION_ID_FORMAT,
)
from missions.tables import (
    URL_PATTERN as URL_FORMAT,
)

EARLIEST_YEAR = 1945
# Headquarters may sit on a coast or island that a coarse outline's box misses by a little.
BOUNDS_TOLERANCE_DEGREES = 0.5
FIRST_DATA_LINE = 2  # line 1 of every CSV file is its header
# A derived row may fall a year outside its mission's span: advance parties, liquidation, and
# deaths the UN records under a mission shortly after it closed. Further out, the crosswalk
# that mapped the row is wrong.
YEARS_OUTSIDE_SPAN = 1
MISSION_ID_PATTERN = re.compile(f"^(?:{MISSION_ID_FORMAT})$")
URL_PATTERN = re.compile(f"^(?:{URL_FORMAT})$")


def csv_line(index: object) -> int:
    """The file line of a row read with a default RangeIndex."""
    return int(index) + FIRST_DATA_LINE


def _codes(taxonomy: pd.DataFrame, kind: str) -> list[str]:
    return taxonomy.loc[taxonomy["kind"] == kind, "code"].tolist()


def _schema_for(table: str, taxonomy: pd.DataFrame) -> pa.DataFrameSchema:
    """Column rules of one table, from missions.tables: required values, closed lists, formats,
    ranges and single-column keys."""
    columns: dict[str, pa.Column] = {}
    rules: dict[str, list[pa.Check]] = {}
    for (closed_table, column), kind in CLOSED_LIST_COLUMNS.items():
        if closed_table == table:
            rules.setdefault(column, []).append(pa.Check.isin(_codes(taxonomy, kind)))
    for (pattern_table, column), pattern in COLUMN_PATTERNS.items():
        if pattern_table == table:
            rules.setdefault(column, []).append(pa.Check.str_matches(f"^(?:{pattern})$"))
    for (range_table, column), (low, high) in COLUMN_RANGES.items():
        if range_table != table:
            continue
        if high is None:
            rules.setdefault(column, []).append(pa.Check.greater_than_or_equal_to(low))
        else:
            rules.setdefault(column, []).append(pa.Check.in_range(low, high))
    key = PRIMARY_KEYS.get(table, ())
    for column in {*REQUIRED_VALUES[table], *rules, *key}:
        columns[column] = pa.Column(
            checks=rules.get(column, []),
            nullable=column not in REQUIRED_VALUES[table] and column not in key,
            unique=key == (column,),
        )
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def key_problems(table: str, frame: pd.DataFrame) -> list[DataProblem]:
    """A second row with the same values in every column of a table's multi-column key
    (single-column keys are checked by the schema; derived tables by `derived_problems`)."""
    key = list(PRIMARY_KEYS.get(table, ()))
    if len(key) < 2 or table in DERIVED_TABLES:
        return []
    duplicated = frame.duplicated(subset=key, keep="first")
    return [
        DataProblem(
            TABLE_FILES[table],
            csv_line(index),
            key[-1],
            "a second row with the same "
            + ", ".join(key)
            + ": "
            + ", ".join(repr(row[column]) for column in key),
        )
        for index, row in frame[duplicated].iterrows()
    ]


def schema_problems(table: str, frame: pd.DataFrame, taxonomy: pd.DataFrame) -> list[DataProblem]:
    """Problems pandera finds in one table's columns."""
    file = TABLE_FILES[table]
    try:
        _schema_for(table, taxonomy).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.itertuples(index=False):
            row = None if pd.isna(case.index) else csv_line(case.index)
            problems.append(
                DataProblem(file, row, case.column, _describe_check(case.check, case.failure_case))
            )
        return problems
    return []


def _describe_check(check: str, value: object) -> str:
    value = value.item() if hasattr(value, "item") else value  # np.int64(-5) -> -5
    if check == "not_nullable":
        return "a value is required"
    if check.startswith("isin"):
        return f"unknown code {value!r} (not in taxonomy.csv)"
    if check == "field_uniqueness":
        return f"duplicate value {value!r}"
    if check.startswith("str_matches"):
        return f"badly formed value {value!r}"
    if check.startswith("in_range") or check.startswith("greater_than"):
        return f"value {value!r} is out of range"
    return f"{check} failed for {value!r}"


def split_ids(cell: object) -> list[str]:
    """The ids in a ';'-separated cell, stripped; [] for an empty cell."""
    if cell is None or pd.isna(cell):
        return []
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def reference_problems(tables: dict[str, pd.DataFrame]) -> list[DataProblem]:
    """Every mission_id and source_id used anywhere must exist; every mission needs a source."""
    mission_ids = set(tables["missions"]["mission_id"].dropna())
    source_ids = set(tables["sources"]["source_id"].dropna())
    problems: list[DataProblem] = []

    def check_sources(table: str, index: object, column: str, cell: object) -> None:
        for source_id in split_ids(cell):
            if source_id not in source_ids:
                problems.append(
                    DataProblem(
                        TABLE_FILES[table],
                        csv_line(index),
                        column,
                        f"source {source_id!r} is not in sources.csv",
                    )
                )

    for index, row in tables["missions"].iterrows():
        if not split_ids(row["source_ids"]):
            continue  # the schema already reports the missing value
        for column in ("source_ids", *FIELD_SOURCES.values()):
            check_sources("missions", index, column, row[column])
        cited = set(split_ids(row["source_ids"]))
        for column in FIELD_SOURCES.values():
            for source_id in split_ids(row[column]):
                if source_id not in cited:
                    problems.append(
                        DataProblem(
                            "missions.csv",
                            csv_line(index),
                            column,
                            f"source {source_id!r} is not listed in source_ids",
                        )
                    )

    for index, row in tables["sipri_counts"].iterrows():
        check_sources("sipri_counts", index, "source_id", row["source_id"])

    for table in ("mandate_tasks", "partners", "challenges", "authorizations"):
        for index, row in tables[table].iterrows():
            if pd.notna(row["mission_id"]) and row["mission_id"] not in mission_ids:
                problems.append(
                    DataProblem(
                        TABLE_FILES[table],
                        csv_line(index),
                        "mission_id",
                        f"mission {row['mission_id']!r} is not in missions.csv",
                    )
                )
            check_sources(table, index, "source_id", row["source_id"])

    for index, row in tables["partners"].iterrows():
        partner = row["partner_mission_id"]
        if pd.notna(partner) and partner not in mission_ids:
            problems.append(
                DataProblem(
                    "partners.csv",
                    csv_line(index),
                    "partner_mission_id",
                    f"mission {partner!r} is not in missions.csv",
                )
            )
        if pd.notna(partner) and partner == row["mission_id"]:
            problems.append(
                DataProblem(
                    "partners.csv",
                    csv_line(index),
                    "partner_mission_id",
                    "a mission cannot partner itself",
                )
            )

    for index, row in tables["excluded"].iterrows():
        check_sources("excluded", index, "source_ids", row["source_ids"])
    return problems


def field_source_problems(missions: pd.DataFrame) -> list[DataProblem]:
    """A filled field needs the source that states it, and a source needs its field."""
    problems = []
    for index, row in missions.iterrows():
        for field, source_column in FIELD_SOURCES.items():
            has_value = pd.notna(row[field])
            has_source = pd.notna(row[source_column])
            if has_value and not has_source:
                problems.append(
                    DataProblem(
                        "missions.csv",
                        csv_line(index),
                        source_column,
                        f"'{field}' is filled but no source is named for it",
                    )
                )
            if has_source and not has_value:
                problems.append(
                    DataProblem(
                        "missions.csv",
                        csv_line(index),
                        field,
                        f"a source is named in '{source_column}' but the field is empty",
                    )
                )
        if pd.notna(row["peak_personnel"]) and pd.isna(row["personnel_basis"]):
            problems.append(
                DataProblem(
                    "missions.csv",
                    csv_line(index),
                    "personnel_basis",
                    "say whether the personnel figure is authorized or deployed",
                )
            )
        if pd.isna(row["hq_lat"]) != pd.isna(row["hq_lon"]):
            problems.append(
                DataProblem(
                    "missions.csv", csv_line(index), "hq_lon", "latitude and longitude go together"
                )
            )
    return problems


def date_problems(missions: pd.DataFrame, as_of: pd.Timestamp) -> list[DataProblem]:
    """Dates are well formed, match their precision, fall after 1945 and are in order."""
    problems = []
    for index, row in missions.iterrows():
        line = csv_line(index)
        parsed: dict[str, pd.Timestamp] = {}
        for date_column, precision_column in (
            ("start_date", "start_precision"),
            ("end_date", "end_precision"),
        ):
            text = row[date_column]
            if pd.isna(text):
                if pd.notna(row[precision_column]):
                    problems.append(
                        DataProblem(
                            "missions.csv", line, precision_column, "a precision without a date"
                        )
                    )
                continue
            precision = precision_of(str(text))
            if precision is None:
                problems.append(
                    DataProblem("missions.csv", line, date_column, f"not a date: {text!r}")
                )
                continue
            if row[precision_column] != precision:
                problems.append(
                    DataProblem(
                        "missions.csv",
                        line,
                        precision_column,
                        f"the date {text!r} is written to the {precision}, "
                        f"but the precision says {row[precision_column]!r}",
                    )
                )
            try:
                parsed[date_column] = period_start(str(text))
            except ValueError:
                problems.append(
                    DataProblem("missions.csv", line, date_column, f"no such date: {text!r}")
                )
        start = parsed.get("start_date")
        end_text = row["end_date"]
        if start is not None and start.year < EARLIEST_YEAR:
            problems.append(DataProblem("missions.csv", line, "start_date", "starts before 1945"))
        if start is not None and start > as_of:
            problems.append(
                DataProblem(
                    "missions.csv", line, "start_date", "starts after the data's as-of date"
                )
            )
        if start is not None and "end_date" in parsed and period_end(str(end_text)) < start:
            problems.append(DataProblem("missions.csv", line, "end_date", "ends before it starts"))
        if pd.notna(end_text) and pd.isna(row["start_date"]):
            problems.append(
                DataProblem("missions.csv", line, "start_date", "an end date needs a start date")
            )
    return problems


def authorization_date_problems(
    authorizations: pd.DataFrame, as_of: pd.Timestamp
) -> list[DataProblem]:
    """Decision dates are dates (day, month or year) not after the as-of date; a mandate end
    is a day, not before its decision."""
    problems = []
    for index, row in authorizations.iterrows():
        line = csv_line(index)
        decided = _parse(row["date"])
        if pd.notna(row["date"]) and decided is None:
            problems.append(
                DataProblem("authorizations.csv", line, "date", f"not a date: {row['date']!r}")
            )
        elif decided is not None and decided > as_of:
            problems.append(
                DataProblem(
                    "authorizations.csv", line, "date", "decided after the data's as-of date"
                )
            )
        until = row["mandate_until"]
        if pd.isna(until):
            continue
        if not _is_day(until):
            problems.append(
                DataProblem(
                    "authorizations.csv",
                    line,
                    "mandate_until",
                    f"must be a YYYY-MM-DD date: {until!r}",
                )
            )
        elif decided is not None and period_start(str(until)) < decided:
            problems.append(
                DataProblem("authorizations.csv", line, "mandate_until", "ends before the decision")
            )
    return problems


def _parse(text: object) -> pd.Timestamp | None:
    if pd.isna(text) or precision_of(str(text)) is None:
        return None
    try:
        return period_start(str(text))
    except ValueError:
        return None


def country_problems(missions: pd.DataFrame, bounds: pd.DataFrame) -> list[DataProblem]:
    """Host countries are known ISO codes; headquarters lie inside a host country's box."""
    boxes = bounds.set_index("iso_a3")
    problems = []
    for index, row in missions.iterrows():
        line = csv_line(index)
        hosts = split_ids(row["host_countries"])
        unknown = [code for code in hosts if code not in boxes.index]
        for code in unknown:
            problems.append(
                DataProblem(
                    "missions.csv",
                    line,
                    "host_countries",
                    f"unknown ISO 3166 alpha-3 code {code!r}",
                )
            )
        known = [code for code in hosts if code in boxes.index]
        if pd.isna(row["hq_lat"]) or pd.isna(row["hq_lon"]) or not known:
            continue
        if not any(_inside(boxes.loc[code], row["hq_lat"], row["hq_lon"]) for code in known):
            problems.append(
                DataProblem(
                    "missions.csv",
                    line,
                    "hq_lat",
                    f"headquarters ({row['hq_lat']}, {row['hq_lon']}) lie outside "
                    f"every host country ({', '.join(known)})",
                )
            )
    return problems


def _inside(box: pd.Series, lat: float, lon: float) -> bool:
    tolerance = BOUNDS_TOLERANCE_DEGREES
    return (
        box["min_lat"] - tolerance <= lat <= box["max_lat"] + tolerance
        and box["min_lon"] - tolerance <= lon <= box["max_lon"] + tolerance
    )


def about_problems(about: pd.DataFrame, required_keys: Iterable[str]) -> list[DataProblem]:
    present = set(about["key"].dropna())
    problems = [
        DataProblem("about.csv", None, "key", f"the key {key!r} is missing")
        for key in required_keys
        if key not in present
    ]
    problems += [
        DataProblem("about.csv", csv_line(index), "key", f"duplicate key {key!r}")
        for index, key in about.loc[about["key"].duplicated(), "key"].items()
    ]
    as_of = about.loc[about["key"] == "as_of", "value"]
    if len(as_of) and not _is_day(as_of.iloc[0]):
        problems.append(
            DataProblem(
                "about.csv", csv_line(as_of.index[0]), "value", "as_of must be a YYYY-MM-DD date"
            )
        )
    return problems


def _is_day(text: object) -> bool:
    """Whether `text` is a real calendar day written YYYY-MM-DD (2026-02-30 is not)."""
    if precision_of(str(text)) != "day":
        return False
    try:
        period_start(str(text))
    except ValueError:
        return False
    return True


def _year_of(text: object) -> int | None:
    if not isinstance(text, str) or precision_of(text) is None:
        return None
    return int(text[:4])


def derived_problems(tables: dict[str, pd.DataFrame], as_of: pd.Timestamp) -> list[DataProblem]:
    """The derived tables: known missions and dataset sources, years inside the data's range
    and near the mission's span, months 1–12, each mean at most its maximum, no repeated key.

    Vectorized: at 100× the curated data (the benchmark) these tables hold 300,000 rows."""
    missions = tables["missions"]
    first_year = missions["start_date"].map(_year_of)
    last_year = missions["end_date"].map(_year_of).fillna(as_of.year)
    starts = dict(zip(missions["mission_id"], first_year, strict=True))
    ends = dict(zip(missions["mission_id"], last_year, strict=True))
    sources = tables["sources"]
    kinds = dict(zip(sources["source_id"], sources["kind"], strict=True))
    problems: list[DataProblem] = []
    for table in DERIVED_TABLES:
        file = TABLE_FILES[table]
        frame = tables[table]

        def report(mask: pd.Series, column: str, message, frame=frame, file=file) -> None:
            problems.extend(
                DataProblem(file, csv_line(index), column, message(frame.loc[index]))
                for index in frame.index[mask.fillna(False).astype(bool)]
            )

        known = frame["mission_id"].isin(starts)
        report(
            frame["mission_id"].notna() & ~known,
            "mission_id",
            lambda row: f"mission {row['mission_id']!r} is not in missions.csv",
        )
        kind = frame["source_id"].map(kinds)
        report(
            frame["source_id"].notna() & kind.isna(),
            "source_id",
            lambda row: f"source {row['source_id']!r} is not in sources.csv",
        )
        report(
            kind.notna() & (kind != "dataset"),
            "source_id",
            lambda row: f"source {row['source_id']!r} is not a dataset",
        )
        year = frame["year"]
        outside = year.notna() & ((year < EARLIEST_YEAR) | (year > as_of.year))
        report(
            outside,
            "year",
            lambda row: f"year {row['year']} is outside {EARLIEST_YEAR}–{as_of.year}",
        )
        first = frame["mission_id"].map(starts).astype("Float64")
        last = frame["mission_id"].map(ends).astype("Float64")
        far = (
            ~outside
            & year.notna()
            & first.notna()
            & ((year < first - YEARS_OUTSIDE_SPAN) | (year > last + YEARS_OUTSIDE_SPAN))
        )
        report(
            far,
            "year",
            lambda row: (
                f"year {row['year']} is far outside the span of {row['mission_id']} "
                f"({starts[row['mission_id']]}–{int(ends[row['mission_id']])}): check the "
                "importer's crosswalk"
            ),
        )
        if table == "personnel_yearly":
            months = frame["months"]
            report(
                months.notna() & ((months < 1) | (months > 12)),
                "months",
                lambda row: f"{row['months']} is not between 1 and 12",
            )
            for kind_name in PERSONNEL_TYPES:
                mean, largest = frame[f"{kind_name}_mean"], frame[f"{kind_name}_max"]
                report(
                    mean.isna() != largest.isna(),
                    f"{kind_name}_max",
                    lambda row: "the mean and the maximum go together",
                )
                report(
                    mean.notna() & largest.notna() & (mean > largest),
                    f"{kind_name}_mean",
                    lambda row, k=kind_name: f"the mean {row[f'{k}_mean']} exceeds the maximum",
                )
        duplicated = frame.duplicated(subset=list(DERIVED_KEYS[table]), keep="first")
        report(duplicated, "mission_id", lambda row: "a second row for the same key")
    return problems


# Tables of the derived data whose `country` column holds ISO 3166 alpha-3 codes.
COUNTRY_CODE_TABLES = ("contributions_yearly", "fatalities_by_nationality")
# The dataset's yearly female and male figures are rounded apart from the total.
CONTRIBUTION_ROUNDING = 1


def country_reference_problems(
    tables: dict[str, pd.DataFrame], bounds: pd.DataFrame
) -> list[DataProblem]:
    """Country codes of the derived tables are known (today's countries or former states);
    contributions are positive (rows of zero personnel are not kept) and their female and male
    figures add up to the total within rounding."""
    # missions.countries imports this module.
    from missions.countries import UNDETERMINED_NATIONALITY, known_country_codes

    known = known_country_codes(bounds["iso_a3"])
    problems: list[DataProblem] = []
    for table in COUNTRY_CODE_TABLES:
        frame = tables[table]
        unknown = frame["country"].notna() & ~frame["country"].isin(known)
        if table == "contributions_yearly":
            unknown |= frame["country"] == UNDETERMINED_NATIONALITY
        problems += [
            DataProblem(
                TABLE_FILES[table], csv_line(index), "country", f"unknown country code {code!r}"
            )
            for index, code in frame.loc[unknown, "country"].items()
        ]
    frame = tables["contributions_yearly"]
    file = TABLE_FILES["contributions_yearly"]
    total = frame["total"]
    problems += [
        DataProblem(file, csv_line(index), "total", "a row of zero personnel (not kept)")
        for index in frame.index[(total == 0).fillna(False).astype(bool)]
    ]
    apart = (frame["female"] + frame["male"] - total).abs() > CONTRIBUTION_ROUNDING
    problems += [
        DataProblem(
            file,
            csv_line(index),
            "total",
            f"female {frame.at[index, 'female']} and male {frame.at[index, 'male']} do not add "
            f"up to the total {frame.at[index, 'total']}",
        )
        for index in frame.index[apart.fillna(False).astype(bool)]
    ]
    return problems


def validate(tables: dict[str, pd.DataFrame], bounds: pd.DataFrame, as_of: pd.Timestamp) -> None:
    """Raise DataValidationError listing every problem in the tables; return None when clean."""
    taxonomy = tables["taxonomy"]
    problems: list[DataProblem] = []
    for table in TABLE_FILES:
        problems += key_problems(table, tables[table])
        if table not in ("taxonomy", "about"):
            problems += schema_problems(table, tables[table], taxonomy)
    problems += reference_problems(tables)
    problems += field_source_problems(tables["missions"])
    problems += date_problems(tables["missions"], as_of)
    problems += authorization_date_problems(tables["authorizations"], as_of)
    problems += country_problems(tables["missions"], bounds)
    problems += derived_problems(tables, as_of)
    problems += country_reference_problems(tables, bounds)
    if problems:
        raise DataValidationError(problems)
