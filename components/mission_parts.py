"""Pieces shown for a mission on the Compare and Mission profile pages."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.charts import authorized_strength_figure, mandate_decisions_figure
from components.country_parts import country_link_column, country_url
from components.shared_cache import cached_for_missions
from missions.compare import similar_missions
from missions.corrections import (
    correction_fields,
    correction_link,
    corrections_target,
    how_to_report,
)
from missions.dataset import Dataset
from missions.dates import format_date
from missions.lineage import partners_of
from missions.mandates import mandate_sentence
from missions.markdown import markdown_link, markdown_literal
from missions.presentation import decisions_of, decisions_table
from missions.slides import PPTX_MIME

# An operation list longer than this shows its first entries and how many more (a list of
# hundreds of links is read by nobody and costs a rerun one element each).
MANDATE_LIST_LIMIT = 15


def source_links(dataset: Dataset, source_ids: list[str]) -> str:
    """Markdown list of sources as links; titles and ids show literally, whatever they hold."""
    sources = dataset.sources_by_id
    lines = []
    for source_id in source_ids:
        row = sources.loc[source_id]
        lines.append(f"- {markdown_link(row['title'], row['url'])} ({markdown_literal(source_id)})")
    return "\n".join(lines)


def partners_table(dataset: Dataset, mission_id: str) -> pd.DataFrame:
    relations = dataset.labels("relation")
    kinds = dataset.labels("partner_kind")
    rows = partners_of(mission_id, dataset.partners, dataset.missions)
    states = dataset.partner_states
    states = states[states["mission_id"] == mission_id]
    codes = dict(zip(states["partner_name"], states["country"], strict=True))
    return pd.DataFrame(
        {
            "Partner": rows["partner_name"],
            "Kind": rows["partner_kind"].map(kinds),
            "Relation": rows["relation"].map(relations),
            # A state partner links to its country page (issue 14).
            "Country page": [
                country_url(codes[name])
                if kind == "state" and isinstance(codes.get(name), str)
                else None
                for name, kind in zip(rows["partner_name"], rows["partner_kind"], strict=True)
            ],
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
        st.dataframe(
            partners,
            hide_index=True,
            key=key,
            column_config={"Country page": country_link_column("Country page")},
        )


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


def show_mandate_history(dataset: Dataset, mission_id: str) -> None:
    """The current mandate in words, the decisions on a time axis, the authorized strength as a
    step line, and the decisions as a table with their sources."""
    row = dataset.missions_by_id.loc[mission_id]
    st.subheader("Mandate history", anchor=False)
    if row["is_active"]:
        st.markdown(f"**{markdown_literal(mandate_sentence(row, format_date, dataset.as_of))}**")
        if pd.notna(row["last_decision"]):
            st.caption(
                markdown_literal(
                    f"Last decision: {row['last_decision']} of {format_date(row['last_date'])}."
                )
            )
    else:
        st.markdown(
            markdown_literal(
                f"Ended {format_date(row['end_date'])} (the operation's actual end, not a "
                "mandate expiry)."
            )
        )
    decisions = decisions_of(dataset, mission_id)
    if decisions.empty:
        st.info(
            "No decision that set or changed this operation's mandate is recorded in the atlas "
            "yet.",
            icon=":material/gavel:",
        )
        return
    labels = dataset.labels("authorization_action")
    left, right = st.columns(2)
    with left:
        st.caption(f"{len(decisions)} decisions, by the kind of change they made.")
        st.plotly_chart(
            cached_for_missions(
                "mandate_decisions",
                dataset,
                (mission_id,),
                lambda: mandate_decisions_figure(decisions, labels),
            ),
            config={"displaylogo": False},
            key="mandate_decisions_chart",
        )
    with right:
        if decisions["authorized_personnel"].notna().any():
            until = row["end"] if pd.notna(row["end"]) else dataset.as_of
            st.caption("Authorized strength: each decision's ceiling, held until the next.")
            st.plotly_chart(
                cached_for_missions(
                    "authorized_strength",
                    dataset,
                    (mission_id,),
                    lambda: authorized_strength_figure(decisions, row["start"], until),
                ),
                config={"displaylogo": False},
                key="authorized_strength_chart",
            )
        else:
            st.caption("No decision in the data states an authorized strength.")
    with st.expander(f"All {len(decisions)} decisions, with their sources"):
        st.dataframe(
            cached_for_missions(
                "decisions_table",
                dataset,
                (mission_id,),
                lambda: decisions_table(dataset, mission_id),
            ),
            hide_index=True,
            column_config={
                "Authorized": st.column_config.NumberColumn("Authorized", format="%d"),
                "Note": st.column_config.TextColumn("Note", width="large"),
                "Source": st.column_config.LinkColumn(
                    "Source", display_text=r"https?://(?:www\.)?([^/]+)"
                ),
            },
            key="decisions_table",
        )


def show_mandate_list(missions: pd.DataFrame, empty: str) -> None:
    """Each operation with the end of its current mandate and the decision that set it, each
    linking to its profile: the first MANDATE_LIST_LIMIT in the given order, then how many
    more."""
    limit = MANDATE_LIST_LIMIT
    if missions.empty:
        st.info(empty, icon=":material/event_available:")
        return
    for row in missions.head(limit).itertuples(index=False):
        if pd.notna(row.mandate_end):
            until = f"until {format_date(row.mandate_end.strftime('%Y-%m-%d'))}"
        else:
            until = "end date not stated"
        st.page_link(
            "app_pages/profile.py",
            label=markdown_literal(f"{row.acronym} — {until}"),
            icon=":material/event:",
            query_params={"mission": row.mission_id},
            help=markdown_literal(f"{row.name}. Set by {row.term_decision}."),
        )
    hidden = len(missions) - limit
    if hidden > 0:
        st.caption(
            f"And {hidden:,} more: narrow the filters to list them, or export the view's mandate "
            "columns from the Data page."
        )


def slides_download(build: Callable[[], bytes], file_name: str) -> None:
    """A PowerPoint download whose deck is built only when the button is clicked."""
    st.download_button(
        "Download slides (PowerPoint)",
        data=build,
        file_name=file_name,
        mime=PPTX_MIME,
        icon=":material/slideshow:",
        on_click="ignore",
        width="stretch",
        help="A 16:9 deck for a briefing: every chart a picture with its source line under it.",
    )


def show_correction_link(dataset: Dataset, mission_id: str) -> None:
    """ "Report a correction": pick the field, then a link prefilled with the operation and the
    field, to wherever corrections are configured to go (or, with none, how to report)."""
    st.markdown("**Report a correction**")
    target = corrections_target()
    if target is None:
        st.caption(markdown_literal(how_to_report(mission_id)))
        return
    field = st.selectbox(
        "Which field is wrong?",
        correction_fields(dataset, mission_id),
        key="correction_field",
        help="The link opens a prefilled issue or e-mail naming the operation and the field.",
    )
    st.link_button(
        "Report a correction",
        correction_link(target, dataset, mission_id, field),
        icon=":material/flag:",
        width="stretch",
    )
