"""The page-level year control (URL `year`) shared by the Map and Timeline pages."""

from __future__ import annotations

import streamlit as st

from missions.dataset import Dataset
from missions.summary import year_span


def year_control(dataset: Dataset) -> int | None:
    """A year box bound to `?year=`; empty means every year."""
    first, last = year_span(dataset.missions, dataset.as_of)
    year = st.number_input(
        "Active in year",
        min_value=first,
        max_value=last,
        value=None,
        step=1,
        key="year",
        bind="query-params",
        placeholder="All years",
        help=f"Type a year between {first} and {last} to keep the missions deployed at some "
        "time that year; clear the box to show every year.",
    )
    return int(year) if year is not None else None
