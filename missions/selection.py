"""The filtered view and its sentence, shared by the app (`components.view`) and the command line
(`python -m missions export`), so both select the same missions and describe them in the same
words. Also: filters from `KEY=VALUE` pairs, checked against the closed lists.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from missions.dataset import Dataset
from missions.filters import (
    MAX_TEXT_LENGTH,
    MULTI_VALUE_PARAMS,
    STATUS_CODES,
    Filters,
    apply_filters,
    describe_filters,
    parse_years,
)
from missions.summary import year_span

# The closed lists whose labels the filter sentence uses.
DESCRIBED_KINDS = ("category", "mission_type", "region")
FILTER_KEYS = (*MULTI_VALUE_PARAMS, "status", "years", "q")


def filtered_view(dataset: Dataset, filters: Filters) -> tuple[pd.DataFrame, str]:
    """The missions matching `filters`, and the sentence that describes them."""
    missions = apply_filters(dataset.missions, filters)
    labels = {kind: dataset.labels(kind) for kind in DESCRIBED_KINDS}
    return missions, describe_filters(filters, len(missions), len(dataset.missions), labels)


class FilterError(ValueError):
    """Filter pairs the app's filters cannot use; the message says which and why."""


def filters_from_pairs(pairs: Iterable[str], dataset: Dataset) -> Filters:
    """Filters from "KEY=VALUE" pairs as the command line takes them: `organization=UN`,
    `organization=UN,AU` (or the key repeated), `category=un-pko`, `mission_type=observer`,
    `region=africa`, `status=active`, `years=1990,2010`, `q=angola`. Values are checked against the
    closed lists of taxonomy.csv and the data's years; FilterError names every value it cannot
    use."""
    query: dict[str, list[str]] = {key: [] for key in FILTER_KEYS}
    problems = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or key not in FILTER_KEYS:
            problems.append(f"{pair!r} is not KEY=VALUE with KEY one of {', '.join(FILTER_KEYS)}.")
            continue
        if key == "q":
            query["q"] = [value]
        else:
            query[key] += [part.strip() for part in value.split(",") if part.strip()]
    for param in MULTI_VALUE_PARAMS:
        codes = dataset.codes(param)
        unknown = [value for value in query[param] if value not in codes]
        if unknown:
            problems.append(
                f"Unknown {param} {', '.join(map(repr, unknown))}: use one of {', '.join(codes)}."
            )
    if len(query["status"]) > 1 or (query["status"] and query["status"][0] not in STATUS_CODES):
        problems.append(f"status must be one of {', '.join(STATUS_CODES)}.")
    first, last = year_range = year_span(dataset.missions, dataset.as_of)
    if query["years"] and parse_years(query["years"], year_range) is None:
        problems.append(
            f"years must be two years between {first} and {last}, in order: years=1990,2010."
        )
    if query["q"] and len(query["q"][0]) > MAX_TEXT_LENGTH:
        problems.append(f"q is longer than {MAX_TEXT_LENGTH} characters.")
    if problems:
        raise FilterError("\n".join(problems))
    status = query["status"][0] if query["status"] else None
    years = parse_years(query["years"], year_range) if query["years"] else None
    return Filters(
        organizations=tuple(query["organization"]),
        categories=tuple(query["category"]),
        mission_types=tuple(query["mission_type"]),
        regions=tuple(query["region"]),
        status=status if status in STATUS_CODES else None,
        years=years,
        text=query["q"][0] if query["q"] else "",
    )
