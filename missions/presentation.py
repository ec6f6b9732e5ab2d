"""Tables shaped for people: labels instead of codes, country names, the first source's link."""

from __future__ import annotations

import pandas as pd

from missions.dataset import Dataset
from missions.validation import split_ids


def country_names(cell: object, names: dict[str, str]) -> str:
    """ "SDN;TCD" -> "Sudan, Chad" (codes without a known name are kept as they are)."""
    return ", ".join(names.get(code, code) for code in split_ids(cell))


def first_source_url(cell: object, urls: dict[str, str]) -> str | None:
    ids = split_ids(cell)
    return urls.get(ids[0]) if ids else None


def mission_table(missions: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The missions table as the Data page shows it, one row per mission."""
    type_labels = dataset.labels("mission_type")
    region_labels = dataset.labels("region")
    names = dataset.country_names()
    urls = dict(zip(dataset.sources["source_id"], dataset.sources["url"], strict=True))
    return pd.DataFrame(
        {
            "mission_id": missions["mission_id"],
            "acronym": missions["acronym"],
            "name": missions["name"],
            "organization": missions["organization"],
            "type": missions["mission_type"].map(type_labels),
            "region": missions["region"].map(region_labels),
            "host_countries": [country_names(cell, names) for cell in missions["host_countries"]],
            "start_date": missions["start_date"],
            "end_date": missions["end_date"],
            "status": missions["is_active"].map({True: "active", False: "closed"}),
            "hq_name": missions["hq_name"],
            "authorization": missions["authorization"],
            "peak_personnel": missions["peak_personnel"],
            "personnel_basis": missions["personnel_basis"],
            "source": [first_source_url(cell, urls) for cell in missions["source_ids"]],
        }
    ).reset_index(drop=True)
