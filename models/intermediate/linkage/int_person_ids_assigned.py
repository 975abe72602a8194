"""Person ids by connected components over the link edges, strictest rule first (scipy for the strict
edges, then a small union-find for the edges whose acceptance depends on what is already joined).

1. Strict edges (ref, nhs, name_dob, name_dob_swapped, initial_dob) are all accepted, in rule order.
2. initial_dob edges (surname, initial and date of birth: twins and namesakes collide) are accepted unless
   the two clusters conflict on name (below).
3. Loose candidate edges (forename_dob, then initials_dob) are judged one key value at a time against the
   clusters the stricter rules made. A loose key value is accepted only when:
   - it is held by exactly two clusters (the key is unique to one candidate cluster on each side; a value
     shared by three or more clusters is ambiguous and links nothing);
   - the clusters' recorded sexes do not conflict (a cluster with both sexes recorded counts as conflict);
   - the clusters do not each hold a different NHS key (a loose key never overrides a strict identity);
   - the clusters do not conflict on name: an agency keeps one version of a person's name and date of
     birth, so two clusters that both hold name_dob keys from the same agency, and no name_dob key in common
     from it, are two people as far as that agency knows;
   - for initials_dob only, at least one cluster has no forename_dob key (initials add nothing between two
     full-name clusters that forename_dob and initial_dob did not already join, and collide more often).
4. person_id is a hash of the component's first contact_id; link_rule is the strictest accepted rule on any
   edge touching the contact, or 'unlinked' for a contact alone in its component.
"""

from __future__ import annotations

import hashlib
import itertools

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

STRICT_RULES = ("ref", "nhs", "name_dob", "name_dob_swapped")
GUARDED_RULE = "initial_dob"
LOOSE_RULES = ("forename_dob", "initials_dob")
RULE_RANK = {
    rule: rank for rank, rule in enumerate((*STRICT_RULES, GUARDED_RULE, *LOOSE_RULES), start=1)
}


class Clusters:
    """Union-find over contact indexes, carrying the attributes the loose-rule guards need."""

    def __init__(
        self,
        size: int,
        sexes: list[set],
        nhs: list[set],
        has_forename: list[bool],
        names: list[dict[str, set]],
    ):
        self.parent = list(range(size))
        self.sexes = sexes
        self.nhs = nhs
        self.has_forename = has_forename
        self.names = names  # agency -> the name_dob keys that agency holds for the cluster

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: int, second: int) -> bool:
        first, second = self.find(first), self.find(second)
        if first == second:
            return False
        if first > second:
            first, second = second, first
        self.parent[second] = first
        self.sexes[first] |= self.sexes[second]
        self.nhs[first] |= self.nhs[second]
        self.has_forename[first] = self.has_forename[first] or self.has_forename[second]
        for agency, keys in self.names[second].items():
            self.names[first].setdefault(agency, set()).update(keys)
        self.names[second] = {}
        return True

    def compatible(self, first: int, second: int, rule: str) -> bool:
        if len(self.sexes[first] | self.sexes[second]) > 1:
            return False
        if self.nhs[first] and self.nhs[second] and not self.nhs[first] & self.nhs[second]:
            return False
        if rule == "initials_dob" and self.has_forename[first] and self.has_forename[second]:
            return False
        for agency, keys in self.names[first].items():
            if agency in self.names[second] and not keys & self.names[second][agency]:
                return False
        return True

    def name_conflict_free(self, first: int, second: int) -> bool:
        first, second = self.find(first), self.find(second)
        return first == second or all(
            agency not in self.names[second] or keys & self.names[second][agency]
            for agency, keys in self.names[first].items()
        )


def _strict_components(size: int, edges: pd.DataFrame) -> np.ndarray:
    """Each contact's root after every strict edge: the least index of its connected component (what the
    union-find would give, since its unions keep the lesser root), from scipy in one vectorised pass."""
    graph = coo_matrix(
        (np.ones(len(edges), dtype=np.int8), (edges["first"], edges["second"])), shape=(size, size)
    )
    _, labels = connected_components(graph, directed=False)
    least = pd.Series(np.arange(size)).groupby(labels).transform("min")
    return least.to_numpy()


def _cluster_attributes(
    match_keys: pd.DataFrame, roots: np.ndarray, wanted: set[int], size: int
) -> tuple[list[set], list[set], list[bool], list[dict[str, set]]]:
    """The guards' attributes (sexes, NHS keys, whether a forename key exists, name_dob keys by agency),
    gathered per strict cluster, for the clusters a guarded or loose edge touches (no other is ever read)."""
    sexes: list[set] = [set() for _ in range(size)]
    nhs: list[set] = [set() for _ in range(size)]
    has_forename = [False] * size
    names: list[dict[str, set]] = [{} for _ in range(size)]
    keys = match_keys.assign(root=roots[match_keys["position"].to_numpy()])
    keys = keys[keys["root"].isin(wanted)]
    for root, sex in zip(keys["root"].tolist(), keys["sex"].tolist(), strict=True):
        if isinstance(sex, str):
            sexes[root].add(sex)
    columns = [keys[c].tolist() for c in ("root", "agency", "link_rule", "key_value")]
    for root, agency, rule, value in zip(*columns, strict=True):
        if rule == "nhs":
            nhs[root].add(value)
        elif rule == "forename_dob":
            has_forename[root] = True
        elif rule == "name_dob":
            names[root].setdefault(agency, set()).add(value)
    return sexes, nhs, has_forename, names


def assign(contacts: pd.DataFrame, match_keys: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """contacts: contact_id; match_keys: contact_id, link_rule, key_value, sex; edges: as
    int_person_link_edges. Returns contact_id, person_id, link_rule, link_rule_rank.

    The strict edges, all accepted, are joined in one pass (scipy's connected components); the guarded and
    loose edges, whose acceptance depends on the clusters already made, then go through the union-find one
    at a time, as before."""
    ids = np.sort(contacts["contact_id"].unique())
    size = len(ids)
    position = pd.Series(np.arange(size), index=ids)
    match_keys = match_keys.assign(position=position.loc[match_keys["contact_id"]].to_numpy())
    edges = edges.assign(
        rank=edges["link_rule"].map(RULE_RANK),
        first=position.loc[edges["contact_id"]].to_numpy(),
        second=position.loc[edges["anchor_contact_id"]].to_numpy(),
    )
    strict = edges[edges["link_rule"].isin(STRICT_RULES)]
    roots = _strict_components(size, strict)
    best_rank = np.full(size, 99)
    for side in ("first", "second"):
        ranks = strict.groupby(side)["rank"].min()
        best_rank[ranks.index] = np.minimum(best_rank[ranks.index], ranks.to_numpy())

    later = edges[~edges["link_rule"].isin(STRICT_RULES)]
    wanted = set(roots[later["first"]]) | set(roots[later["second"]])
    clusters = Clusters(size, *_cluster_attributes(match_keys, roots, wanted, size))
    clusters.parent = roots.tolist()

    def accept(first: int, second: int, rank: int) -> None:
        clusters.union(first, second)
        best_rank[first] = min(best_rank[first], rank)
        best_rank[second] = min(best_rank[second], rank)

    guarded = later[later["link_rule"] == GUARDED_RULE].sort_values("edge_id")
    for first, second in zip(guarded["first"].tolist(), guarded["second"].tolist(), strict=True):
        if clusters.name_conflict_free(first, second):
            accept(first, second, RULE_RANK[GUARDED_RULE])

    for rule in LOOSE_RULES:
        loose = later[later["link_rule"] == rule].sort_values(["key_value", "edge_id"])
        firsts, seconds = loose["first"].tolist(), loose["second"].tolist()
        # one group of edges per key value (plain lists: iterating pandas groups costs more than the work)
        _, starts = np.unique(loose["key_value"].to_numpy(), return_index=True)
        bounds = [*starts.tolist(), len(firsts)]
        for start, stop in itertools.pairwise(bounds):
            members = [*firsts[start:stop], seconds[start]]
            found = {clusters.find(member) for member in members}
            if len(found) != 2:
                continue
            first, second = sorted(found)
            if not clusters.compatible(first, second, rule):
                continue
            for one, other in zip(firsts[start:stop], seconds[start:stop], strict=True):
                accept(one, other, RULE_RANK[rule])

    final = np.array([clusters.find(item) for item in range(size)])
    # ids are sorted, so a component's root (its least index) is its least contact id
    person_ids = {
        root: "P" + hashlib.sha256(ids[root].encode()).hexdigest()[:15] for root in set(final)
    }
    rule_names = {rank: rule for rule, rank in RULE_RANK.items()}
    return pd.DataFrame(
        {
            "contact_id": ids,
            "person_id": [person_ids[root] for root in final],
            "link_rule": [rule_names.get(rank, "unlinked") for rank in best_rank],
            "link_rule_rank": [rank if rank < 99 else None for rank in best_rank],
        }
        # typed explicitly, so an empty build (dbt --empty) still gives text columns
    ).astype(
        {
            "contact_id": "string",
            "person_id": "string",
            "link_rule": "string",
            "link_rule_rank": "Int64",
        }
    )


def model(dbt, session):
    dbt.config(materialized="table")
    contacts = dbt.ref("int_agency_contacts_unioned").project("contact_id").df()
    match_keys = (
        dbt.ref("int_person_match_keys_unpivoted")
        .project("contact_id, agency, link_rule, key_value, sex")
        .df()
    )
    edges = (
        dbt.ref("int_person_link_edges")
        .project("edge_id, contact_id, anchor_contact_id, link_rule, key_value")
        .df()
    )
    return assign(contacts, match_keys, edges)
