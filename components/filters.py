"""The shared filter sidebar. Widgets carry `key=` and `bind="query-params"`, so the URL is the
state: a copied link reopens the same view on any page.

Only the router (app.py) renders the sidebar; pages read the same choices back with
`current_filters`.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from missions.dataset import Dataset
from missions.filters import (
    MAX_TEXT_LENGTH,
    MULTI_VALUE_PARAMS,
    STATUS_CODES,
    Filters,
    check_link,
)
from missions.markdown import markdown_literal
from missions.summary import year_span

SHARED_KEYS = (*MULTI_VALUE_PARAMS, "status", "years", "q")
# The link parameters the router checks: the shared filters, the Map/Timeline year and the Map
# view.
LINK_KEYS = (*SHARED_KEYS, "year", "view")
# Notes on a corrected link, kept in the session across the one rerun that applies it.
PENDING_NOTES_KEY = "link_notes_pending"


def _year_range(dataset: Dataset) -> tuple[int, int]:
    return year_span(dataset.missions, dataset.as_of)


def clean_link(dataset: Dataset) -> list[str]:
    """Drop the link's invalid filter values before any widget reads them; notes on each drop.

    Streamlit seeds URL-bound widgets from the link as it arrived, and left alone some keep
    values the filters cannot use (two statuses, years in reverse order) or fail on them
    (`year=inf`). So the invalid values are removed from the URL and the script reruns once,
    with the notes kept in the session for that rerun. Call it before any widget is drawn.
    """
    if PENDING_NOTES_KEY in st.session_state:
        return st.session_state.pop(PENDING_NOTES_KEY)
    query = {key: st.query_params.get_all(key) for key in LINK_KEYS}
    valid = {param: dataset.codes(param) for param in MULTI_VALUE_PARAMS}
    check = check_link(query, valid, _year_range(dataset))
    changed = {key: kept for key, kept in check.kept.items() if kept != query[key]}
    if not changed:
        return check.notes
    for key, kept in changed.items():
        try:
            if kept:
                st.query_params[key] = kept
            else:
                del st.query_params[key]
        except StreamlitAPIException:
            # Already bound to a widget (a rerun, not a fresh link): Streamlit validates it.
            continue
    st.session_state[PENDING_NOTES_KEY] = check.notes
    st.rerun()


def show_link_notes(notes: list[str]) -> None:
    """The notes on dropped link values, in the sidebar; link text is shown literally."""
    for note in notes:
        st.sidebar.warning(markdown_literal(note), icon=":material/link_off:")


def reset_filters(dataset: Dataset) -> None:
    """Callback of the reset button: every shared filter back to its default."""
    for key in MULTI_VALUE_PARAMS:
        st.session_state[key] = []
    st.session_state["status"] = None
    st.session_state["years"] = _year_range(dataset)
    st.session_state["q"] = ""


def show_only_category(dataset: Dataset, category: str) -> None:
    """Callback of a preset: every shared filter back to its default, then one category."""
    reset_filters(dataset)
    st.session_state["category"] = [category]


def render_filter_sidebar(dataset: Dataset) -> None:
    """Draw the shared filters in the sidebar."""
    labels = {kind: dataset.labels(kind) for kind in MULTI_VALUE_PARAMS}
    first_year, last_year = _year_range(dataset)
    with st.sidebar:
        st.header("Filters", anchor=False)
        st.text_input(
            "Search",
            key="q",
            bind="query-params",
            max_chars=MAX_TEXT_LENGTH,
            placeholder="Acronym, name, place or country code",
            help="Matches acronym, name, headquarters, host-country codes and summary.",
        )
        st.multiselect(
            "Organization",
            dataset.codes("organization"),
            key="organization",
            bind="query-params",
            placeholder="All organizations",
            help=_legend(labels["organization"]),
        )
        st.multiselect(
            "Category",
            dataset.codes("category"),
            key="category",
            bind="query-params",
            placeholder="All categories",
            help="How the organization itself classifies the deployment.  \n"
            + _legend(labels["category"]),
        )
        st.multiselect(
            "Mission type",
            dataset.codes("mission_type"),
            key="mission_type",
            bind="query-params",
            placeholder="All types",
            help=_legend(labels["mission_type"]),
        )
        st.multiselect(
            "Region",
            dataset.codes("region"),
            key="region",
            bind="query-params",
            placeholder="All regions",
            help=_legend(labels["region"]),
        )
        st.segmented_control(
            "Status",
            STATUS_CODES,
            key="status",
            bind="query-params",
            help="active: no end date (still running on the data's as-of date); "
            "closed: has an actual end date.",
        )
        st.slider(
            "Active between",
            min_value=first_year,
            max_value=last_year,
            value=(first_year, last_year),
            key="years",
            bind="query-params",
            help="Keeps missions deployed at some time in this range of years.",
        )
        st.button(
            "Reset filters",
            on_click=reset_filters,
            args=(dataset,),
            icon=":material/filter_alt_off:",
            width="stretch",
        )


def _legend(labels: dict[str, str]) -> str:
    return "  \n".join(f"**{code}**: {label}" for code, label in labels.items())


def current_filters(dataset: Dataset) -> Filters:
    """The shared filters as chosen in the sidebar (or carried by the link)."""
    state = st.session_state
    first_year, last_year = _year_range(dataset)
    years = state.get("years")
    if years is not None and tuple(years) != (first_year, last_year):
        years = (int(years[0]), int(years[1]))
    else:
        years = None
    status = state.get("status")
    return Filters(
        organizations=tuple(state.get("organization") or ()),
        categories=tuple(state.get("category") or ()),
        mission_types=tuple(state.get("mission_type") or ()),
        regions=tuple(state.get("region") or ()),
        status=status if status in STATUS_CODES else None,
        years=years,
        text=(state.get("q") or "")[:MAX_TEXT_LENGTH],
    )
