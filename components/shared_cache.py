"""Results built once and shared by every session: charts per view, tables per mission.

Building a plotly figure, a deck or a mission's tables costs far more than showing them, and the
same ones come back on every rerun (a click elsewhere on the page) and for every user.
`cached_result` keeps what `build()` returned under a plain, hashable key; `cached_for_view`
keys it by the view (data and filters) plus the page-local choices the caller names. The caller must
put into the key every value the result depends on. Cached objects are shared across sessions,
so nothing may modify them after building.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from components.view import View
from missions.dataset import Dataset

CACHE_ENTRIES = 1024

Result = TypeVar("Result")


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _built(key: tuple, _build: Callable[[], object]) -> object:
    return _build()


def cached_result(name: str, key: Hashable, build: Callable[[], Result]) -> Result:
    """`build()` the first time `name` is asked for with this key; the same object after."""
    return _built((name, key), build)  # type: ignore[return-value]


def cached_for_view(
    name: str, view: View, build: Callable[[], Result], *choices: Hashable
) -> Result:
    """A chart or table of the view, built once per view and choices (e.g. a colour, a year)."""
    return cached_result(name, (view.key, choices), build)


def cached_for_missions(
    name: str, dataset: Dataset, mission_ids: tuple[str, ...], build: Callable[[], Result]
) -> Result:
    """A table about particular missions, built once per dataset and missions."""
    return cached_result(name, (str(dataset.data_dir), mission_ids), build)
