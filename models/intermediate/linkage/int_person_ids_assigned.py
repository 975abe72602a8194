"""Person ids by connected components over the link edges, strictest rule first (a small union-find).

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

import pandas as pd

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


def assign(contacts: pd.DataFrame, match_keys: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """contacts: contact_id; match_keys: contact_id, link_rule, key_value, sex; edges: as
    int_person_link_edges. Returns contact_id, person_id, link_rule, link_rule_rank."""
    ids = sorted(contacts["contact_id"].unique())
    index = {contact_id: position for position, contact_id in enumerate(ids)}
    sexes: list[set] = [set() for _ in ids]
    nhs: list[set] = [set() for _ in ids]
    has_forename = [False] * len(ids)
    names: list[dict[str, set]] = [{} for _ in ids]
    for contact_id, sex in (
        match_keys[["contact_id", "sex"]].drop_duplicates().itertuples(index=False)
    ):
        if isinstance(sex, str):
            sexes[index[contact_id]].add(sex)
    columns = ["contact_id", "agency", "link_rule", "key_value"]
    for contact_id, agency, rule, value in match_keys[columns].itertuples(index=False):
        if rule == "nhs":
            nhs[index[contact_id]].add(value)
        elif rule == "forename_dob":
            has_forename[index[contact_id]] = True
        elif rule == "name_dob":
            names[index[contact_id]].setdefault(agency, set()).add(value)
    clusters = Clusters(len(ids), sexes, nhs, has_forename, names)
    best_rank = [99] * len(ids)

    def accept(first: int, second: int, rank: int) -> None:
        clusters.union(first, second)
        best_rank[first] = min(best_rank[first], rank)
        best_rank[second] = min(best_rank[second], rank)

    edges = edges.assign(rank=edges["link_rule"].map(RULE_RANK))
    strict = edges[edges["link_rule"].isin(STRICT_RULES)].sort_values(["rank", "edge_id"])
    for contact_id, anchor, rank in strict[["contact_id", "anchor_contact_id", "rank"]].itertuples(
        index=False
    ):
        accept(index[contact_id], index[anchor], rank)

    guarded = edges[edges["link_rule"] == GUARDED_RULE].sort_values("edge_id")
    for contact_id, anchor in guarded[["contact_id", "anchor_contact_id"]].itertuples(index=False):
        if clusters.name_conflict_free(index[contact_id], index[anchor]):
            accept(index[contact_id], index[anchor], RULE_RANK[GUARDED_RULE])

    for rule in LOOSE_RULES:
        loose = edges[edges["link_rule"] == rule].sort_values(["key_value", "edge_id"])
        for _, group in loose.groupby("key_value", sort=True):
            members = [index[c] for c in group["contact_id"]] + [
                index[group["anchor_contact_id"].iat[0]]
            ]
            roots = {clusters.find(member) for member in members}
            if len(roots) != 2:
                continue
            first, second = sorted(roots)
            if not clusters.compatible(first, second, rule):
                continue
            for contact_id, anchor in group[["contact_id", "anchor_contact_id"]].itertuples(
                index=False
            ):
                accept(index[contact_id], index[anchor], RULE_RANK[rule])

    roots = [clusters.find(position) for position in range(len(ids))]
    first_contact: dict[int, str] = {}
    for position, root in enumerate(roots):
        # ids are sorted, so the first contact seen in a component is its least
        first_contact.setdefault(root, ids[position])
    rule_names = {rank: rule for rule, rank in RULE_RANK.items()}
    return pd.DataFrame(
        {
            "contact_id": ids,
            "person_id": [
                "P" + hashlib.sha256(first_contact[root].encode()).hexdigest()[:15]
                for root in roots
            ],
            "link_rule": [rule_names.get(rank, "unlinked") for rank in best_rank],
            "link_rule_rank": [rank if rank < 99 else None for rank in best_rank],
        }
    ).astype({"link_rule_rank": "Int64"})


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
