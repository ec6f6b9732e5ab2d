"""Loading the curated tables into one validated `Dataset`, with derived columns added once.

`load_dataset(data_dir)` reads every CSV in `data/`, checks it (see `missions.validation`) and
adds the columns the app needs on every rerun (`start`, `end`, `start_year`, `end_year`,
`is_active`), so no page has to derive them again. The derived tables (`personnel_yearly.csv`,
`fatalities_yearly.csv`, `contributions_yearly.csv`, `fatalities_by_nationality.csv`,
`deployments_yearly.csv`, written by `missions.importers`) are loaded and checked the same way.
The state partners of partners.csv get their ISO code through the reviewed country crosswalk
(`missions.countries`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from missions.countries import (
    known_country_codes,
    partner_states,
    read_country_crosswalk,
    readable_country_names,
)
from missions.dates import period_end, period_start
from missions.errors import DataProblem, DataValidationError
from missions.lineage import handover_edges
from missions.mandates import current_mandates, with_current_mandates
from missions.paths import DATA_DIR
from missions.series import shown_personnel
from missions.tables import (
    ABOUT_KEYS,
    DERIVED_COORDINATES,
    DERIVED_TABLES,
    TABLE_COLUMNS,
    TABLE_FILES,
    numeric_columns,
)
from missions.validation import about_problems, csv_line, validate

COUNTRY_BOUNDS_FILE = Path("geo") / "country_bounds.csv"
COUNTRY_OUTLINES_FILE = Path("geo") / "countries_110m.geojson"
COUNTRY_BOUNDS_COLUMNS = ("iso_a3", "name", "min_lon", "min_lat", "max_lon", "max_lat")
# Whole numbers beyond this cannot be stored exactly (and no mission had so many people).
LARGEST_WHOLE_NUMBER = 2**53


@dataclass(frozen=True)
class Dataset:
    """Every curated table, validated, plus what the data says about itself."""

    missions: pd.DataFrame
    mandate_tasks: pd.DataFrame
    partners: pd.DataFrame
    challenges: pd.DataFrame
    authorizations: pd.DataFrame
    sources: pd.DataFrame
    taxonomy: pd.DataFrame
    excluded: pd.DataFrame
    sipri_counts: pd.DataFrame
    about: dict[str, str]
    country_bounds: pd.DataFrame
    personnel: pd.DataFrame
    fatalities: pd.DataFrame
    # Country tables (issue 14): UN personnel per country, mission and year; UN fatalities by
    # the nationality of the dead; the state partners with their ISO code (`country`).
    contributions: pd.DataFrame
    nationality_fatalities: pd.DataFrame
    partner_states: pd.DataFrame
    data_dir: Path = field(default=DATA_DIR)
    # Geo-PKO's UN deployment sites per year (deployments_yearly.csv). Read only.
    deployments: pd.DataFrame = field(default_factory=lambda: empty_table("deployments_yearly"))

    @property
    def as_of(self) -> pd.Timestamp:
        return pd.Timestamp(self.about["as_of"])

    def __post_init__(self) -> None:
        # The closed lists are read on every rerun: index them once (the dataclass is frozen).
        by_kind = {kind: rows for kind, rows in self.taxonomy.groupby("kind", sort=False)}
        object.__setattr__(
            self, "_codes", {kind: tuple(rows["code"]) for kind, rows in by_kind.items()}
        )
        object.__setattr__(
            self,
            "_labels",
            {
                kind: dict(zip(rows["code"], rows["label"], strict=True))
                for kind, rows in by_kind.items()
            },
        )

        object.__setattr__(
            self,
            "_task_sets",
            self.mandate_tasks.groupby("mission_id")["task_code"].agg(frozenset).to_dict(),
        )

        object.__setattr__(self, "_by_id", self.missions.set_index("mission_id", drop=False))
        object.__setattr__(self, "_sources_by_id", self.sources.set_index("source_id", drop=False))
        object.__setattr__(
            self, "_urls", dict(zip(self.sources["source_id"], self.sources["url"], strict=True))
        )
        object.__setattr__(
            self,
            "_country_names",
            readable_country_names(
                dict(zip(self.country_bounds["iso_a3"], self.country_bounds["name"], strict=True))
            ),
        )
        object.__setattr__(self, "_edges", handover_edges(self.partners))
        object.__setattr__(self, "_shown_personnel", shown_personnel(self.personnel))

    @property
    def missions_by_id(self) -> pd.DataFrame:
        """The missions table indexed by mission_id (the column is kept too). Read only."""
        return self._by_id

    @property
    def sources_by_id(self) -> pd.DataFrame:
        """The sources table indexed by source_id (the column is kept too). Read only."""
        return self._sources_by_id

    @property
    def shown_personnel(self) -> pd.DataFrame:
        """One personnel row per mission and year: the dataset the app shows (see
        `missions.series`). Read only."""
        return self._shown_personnel

    def source_urls(self) -> Mapping[str, str]:
        """Source id -> URL."""
        return MappingProxyType(self._urls)

    def handover_edges(self) -> pd.DataFrame:
        """The (from_id, to_id) hand-overs between missions (see `lineage.handover_edges`)."""
        return self._edges

    def task_sets(self) -> Mapping[str, frozenset[str]]:
        """Mission id -> the codes of its mandate tasks (missions with none are absent)."""
        return MappingProxyType(self._task_sets)

    def codes(self, kind: str) -> list[str]:
        """The codes of one closed list, in the order taxonomy.csv gives them."""
        return list(self._codes.get(kind, ()))

    def labels(self, kind: str) -> dict[str, str]:
        """Code -> label for one closed list."""
        return dict(self._labels.get(kind, {}))

    def country_names(self) -> Mapping[str, str]:
        """ISO 3166 alpha-3 code -> the country's short name (Natural Earth's, abbreviations
        written out; former states such as Yugoslavia included)."""
        return MappingProxyType(self._country_names)


def empty_table(table: str) -> pd.DataFrame:
    """A table with its columns and no rows."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in TABLE_COLUMNS[table]})


def read_text(path: Path, file: str) -> str:
    """The text of one data file; DataValidationError naming the file when it is missing, not
    UTF-8 (a NUL byte, as UTF-16 has, counts as not UTF-8) or empty."""
    if not path.exists():
        raise DataValidationError([DataProblem(file, None, None, "the file is missing")])
    if not path.is_file():
        raise DataValidationError([DataProblem(file, None, None, "this is not a file")])
    raw = path.read_bytes()
    bad_at = raw.find(b"\x00")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_at = error.start if bad_at < 0 else min(bad_at, error.start)
        text = ""
    if bad_at >= 0:
        line = raw[:bad_at].count(b"\n") + 1
        raise DataValidationError([DataProblem(file, line, None, "the file is not UTF-8 text")])
    if not text.strip():
        raise DataValidationError([DataProblem(file, None, None, "the file is empty")])
    return text


def shape_problems(text: str, file: str) -> list[DataProblem]:
    """Rows whose number of fields differs from the header's (a stray comma or open quote)."""
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows)
    problems = []
    for row in rows:
        if row and len(row) != len(header):
            problems.append(
                DataProblem(
                    file,
                    rows.line_num,
                    None,
                    f"{len(row)} fields where the header has {len(header)} "
                    "(a stray comma, or a quote that is not closed?)",
                )
            )
    return problems


def read_csv_text(text: str, file: str, columns: tuple[str, ...], **options) -> pd.DataFrame:
    """Parse checked CSV text and check that every expected column is there."""
    problems = shape_problems(text, file)
    if problems:
        raise DataValidationError(problems)
    try:
        frame = pd.read_csv(io.StringIO(text), index_col=False, **options)
    except pd.errors.ParserError as error:
        raise DataValidationError(
            [DataProblem(file, None, None, f"not valid CSV: {error}")]
        ) from error
    frame.columns = [str(column).strip() for column in frame.columns]
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise DataValidationError(
            [DataProblem(file, 1, column, "the column is missing") for column in missing]
        )
    return frame


def read_table(path: Path, table: str) -> pd.DataFrame:
    """Read one CSV as text, check its columns, and convert its numeric columns (their types are
    declared in missions.tables)."""
    file = path.name
    text = read_text(path, file)
    frame = read_csv_text(
        text, file, TABLE_COLUMNS[table], dtype=str, keep_default_na=False, na_values=[""]
    )
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    numbers = numeric_columns(table)
    signed = DERIVED_COORDINATES.get(table, ())
    counts = {column: kind for column, kind in numbers.items() if column not in signed}
    if counts:
        # Counts in the derived tables are never negative; curated ranges and coordinates are
        # checked by validation (missions.tables.COLUMN_RANGES).
        frame = _convert_numbers(frame, file, counts, negative_allowed=table not in DERIVED_TABLES)
    if signed:
        frame = _convert_numbers(frame, file, {column: numbers[column] for column in signed})
    return frame


def read_country_bounds(data_dir: Path) -> pd.DataFrame:
    """The bounding box of every country (geo/country_bounds.csv), numbers checked."""
    file = COUNTRY_BOUNDS_FILE.as_posix()
    text = read_text(data_dir / COUNTRY_BOUNDS_FILE, file)
    # keep_default_na=False: "NA" is Namibia's code, not a missing value.
    bounds = read_csv_text(text, file, COUNTRY_BOUNDS_COLUMNS, keep_default_na=False)
    problems = []
    for column in COUNTRY_BOUNDS_COLUMNS[2:]:
        numbers = pd.to_numeric(bounds[column], errors="coerce")
        problems += [
            DataProblem(file, csv_line(index), column, f"not a number: {value!r}")
            for index, value in bounds.loc[numbers.isna(), column].items()
        ]
        bounds[column] = numbers
    if problems:
        raise DataValidationError(problems)
    return bounds


def outline_problems(data_dir: Path) -> list[DataProblem]:
    """The country outlines the map draws must be a GeoJSON FeatureCollection."""
    file = COUNTRY_OUTLINES_FILE.as_posix()
    try:
        outlines = json.loads(read_text(data_dir / COUNTRY_OUTLINES_FILE, file))
    except DataValidationError as error:
        return error.problems
    except json.JSONDecodeError as error:
        return [DataProblem(file, error.lineno, None, f"not valid JSON: {error.msg}")]
    if not isinstance(outlines, dict) or not isinstance(outlines.get("features"), list):
        return [DataProblem(file, None, None, "not a GeoJSON FeatureCollection")]
    return []


def _convert_numbers(
    frame: pd.DataFrame, file: str, columns: dict[str, str], negative_allowed: bool = True
) -> pd.DataFrame:
    """The numeric columns as numbers ("Int64": whole numbers); every bad cell reported."""
    problems = []
    converted = frame.copy()
    for column, dtype in columns.items():
        numbers = pd.to_numeric(frame[column], errors="coerce")
        if not negative_allowed:
            # Counts: "inf" parses as a float but is no count of anything.
            numbers = numbers.where(numbers.abs() != float("inf"))
        bad = frame[column].notna() & numbers.isna()
        problems += [
            DataProblem(file, csv_line(index), column, f"not a number: {frame.at[index, column]!r}")
            for index in frame.index[bad]
        ]
        if not negative_allowed:
            negative = numbers.notna() & (numbers < 0)
            problems += [
                DataProblem(
                    file, csv_line(index), column, f"negative value {frame.at[index, column]!r}"
                )
                for index in frame.index[negative]
            ]
            numbers = numbers.where(~negative)
        if dtype == "Int64":
            fractional = numbers.notna() & (numbers % 1 != 0)
            too_large = numbers.notna() & ~fractional & (numbers.abs() >= LARGEST_WHOLE_NUMBER)
            problems += [
                DataProblem(file, csv_line(index), column, "must be a whole number")
                for index in frame.index[fractional]
            ]
            problems += [
                DataProblem(file, csv_line(index), column, "the number is too large")
                for index in frame.index[too_large]
            ]
            numbers = numbers.where(~fractional & ~too_large).round()
        converted[column] = numbers.astype(dtype)
    if problems:
        raise DataValidationError(problems)
    return converted


def derive_mission_columns(missions: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Columns every page uses, computed once: period bounds, years and whether active."""
    derived = missions.copy()
    derived["start"] = [
        period_start(text) if isinstance(text, str) else pd.NaT for text in missions["start_date"]
    ]
    derived["end"] = [
        period_end(text) if isinstance(text, str) else pd.NaT for text in missions["end_date"]
    ]
    derived["start"] = pd.to_datetime(derived["start"])
    derived["end"] = pd.to_datetime(derived["end"])
    derived["is_active"] = missions["end_date"].isna()
    derived["start_year"] = derived["start"].dt.year.astype("Int64")
    derived["end_year"] = derived["end"].dt.year.astype("Int64")
    # Where a mission runs to on a timeline: its actual end, or the as-of date if ongoing.
    derived["end_or_as_of"] = derived["end"].where(~derived["is_active"], as_of)
    return derived


def derive_authorization_columns(authorizations: pd.DataFrame) -> pd.DataFrame:
    """The decisions with their dates parsed (`decided`, `mandate_end`) and the authorized
    strength as a number, sorted by mission and date."""
    derived = authorizations.copy()
    derived["decided"] = pd.to_datetime([period_start(text) for text in authorizations["date"]])
    derived["mandate_end"] = pd.to_datetime(
        [
            period_start(text) if isinstance(text, str) else pd.NaT
            for text in authorizations["mandate_until"]
        ]
    )
    derived["authorized_personnel"] = pd.to_numeric(authorizations["authorized_personnel"]).astype(
        "Int64"
    )
    return derived.sort_values(["mission_id", "decided"], kind="stable", ignore_index=True)


def load_dataset(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Read, validate and enrich every table in `data_dir`; raise DataValidationError if bad."""
    data_dir = Path(data_dir)
    tables: dict[str, pd.DataFrame] = {}
    problems: list[DataProblem] = []
    for table, file_name in TABLE_FILES.items():
        try:
            tables[table] = read_table(data_dir / file_name, table)
        except DataValidationError as error:
            problems += error.problems
    if problems:
        raise DataValidationError(problems)

    about = tables["about"]
    problems = about_problems(about, ABOUT_KEYS)
    if problems:
        raise DataValidationError(problems)
    about_values = dict(zip(about["key"], about["value"], strict=True))
    as_of = pd.Timestamp(about_values["as_of"])

    try:
        bounds = read_country_bounds(data_dir)
    except DataValidationError as error:
        problems += error.problems
    problems += outline_problems(data_dir)
    if problems:
        raise DataValidationError(problems)
    validate(tables, bounds, as_of)
    crosswalk = read_country_crosswalk(known_codes=known_country_codes(bounds["iso_a3"]))

    authorizations = derive_authorization_columns(tables["authorizations"])
    missions = with_current_mandates(
        derive_mission_columns(tables["missions"], as_of), current_mandates(authorizations)
    )
    return Dataset(
        missions=missions,
        mandate_tasks=tables["mandate_tasks"],
        partners=tables["partners"],
        challenges=tables["challenges"],
        authorizations=authorizations,
        sources=tables["sources"],
        taxonomy=tables["taxonomy"],
        excluded=tables["excluded"],
        sipri_counts=tables["sipri_counts"].astype({"year": int, "operations": int}),
        about=about_values,
        country_bounds=bounds,
        personnel=tables["personnel_yearly"],
        fatalities=tables["fatalities_yearly"],
        contributions=tables["contributions_yearly"],
        nationality_fatalities=tables["fatalities_by_nationality"],
        partner_states=partner_states(tables["partners"], crosswalk),
        data_dir=data_dir,
        deployments=tables["deployments_yearly"],
    )


def load_country_outlines(data_dir: Path | str = DATA_DIR) -> dict:
    """The bundled Natural Earth 1:110m country outlines as a GeoJSON FeatureCollection."""
    return json.loads((Path(data_dir) / COUNTRY_OUTLINES_FILE).read_text(encoding="utf-8"))
