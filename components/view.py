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
from missions.filters import Filters
from missions.markdown import markdown_literal
from missions.selection import filtered_view

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
    missions, description = filtered_view(_dataset, filters)
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
