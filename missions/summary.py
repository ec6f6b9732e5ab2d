"""Headline figures and coverage facts for a filtered view of the missions."""

from __future__ import annotations

from dataclasses import dataclass

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
