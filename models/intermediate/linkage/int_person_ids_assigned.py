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
UNLINKED = 99


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


def _strict_components(size: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Each contact's root after every strict edge: the least index of its connected component (what the
    union-find would give, since its unions keep the lesser root), from scipy in one vectorised pass."""
    graph = coo_matrix((np.ones(len(first), dtype=np.int8), (first, second)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    # labels run 0..n-1; positions ascend, so a label's first position is its component's least
    _, least = np.unique(labels, return_index=True)
    return least[labels]


def _cluster_attributes(
    keys: dict[str, np.ndarray], sexes: dict[str, np.ndarray], roots: np.ndarray, wanted: np.ndarray
) -> tuple[defaultdict, defaultdict, set[int], defaultdict]:
    """The guards' attributes (sexes, NHS keys, whether a forename key exists, name_dob keys by agency),
    gathered per strict cluster, for the clusters a guarded or loose edge touches (no other is ever read)."""
    sex_of: defaultdict[int, set] = defaultdict(set)
    nhs: defaultdict[int, set] = defaultdict(set)
    has_forename: set[int] = set()
    names: defaultdict[int, dict[int, set]] = defaultdict(dict)
    touched = np.zeros(len(roots), dtype=bool)
    touched[wanted] = True
    sex_roots = roots[sexes["position"]]
    kept = touched[sex_roots]
    for root, sex in zip(sex_roots[kept].tolist(), sexes["sex"][kept].tolist(), strict=True):
        sex_of[root].add(sex)
    key_roots = roots[keys["position"]]
    kept = touched[key_roots]
    columns = [key_roots[kept], *(keys[c][kept] for c in ("agency", "rule_rank", "key_code"))]
    for root, agency, rank, value in zip(*(c.tolist() for c in columns), strict=True):
        if rank == RULE_RANK["nhs"]:
            nhs[root].add(value)
        elif rank == RULE_RANK["forename_dob"]:
            has_forename.add(root)
        elif rank == RULE_RANK["name_dob"]:
            names[root].setdefault(agency, set()).add(value)
    return sex_of, nhs, has_forename, names


def assign(
    size: int,
    edges: dict[str, np.ndarray],
    keys: dict[str, np.ndarray],
    sexes: dict[str, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Contacts are positions 0..size-1 in contact_id order; every other value is an integer code.
    edges: first, second (positions), rule_rank, key_code (the loose rules' key value, in key value order),
    ordered by rule_rank, key_code, edge_id; keys: position, agency, rule_rank, key_code (the guards' rules,
    GUARD_KEY_RULES); sexes: position, sex (each sex recorded for a contact). Returns each contact's root
    (the least position in its person) and the rank of the strictest rule accepted on an edge touching it
    (UNLINKED for none).

    The strict edges, all accepted, are joined in one pass (scipy's connected components); the guarded and
    loose edges, whose acceptance depends on the clusters already made, then go through the union-find one
    at a time, in that order."""
    ranks = edges["rule_rank"]
    strict = ranks <= len(STRICT_RULES)
    roots = _strict_components(size, edges["first"][strict], edges["second"][strict])
    best_rank = np.full(size, UNLINKED, dtype=np.int16)
    for side in ("first", "second"):
        np.minimum.at(best_rank, edges[side][strict], ranks[strict])

    later = {name: column[~strict] for name, column in edges.items()}
    wanted = np.unique(np.concatenate([roots[later["first"]], roots[later["second"]]]))
    clusters = Clusters(roots.tolist(), *_cluster_attributes(keys, sexes, roots, wanted))

    def accept(first: int, second: int, rank: int) -> None:
        clusters.union(first, second)
        best_rank[first] = min(best_rank[first], rank)
        best_rank[second] = min(best_rank[second], rank)

    rule_edges = {
        rank: [later[c][later["rule_rank"] == rank] for c in ("first", "second", "key_code")]
        for rank in (RULE_RANK[GUARDED_RULE], *(RULE_RANK[rule] for rule in LOOSE_RULES))
    }
    firsts, seconds, _ = rule_edges[RULE_RANK[GUARDED_RULE]]
    for first, second in zip(firsts.tolist(), seconds.tolist(), strict=True):
        if clusters.name_conflict_free(first, second):
            accept(first, second, RULE_RANK[GUARDED_RULE])

    for rule in LOOSE_RULES:
        firsts, seconds, key = rule_edges[RULE_RANK[rule]]
        # one group of edges per key value (plain lists: indexing numpy one item at a time costs more)
        _, starts = np.unique(key, return_index=True)
        bounds = [*starts.tolist(), len(firsts)]
        firsts, seconds = firsts.tolist(), seconds.tolist()
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

    # every contact straight to its root: repeated pointer jumping over the whole array at once
    final = np.asarray(clusters.parent, dtype=np.int64)
    while not np.array_equal(final, final[final]):
        final = final[final]
    return final, best_rank


# Contacts and key values become integer positions and codes in DuckDB, and only those integers come
# into Python: as one Python string each, the ids and key values of a force's volume held the build at
# about 5 GB. The ids come back by joining the result to the positions, in DuckDB.
POSITIONS_SQL = """
create or replace temp table linkage_positions as
select contact_id, (row_number() over (order by contact_id) - 1)::integer as position
from (select distinct contact_id from linkage_contacts)
"""
EDGES_SQL = """
select
    firsts.position as first,
    seconds.position as second,
    edges.rule_rank::tinyint as rule_rank,
    case when edges.is_loose_rule then dense_rank() over (
        partition by edges.is_loose_rule order by edges.key_value
    ) else 0 end as key_code
from linkage_edges as edges
inner join linkage_positions as firsts on firsts.contact_id = edges.contact_id
inner join linkage_positions as seconds on seconds.contact_id = edges.anchor_contact_id
order by edges.rule_rank, key_code, edges.edge_id
"""
KEYS_SQL = """
select
    positions.position,
    dense_rank() over (order by keys.agency)::smallint as agency,
    keys.rule_rank::tinyint as rule_rank,
    dense_rank() over (order by keys.key_value) as key_code
from linkage_keys as keys
inner join linkage_positions as positions using (contact_id)
where keys.link_rule in ({rules})
"""
SEXES_SQL = """
select distinct positions.position, (keys.sex = 'F')::tinyint as sex
from linkage_keys as keys
inner join linkage_positions as positions using (contact_id)
where keys.sex is not null
"""
RESULT_SQL = """
select
    positions.contact_id,
    'P' || left(sha256(roots.contact_id), 15) as person_id,
    case components.link_rule_rank {rule_names} else 'unlinked' end as link_rule,
    nullif(components.link_rule_rank, {unlinked})::bigint as link_rule_rank
from linkage_components as components
inner join linkage_positions as positions on positions.position = components.position
inner join linkage_positions as roots on roots.position = components.root
order by positions.position
"""


def model(dbt, session):
    dbt.config(materialized="table")
    # temporary views, the session's own: nothing here is left in the warehouse but the model
    session.register("linkage_contacts", dbt.ref("int_agency_contacts_unioned"))
    session.register("linkage_keys", dbt.ref("int_person_match_keys_unpivoted"))
    session.register("linkage_edges", dbt.ref("int_person_link_edges"))
    session.execute(POSITIONS_SQL)
    size = session.sql("select count(*) from linkage_positions").fetchone()[0]
    guard_rules = ", ".join(f"'{rule}'" for rule in GUARD_KEY_RULES)
    roots, best_rank = assign(
        size,
        session.sql(EDGES_SQL).fetchnumpy(),
        session.sql(KEYS_SQL.format(rules=guard_rules)).fetchnumpy(),
        session.sql(SEXES_SQL).fetchnumpy(),
    )
    components = pd.DataFrame(
        {"position": np.arange(size, dtype=np.int32), "root": roots, "link_rule_rank": best_rank}
    )
    session.register("linkage_components", components)
    rule_names = " ".join(f"when {rank} then '{rule}'" for rule, rank in RULE_RANK.items())
    return session.sql(RESULT_SQL.format(rule_names=rule_names, unlinked=UNLINKED))
