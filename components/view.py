"""The filtered view every page starts from, and the sentence that describes it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.filters import current_filters
from missions.dataset import Dataset
from missions.filters import Filters, apply_filters, describe_filters
from missions.markdown import markdown_literal


@dataclass(frozen=True)
class View:
    filters: Filters
    missions: pd.DataFrame
    description: str


def current_view(dataset: Dataset) -> View:
    """The missions matching the shared filters, with the filters in words."""
    filters = current_filters(dataset)
    missions = apply_filters(dataset.missions, filters)
    labels = {kind: dataset.labels(kind) for kind in ("mission_type", "region")}
    description = describe_filters(filters, len(missions), len(dataset.missions), labels)
    return View(filters, missions, description)


def show_description(view: View) -> None:
    """The filter sentence, shown above every table, chart and download (search text literal)."""
    st.caption(f":material/filter_alt: {markdown_literal(view.description)}")


def show_empty_state(view: View) -> None:
    """What a page shows instead of an empty chart or table."""
    st.info(
        "No mission matches these filters. Widen the years, remove an organization or type, "
        "or use **Reset filters** in the sidebar.",
        icon=":material/search_off:",
    )
