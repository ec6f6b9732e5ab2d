"""The curated data itself: it loads, it is sourced, it covers what the product promises."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from missions.dataset import load_dataset
from missions.lineage import all_chains, find_cycle, handover_edges, partners_of
from missions.summary import sipri_comparison
from missions.validation import URL_PATTERN, split_ids

CORE_MISSIONS = [
    "untso",
    "unef-i",
    "onuc",
    "unficyp",
    "unifil",
    "unamir",
    "unomsil",
    "unamsil",
    "unmil",
    "minustah",
    "monuc",
    "monusco",
    "amis",
    "unamid",
    "afisma",
    "minusma",
    "ifor",
    "sfor",
    "eufor-althea",
    "kfor",
    "unmik",
    "isaf",
    "rsm",
    "ecomog-liberia",
    "ecomog-sierra-leone",
    "ecomil",
]
UN_ORGANIZATIONS = ("UN", "UN-AU")
# Core missions for which no source we saw names a partner in a relation we code.
CORE_MISSIONS_WITHOUT_PARTNERS = {"onuc"}
# Headquarters no source we saw places (see data/README.md, "Known gaps"). This list may only
# shrink: a new gap fails the test.
UN_MISSIONS_WITHOUT_HQ_COORDINATES = {
    "unyom",
    "unef-ii",
    "unasog",
    "untaet",
    # Special political missions whose headquarters no source we saw names.
    "binuca",
    "bnub",
    "bonuca",
    "minusal",
    "onuv",
    "unamis",
    "uniogbis",
    "unma",
    "unmin",
    "unogbis",
    "unol",
    "unomb",
    "unomsa",
    "unpob",
    "unvmc",
}
# UN special political missions whose establishing decision no source we saw names.
UN_MISSIONS_WITHOUT_AUTHORIZATION = {"unol", "unpob"}
# Ids published before the acronym was corrected (the UN writes UNPSG): ids are never renamed.
IDS_KEPT_AFTER_AN_ACRONYM_CHANGE = {"uncpsg": "UNPSG"}
CHAINS_THAT_MUST_EXIST = [
    ["ifor", "sfor", "eufor-althea"],
    ["monuc", "monusco"],
    ["amis", "unamid"],
    ["afisma", "minusma"],
    ["misca", "minusca"],
    ["unmis", "unmiss"],
    ["amisom", "atmis", "aussom"],
    ["unomsil", "unamsil"],
    ["ecomil", "unmil"],
    ["isaf", "rsm"],
]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_the_real_data_loads_and_validates(dataset):
    assert len(dataset.missions) >= 105


def test_coverage_counts(dataset):
    organizations = dataset.missions["organization"]
    assert (~organizations.isin(UN_ORGANIZATIONS)).sum() >= 35
    assert organizations.isin(UN_ORGANIZATIONS).sum() >= 69


@pytest.mark.parametrize("mission_id", CORE_MISSIONS)
def test_core_missions_are_present_with_tasks_partners_and_sources(dataset, mission_id):
    missions = dataset.missions.set_index("mission_id")
    assert mission_id in missions.index
    assert split_ids(missions.at[mission_id, "source_ids"])
    assert mission_id in set(dataset.mandate_tasks["mission_id"])
    partners = partners_of(mission_id, dataset.partners, dataset.missions)
    assert partners.empty == (mission_id in CORE_MISSIONS_WITHOUT_PARTNERS)


def test_mission_ids_follow_the_acronym_rule(dataset):
    for mission_id, acronym in zip(
        dataset.missions["mission_id"], dataset.missions["acronym"], strict=True
    ):
        if IDS_KEPT_AFTER_AN_ACRONYM_CHANGE.get(mission_id) == acronym:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", acronym.lower()).strip("-")
        assert mission_id == slug or mission_id.startswith(slug + "-"), (mission_id, acronym)


def test_no_two_missions_share_an_id(dataset):
    assert dataset.missions["mission_id"].is_unique


def test_every_un_mission_has_the_minimum_fields(dataset):
    un = dataset.missions[dataset.missions["organization"].isin(UN_ORGANIZATIONS)]
    for column in ("start_date", "host_countries", "category"):
        assert un[column].notna().all(), un.loc[un[column].isna(), "mission_id"].tolist()
    without_authorization = set(un.loc[un["authorization"].isna(), "mission_id"])
    assert without_authorization <= UN_MISSIONS_WITHOUT_AUTHORIZATION
    without_coordinates = set(un.loc[un["hq_lat"].isna(), "mission_id"])
    assert without_coordinates <= UN_MISSIONS_WITHOUT_HQ_COORDINATES
    assert set(un["mission_id"]) <= set(dataset.mandate_tasks["mission_id"])


def test_every_non_un_mission_has_the_minimum_fields(dataset):
    others = dataset.missions[~dataset.missions["organization"].isin(UN_ORGANIZATIONS)]
    for column in ("start_date", "host_countries", "organization"):
        assert others[column].notna().all(), others.loc[
            others[column].isna(), "mission_id"
        ].tolist()


def test_every_coded_row_has_its_own_source(dataset):
    for table in (dataset.mandate_tasks, dataset.partners, dataset.challenges):
        assert table["source_id"].notna().all()
        assert table["source_id"].isin(dataset.sources["source_id"]).all()


def test_every_source_url_is_well_formed(dataset):
    bad = [url for url in dataset.sources["url"] if not URL_PATTERN.match(url)]
    assert bad == []


def test_every_source_is_used(dataset):
    used: set[str] = set()
    for cell in dataset.missions["source_ids"]:
        used.update(split_ids(cell))
    for cell in (*dataset.excluded["source_ids"], *dataset.sipri_counts["source_id"]):
        used.update(split_ids(cell))
    for table in (
        dataset.mandate_tasks,
        dataset.partners,
        dataset.challenges,
        dataset.authorizations,
        dataset.personnel,
        dataset.fatalities,
        dataset.contributions,
        dataset.nationality_fatalities,
        dataset.deployments,
    ):
        for cell in table["source_id"]:
            used.update(split_ids(cell))
    assert set(dataset.sources["source_id"]) - used == set()


def test_hand_over_chains_resolve_and_have_no_cycle(dataset):
    edges = handover_edges(dataset.partners)
    assert find_cycle(edges) is None
    ids = set(dataset.missions["mission_id"])
    assert set(edges["from_id"]) | set(edges["to_id"]) <= ids
    chains = [" ".join(chain) for chain in all_chains(edges)]
    for expected in CHAINS_THAT_MUST_EXIST:
        assert any(" ".join(expected) in chain for chain in chains), expected


def test_a_successor_starts_no_earlier_than_its_predecessor(dataset):
    starts = dataset.missions.set_index("mission_id")["start"]
    edges = handover_edges(dataset.partners)
    early = [
        (a, b)
        for a, b in zip(edges["from_id"], edges["to_id"], strict=True)
        if starts[b] < starts[a]
    ]
    assert early == []


def test_the_excluded_claims_are_recorded_with_sources(dataset):
    claims = " ".join(dataset.excluded["claim"])
    assert "UNOK" in claims
    assert "MNSTC-I" in claims
    assert not dataset.missions["acronym"].isin(["UNOK", "MNSTC-I"]).any()


def test_ongoing_missions_have_no_end_precision_and_closed_ones_have_one(dataset):
    missions = dataset.missions
    assert missions.loc[missions["end_date"].isna(), "end_precision"].isna().all()
    assert missions.loc[missions["end_date"].notna(), "end_precision"].notna().all()


def test_as_of_date_is_not_before_the_latest_start(dataset):
    assert pd.Timestamp(dataset.about["as_of"]) >= dataset.missions["start"].max()


UN_LIST = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "reference-data"
    / "un_pko_list_DPPADPOSS-PKO_2024-02-19.csv"
)
# Rows of the UN's list that are not operations of their own (see data/README.md).
UN_LIST_COMPOSITES = {"UNEF", "UNAVEM", "UNOSOM"}  # UNEF I and II, UNAVEM I and II, UNOSOM I and II
UN_LIST_SAME_OPERATION = {"UNCPSG": "UNPSG"}  # the list holds the police support group twice
# Rows checked and left out: each has its reason in excluded.csv.
UN_LIST_EXCLUDED = {"UNPF", "UNFOR", "UNGCI", "IPTF", "UNOHCI", "UNSMA"}


@pytest.mark.skipif(not UN_LIST.exists(), reason="the shared reference data is not beside the repo")
def test_every_operation_on_the_uns_own_list_is_in_the_atlas(dataset):
    listed = pd.read_csv(UN_LIST, dtype=str)["mission_acronym"].str.strip()
    acronyms = set(dataset.missions["acronym"])
    claims = " ".join(dataset.excluded["claim"])
    missing = []
    for acronym in listed:
        if acronym in UN_LIST_COMPOSITES:
            continue
        acronym = UN_LIST_SAME_OPERATION.get(acronym, acronym)
        if acronym in UN_LIST_EXCLUDED:
            assert f"({acronym})" in claims, f"{acronym} is left out without a recorded reason"
            continue
        if acronym not in acronyms:
            missing.append(acronym)
    assert missing == []


def test_every_category_has_at_least_one_operation(dataset):
    counts = dataset.missions["category"].value_counts()
    assert set(dataset.codes("category")) <= set(counts.index)


def test_active_operations_reach_90_percent_of_sipris_counts(dataset):
    comparison = sipri_comparison(dataset.missions, dataset.sipri_counts)
    assert list(comparison["year"]) == list(range(2015, 2025))
    low = comparison[comparison["share"] < 0.9]
    assert low.empty, low.to_dict("records")


def test_every_organization_in_the_taxonomy_leads_an_operation(dataset):
    used = set(dataset.missions["organization"])
    assert set(dataset.codes("organization")) == used


# Operations whose establishing decision no source we saw names (data/README.md, "Known gaps").
WITHOUT_ESTABLISHING_DECISION = {
    "imt",
    "misahel",
    "omic",
    "osce-estonia",
    "osce-latvia",
    "unol",
    "unpob",
}
# Active at some time since 2015 but with no decision since 2015 in the data: open-ended
# mandates (UNTSO, UNMOGIP, UNMIK, NNSC, the JCC force), an operation whose last decisions fell in
# 2014 (EUFOR RCA) and field operations whose yearly extensions no source we saw records.
WITHOUT_DECISIONS_SINCE_2015 = {
    "untso",
    "unmogip",
    "unmik",
    "nnsc",
    "jcc-moldova",
    "eufor-rca",
    "misahel",
    "omik",
    "osce-albania",
    "osce-ashgabat",
    "osce-skopje",
}


def test_every_operation_has_its_establishing_decision(dataset):
    decisions = dataset.authorizations
    established = set(
        decisions.loc[decisions["action"].isin(["establish", "authorize force"]), "mission_id"]
    )
    missing = set(dataset.missions["mission_id"]) - established
    assert missing == WITHOUT_ESTABLISHING_DECISION


def test_operations_active_since_2015_have_their_decisions_since_2015(dataset):
    missions = dataset.missions
    recent = missions[missions["is_active"] | (missions["end_year"] >= 2015)]
    decisions = dataset.authorizations
    with_recent = set(decisions.loc[decisions["decided"] >= "2015-01-01", "mission_id"])
    assert set(recent["mission_id"]) - with_recent == WITHOUT_DECISIONS_SINCE_2015


def test_unifils_final_mandate_is_recorded(dataset):
    unifil = dataset.missions_by_id.loc["unifil"]
    assert unifil["mandate_term"] == "final"
    assert unifil["mandate_end"] == pd.Timestamp("2026-12-31")
    assert unifil["term_decision"] == "S/RES/2790 (2025)"


def test_known_2025_changes_are_in_the_data(dataset):
    missions = dataset.missions_by_id
    assert missions.at["mss", "end_date"] == "2025-10-02"
    assert missions.at["unami", "end_date"] == "2025-12-31"
    assert missions.at["samidrc", "end_date"].startswith("2025")
    assert "mss" in set(
        dataset.partners.loc[dataset.partners["partner_mission_id"] == "gsf", "mission_id"]
    )
