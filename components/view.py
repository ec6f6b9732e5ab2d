"""The filtered view every page starts from, and the sentence that describes it.

Filtering is cached per filter state and shared by every session: many users open the same
few views (all missions, one organization), and the frames are never modified after this.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.filters import current_filters
from missions.dataset import Dataset
from missions.filters import Filters, apply_filters, describe_filters
from missions.markdown import markdown_literal

VIEW_CACHE_ENTRIES = 256


@dataclass(frozen=True)
class View:
    filters: Filters
    missions: pd.DataFrame
    description: str
    data_dir: str

    @property
    def key(self) -> tuple[str, Filters]:
        """What identifies this view: the data and the filters (plain, hashable values)."""
        return (self.data_dir, self.filters)


@st.cache_resource(max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _filtered_view(data_dir: str, filters: Filters, _dataset: Dataset) -> View:
    missions = apply_filters(_dataset.missions, filters)
    labels = {kind: _dataset.labels(kind) for kind in ("category", "mission_type", "region")}
    description = describe_filters(filters, len(missions), len(_dataset.missions), labels)
    return View(filters, missions, description, data_dir)


def current_view(dataset: Dataset) -> View:
    """The missions matching the shared filters, with the filters in words."""
    return _filtered_view(str(dataset.data_dir), current_filters(dataset), dataset)


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
