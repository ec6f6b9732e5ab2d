"""Personnel and fatalities over time: the derived tables shaped for the profile, the
comparison, the timeline and the exports. Pure pandas, no Streamlit.

Which dataset is shown: `personnel_yearly.csv` keeps every dataset's figures. For each mission
and year the app shows one of them, the first in `SHOWN_ORDER` that has the mission that year:
Kathman (monthly, runs to 2019), then IPI (monthly, to 2017), then Bara & Hultman (SIPRI's
yearly figures; the only one for non-UN operations). Exports keep them all, with `shown`.

Personnel-years: the sum over years of the shown yearly mean of the total (a year at a mean
strength of 1,000 is 1,000 personnel-years). Fatalities per 1,000 personnel-years compare
uniformed fatalities (military, military observers, police) with uniformed personnel, over the
years that have a personnel figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

SHOWN_ORDER = ("kathman-2013", "ipi-ppp", "bara-hultman-2020")
FATALITIES_SOURCE = "un-psdh-fatalities"
# Short names of the datasets for hover labels; captions cite sources.csv's full titles.
DATASET_SHORT_NAMES = {
    "kathman-2013": "Kathman (2013)",
    "ipi-ppp": "IPI Providing for Peacekeeping",
    "bara-hultman-2020": "Bara & Hultman (2020), SIPRI figures",
    "un-psdh-fatalities": "UN Peace and Security Data Hub",
}
UNIFORMED_PERSONNEL_TYPES = ("military", "military-observer", "police")
STACKED_TYPES = ("troops", "police", "observers")
NOT_BROKEN_DOWN = "not_broken_down"
# A remainder this small is rounding of the one-decimal means, not personnel.
REMAINDER_TOLERANCE = 0.5


def shown_rank(source_id: str) -> tuple[int, str]:
    """Sort key of a dataset in the shown order (unknown datasets last, by id)."""
    order = SHOWN_ORDER.index(source_id) if source_id in SHOWN_ORDER else len(SHOWN_ORDER)
    return (order, source_id)


def shown_flags(personnel: pd.DataFrame) -> pd.Series:
    """True on the row the app shows for each mission and year (see the module docstring)."""
    if personnel.empty:
        return pd.Series(False, index=personnel.index, dtype=bool)
    rank = personnel["source_id"].map(shown_rank)
    ordered = personnel.assign(_rank=rank).sort_values(["mission_id", "year", "_rank"])
    first = ~ordered.duplicated(["mission_id", "year"], keep="first")
    return first.reindex(personnel.index)


def shown_personnel(personnel: pd.DataFrame) -> pd.DataFrame:
    """One row per mission and year: the dataset shown, sorted by mission and year."""
    shown = personnel[shown_flags(personnel)]
    return shown.sort_values(["mission_id", "year"]).reset_index(drop=True)


def with_breakdown(rows: pd.DataFrame) -> pd.DataFrame:
    """The stacked parts of each year's mean: troops, police, observers and, where the dataset
    gives the total but not every type, the rest as "not broken down"."""
    parts = rows.copy()
    given = parts[list(f"{kind}_mean" for kind in STACKED_TYPES)].astype("Float64")
    remainder = parts["total_mean"].astype("Float64") - given.fillna(0).sum(axis=1)
    parts[f"{NOT_BROKEN_DOWN}_mean"] = remainder.where(remainder > REMAINDER_TOLERANCE, 0.0)
    return parts


def year_spans(years: Iterable[int]) -> str:
    """ "1990–1995, 1997, 2001–2003": runs of consecutive years."""
    ordered = sorted({int(year) for year in years})
    runs: list[list[int]] = []
    for year in ordered:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


@dataclass(frozen=True)
class Coverage:
    """Which dataset gives which years of a series."""

    source_id: str
    years: str


def coverage(rows: pd.DataFrame) -> list[Coverage]:
    """The datasets behind some rows and the years each gives, in the shown order."""
    if rows.empty:
        return []
    sources = sorted(rows["source_id"].unique(), key=shown_rank)
    return [
        Coverage(source, year_spans(rows.loc[rows["source_id"] == source, "year"]))
        for source in sources
    ]


def mission_personnel(shown: pd.DataFrame, mission_id: str) -> pd.DataFrame:
    """The shown yearly figures of one mission, with the stacked parts, by year."""
    rows = shown[shown["mission_id"] == mission_id].sort_values("year")
    return with_breakdown(rows).reset_index(drop=True)


def mission_fatalities(fatalities: pd.DataFrame, mission_id: str) -> pd.DataFrame:
    """Fatalities of one mission per year and incident type (long form, by year)."""
    return fatalities_by_year(fatalities, [mission_id])


def fatalities_by_year(fatalities: pd.DataFrame, mission_ids: Iterable[str]) -> pd.DataFrame:
    """Fatalities of the given missions per year and incident type: year, incident_type,
    fatalities."""
    rows = fatalities[fatalities["mission_id"].isin(set(mission_ids))]
    counts = rows.groupby(["year", "incident_type"], as_index=False)["fatalities"].sum()
    return counts.astype({"year": int, "fatalities": int}).sort_values(["year", "incident_type"])


def aligned_personnel(
    shown: pd.DataFrame, missions: pd.DataFrame, mission_ids: Iterable[str]
) -> pd.DataFrame:
    """The shown yearly mean total of each mission against the years since it started
    (0 = the year it started): mission_id, year, years_since_start, total_mean, source_id."""
    ids = list(mission_ids)
    starts = missions.set_index("mission_id")["start_year"]
    rows = shown[shown["mission_id"].isin(ids)].copy()
    rows["years_since_start"] = rows["year"] - rows["mission_id"].map(starts)
    rows["order"] = rows["mission_id"].map({mission_id: i for i, mission_id in enumerate(ids)})
    rows = rows.sort_values(["order", "year"])
    columns = ["mission_id", "year", "years_since_start", "total_mean", "total_max", "source_id"]
    return rows[columns].reset_index(drop=True)


def fatality_rates(
    shown: pd.DataFrame,
    fatalities: pd.DataFrame,
    mission_ids: Iterable[str],
    counted: Iterable[str],
) -> pd.DataFrame:
    """Per mission: personnel-years, uniformed fatalities in the same years and the rate per
    1,000 personnel-years. `counted` are the missions whose deaths the fatalities dataset
    records (the UN's operations); for the others, and for missions without personnel figures,
    fatalities or the rate are empty (unknown, not zero).

    Columns: mission_id, years (the years counted, as spans), personnel_years, fatalities,
    per_1000."""
    rows = []
    counted = set(counted)
    uniformed = fatalities[fatalities["personnel_type"].isin(UNIFORMED_PERSONNEL_TYPES)]
    for mission_id in mission_ids:
        personnel = shown[shown["mission_id"] == mission_id]
        years = set(personnel["year"].astype(int))
        personnel_years = float(personnel["total_mean"].sum())
        deaths = None
        if mission_id in counted:
            in_years = (uniformed["mission_id"] == mission_id) & uniformed["year"].isin(years)
            deaths = int(uniformed.loc[in_years, "fatalities"].sum())
        known = deaths is not None and personnel_years > 0
        rows.append(
            {
                "mission_id": mission_id,
                "years": year_spans(years),
                "personnel_years": personnel_years,
                "fatalities": deaths,
                "per_1000": 1000 * deaths / personnel_years if known else None,
            }
        )
    return pd.DataFrame(
        rows, columns=["mission_id", "years", "personnel_years", "fatalities", "per_1000"]
    )


def personnel_per_year(shown: pd.DataFrame, missions: pd.DataFrame) -> pd.DataFrame:
    """Personnel deployed per year across the given missions, by organization: the sum of the
    shown yearly means (year, organization, personnel, missions with a figure)."""
    organization = missions.set_index("mission_id")["organization"]
    rows = shown[shown["mission_id"].isin(organization.index)].copy()
    rows["organization"] = rows["mission_id"].map(organization)
    totals = rows.groupby(["year", "organization"], as_index=False).agg(
        personnel=("total_mean", "sum"), missions=("mission_id", "nunique")
    )
    totals["personnel"] = totals["personnel"].astype(float)
    return totals.astype({"year": int}).sort_values(["year", "organization"])


@dataclass(frozen=True)
class SeriesCoverage:
    """How much of a view a summed series covers."""

    with_data: int
    in_view: int
    sources: list[Coverage]


def view_coverage(rows: pd.DataFrame, missions: pd.DataFrame) -> SeriesCoverage:
    """How many of the missions in view have rows, and which datasets give which years."""
    ids = set(missions["mission_id"])
    rows = rows[rows["mission_id"].isin(ids)]
    return SeriesCoverage(rows["mission_id"].nunique(), len(ids), coverage(rows))


def rows_of(table: pd.DataFrame, mission_ids: Iterable[str]) -> pd.DataFrame:
    """The rows of a derived table that belong to the given missions."""
    return table[table["mission_id"].isin(set(mission_ids))]
