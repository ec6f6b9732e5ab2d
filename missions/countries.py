"""Countries: ISO 3166 alpha-3 codes and their names, the reviewed crosswalk of English country
names to codes, and what the atlas says about one country (the operations it hosted, the UN
personnel it contributed, the operations it led or joined, the UN fatalities among its
nationals). Pure pandas, no Streamlit; the Country page, the profile, Compare and the exports
read it.

- **Names.** A code's name is Natural Earth's short name (data/geo/country_bounds.csv), with
  its abbreviations written out (`READABLE_NAMES`), or, for a state that no longer exists, the
  name in `FORMER_STATES` (the UN's fatalities file still records Yugoslavia and Serbia and
  Montenegro under their withdrawn codes YUG and SCG).
- **The crosswalk** `missions/importers/crosswalks/countries.csv` (`name, iso3, note`) maps every
  English country name the atlas meets — the UN contributions file's, the UN fatalities file's
  where it gives no code, and the state partners of data/partners.csv — to a code. Empty `iso3`
  means "known, and deliberately mapped to no country" (the note says why). The importers fail
  on a name it does not hold; partners.csv is checked by the tests.
- **Contributions** (`contributions_yearly.csv`): the dataset's yearly figure of a country's
  uniformed personnel in a mission is the sum of the UN's monthly figures divided by 12 (see
  data/README.md), so a year with months missing from the file understates everyone.
  `CONTRIBUTION_YEAR_NOTES` says which years, as checked against Kathman's monthly figures.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from missions.errors import DataProblem, DataValidationError
from missions.series import year_spans
from missions.validation import split_ids

if TYPE_CHECKING:  # the Dataset imports this module
    from missions.dataset import Dataset

COUNTRY_CROSSWALK_FILE = (
    Path(__file__).resolve().parent / "importers" / "crosswalks" / "countries.csv"
)
COUNTRY_CROSSWALK_COLUMNS = ("name", "iso3", "note")
ISO3_PATTERN = re.compile(r"^[A-Z]{3}$")

# States that no longer exist, under their withdrawn ISO 3166-1 alpha-3 codes (ISO 3166-3).
FORMER_STATES = {
    "CSK": "Czechoslovakia",
    "SCG": "Serbia and Montenegro",
    "YUG": "Yugoslavia",
}
# The code of a death whose nationality the UN does not record (its own marker is "ZZ
# [Undetermined]"): ZZZ is in ISO 3166's user-assigned range, so it names no country. A code
# rather than an empty cell, because the nationality is part of the table's key.
UNDETERMINED_NATIONALITY = "ZZZ"
UNDETERMINED_NAME = "nationality not recorded"
# Natural Earth's abbreviated short names written out. AUS is a correction: the bundled bounds
# file names Australia's box after the Ashmore and Cartier Islands, which share its numeric id.
READABLE_NAMES = {
    "ATF": "French Southern and Antarctic Lands",
    "ATG": "Antigua and Barbuda",
    "AUS": "Australia",
    "BIH": "Bosnia and Herzegovina",
    "CAF": "Central African Republic",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "COK": "Cook Islands",
    "CYM": "Cayman Islands",
    "DOM": "Dominican Republic",
    "ESH": "Western Sahara",
    "FLK": "Falkland Islands",
    "FRO": "Faroe Islands",
    "GNQ": "Equatorial Guinea",
    "HMD": "Heard Island and McDonald Islands",
    "IOT": "British Indian Ocean Territory",
    "KNA": "Saint Kitts and Nevis",
    "MHL": "Marshall Islands",
    "MKD": "North Macedonia",
    "MNP": "Northern Mariana Islands",
    "PCN": "Pitcairn Islands",
    "PYF": "French Polynesia",
    "SGS": "South Georgia and the South Sandwich Islands",
    "SLB": "Solomon Islands",
    "SPM": "Saint Pierre and Miquelon",
    "SSD": "South Sudan",
    "SWZ": "Eswatini",
    "TCA": "Turks and Caicos Islands",
    "VCT": "Saint Vincent and the Grenadines",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
    "WLF": "Wallis and Futuna",
}

CONTRIBUTIONS_SOURCE = "un-contributions-yearly"
CONTRIBUTION_YEARS = (2010, 2021)
# Years whose yearly figures equal the monthly means of Kathman's data for the missions deployed
# all year (tests/test_countries.py recomputes the comparison from data/).
COMPLETE_CONTRIBUTION_YEARS = (2011, 2018, 2019)
DEFAULT_RANKING_YEAR = 2019
CONTRIBUTION_YEAR_NOTES = {
    2010: "Only 12 contributing countries (Albania to Bhutan, in alphabetical order) are in the "
    "dataset for 2010: the others are missing, not zero.",
    2012: "About 70 % of Kathman's monthly means for the same missions: some months of 2012 "
    "appear to be missing from the dataset, which divides the sum of the months by 12.",
    2013: "About 92 % (11/12) of Kathman's monthly means: one month appears to be missing.",
    2014: "About 92 % (11/12) of the monthly means in Kathman's and IPI's data: one month "
    "appears to be missing.",
    2015: "About 92 % (11/12) of Kathman's monthly means: one month appears to be missing.",
    2016: "About 92 % (11/12) of Kathman's monthly means: one month appears to be missing.",
    2017: "About 41 % of Kathman's monthly means: only about five months of 2017 appear to be "
    "in the dataset.",
    2020: "No second dataset covers 2020 to check it against; the totals are close to 2019's.",
    2021: "About a twelfth of 2020's total: only about one month of 2021 appears to be in the "
    "dataset.",
}
# The same, in a few words for a caption or a year picker.
CONTRIBUTION_YEAR_BRIEF = {
    2010: "only 12 countries",
    2012: "about 70 % of the year",
    2013: "one month missing",
    2014: "one month missing",
    2015: "one month missing",
    2016: "one month missing",
    2017: "about 5 months of 12",
    2020: "not checked",
    2021: "about 1 month of 12",
}
# Years so incomplete that a chart shades them.
MOSTLY_MISSING_YEARS = (2010, 2012, 2017, 2021)
# The relations of partners.csv through which a state led or took part in an operation.
LEADING_RELATIONS = ("lead_nation", "contributor")
TOP_CONTRIBUTORS = 10


# --- names and codes ---------------------------------------------------------------------------


def readable_country_names(bounds_names: Mapping[str, str]) -> dict[str, str]:
    """Code -> name: Natural Earth's names with abbreviations written out, and former states."""
    names = {code: READABLE_NAMES.get(code, name) for code, name in bounds_names.items()}
    for code, name in FORMER_STATES.items():
        names.setdefault(code, name)
    names.setdefault(UNDETERMINED_NATIONALITY, UNDETERMINED_NAME)
    return names


def known_country_codes(bounds_codes: Iterable[str]) -> frozenset[str]:
    """The codes a table may use: today's countries (the bounds file), former states and the
    code of an undetermined nationality."""
    return frozenset(bounds_codes) | frozenset(FORMER_STATES) | {UNDETERMINED_NATIONALITY}


def normalized_code(value: str) -> str:
    """A code as a link may carry it (" ken") in the form the data uses ("KEN")."""
    return value.strip().upper()


def check_country_link(
    values: Sequence[str], known: Collection[str]
) -> tuple[str | None, list[str]]:
    """The country a link's `country` values choose, and the values it leaves out.

    The first value that is a known code (in any case, spaces around it ignored) is chosen; the
    other non-empty values are left out (a page shows one country)."""
    chosen: str | None = None
    left_out: list[str] = []
    for value in values:
        if not value:
            continue
        code = normalized_code(value)
        if chosen is None and code in known:
            chosen = code
        else:
            left_out.append(value)
    return chosen, left_out


# --- the reviewed crosswalk of country names ------------------------------------------------


@dataclass(frozen=True)
class CountryName:
    """One row of the country crosswalk: a name, its code ("" = no country) and the note."""

    line: int
    name: str
    iso3: str
    note: str


@dataclass(frozen=True)
class CountryCrosswalk:
    """The rows of crosswalks/countries.csv by name."""

    file: str
    rows: Mapping[str, CountryName]

    def lookup(self, name: str) -> CountryName | None:
        """The row of a name exactly as written, or None when no row holds it."""
        return self.rows.get(name)

    def codes(self) -> frozenset[str]:
        return frozenset(row.iso3 for row in self.rows.values() if row.iso3)


def read_country_crosswalk(
    path: Path = COUNTRY_CROSSWALK_FILE, known_codes: Collection[str] | None = None
) -> CountryCrosswalk:
    """Read and check the country crosswalk. Every problem names the file, line and column:
    a missing column, an empty or repeated name, a code that is not three capital letters (or
    not in `known_codes`, when given), an empty code without the reason."""
    file = f"crosswalks/{path.name}"
    if not path.is_file():
        raise DataValidationError([DataProblem(file, None, None, "the file is missing")])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataValidationError(
            [DataProblem(file, None, None, "the file is not UTF-8 text")]
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    missing = [column for column in COUNTRY_CROSSWALK_COLUMNS if column not in header]
    if missing:
        raise DataValidationError(
            [DataProblem(file, 1, column, "the column is missing") for column in missing]
        )
    rows: dict[str, CountryName] = {}
    problems: list[DataProblem] = []
    for cells in reader:
        if not cells:
            continue
        line = reader.line_num
        if len(cells) != len(header):
            problems.append(
                DataProblem(file, line, None, f"{len(cells)} fields where the header has 3")
            )
            continue
        record = dict(zip(header, (cell.strip() for cell in cells), strict=True))
        row = CountryName(line, record["name"], record["iso3"], record["note"])
        if not row.name:
            problems.append(DataProblem(file, line, "name", "a value is required"))
        elif row.name in rows:
            problems.append(
                DataProblem(file, line, "name", f"{row.name!r} repeats line {rows[row.name].line}")
            )
        if row.iso3 and not ISO3_PATTERN.match(row.iso3):
            problems.append(
                DataProblem(file, line, "iso3", f"not an ISO 3166 alpha-3 code: {row.iso3!r}")
            )
        elif row.iso3 and known_codes is not None and row.iso3 not in known_codes:
            problems.append(DataProblem(file, line, "iso3", f"unknown country code {row.iso3!r}"))
        if not row.iso3 and not row.note:
            problems.append(
                DataProblem(file, line, "note", "a name mapped to no country needs the reason")
            )
        rows.setdefault(row.name, row)
    if problems:
        raise DataValidationError(problems)
    return CountryCrosswalk(file, rows)


def partner_states(partners: pd.DataFrame, crosswalk: CountryCrosswalk) -> pd.DataFrame:
    """The partner rows that name a state, with its code in `country` (missing where the
    crosswalk has no code for the name)."""
    states = partners[partners["partner_kind"] == "state"].copy()
    codes = []
    for name in states["partner_name"]:
        row = crosswalk.lookup(name) if isinstance(name, str) else None
        codes.append(row.iso3 if row is not None and row.iso3 else None)
    states["country"] = pd.Series(codes, index=states.index, dtype="object")
    return states.reset_index(drop=True)


def unmapped_partner_states(partners: pd.DataFrame, crosswalk: CountryCrosswalk) -> list[str]:
    """State partner names the crosswalk does not hold (each needs a reviewed row)."""
    names = partners.loc[partners["partner_kind"] == "state", "partner_name"].dropna()
    return sorted({name for name in names if crosswalk.lookup(name) is None})


# --- one country -------------------------------------------------------------------------------


def hosted_missions(missions: pd.DataFrame, code: str) -> pd.DataFrame:
    """The operations whose host countries include `code`, earliest start first."""
    hosted = missions["host_countries"].map(lambda cell: code in split_ids(cell))
    return missions[hosted.astype(bool)].sort_values(["start", "mission_id"])


def contributions_of(contributions: pd.DataFrame, code: str) -> pd.DataFrame:
    """The country's rows of contributions_yearly.csv, by year and mission."""
    rows = contributions[contributions["country"] == code]
    return rows.sort_values(["year", "mission_id"]).reset_index(drop=True)


def contributions_by_mission(rows: pd.DataFrame, acronyms: Mapping[str, str]) -> pd.DataFrame:
    """One row per mission a country contributed to: its acronym, the years with personnel, the
    largest yearly figure and its year, and the sum of the yearly figures (personnel-years as
    the dataset gives them). Largest sum first."""
    if rows.empty:
        return pd.DataFrame(
            columns=["mission_id", "acronym", "years", "largest", "largest_year", "total"]
        )
    out = []
    for mission_id, group in rows.groupby("mission_id", sort=False):
        top = group.sort_values(["total", "year"], ascending=[False, True]).iloc[0]
        out.append(
            {
                "mission_id": mission_id,
                "acronym": acronyms.get(mission_id, mission_id),
                "years": year_spans(group["year"]),
                "largest": int(top["total"]),
                "largest_year": int(top["year"]),
                "total": int(group["total"].sum()),
            }
        )
    table = pd.DataFrame(out)
    return table.sort_values(["total", "acronym"], ascending=[False, True], ignore_index=True)


def contribution_ranking(
    contributions: pd.DataFrame, year: int, names: Mapping[str, str]
) -> pd.DataFrame:
    """The contributors of one year, largest first: rank (ties share a rank), country, name,
    personnel (the sum over missions of the yearly figures), missions, and share of the year's
    total in per cent."""
    rows = contributions[contributions["year"] == year]
    if rows.empty:
        return pd.DataFrame(columns=["rank", "country", "name", "personnel", "missions", "share"])
    totals = rows.groupby("country").agg(
        personnel=("total", "sum"), missions=("mission_id", "nunique")
    )
    totals = totals.reset_index()
    totals["personnel"] = totals["personnel"].astype(int)
    totals["name"] = totals["country"].map(lambda code: names.get(code, code))
    totals = totals.sort_values(["personnel", "name"], ascending=[False, True], ignore_index=True)
    totals["rank"] = totals["personnel"].rank(method="min", ascending=False).astype(int)
    grand = totals["personnel"].sum()
    totals["share"] = (100 * totals["personnel"] / grand).round(1) if grand else 0.0
    return totals[["rank", "country", "name", "personnel", "missions", "share"]]


def top_contributors(
    contributions: pd.DataFrame,
    mission_id: str,
    names: Mapping[str, str],
    limit: int = TOP_CONTRIBUTORS,
) -> pd.DataFrame:
    """A mission's largest contributors: country, name, the sum of their yearly figures over
    the years with data (personnel-years as the dataset gives them), then one column per year
    with its yearly figure (empty where the country had none). Largest sum first."""
    rows = contributions[contributions["mission_id"] == mission_id]
    if rows.empty:
        return pd.DataFrame(columns=["country", "name", "personnel_years"])
    wide = rows.pivot_table(index="country", columns="year", values="total", aggfunc="sum")
    wide.columns = [str(int(year)) for year in wide.columns]
    wide = wide.astype("Int64")
    sums = rows.groupby("country")["total"].sum().astype(int)
    table = wide.assign(personnel_years=sums).reset_index()
    table["name"] = table["country"].map(lambda code: names.get(code, code))
    table = table.sort_values(
        ["personnel_years", "name"], ascending=[False, True], ignore_index=True
    ).head(limit)
    years = [column for column in wide.columns]
    return table[["country", "name", "personnel_years", *years]]


def partner_roles_of(states: pd.DataFrame, missions: pd.DataFrame, code: str) -> pd.DataFrame:
    """The operations in which partners.csv records the state, with the relation, the
    operation's organization and dates and the source, earliest start first."""
    rows = states[states["country"] == code]
    by_id = missions.set_index("mission_id")
    table = pd.DataFrame(
        {
            "mission_id": rows["mission_id"].to_numpy(),
            "acronym": rows["mission_id"].map(by_id["acronym"]).to_numpy(),
            "name": rows["mission_id"].map(by_id["name"]).to_numpy(),
            "organization": rows["mission_id"].map(by_id["organization"]).to_numpy(),
            "relation": rows["relation"].to_numpy(),
            "partner_name": rows["partner_name"].to_numpy(),
            "start": rows["mission_id"].map(by_id["start"]).to_numpy(),
            "start_date": rows["mission_id"].map(by_id["start_date"]).to_numpy(),
            "end_date": rows["mission_id"].map(by_id["end_date"]).to_numpy(),
            "source_id": rows["source_id"].to_numpy(),
        }
    )
    return table.sort_values(["start", "acronym", "relation"], ignore_index=True)


def fatalities_by_mission(rows: pd.DataFrame, acronyms: Mapping[str, str]) -> pd.DataFrame:
    """A country's nationals' UN fatalities per mission: mission_id, acronym, the years with
    deaths, the number of deaths. Most deaths first."""
    if rows.empty:
        return pd.DataFrame(columns=["mission_id", "acronym", "years", "fatalities"])
    table = rows.groupby("mission_id", sort=False).agg(
        years=("year", year_spans), fatalities=("fatalities", "sum")
    )
    table = table.reset_index()
    table["acronym"] = table["mission_id"].map(
        lambda mission_id: acronyms.get(mission_id, mission_id)
    )
    table["fatalities"] = table["fatalities"].astype(int)
    table = table.sort_values(["fatalities", "acronym"], ascending=[False, True], ignore_index=True)
    return table[["mission_id", "acronym", "years", "fatalities"]]


def nationality_fatalities_of(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """The UN fatalities among a country's nationals: mission_id, year, fatalities."""
    rows = table[table["country"] == code]
    return rows.loc[:, ["mission_id", "year", "fatalities"]].sort_values(
        ["year", "mission_id"], ignore_index=True
    )


@dataclass(frozen=True)
class CountryProfile:
    """What the atlas holds about one country. Frames are new (never the dataset's own)."""

    code: str
    name: str
    hosted: pd.DataFrame
    contributions: pd.DataFrame
    by_mission: pd.DataFrame
    roles: pd.DataFrame
    fatalities: pd.DataFrame
    served_in: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return (
            self.hosted.empty
            and self.contributions.empty
            and self.roles.empty
            and self.fatalities.empty
        )

    @property
    def contribution_years(self) -> list[int]:
        return sorted({int(year) for year in self.contributions["year"]})

    @property
    def fatality_total(self) -> int:
        return int(self.fatalities["fatalities"].sum())


def served_in_countries(
    missions: pd.DataFrame, mission_ids: Iterable[str], own: str
) -> tuple[str, ...]:
    """The host countries of the given missions, other than the country itself, sorted."""
    hosts = missions.set_index("mission_id")["host_countries"]
    codes: set[str] = set()
    for mission_id in set(mission_ids):
        if mission_id in hosts.index:
            codes.update(split_ids(hosts[mission_id]))
    codes.discard(own)
    return tuple(sorted(codes))


def country_profile(dataset: Dataset, code: str) -> CountryProfile:
    """Everything the Country page shows about `code` (a known code; see `country_pages`)."""
    names = dataset.country_names()
    missions = dataset.missions
    contributions = contributions_of(dataset.contributions, code)
    acronyms = dict(zip(missions["mission_id"], missions["acronym"], strict=True))
    roles = partner_roles_of(dataset.partner_states, missions, code)
    fatalities = nationality_fatalities_of(dataset.nationality_fatalities, code)
    served = served_in_countries(
        missions,
        [*contributions["mission_id"], *roles["mission_id"], *fatalities["mission_id"]],
        code,
    )
    return CountryProfile(
        code=code,
        name=names.get(code, code),
        hosted=hosted_missions(missions, code),
        contributions=contributions,
        by_mission=contributions_by_mission(contributions, acronyms),
        roles=roles,
        fatalities=fatalities,
        served_in=served,
    )


def country_pages(dataset: Dataset) -> dict[str, str]:
    """Code -> name of every country with a page: every country of the outlines' bounds file,
    and any other code the data uses (former states; not the undetermined nationality),
    sorted by name."""
    names = dataset.country_names()
    codes = set(names) - set(FORMER_STATES) - {UNDETERMINED_NATIONALITY}
    used: set[str] = set()
    for cell in dataset.missions["host_countries"]:
        used.update(split_ids(cell))
    used.update(dataset.contributions["country"].dropna())
    used.update(dataset.nationality_fatalities["country"].dropna())
    used.update(dataset.partner_states["country"].dropna())
    codes |= used - {UNDETERMINED_NATIONALITY}
    pages = {code: names.get(code, code) for code in codes}
    return dict(sorted(pages.items(), key=lambda item: (item[1].casefold(), item[0])))
