"""Cached access to the dataset: the one place the app loads data (the load is cached, the
filtering is not)."""

from __future__ import annotations

import streamlit as st

from missions.dataset import Dataset, load_dataset
from missions.paths import DATA_DIR


@st.cache_data(show_spinner="Loading the mission data…")
def get_dataset(data_dir: str = str(DATA_DIR)) -> Dataset:
    """Load and validate every table once per server; raises DataValidationError if bad."""
    return load_dataset(data_dir)
