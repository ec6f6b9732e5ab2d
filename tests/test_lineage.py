"""Hand-over chains from partners.csv."""

import pandas as pd
import pytest

from missions.lineage import all_chains, chain_of, find_cycle, handover_edges, partners_of


def partners(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "mission_id",
            "partner_name",
            "partner_kind",
            "partner_mission_id",
            "relation",
            "source_id",
        ],
    )


def test_predecessor_and_successor_rows_become_one_forward_edge():
    rows = [
        ("b", "A", "mission", "a", "predecessor", "s"),
        ("a", "B", "mission", "b", "successor", "s"),
        ("c", "B", "mission", "b", "predecessor", "s"),
        ("c", "UNTSO", "mission", "x", "rehatted_from", "s"),
        ("c", "Someone", "state", None, "lead_nation", "s"),
    ]
    edges = handover_edges(partners(rows))
    assert list(zip(edges["from_id"], edges["to_id"], strict=True)) == [("a", "b"), ("b", "c")]
    assert all_chains(edges) == [["a", "b", "c"]]
    assert chain_of("b", edges) == ["a", "b", "c"]


def test_a_cycle_is_found():
    rows = [
        ("b", "A", "mission", "a", "predecessor", "s"),
        ("a", "B", "mission", "b", "predecessor", "s"),
    ]
    assert find_cycle(handover_edges(partners(rows))) is not None


@pytest.mark.parametrize("mission", ["zzz", "a"])
def test_a_mission_without_hand_overs_is_a_chain_of_itself(mission):
    assert chain_of(mission, handover_edges(partners([]))) == [mission]


def test_partners_of_adds_turned_around_rows_of_other_missions():
    rows = [
        ("undof", "UNTSO", "mission", "untso", "supported_by", "s1"),
        ("sfor", "IFOR", "mission", "ifor", "predecessor", "s2"),
        ("untso", "Israel", "host_government", None, "co_deployed", "s3"),
    ]
    missions = pd.DataFrame(
        {
            "mission_id": ["undof", "untso", "sfor", "ifor"],
            "name": ["UNDOF", "UNTSO", "SFOR", "IFOR"],
        }
    )
    untso = partners_of("untso", partners(rows), missions)
    assert sorted(zip(untso["partner_name"], untso["relation"], strict=True)) == [
        ("Israel", "co_deployed"),
        ("UNDOF", "supports"),
    ]
    ifor = partners_of("ifor", partners(rows), missions)
    assert list(zip(ifor["partner_mission_id"], ifor["relation"], strict=True)) == [
        ("sfor", "successor")
    ]
