"""Headline figures and coverage facts for a filtered view of the missions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from missions.validation import split_ids


@dataclass(frozen=True)
class Headline:
    missions: int
    active: int
    organizations: int
    host_countries: int
    largest_peak: int | None
    largest_peak_acronym: str | None
    with_personnel: int


def host_country_codes(missions: pd.DataFrame) -> list[str]:
    """Every distinct host country code in the view, sorted."""
    codes: set[str] = set()
    for cell in missions["host_countries"]:
        codes.update(split_ids(cell))
    return sorted(codes)


def headline(missions: pd.DataFrame) -> Headline:
    """The figures at the top of the Overview for the current view."""
    personnel = missions["peak_personnel"].dropna()
    if len(personnel):
        top = missions.loc[personnel.idxmax()]
        largest, largest_acronym = int(top["peak_personnel"]), str(top["acronym"])
    else:
        largest, largest_acronym = None, None
    return Headline(
        missions=len(missions),
        active=int(missions["is_active"].sum()),
        organizations=missions["organization"].nunique(),
        host_countries=len(host_country_codes(missions)),
        largest_peak=largest,
        largest_peak_acronym=largest_acronym,
        with_personnel=len(personnel),
    )


def year_span(missions: pd.DataFrame, as_of: pd.Timestamp) -> tuple[int, int]:
    """First start year in the data and the as-of year: the range of the years filter."""
    first = missions["start_year"].min()
    return (int(first) if pd.notna(first) else as_of.year, as_of.year)


def missions_per_organization(missions: pd.DataFrame) -> pd.DataFrame:
    """Missions and active missions per organization, largest first."""
    grouped = missions.groupby("organization").agg(
        missions=("mission_id", "size"), active=("is_active", "sum")
    )
    return grouped.sort_values("missions", ascending=False).reset_index()


# Field -> the column naming its source. Fields without their own source column are covered
# by the mission's `source_ids`; the coded fields (organization, type, region) are our coding.
COVERAGE_FIELDS = {
    "start_date": "dates_source",
    "end_date": "dates_source",
    "host_countries": "source_ids",
    "hq_name": "hq_source",
    "hq_lat": "coordinates_source",
    "authorization": "source_ids",
    "peak_personnel": "personnel_source",
    "summary": "source_ids",
    "outcome": "source_ids",
}
COVERAGE_LABELS = {
    "start_date": "Start date",
    "end_date": "End date (empty = ongoing)",
    "host_countries": "Host countries",
    "hq_name": "Headquarters",
    "hq_lat": "Headquarters coordinates",
    "authorization": "Authorization",
    "peak_personnel": "Peak personnel",
    "summary": "Summary",
    "outcome": "Outcome",
}


def coverage_table(missions: pd.DataFrame) -> pd.DataFrame:
    """Per field: how many missions have it, and how many of those name a source for it.

    End dates are counted over all missions; an empty end date means ongoing, so the table
    also shows how many are ongoing.
    """
    rows = []
    total = len(missions)
    for field, source_column in COVERAGE_FIELDS.items():
        filled = missions[field].notna()
        sourced = filled & missions[source_column].notna()
        rows.append(
            {
                "field": COVERAGE_LABELS[field],
                "filled": int(filled.sum()),
                "percent_filled": round(100 * filled.sum() / total, 1) if total else 0.0,
                "percent_with_source": round(100 * sourced.sum() / filled.sum(), 1)
                if filled.sum()
                else 0.0,
                "empty": int(total - filled.sum()),
            }
        )
    return pd.DataFrame(rows)


def active_counts_by_year(missions: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Missions deployed at some time in each year, per organization (long form).

    Columns: year, organization, missions. Ongoing missions count up to `last`.
    """
    known = missions[missions["start_year"].notna()]
    starts = known["start_year"].astype("int64").clip(lower=first).to_numpy()
    ends = known["end_year"].astype("Float64").fillna(last).astype("int64").clip(upper=last)
    lengths = (ends.to_numpy() - starts + 1).clip(min=0)
    # One row per mission and year it was active: each start repeated, plus 0, 1, 2, … within it.
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    active = pd.DataFrame(
        {
            "year": np.repeat(starts, lengths) + offsets,
            "organization": np.repeat(known["organization"].to_numpy(), lengths),
        }
    )
    counts = active.groupby(["year", "organization"]).size().rename("missions").reset_index()
    counts = counts.sort_values(["year", "missions", "organization"], ascending=[True, False, True])
    return counts.astype({"year": int, "missions": int}).reset_index(drop=True)


def host_country_counts(missions: pd.DataFrame) -> dict[str, int]:
    """ISO code -> how many of the missions it hosted."""
    counts: dict[str, int] = {}
    for cell in missions["host_countries"]:
        for code in split_ids(cell):
            counts[code] = counts.get(code, 0) + 1
    return counts


def type_by_organization(missions: pd.DataFrame) -> pd.DataFrame:
    """Mission counts: one row per mission type, one column per organization."""
    return pd.crosstab(missions["mission_type"], missions["organization"])


def region_by_decade(missions: pd.DataFrame) -> pd.DataFrame:
    """Mission counts by the decade of their start (long form: decade, region, missions)."""
    decades = (missions["start_year"] // 10 * 10).astype("Int64")
    counts = (
        pd.DataFrame({"decade": decades, "region": missions["region"]})
        .value_counts()
        .rename("missions")
        .reset_index()
        .sort_values(["decade", "region"])
    )
    counts["decade"] = counts["decade"].astype(int)
    return counts.reset_index(drop=True)


def code_frequency(rows: pd.DataFrame, mission_ids: pd.Series, code_column: str) -> pd.Series:
    """How many of the given missions have each code (each mission counted once per code)."""
    subset = rows[rows["mission_id"].isin(mission_ids)].drop_duplicates(["mission_id", code_column])
    return subset[code_column].value_counts()


def groups_by(missions: pd.DataFrame, column: str) -> list[tuple[str, pd.DataFrame]]:
    """The missions split by one coded column, the largest group first (ties by code)."""
    sizes = missions[column].value_counts()
    order = sorted(sizes.index, key=lambda code: (-sizes[code], code))
    return [(code, missions[missions[column] == code]) for code in order]


def sipri_comparison(missions: pd.DataFrame, sipri_counts: pd.DataFrame) -> pd.DataFrame:
    """Operations active in each year SIPRI published a count for, beside SIPRI's count.

    Columns: year, atlas (missions active at some time that year), sipri, share (atlas ÷ SIPRI).
    """
    years = sipri_counts.sort_values("year")
    first, last = int(years["year"].min()), int(years["year"].max())
    active = active_counts_by_year(missions, first, last).groupby("year")["missions"].sum()
    atlas = [int(active.get(year, 0)) for year in years["year"]]
    return pd.DataFrame(
        {
            "year": years["year"].to_numpy(),
            "atlas": atlas,
            "sipri": years["operations"].to_numpy(),
            "share": [round(a / s, 3) for a, s in zip(atlas, years["operations"], strict=True)],
        }
    )


def missions_per_category(missions: pd.DataFrame) -> pd.DataFrame:
    """Missions and active missions per category, largest first."""
    grouped = missions.groupby("category").agg(
        missions=("mission_id", "size"), active=("is_active", "sum")
    )
    return grouped.sort_values("missions", ascending=False).reset_index()
