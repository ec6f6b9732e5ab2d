"""Comparison of two to four missions, the mandate-task matrix, and "most similar missions".

Similarity is the Jaccard index of two missions' mandate-task sets (shared tasks ÷ tasks of
either), a number from 0 to 1. Ties are broken by same mission type first, then by the closer
start year, then by id, so the order is stable.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from missions.dataset import Dataset
from missions.dates import format_date, format_end
from missions.mandates import current_mandate_text, last_decision_text
from missions.presentation import country_names, duration_text

MIN_COMPARED = 2
MAX_COMPARED = 4
SUGGESTED_PAIRS = (("unamsil", "unmil"), ("ifor", "sfor"), ("amis", "unamid"), ("monuc", "monusco"))


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0 when both are empty."""
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def similar_missions(dataset: Dataset, mission_id: str, top: int = 5) -> pd.DataFrame:
    """The `top` missions whose mandate tasks are most like those of `mission_id`.

    Columns: mission_id, acronym, name, score (0–1), shared (task codes), same_type, year_gap.
    """
    tasks = dataset.task_sets()
    missions = dataset.missions
    own_row = missions[missions["mission_id"] == mission_id].iloc[0]
    own = tasks.get(mission_id, frozenset())
    others = missions[
        missions["mission_id"].isin(tasks.keys()) & (missions["mission_id"] != mission_id)
    ]
    other_tasks = [tasks[other] for other in others["mission_id"]]
    ranked = pd.DataFrame(
        {
            "mission_id": others["mission_id"].to_numpy(),
            "acronym": others["acronym"].to_numpy(),
            "name": others["name"].to_numpy(),
            "score": [round(jaccard(own, other), 3) for other in other_tasks],
            "shared": [tuple(sorted(own & other)) for other in other_tasks],
            "same_type": (others["mission_type"] == own_row["mission_type"]).to_numpy(),
            "year_gap": (others["start_year"] - own_row["start_year"]).abs().to_numpy(),
        }
    ).sort_values(
        ["score", "same_type", "year_gap", "mission_id"], ascending=[False, False, True, True]
    )
    return ranked.head(top).reset_index(drop=True)


def comparison_table(dataset: Dataset, mission_ids: Sequence[str]) -> pd.DataFrame:
    """Facts side by side: one row per field, one column per mission (headed by its acronym)."""
    missions = dataset.missions_by_id
    type_labels = dataset.labels("mission_type")
    names = dataset.country_names()
    columns = {}
    for mission_id in mission_ids:
        row = missions.loc[mission_id]
        personnel = (
            f"{int(row['peak_personnel']):,} ({row['personnel_basis']})"
            if pd.notna(row["peak_personnel"])
            else ""
        )
        columns[column_title(dataset, mission_id)] = {
            "Name": row["name"],
            "Organization": row["organization"],
            "Type": type_labels.get(row["mission_type"], row["mission_type"]),
            "Host countries": country_names(row["host_countries"], names),
            "Start": format_date(row["start_date"]),
            "End": format_end(row["end_date"]),
            "Duration": duration_text(row, dataset.as_of),
            "Authorization": _text(row["authorization"]),
            "Current mandate": current_mandate_text(row, format_date, dataset.as_of),
            "Last decision": last_decision_text(row, format_date),
            "Headquarters": _text(row["hq_name"]),
            "Peak personnel": personnel,
            "Outcome": _text(row["outcome"]),
        }
    return pd.DataFrame(columns)


def column_title(dataset: Dataset, mission_id: str) -> str:
    """The acronym, with the id where two missions share it (ECOMOG)."""
    acronym = dataset.missions_by_id.at[mission_id, "acronym"]
    shared = (dataset.missions["acronym"] == acronym).sum() > 1
    return f"{acronym} ({mission_id})" if shared else acronym


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def task_matrix(dataset: Dataset, mission_ids: Sequence[str]) -> pd.DataFrame:
    """Mandate tasks × missions (True where the mission's mandate holds the task), in taxonomy
    order, keeping only tasks at least one of the missions has."""
    labels = dataset.labels("mandate_task")
    tasks = dataset.task_sets()
    matrix = pd.DataFrame(
        {
            column_title(dataset, mission_id): [
                code in tasks.get(mission_id, frozenset()) for code in labels
            ]
            for mission_id in mission_ids
        },
        index=list(labels.values()),
    )
    return matrix[matrix.any(axis=1)]


def valid_compare_ids(requested: Sequence[str], known: Sequence[str]) -> list[str]:
    """The requested ids that exist, without repeats, at most MAX_COMPARED, in order."""
    known_set = set(known)
    chosen: list[str] = []
    for mission_id in requested:
        if mission_id in known_set and mission_id not in chosen:
            chosen.append(mission_id)
    return chosen[:MAX_COMPARED]
