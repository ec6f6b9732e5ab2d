"""Warm server-side reruns of every page, measured with Streamlit's AppTest, next to a floor.

Each page is opened from `app.py` (the router, with its shared filters), run twice to warm the
caches, then rerun `repeats` times; the median is reported. The floor is `floor_app.py`: a
script that builds and shows one small plotly bar chart, measured the same way in the same run.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
FLOOR = str(Path(__file__).resolve().parent / "floor_app.py")
WARM_UP_RUNS = 2
TIMEOUT_S = 300


@dataclass(frozen=True)
class PageCase:
    """A page of the app in one state: its label, its script and the query string it opens with."""

    label: str
    script: str
    query: tuple[tuple[str, tuple[str, ...]], ...] = ()


PAGE_CASES = (
    PageCase("Overview", "app_pages/overview.py"),
    PageCase("Map", "app_pages/map.py"),
    PageCase("Timeline", "app_pages/timeline.py"),
    PageCase("Breakdown", "app_pages/breakdown.py"),
    PageCase("Compare (empty)", "app_pages/compare.py"),
    PageCase("Compare IFOR/SFOR", "app_pages/compare.py", (("compare", ("ifor", "sfor")),)),
    PageCase("Mission profile (UNAMSIL)", "app_pages/profile.py", (("mission", ("unamsil",)),)),
    PageCase("Mission profile (MONUC)", "app_pages/profile.py", (("mission", ("monuc",)),)),
    PageCase(
        "Compare UNAMID/MINUSMA", "app_pages/compare.py", (("compare", ("unamid", "minusma")),)
    ),
    PageCase("Country (ranking)", "app_pages/country.py"),
    PageCase("Country (KEN)", "app_pages/country.py", (("country", ("KEN",)),)),
    PageCase("Country (BIH, a host)", "app_pages/country.py", (("country", ("BIH",)),)),
    PageCase("Data & downloads", "app_pages/data.py"),
    PageCase("Sources & method", "app_pages/sources.py"),
    PageCase(
        "Data, filtered (UN, 1990-2010)",
        "app_pages/data.py",
        (
            ("organization", ("UN",)),
            ("years", ("1990", "2010")),
        ),
    ),
)


def _timed_runs(app: AppTest, repeats: int) -> list[float]:
    for _ in range(WARM_UP_RUNS):
        app.run()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
    if app.exception:
        raise RuntimeError(f"the page raised: {app.exception[0].message}")
    return times


def floor_ms(repeats: int) -> float:
    """Median warm rerun of the one-chart floor script, in milliseconds."""
    app = AppTest.from_file(FLOOR, default_timeout=TIMEOUT_S)
    app.run()
    return 1000 * statistics.median(_timed_runs(app, repeats))


def page_ms(case: PageCase, repeats: int, data_dir: Path | None = None) -> float:
    """Median warm rerun of one page opened from the router, in milliseconds."""
    if data_dir is None:
        os.environ.pop("ATLAS_DATA_DIR", None)
    else:
        os.environ["ATLAS_DATA_DIR"] = str(data_dir)
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for key, values in case.query:
        app.query_params[key] = list(values)
    app.run()
    app.switch_page(case.script).run()
    return 1000 * statistics.median(_timed_runs(app, repeats))


def load_seconds(data_dir: Path | None) -> float:
    """Seconds for the first (cold) load and validation of a data directory through the app."""
    st.cache_data.clear()
    st.cache_resource.clear()
    if data_dir is None:
        os.environ.pop("ATLAS_DATA_DIR", None)
    else:
        os.environ["ATLAS_DATA_DIR"] = str(data_dir)
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    started = time.perf_counter()
    app.run()
    return time.perf_counter() - started
