"""Mission pickers that show "UNAMSIL — United Nations Mission in Sierra Leone" while the link
keeps the mission id (`?mission=unamsil`, `?compare=ifor&compare=sfor`).

Streamlit 1.67 writes a bound widget's *formatted* option into the URL, so a picker with
`bind="query-params"` and a `format_func` would put the name in the link. These pickers are
not bound: they take the link's ids when the link changes (a deep link, a page link to another
mission) and write the chosen ids back to the link when the person picks.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.shared_cache import cached_result
from missions.dataset import Dataset


def _mission_labels(dataset: Dataset) -> dict[str, str]:
    missions = dataset.missions
    return {
        mission_id: acronym if acronym == name else f"{acronym} — {name}"
        for mission_id, acronym, name in zip(
            missions["mission_id"], missions["acronym"], missions["name"], strict=True
        )
    }


def mission_label(dataset: Dataset) -> Callable[[str], str]:
    """The picker label of a mission id: its acronym and its name, so both can be searched.
    The labels are built once per dataset and shared."""
    labels = cached_result(
        "mission_labels", str(dataset.data_dir), lambda: _mission_labels(dataset)
    )
    return labels.__getitem__


def _seen_key(param: str) -> str:
    return f"link_seen_{param}"


def _chosen(param: str, single: bool) -> list[str]:
    value = st.session_state.get(param)
    if single:
        return [value] if value else []
    return list(value or [])


def seed_from_link(param: str, kept: list[str], single: bool) -> None:
    """Put the link's usable ids (`kept`) into the picker whose key is `param`, when the link
    changed since the picker last saw it; drop the unusable ones from the link.

    Call it before the picker is drawn.
    """
    link = [value for value in st.query_params.get_all(param) if value]
    if param in st.session_state and st.session_state.get(_seen_key(param)) == link:
        return
    st.session_state[param] = (kept[0] if kept else None) if single else list(kept)
    st.session_state[_seen_key(param)] = list(kept)
    if kept != link:
        _write_link(param, kept)


def write_to_link(param: str, single: bool) -> None:
    """Callback of a picker: the chosen ids become the link's `param` values."""
    chosen = _chosen(param, single)
    st.session_state[_seen_key(param)] = chosen
    _write_link(param, chosen)


def _write_link(param: str, values: list[str]) -> None:
    if values:
        st.query_params[param] = values
    elif param in st.query_params:
        del st.query_params[param]
