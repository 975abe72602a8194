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
from collections import defaultdict

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

STRICT_RULES = ("ref", "nhs", "name_dob", "name_dob_swapped")
GUARDED_RULE = "initial_dob"
LOOSE_RULES = ("forename_dob", "initials_dob")
# The key rules whose values the guards read (sexes come from every key).
GUARD_KEY_RULES = ("nhs", "forename_dob", "name_dob")
RULE_RANK = {
    rule: rank for rank, rule in enumerate((*STRICT_RULES, GUARDED_RULE, *LOOSE_RULES), start=1)
}


class Clusters:
    """Union-find over contact indexes, carrying the attributes the loose-rule guards need, by cluster
    root (only the clusters a guarded or loose edge touches have any: no other is ever read)."""

    def __init__(
        self,
        parent: list[int],
        sexes: defaultdict[int, set],
        nhs: defaultdict[int, set],
        has_forename: set[int],
        names: defaultdict[int, dict[str, set]],
    ):
        self.parent = parent
        self.sexes = sexes
        self.nhs = nhs
        self.has_forename = has_forename  # the roots of clusters with a forename_dob key
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
        self.sexes[first] |= self.sexes.pop(second, set())
        self.nhs[first] |= self.nhs.pop(second, set())
        if second in self.has_forename:
            self.has_forename.add(first)
        for agency, keys in self.names.pop(second, {}).items():
            self.names[first].setdefault(agency, set()).update(keys)
        return True

    def compatible(self, first: int, second: int, rule: str) -> bool:
        if len(self.sexes[first] | self.sexes[second]) > 1:
            return False
        if self.nhs[first] and self.nhs[second] and not self.nhs[first] & self.nhs[second]:
            return False
        if rule == "initials_dob" and {first, second} <= self.has_forename:
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
    match_keys: pd.DataFrame, sexes_recorded: pd.DataFrame, roots: np.ndarray, wanted: set[int]
) -> tuple[defaultdict, defaultdict, set[int], defaultdict]:
    """The guards' attributes (sexes, NHS keys, whether a forename key exists, name_dob keys by agency),
    gathered per strict cluster, for the clusters a guarded or loose edge touches (no other is ever read)."""
    sexes: defaultdict[int, set] = defaultdict(set)
    nhs: defaultdict[int, set] = defaultdict(set)
    has_forename: set[int] = set()
    names: defaultdict[int, dict[str, set]] = defaultdict(dict)
    recorded = sexes_recorded.assign(root=roots[sexes_recorded["position"].to_numpy()])
    recorded = recorded[recorded["root"].isin(wanted)]
    for root, sex in zip(recorded["root"].tolist(), recorded["sex"].tolist(), strict=True):
        sexes[root].add(sex)
    keys = match_keys.assign(root=roots[match_keys["position"].to_numpy()])
    keys = keys[keys["root"].isin(wanted)]
    columns = [keys[c].tolist() for c in ("root", "agency", "link_rule", "key_value")]
    for root, agency, rule, value in zip(*columns, strict=True):
        if rule == "nhs":
            nhs[root].add(value)
        elif rule == "forename_dob":
            has_forename.add(root)
        elif rule == "name_dob":
            names[root].setdefault(agency, set()).add(value)
    return sexes, nhs, has_forename, names


def assign(
    contacts: pd.DataFrame, match_keys: pd.DataFrame, sexes: pd.DataFrame, edges: pd.DataFrame
) -> pd.DataFrame:
    """contacts: contact_id; match_keys: contact_id, agency, link_rule, key_value (the guards' rules,
    GUARD_KEY_RULES); sexes: contact_id, sex (each sex recorded for a contact); edges: as
    int_person_link_edges, key_value only where the rule is loose. Returns contact_id, person_id,
    link_rule, link_rule_rank.

    The strict edges, all accepted, are joined in one pass (scipy's connected components); the guarded and
    loose edges, whose acceptance depends on the clusters already made, then go through the union-find one
    at a time, as before."""
    ids = np.sort(contacts["contact_id"].unique())
    size = len(ids)
    position = pd.Series(np.arange(size), index=ids)
    match_keys = match_keys.assign(position=position.loc[match_keys["contact_id"]].to_numpy())
    sexes = sexes.assign(position=position.loc[sexes["contact_id"]].to_numpy())
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
    clusters = Clusters(roots.tolist(), *_cluster_attributes(match_keys, sexes, roots, wanted))

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


# Contact ids and key values recur across millions of rows at a force's volume; as one Python string each
# they held the build at about 5 GB. As categories each distinct value is held once.
REPEATED_TEXT = ("contact_id", "anchor_contact_id", "agency", "key_value")


def _frame(relation) -> pd.DataFrame:
    frame = relation.df()
    for column in frame.columns.intersection(REPEATED_TEXT):
        frame[column] = frame[column].astype("category")
    return frame


def model(dbt, session):
    dbt.config(materialized="table")
    contacts = dbt.ref("int_agency_contacts_unioned").project("contact_id").df()
    keys = dbt.ref("int_person_match_keys_unpivoted")
    guard_rules = ", ".join(f"'{rule}'" for rule in GUARD_KEY_RULES)
    match_keys = _frame(
        keys.filter(f"link_rule in ({guard_rules})").project(
            "contact_id, agency, link_rule, key_value"
        )
    )
    sexes = _frame(keys.filter("sex is not null").project("contact_id, sex").distinct())
    loose_rules = ", ".join(f"'{rule}'" for rule in LOOSE_RULES)
    edges = _frame(
        dbt.ref("int_person_link_edges").project(
            "edge_id, contact_id, anchor_contact_id, link_rule,"
            f" case when link_rule in ({loose_rules}) then key_value end as key_value"
        )
    )
    return assign(contacts, match_keys, sexes, edges)
