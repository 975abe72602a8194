"""Person linkage measured against the generated sample's ground truth.

Each contact is joined to the person it truly is: ledger.submissions gives the contact's file name, and
(agency, file_name, source_row_number) finds its record in ground_truth/records.csv. The true person of a
contact is the record's person_id, except a police or MARAC `person_who_harms` contact, which is the
record's perpetrator_person_id.

Pairwise measures over pairs of contacts:
- precision = pairs predicted the same person that truly are / pairs predicted the same person;
- recall = linkable pairs truly the same person that are predicted the same / linkable pairs truly the
  same person, where a pair is *linkable* ("the identifiers allow a link at all") when the two contacts
  hold at least one key kind in common: the same agency's reference (ref keys only compare within an
  agency), an NHS number, a full name with a date of birth (name_dob), or initials with a date of birth
  (initials_dob). A pair with no kind in common (an IRIS patient known only by NHS number and a police
  victim; a child known only by the children's services reference and anyone outside it; a contact with no
  date of birth and no reference) cannot be linked by any rule and is left out of recall.

Run on any built warehouse: `python tests/test_linkage.py <warehouse.duckdb> <ground_truth dir>`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd

PRECISION_TARGET = 0.99
RECALL_TARGET = 0.90
FAMILY_TARGET = 0.95


def contacts_with_truth(connection: duckdb.DuckDBPyConnection, ground_truth: Path) -> pd.DataFrame:
    """Every contact with its predicted person, link rule, comparable key kinds and true person."""
    records = pd.read_csv(ground_truth / "records.csv", dtype=str, keep_default_na=False)
    connection.register("truth_records", records)
    frame = connection.sql(
        """
        select
            contacts.contact_id,
            contacts.agency,
            contacts.role,
            assigned.person_id,
            assigned.link_rule,
            concat_ws(
                ',',
                case when contacts.key_ref is not null then 'ref:' || contacts.agency end,
                case when contacts.key_nhs is not null then 'nhs' end,
                case when contacts.key_name_dob is not null then 'name_dob' end,
                case when contacts.key_initials_dob is not null then 'initials_dob' end
            ) as comparable_kinds,
            case
                when contacts.role = 'person_who_harms' and contacts.agency in ('police', 'marac')
                    then nullif(truth.perpetrator_person_id, '')
                else nullif(truth.person_id, '')
            end as true_person_id,
            nullif(truth.parent_person_id, '') as true_parent_person_id
        from intermediate.int_agency_contacts_unioned as contacts
        inner join intermediate.int_person_ids_assigned as assigned using (contact_id)
        inner join ledger.submissions as submissions using (submission_id)
        left join truth_records as truth
            on
                truth.agency = contacts.agency
                and truth.file_name = submissions.file_name
                and cast(truth.source_row_number as integer) = contacts.source_row_number
        """
    ).df()
    connection.unregister("truth_records")
    return frame


def _pairs(count: pd.Series) -> int:
    return int((count * (count - 1) // 2).sum())


def pairwise_scores(contacts: pd.DataFrame) -> dict[str, float | int]:
    """Pairwise precision (all predicted pairs) and recall (linkable true pairs); see the module docstring."""
    known = contacts[contacts["true_person_id"].notna()]
    predicted_pairs = _pairs(known.groupby("person_id").size())
    true_positive = _pairs(known.groupby(["person_id", "true_person_id"]).size())
    # Linkable true pairs, and those of them predicted: count pairs between groups of contacts with the
    # same comparable kinds (and, for the predicted ones, the same predicted person) when the kinds overlap.
    kinds = {
        value: set(filter(None, value.split(","))) for value in known["comparable_kinds"].unique()
    }
    overlapping = {(a, b) for a in kinds for b in kinds if kinds[a] & kinds[b]}

    def linkable(by: list[str]) -> int:
        groups = known.groupby([*by, "comparable_kinds"]).size().rename("n").reset_index()
        pairs = groups.merge(groups, on=by, suffixes=("_a", "_b"))
        pairs = pairs[pairs["comparable_kinds_a"] <= pairs["comparable_kinds_b"]]
        keep = [
            (a, b) in overlapping
            for a, b in zip(pairs["comparable_kinds_a"], pairs["comparable_kinds_b"], strict=True)
        ]
        pairs = pairs[keep]
        same = pairs["comparable_kinds_a"] == pairs["comparable_kinds_b"]
        within = (pairs["n_a"] * (pairs["n_a"] - 1) // 2)[same].sum()
        between = (pairs["n_a"] * pairs["n_b"])[~same].sum()
        return int(within + between)

    linkable_true = linkable(["true_person_id"])
    linkable_found = linkable(["true_person_id", "person_id"])
    all_true_pairs = _pairs(known.groupby("true_person_id").size())
    return {
        "contacts": len(contacts),
        "contacts_with_truth": len(known),
        "predicted_pairs": predicted_pairs,
        "true_positive_pairs": true_positive,
        "precision": true_positive / predicted_pairs if predicted_pairs else 1.0,
        "true_pairs": all_true_pairs,
        "linkable_true_pairs": linkable_true,
        "linkable_pairs_found": linkable_found,
        "recall_linkable": linkable_found / linkable_true if linkable_true else 1.0,
        "recall_all": true_positive / all_true_pairs if all_true_pairs else 1.0,
    }


def family_link_scores(
    connection: duckdb.DuckDBPyConnection, contacts: pd.DataFrame
) -> dict[str, float | int]:
    """Of children linked to a parent, the share whose linked parent is truly a parent of the child: the
    parent's predicted person holds a contact whose true person is one of the child's true parents."""
    links = connection.sql(
        "select child_person_id, parent_person_id from marts.fct_family_links"
    ).df()
    known = contacts[contacts["true_person_id"].notna()]
    true_parents = (
        known[known["true_parent_person_id"].notna()]
        .groupby("person_id")["true_parent_person_id"]
        .agg(set)
    )
    members = known.groupby("person_id")["true_person_id"].agg(set)
    correct = links.apply(
        lambda link: bool(
            true_parents.get(link.child_person_id, set())
            & members.get(link.parent_person_id, set())
        ),
        axis=1,
    )
    children_with_parent = known[known["true_parent_person_id"].notna()]["person_id"].nunique()
    return {
        "family_links": len(links),
        "linked_children": links["child_person_id"].nunique(),
        "children_with_true_parent": children_with_parent,
        "correct_links": int(correct.sum()),
        "family_precision": float(correct.mean()) if len(links) else 1.0,
    }


def rule_counts(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return connection.sql(
        """
        select link_rule, count(*) as contacts
        from intermediate.int_person_ids_assigned
        group by link_rule order by min(coalesce(link_rule_rank, 99))
        """
    ).df()


def report(scores: dict) -> str:
    return ", ".join(
        f"{name}={value:.4f}" if isinstance(value, float) else f"{name}={value}"
        for name, value in scores.items()
    )


def test_linkage_precision_and_recall(published_warehouse, pipeline_data_dir):
    contacts = contacts_with_truth(published_warehouse, pipeline_data_dir / "ground_truth")
    scores = pairwise_scores(contacts)
    message = "linkage: " + report(scores)
    print("\n" + message)
    print(rule_counts(published_warehouse).to_string(index=False))
    assert scores["contacts_with_truth"] >= 0.95 * scores["contacts"], message
    assert scores["precision"] >= PRECISION_TARGET, message
    assert scores["recall_linkable"] >= RECALL_TARGET, message


def test_family_links_point_to_the_true_parent(published_warehouse, pipeline_data_dir):
    contacts = contacts_with_truth(published_warehouse, pipeline_data_dir / "ground_truth")
    scores = family_link_scores(published_warehouse, contacts)
    message = "family links: " + report(scores)
    print("\n" + message)
    assert scores["linked_children"] > 0, message
    assert scores["family_precision"] >= FAMILY_TARGET, message


def test_journeys_cover_every_contact_once(published_warehouse):
    counts = published_warehouse.sql(
        """
        select
            (select count(*) from intermediate.int_agency_contacts_unioned) as contacts,
            (select count(*) from marts.fct_person_journeys) as journey_rows,
            (select count(distinct person_id) from marts.fct_person_journeys) as journey_people,
            (select count(*) from marts.dim_person) as people
        """
    ).fetchone()
    assert counts[0] == counts[1], counts
    assert counts[2] == counts[3], counts


if __name__ == "__main__":
    warehouse, truth_dir = sys.argv[1], Path(sys.argv[2])
    with duckdb.connect(warehouse, read_only=True) as connection:
        frame = contacts_with_truth(connection, truth_dir)
        print("linkage: " + report(pairwise_scores(frame)))
        print(rule_counts(connection).to_string(index=False))
        if len(sys.argv) > 3:
            print("family links: " + report(family_link_scores(connection, frame)))
