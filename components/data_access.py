"""Cached access to the dataset: the one place the app loads data.

The dataset and the outlines are loaded once per server and shared by every session
(`st.cache_resource`, not `st.cache_data`, which would unpickle a fresh copy on every call).
Nothing in the app modifies them: every filter and summary returns new frames.
"""

from __future__ import annotations

import streamlit as st

from missions.dataset import Dataset, load_country_outlines, load_dataset
from missions.paths import data_dir


@st.cache_resource(show_spinner="Loading the mission data…")
def _load(directory: str) -> Dataset:
    return load_dataset(directory)


def get_dataset() -> Dataset:
    """Load and validate every table once per server; raises DataValidationError if bad."""
    return _load(str(data_dir()))


@st.cache_resource(show_spinner=False)
def _outlines(directory: str) -> dict:
    return load_country_outlines(directory)


def get_country_outlines() -> dict:
    """The bundled Natural Earth country outlines (GeoJSON), loaded once."""
    return _outlines(str(data_dir()))
