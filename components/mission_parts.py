"""Pieces shown for a mission on the Compare and Mission profile pages."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.shared_cache import cached_for_missions
from missions.compare import similar_missions
from missions.dataset import Dataset
from missions.lineage import partners_of
from missions.markdown import markdown_link, markdown_literal


def source_links(dataset: Dataset, source_ids: list[str]) -> str:
    """Markdown list of sources as links; titles and ids show literally, whatever they hold."""
    sources = dataset.sources.set_index("source_id")
    lines = []
    for source_id in source_ids:
        row = sources.loc[source_id]
        lines.append(f"- {markdown_link(row['title'], row['url'])} ({markdown_literal(source_id)})")
    return "\n".join(lines)


def partners_table(dataset: Dataset, mission_id: str) -> pd.DataFrame:
    relations = dataset.labels("relation")
    kinds = dataset.labels("partner_kind")
    rows = partners_of(mission_id, dataset.partners, dataset.missions)
    return pd.DataFrame(
        {
            "Partner": rows["partner_name"],
            "Kind": rows["partner_kind"].map(kinds),
            "Relation": rows["relation"].map(relations),
            "Source": rows["source_id"],
        }
    )


def challenges_table(dataset: Dataset, mission_id: str) -> pd.DataFrame:
    labels = dataset.labels("challenge")
    rows = dataset.challenges[dataset.challenges["mission_id"] == mission_id]
    return pd.DataFrame(
        {
            "Challenge": rows["challenge_code"].map(labels),
            "Note": rows["note"],
            "Source": rows["source_id"],
        }
    )


def similar_table(dataset: Dataset, mission_id: str) -> pd.DataFrame:
    similar = similar_missions(dataset, mission_id)
    labels = dataset.labels("mandate_task")
    return pd.DataFrame(
        {
            "Mission": similar["acronym"] + " — " + similar["name"],
            "Similarity": similar["score"],
            "Shared tasks": [", ".join(labels[c] for c in shared) for shared in similar["shared"]],
            "Same type": similar["same_type"],
        }
    )


def show_similar(dataset: Dataset, mission_id: str, key: str) -> None:
    """The five missions with the most similar mandate tasks, with score and shared tasks."""
    table = cached_for_missions(
        "similar", dataset, (mission_id,), lambda: similar_table(dataset, mission_id)
    )
    st.dataframe(
        table,
        hide_index=True,
        key=key,
        column_config={
            "Similarity": st.column_config.ProgressColumn(
                "Similarity",
                min_value=0,
                max_value=1,
                format="%.2f",
                help="Jaccard index of the mandate tasks: shared ÷ tasks of either mission.",
            ),
            "Shared tasks": st.column_config.TextColumn("Shared tasks", width="large"),
        },
    )


def show_partners(dataset: Dataset, mission_id: str, key: str) -> None:
    partners = cached_for_missions(
        "partners", dataset, (mission_id,), lambda: partners_table(dataset, mission_id)
    )
    if partners.empty:
        st.caption("No partner is recorded for this mission.")
    else:
        st.dataframe(partners, hide_index=True, key=key)


def show_challenges(dataset: Dataset, mission_id: str, key: str) -> None:
    challenges = cached_for_missions(
        "challenges", dataset, (mission_id,), lambda: challenges_table(dataset, mission_id)
    )
    if challenges.empty:
        st.caption("No source we saw discusses this mission's challenges.")
    else:
        st.dataframe(
            challenges,
            hide_index=True,
            key=key,
            column_config={"Note": st.column_config.TextColumn("Note", width="large")},
        )


def pdf_download(label: str, build: Callable[[], bytes], file_name: str) -> None:
    """A PDF download whose file is built only when the button is clicked."""
    st.download_button(
        label,
        data=build,
        file_name=file_name,
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        width="stretch",
    )
