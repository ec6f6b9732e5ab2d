"""Mandates: each operation's current mandate, derived from its decisions, and what comes next.

An operation's decisions (`authorizations.csv`) are read in date order. The *current mandate* is
set by the latest decision that says something about the term: a `mandate_until` date, or a
`mandate_term` of `fixed`, `open-ended` or `final`. A date without a term counts as `fixed`.
The *last decision* is simply the latest decision of any kind.

- **Up for renewal**: active operations whose fixed mandate ends within twelve months of the
  data's as-of date.
- **Ending**: active operations whose final mandate is already set (UNIFIL's, by S/RES/2790
  (2025), to 31 December 2026).
- **Without a current mandate**: active operations with no decision that gives a term, or whose
  recorded mandate ended before the as-of date (a renewal not yet in the data). The Sources &
  method page lists them.
"""

from __future__ import annotations

import pandas as pd

FIXED, OPEN_ENDED, FINAL = "fixed", "open-ended", "final"
RENEWAL_WINDOW = pd.DateOffset(months=12)

CURRENT_MANDATE_COLUMNS = (
    "mission_id",
    "mandate_term",
    "mandate_end",
    "term_decision",
    "term_date",
    "term_source",
    "last_decision",
    "last_date",
    "last_action",
    "last_source",
)


def current_mandates(authorizations: pd.DataFrame) -> pd.DataFrame:
    """One row per operation with decisions: the term in force and the last decision.

    `authorizations` carries the parsed `decided` and `mandate_end` columns (see
    `missions.dataset.derive_authorization_columns`). Columns: CURRENT_MANDATE_COLUMNS.
    """
    ordered = authorizations.sort_values(["mission_id", "decided"], kind="stable")
    terms = ordered["mandate_term"].where(
        ordered["mandate_term"].notna(), ordered["mandate_end"].notna().map({True: FIXED})
    )
    with_term = ordered.assign(term=terms)[terms.notna()]
    last_term = with_term.groupby("mission_id").tail(1).set_index("mission_id")
    last = ordered.groupby("mission_id").tail(1).set_index("mission_id")
    table = pd.DataFrame(
        {
            "mission_id": last.index,
            "last_decision": last["decision"].to_numpy(),
            "last_date": last["date"].to_numpy(),
            "last_action": last["action"].to_numpy(),
            "last_source": last["source_id"].to_numpy(),
        }
    )
    terms_table = pd.DataFrame(
        {
            "mission_id": last_term.index,
            "mandate_term": last_term["term"].to_numpy(),
            "mandate_end": last_term["mandate_end"].to_numpy(),
            "term_decision": last_term["decision"].to_numpy(),
            "term_date": last_term["date"].to_numpy(),
            "term_source": last_term["source_id"].to_numpy(),
        }
    )
    merged = table.merge(terms_table, on="mission_id", how="left")
    merged["mandate_end"] = pd.to_datetime(merged["mandate_end"])
    return merged.loc[:, list(CURRENT_MANDATE_COLUMNS)].reset_index(drop=True)


def with_current_mandates(missions: pd.DataFrame, mandates: pd.DataFrame) -> pd.DataFrame:
    """The missions with their current mandate's columns (empty where no decision is known)."""
    return missions.merge(mandates, on="mission_id", how="left")


def up_for_renewal(missions: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Active missions whose fixed mandate ends within twelve months of `as_of`, soonest first.

    `missions` carries the current-mandate columns (`with_current_mandates`).
    """
    ends = missions["mandate_end"]
    due = (
        missions["is_active"]
        & missions["mandate_term"].eq(FIXED)
        & ends.ge(as_of)
        & ends.le(as_of + RENEWAL_WINDOW)
    )
    return missions[due].sort_values(["mandate_end", "mission_id"])


def ending(missions: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Active missions whose final mandate is set and has not yet run out, soonest end first."""
    ends = missions["mandate_end"]
    final = missions["is_active"] & missions["mandate_term"].eq(FINAL) & ~ends.lt(as_of)
    return missions[final].sort_values(["mandate_end", "mission_id"])


def without_current_mandate(missions: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Active missions with no recorded term, or whose recorded fixed or final mandate ended
    before `as_of`; column `problem` says which."""
    active = missions[missions["is_active"]]
    no_term = active["mandate_term"].isna()
    lapsed = active["mandate_term"].isin([FIXED, FINAL]) & active["mandate_end"].lt(as_of)
    problems = pd.Series(pd.NA, index=active.index, dtype="object")
    problems[no_term] = "no decision in the data gives its mandate's term"
    problems[lapsed] = "the recorded mandate ended before the data's as-of date"
    listed = active.assign(problem=problems)[no_term | lapsed]
    return listed.sort_values(["problem", "mission_id"])


def mandate_sentence(row: pd.Series, date_text, as_of: pd.Timestamp) -> str:
    """The current mandate in words: "Mandated until 31 December 2026 — a final mandate, set
    by S/RES/2790 (2025) of 28 August 2025." `date_text` formats a date string."""
    term = row.get("mandate_term")
    if pd.isna(term):
        return "No decision in the data gives this operation's current mandate term."
    setter = f"{row['term_decision']} of {date_text(row['term_date'])}"
    if term == OPEN_ENDED:
        return f"Open-ended: no end date is set (set by {setter})."
    end = (
        date_text(row["mandate_end"].strftime("%Y-%m-%d")) if pd.notna(row["mandate_end"]) else None
    )
    if end and row["mandate_end"] < as_of:
        return (
            f"The last recorded mandate ran until {end} (set by {setter}); a later decision is "
            "not in the data."
        )
    if term == FINAL:
        until = f"until {end}" if end else "with a final mandate"
        return f"Mandated {until} — a final mandate, set by {setter}."
    if end:
        return f"Mandated until {end}, set by {setter}."
    return f"A fixed-term mandate without a stated end date (set by {setter})."


def current_mandate_text(row: pd.Series, date_text, as_of: pd.Timestamp) -> str:
    """The current mandate in a few words for tables: "until 31 Dec 2026 (final mandate)",
    "open-ended", "not in the data"; "" for an operation that has ended."""
    if not row["is_active"]:
        return ""
    term = row.get("mandate_term")
    if pd.isna(term):
        return "not in the data"
    if term == OPEN_ENDED:
        return "open-ended"
    if pd.isna(row["mandate_end"]):
        return "final mandate" if term == FINAL else "fixed term, end not stated"
    until = f"until {date_text(row['mandate_end'].strftime('%Y-%m-%d'))}"
    if row["mandate_end"] < as_of:
        return f"{until} (a later decision is not in the data)"
    return f"{until} (final mandate)" if term == FINAL else until


def last_decision_text(row: pd.Series, date_text) -> str:
    """ "S/RES/2790 (2025), 28 Aug 2025 (extend)", or "" when no decision is recorded."""
    if pd.isna(row.get("last_decision")):
        return ""
    return f"{row['last_decision']}, {date_text(row['last_date'])} ({row['last_action']})"
