"""Current mandates derived from the decisions, what is up for renewal, what is ending, and
which active operations have no current mandate in the data."""

import pandas as pd
import pytest

from missions.dataset import derive_authorization_columns
from missions.dates import format_date
from missions.mandates import (
    current_mandates,
    ending,
    mandate_sentence,
    up_for_renewal,
    with_current_mandates,
    without_current_mandate,
)

AS_OF = pd.Timestamp("2026-11-01")


def decisions(*rows: tuple[str, str, str, str, str | None, str | None]) -> pd.DataFrame:
    """Decisions from (mission_id, decision, date, action, mandate_until, mandate_term)."""
    frame = pd.DataFrame(
        rows,
        columns=["mission_id", "decision", "date", "action", "mandate_until", "mandate_term"],
    )
    frame["authorized_personnel"] = None
    frame["source_id"] = "s"
    return derive_authorization_columns(frame)


def missions(*ids_active: tuple[str, bool]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mission_id": [mission_id for mission_id, _ in ids_active],
            "acronym": [mission_id.upper() for mission_id, _ in ids_active],
            "is_active": [active for _, active in ids_active],
        }
    )


def test_the_latest_decision_with_a_term_sets_the_current_mandate():
    table = current_mandates(
        decisions(
            ("a", "R1", "2020-01-10", "establish", "2021-01-31", "fixed"),
            ("a", "R2", "2021-01-20", "extend", "2022-01-31", None),
            ("a", "R3", "2021-06-01", "expand", None, None),
        )
    ).set_index("mission_id")
    assert table.at["a", "mandate_term"] == "fixed"  # a date without a term counts as fixed
    assert table.at["a", "mandate_end"] == pd.Timestamp("2022-01-31")
    assert table.at["a", "term_decision"] == "R2"
    assert table.at["a", "last_decision"] == "R3"  # the last decision of any kind


def test_an_open_ended_term_has_no_end_date():
    table = current_mandates(
        decisions(("b", "Agreement", "1953-07-27", "establish", None, "open-ended"))
    ).set_index("mission_id")
    assert table.at["b", "mandate_term"] == "open-ended"
    assert pd.isna(table.at["b", "mandate_end"])


@pytest.fixture
def with_terms() -> pd.DataFrame:
    table = current_mandates(
        decisions(
            ("soon", "R1", "2026-05-01", "extend", "2027-04-30", "fixed"),
            ("later", "R2", "2026-05-01", "extend", "2028-04-30", "fixed"),
            ("last", "R3", "2025-08-28", "extend", "2026-12-31", "final"),
            ("lapsed", "R4", "2025-10-31", "extend", "2026-10-31", "fixed"),
            ("closed", "R5", "2026-05-01", "extend", "2027-01-31", "fixed"),
            ("open", "R6", "1948-05-29", "establish", None, "open-ended"),
        )
    )
    return with_current_mandates(
        missions(
            ("soon", True),
            ("later", True),
            ("last", True),
            ("lapsed", True),
            ("closed", False),
            ("open", True),
            ("unknown", True),
        ),
        table,
    )


def test_up_for_renewal_keeps_fixed_mandates_ending_within_twelve_months(with_terms):
    assert up_for_renewal(with_terms, AS_OF)["mission_id"].tolist() == ["soon"]


def test_ending_keeps_active_operations_with_a_final_mandate(with_terms):
    assert ending(with_terms, AS_OF)["mission_id"].tolist() == ["last"]
    assert ending(with_terms, pd.Timestamp("2027-02-01")).empty  # its final mandate ran out


def test_active_operations_without_a_current_mandate_are_listed_with_the_reason(with_terms):
    listed = without_current_mandate(with_terms, AS_OF).set_index("mission_id")["problem"]
    assert set(listed.index) == {"lapsed", "unknown"}
    assert "ended before" in listed["lapsed"]
    assert "no decision" in listed["unknown"]


@pytest.mark.parametrize(
    ("mission_id", "expected"),
    [
        ("last", "Mandated until 31 Dec 2026 — a final mandate, set by R3 of 28 Aug 2025."),
        ("soon", "Mandated until 30 Apr 2027, set by R1 of 1 May 2026."),
        ("open", "Open-ended: no end date is set (set by R6 of 29 May 1948)."),
        ("unknown", "No decision in the data gives this operation's current mandate term."),
        (
            "lapsed",
            "The last recorded mandate ran until 31 Oct 2026 (set by R4 of 31 Oct 2025); a later "
            "decision is not in the data.",
        ),
    ],
)
def test_the_current_mandate_in_words(with_terms, mission_id, expected):
    row = with_terms.set_index("mission_id", drop=False).loc[mission_id]
    assert mandate_sentence(row, format_date, AS_OF) == expected


def test_the_fixture_dataset_derives_its_mandates_at_load(fixture_dataset):
    tmc = fixture_dataset.missions_by_id.loc["tmc"]
    assert tmc["mandate_term"] == "final"
    assert tmc["mandate_end"] == pd.Timestamp("2027-06-30")
    assert tmc["last_decision"] == "PSC communiqué 2"
