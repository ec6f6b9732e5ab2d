"""The shared filters: one pure `apply_filters`, one pure `describe_filters`, and URL checking.

`Filters` holds what a person chose in the sidebar (or a link carried). `apply_filters` turns
the mission table into the view every page shows; `describe_filters` says that view in words
("23 of 104 missions · UN, AU · 1990–2010"), the sentence that stands above every chart and
goes into every export. `check_link` says which values of a link the filters can use and
why the others were dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

STATUS_CODES = ("active", "closed")
# The category code of the operations the UN counts as peacekeeping (its own list).
UN_PEACEKEEPING = "un-pko"
TEXT_SEARCH_COLUMNS = ("acronym", "name", "hq_name", "host_countries", "summary")
MULTI_VALUE_PARAMS = ("organization", "category", "mission_type", "region")
MAX_TEXT_LENGTH = 100
# The Map page's views (`?view=`): the world, a region (taxonomy.csv's region codes) or "fit",
# which frames every operation of the current filter. See missions/places.py.
MAP_VIEWS = ("world", "africa", "europe", "middle-east", "asia-pacific", "americas", "fit")


@dataclass(frozen=True)
class Filters:
    """A selection of missions. Empty tuples and None mean "no restriction"."""

    organizations: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    mission_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    status: str | None = None
    years: tuple[int, int] | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self == Filters()


def overlaps_years(missions: pd.DataFrame, first: int, last: int) -> pd.Series:
    """Missions active at some time between the start of `first` and the end of `last`."""
    started = missions["start_year"].fillna(10_000) <= last
    not_ended = missions["is_active"] | (missions["end_year"].fillna(-1) >= first)
    return (started & not_ended).astype(bool)


def active_in(missions: pd.DataFrame, year: int) -> pd.DataFrame:
    """Missions that were deployed at some time during `year`."""
    return missions[overlaps_years(missions, year, year)]


def apply_filters(missions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of `missions` that match every active filter, in their original order."""
    keep = pd.Series(True, index=missions.index)
    if filters.organizations:
        keep &= missions["organization"].isin(filters.organizations)
    if filters.categories:
        keep &= missions["category"].isin(filters.categories)
    if filters.mission_types:
        keep &= missions["mission_type"].isin(filters.mission_types)
    if filters.regions:
        keep &= missions["region"].isin(filters.regions)
    if filters.status == "active":
        keep &= missions["is_active"]
    elif filters.status == "closed":
        keep &= ~missions["is_active"]
    if filters.years is not None:
        keep &= overlaps_years(missions, *filters.years)
    text = filters.text.strip().casefold()
    if text:
        matches = pd.Series(False, index=missions.index)
        for column in TEXT_SEARCH_COLUMNS:
            matches |= missions[column].fillna("").str.casefold().str.contains(text, regex=False)
        keep &= matches
    return missions[keep]


def describe_filters(
    filters: Filters,
    shown: int,
    total: int,
    labels: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The selection in words: "3 of 26 missions · NATO, EU · peace enforcement · 1995–2005".

    `labels` maps a taxonomy kind ("category", "mission_type", "region") to code -> label; codes
    are shown as they are where no label is given (organizations are shown by their codes).
    """
    labels = labels or {}
    noun = "mission" if total == 1 else "missions"
    parts = [f"{shown} of {total} {noun}" if not filters.is_empty else f"All {total} {noun}"]
    if filters.organizations:
        parts.append(", ".join(filters.organizations))
    for kind, codes in (
        ("category", filters.categories),
        ("mission_type", filters.mission_types),
        ("region", filters.regions),
    ):
        if codes:
            names = labels.get(kind, {})
            parts.append(
                ", ".join(
                    names.get(code, code).lower()
                    if kind == "mission_type"
                    else names.get(code, code)
                    for code in codes
                )
            )
    if filters.status:
        parts.append("active now" if filters.status == "active" else "closed")
    if filters.years is not None:
        first, last = filters.years
        parts.append(f"active in {first}" if first == last else f"active {first}–{last}")
    if filters.text.strip():
        parts.append(f"matching “{filters.text.strip()}”")
    return " · ".join(parts)


def filter_slug(filters: Filters) -> str:
    """A short, file-name-safe summary of the filters ("nato-eu_1995-2005"), or "all"."""
    parts: list[str] = []
    parts += [code.lower() for code in filters.organizations]
    parts += list(filters.categories)
    parts += list(filters.mission_types)
    parts += list(filters.regions)
    if filters.status:
        parts.append(filters.status)
    if filters.years is not None:
        parts.append(f"{filters.years[0]}-{filters.years[1]}")
    if filters.text.strip():
        parts.append("q-" + filters.text.strip().lower())
    slug = re.sub(r"[^a-z0-9]+", "-", "_".join(parts).lower()).strip("-")
    return slug[:60].strip("-") or "all"


@dataclass(frozen=True)
class LinkCheck:
    """What a link's filter values become: the values kept per parameter, and one note per drop."""

    kept: dict[str, list[str]]
    notes: list[str]


def check_link(
    query: Mapping[str, Sequence[str]],
    valid: Mapping[str, Sequence[str]],
    year_range: tuple[int, int],
) -> LinkCheck:
    """Which values of a link the filters can use, and a plain-words note on every other one.

    `query` maps a parameter (the shared filters and the page-level `year` and `view`) to all
    its values, as st.query_params.get_all gives them; `valid` maps organization, mission_type
    and region to their codes. Empty values ("?region=") mean "no choice" and are kept without
    a note; beside a status or a year they add nothing and are dropped, also without a note.
    """
    kept: dict[str, list[str]] = {}
    notes: list[str] = []
    for param in MULTI_VALUE_PARAMS:
        values = list(query.get(param, ()))
        allowed = set(valid.get(param, ()))
        unknown = [value for value in values if value and value not in allowed]
        kept[param] = [value for value in values if value not in unknown]
        if unknown:
            shown = ", ".join(f"“{value[:40]}”" for value in unknown[:5])
            notes.append(f"Ignored unknown {param.replace('_', ' ')} in the link: {shown}.")

    statuses = list(query.get("status", ()))
    given = [value for value in statuses if value]
    # A single-value widget reads the link's last value: an empty one beside the status (or
    # the year, below) would hide it, so empty values go when a real one is given.
    kept["status"] = given or statuses
    if given and (len(given) > 1 or given[0] not in STATUS_CODES):
        kept["status"] = []
        notes.append("Ignored the status in the link: it must be “active” or “closed”.")

    first, last = year_range
    years = list(query.get("years", ()))
    kept["years"] = years
    given = [value for value in years if value]
    if given and parse_years(given, year_range) is None:
        kept["years"] = []
        notes.append(
            f"Ignored the years in the link: give two years between {first} and {last}, "
            "e.g. years=1990&years=2010."
        )

    texts = list(query.get("q", ()))
    kept["q"] = texts
    if texts and len(texts[-1]) > MAX_TEXT_LENGTH:
        kept["q"] = [texts[-1][:MAX_TEXT_LENGTH]]
        notes.append(f"The search text in the link was cut to {MAX_TEXT_LENGTH} characters.")

    views = list(query.get("view", ()))
    kept["view"] = views
    given = [value for value in views if value]
    if given and (len(given) > 1 or given[0] not in MAP_VIEWS):
        kept["view"] = []
        notes.append("Ignored the map view in the link: give one of " + ", ".join(MAP_VIEWS) + ".")

    year = list(query.get("year", ()))
    given = [value for value in year if value]
    kept["year"] = given or year
    if given and (len(given) > 1 or parse_year(given[0], year_range) is None):
        kept["year"] = []
        notes.append(
            f"Ignored the year in the link: give one year between {first} and {last}, "
            "e.g. year=2000."
        )
    return LinkCheck(kept, notes)


def parse_year(value: str, year_range: tuple[int, int]) -> int | None:
    """One year string inside `year_range` as an int; None when it is not one."""
    try:
        year = int(value)
    except ValueError:
        return None
    low, high = year_range
    return year if low <= year <= high else None


def parse_years(values: Sequence[str], year_range: tuple[int, int]) -> tuple[int, int] | None:
    """Two year strings inside `year_range`, in order, as ints; None when they are not."""
    if len(values) != 2:
        return None
    try:
        first, last = (int(value) for value in values)
    except ValueError:
        return None
    low, high = year_range
    if not (low <= first <= last <= high):
        return None
    return first, last
