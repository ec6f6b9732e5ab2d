"""Hand-over chains: which mission took over from which (IFOR → SFOR → EUFOR Althea).

Edges come from partners.csv rows that point to another mission in the table: `predecessor`
rows give partner → mission, `successor` rows give mission → partner. `rehatted_from` alone is
not a hand-over (UNGOMAP borrowed observers from UNTSO without succeeding it).
"""

from __future__ import annotations

import pandas as pd

INCOMING_RELATIONS = ("predecessor",)
OUTGOING_RELATIONS = ("successor",)


def handover_edges(partners: pd.DataFrame) -> pd.DataFrame:
    """Distinct (from_id, to_id) hand-overs between missions in the table, sorted."""
    linked = partners[partners["partner_mission_id"].notna()]
    incoming = linked[linked["relation"].isin(INCOMING_RELATIONS)]
    outgoing = linked[linked["relation"].isin(OUTGOING_RELATIONS)]
    edges = pd.concat(
        [
            pd.DataFrame(
                {"from_id": incoming["partner_mission_id"], "to_id": incoming["mission_id"]}
            ),
            pd.DataFrame(
                {"from_id": outgoing["mission_id"], "to_id": outgoing["partner_mission_id"]}
            ),
        ],
        ignore_index=True,
    )
    return edges.drop_duplicates().sort_values(["from_id", "to_id"]).reset_index(drop=True)


def find_cycle(edges: pd.DataFrame) -> list[str] | None:
    """A list of mission ids forming a cycle, or None when hand-overs only run forward."""
    successors: dict[str, list[str]] = {}
    for source, target in zip(edges["from_id"], edges["to_id"], strict=True):
        successors.setdefault(source, []).append(target)
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in successors.get(node, []):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
            if nxt not in state:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in list(successors):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def _neighbours(edges: pd.DataFrame) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Successors and predecessors of every mission, each list in id order."""
    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}
    for source, target in sorted(zip(edges["from_id"], edges["to_id"], strict=True)):
        forward.setdefault(source, []).append(target)
        backward.setdefault(target, []).append(source)
    return forward, backward


def chain_of(mission_id: str, edges: pd.DataFrame) -> list[str]:
    """The hand-over chain through one mission, earliest first (following first links only).

    Where a mission has several predecessors or successors, the chain follows the first in id
    order; `handover_edges` holds them all.
    """
    forward, backward = _neighbours(edges)
    chain = [mission_id]
    while chain[0] in backward and backward[chain[0]][0] not in chain:
        chain.insert(0, backward[chain[0]][0])
    while chain[-1] in forward and forward[chain[-1]][0] not in chain:
        chain.append(forward[chain[-1]][0])
    return chain


def all_chains(edges: pd.DataFrame) -> list[list[str]]:
    """Every maximal hand-over chain (paths from a mission with no predecessor to one with no
    successor), longest first."""
    forward, _ = _neighbours(edges)
    has_predecessor = set(edges["to_id"])
    roots = sorted(set(edges["from_id"]) - has_predecessor)
    chains: list[list[str]] = []

    def walk(path: list[str]) -> None:
        nexts = [n for n in forward.get(path[-1], []) if n not in path]
        if not nexts:
            chains.append(path)
        for nxt in nexts:
            walk([*path, nxt])

    for root in roots:
        walk([root])
    return sorted(chains, key=lambda chain: (-len(chain), chain))


INVERSE_RELATIONS = {
    "predecessor": "successor",
    "successor": "predecessor",
    "rehatted_from": "rehatted_into",
    "rehatted_into": "rehatted_from",
    "supported_by": "supports",
    "supports": "supported_by",
    "parallel_force": "parallel_force",
    "co_deployed": "co_deployed",
    "hybrid_partner": "hybrid_partner",
}


def partners_of(mission_id: str, partners: pd.DataFrame, missions: pd.DataFrame) -> pd.DataFrame:
    """Every partner of one mission: its own rows, plus rows of other missions that name it,
    turned around (UNDOF "supported by UNTSO" shows on UNTSO as "supports UNDOF")."""
    names = pd.Series(missions["name"].to_numpy(), index=missions["mission_id"])
    own = partners[partners["mission_id"] == mission_id]
    naming = partners[
        (partners["partner_mission_id"] == mission_id)
        & partners["relation"].isin(list(INVERSE_RELATIONS))
    ]
    inverse = pd.DataFrame(
        {
            "mission_id": mission_id,
            "partner_name": naming["mission_id"].map(names),
            "partner_kind": "mission",
            "partner_mission_id": naming["mission_id"],
            "relation": naming["relation"].map(INVERSE_RELATIONS),
            "source_id": naming["source_id"],
        }
    )
    combined = pd.concat([own, inverse], ignore_index=True)
    return combined.drop_duplicates(subset=["partner_mission_id", "partner_name", "relation"])
