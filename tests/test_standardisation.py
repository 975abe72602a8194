"""Standardisation layer: conformed demographic keys on every contact, every official code maps, and the
injected variants map as the ground truth says (tests/conftest.py runs the real pipeline on a 0.1 sample).

`agreement(connection, ground_truth_dir)` is also usable by hand on any built warehouse, for example
`python -c "import duckdb, tests.test_standardisation as t; print(t.agreement(duckdb.connect(PATH, read_only=True),
'data/ground_truth'))"`."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

CONFORMED = [
    "sex",
    "ethnicity_key",
    "disability_status",
    "mental_health_status",
    "age_band",
    "ward_code",
]

# Minimum agreement with the truth for recorded values (the generator also injects recording noise that
# no crosswalk can undo, for example officer-observed or broad-only codes; detail is compared only where known).
MIN_AGREEMENT = 0.99


def _truth_join(connection: duckdb.DuckDBPyConnection, ground_truth: Path) -> str:
    """Register the ground truth and return a query of contacts joined to their true person."""
    records, persons = ground_truth / "records.csv", ground_truth / "persons.csv"
    connection.execute(
        f"create or replace temp view gt_records as select * from read_csv('{records}', all_varchar = true)"
    )
    connection.execute(
        f"create or replace temp view gt_persons as select * from read_csv('{persons}', all_varchar = true)"
    )
    return """
        select
            contacts.*,
            categories.ons19_code,
            gt_records.ward_code as true_record_ward_code,
            gt_persons.sex as true_sex,
            cast(gt_persons.ethnicity_ons19_code as integer) as true_ons19_code,
            gt_persons.ethnicity_ons5 as true_ons5,
            gt_persons.ward_code as true_home_ward_code
        from marts.fct_agency_contacts as contacts
        inner join staging.stg_ledger__submissions as submissions
            on contacts.submission_id = submissions.submission_id
        inner join gt_records
            on
                submissions.file_name = gt_records.file_name
                and contacts.source_row_number = cast(gt_records.source_row_number as integer)
                and contacts.agency = gt_records.agency
        left join reference.ethnicity_categories as categories
            on contacts.ethnicity_key = categories.ethnicity_key
        inner join gt_persons
            on gt_persons.person_id = case
                when contacts.role = 'person_who_harms' and gt_records.role = 'victim'
                    then gt_records.perpetrator_person_id
                else gt_records.person_id
            end
    """


def agreement(connection: duckdb.DuckDBPyConnection, ground_truth: str | Path) -> dict[str, tuple]:
    """(agreeing, compared, rate) per check, against the generator's ground truth."""
    joined = _truth_join(connection, Path(ground_truth))
    checks = {
        # Detailed ONS 19 category, where the scheme gives detail.
        "ethnicity_ons19": "ons19_code is not null",
        # Broad group, wherever a broad group is known.
        "ethnicity_broad": "ethnicity_is_known and ethnicity_broad_group is not null",
        "sex": "sex in ('female', 'male')",
        "ward_from_postcode": "ward_derived_from = 'postcode' and ward_code like 'E05%'",
    }
    expressions = {
        "ethnicity_ons19": "ons19_code = true_ons19_code",
        "ethnicity_broad": "ethnicity_broad_group = true_ons5",
        "sex": "sex = lower(true_sex)",
        "ward_from_postcode": "ward_code = coalesce(true_record_ward_code, true_home_ward_code)",
    }
    results = {}
    for name, condition in checks.items():
        agree, total = connection.execute(
            f"select count(*) filter (where {expressions[name]}), count(*) from ({joined}) where {condition}"
        ).fetchone()
        results[name] = (agree, total, agree / total if total else None)
    injected = connection.execute(
        f"""
        select ethnicity_raw, ethnicity_key, ethnicity_match_method, true_ons19_code, count(*)
        from ({joined})
        where ethnicity_raw in ('Whte British', 'Pakistanni', 'W10')
        group by all order by 1
        """
    ).fetchall()
    results["injected_ethnicity"] = tuple(injected)
    return results


def test_every_contact_has_every_conformed_key(published_warehouse):
    nulls = published_warehouse.execute(
        "select "
        + ", ".join(f"count(*) filter (where {column} is null)" for column in CONFORMED)
        + ", count(*) from marts.fct_agency_contacts"
    ).fetchone()
    assert nulls[-1] > 0
    assert dict(zip(CONFORMED, nulls[:-1], strict=True)) == dict.fromkeys(CONFORMED, 0)
    # ...and every key is a member of its dimension.
    for column, dimension, key in [
        ("sex", "dim_sex", "sex"),
        ("ethnicity_key", "dim_ethnicity", "ethnicity_key"),
        ("disability_status", "dim_disability", "disability_status"),
        ("age_band", "dim_age_band", "age_band"),
        ("ward_code", "dim_ward", "ward_code"),
        ("agency", "dim_agency", "agency"),
    ]:
        orphans = published_warehouse.execute(
            f"select count(*) from marts.fct_agency_contacts where {column} not in "
            f"(select {key} from marts.{dimension})"
        ).fetchone()[0]
        assert orphans == 0, (column, orphans)


def test_agencies_without_a_field_are_not_collected(published_warehouse):
    rows = dict(
        published_warehouse.execute(
            """
            select agency || ':' || field, bool_and(value = 'not_collected')
            from (
                select agency, 'disability' as field, disability_status as value
                from marts.fct_agency_contacts where agency in ('police', 'refuge')
                union all
                select agency, 'ethnicity', ethnicity_key from marts.fct_agency_contacts
                where agency in ('perpetrator', 'marac')
            )
            group by all
            """
        ).fetchall()
    )
    assert rows and all(rows.values()), rows
    refuge_sex = published_warehouse.execute(
        "select distinct sex from marts.fct_agency_contacts where agency = 'refuge'"
    ).fetchall()
    assert refuge_sex == [("female",)]


def test_every_official_code_maps(published_warehouse):
    """Every code of the reference code lists and every official (non-variant) crosswalk code resolves
    exactly, with the same normalisation as the models (a code list and the crosswalk can never drift apart)."""
    key = "trim(regexp_replace(upper(strip_accents({})), '[^A-Z0-9]+', ' ', 'g'))"
    code_lists = {
        "nhs_ethnic_category": "select cast(code as varchar) as code from reference.codelist_nhs_ethnic_category",
        "dfe": "select cast(code as varchar) as code from reference.codelist_dfe_ethnicity_main_codes",
    }
    for scheme, code_list in code_lists.items():
        missing = published_warehouse.execute(
            f"""
            select code from ({code_list})
            where {key.format("code")} not in (
                select match_key from reference.ethnicity_crosswalk where scheme = '{scheme}'
            )
            """
        ).fetchall()
        assert missing == [], (scheme, missing)
    # ONS 2021 labels map through the free-text route (hclic 'Group: Detail' labels).
    missing_ons = published_warehouse.execute(
        f"""
        select ethnicity_label from reference.ethnicity_categories
        where ons19_code is not null and {key.format("ethnicity_label")} not in (
            select match_key from reference.ethnicity_crosswalk where scheme = 'hclic'
        )
        """
    ).fetchall()
    assert missing_ons == []
    # Every crosswalk row's own code resolves to its member, in every crosswalk.
    for seed, target in [
        ("ethnicity_crosswalk", "source_code"),
        ("disability_crosswalk", "source_value"),
        ("mental_health_crosswalk", "source_value"),
        ("sex_crosswalk", "source_value"),
        ("ward_name_variants", "variant"),
    ]:
        broken = published_warehouse.execute(
            f"select count(*) from reference.{seed} where {key.format(target)} <> match_key"
        ).fetchone()[0]
        assert broken == 0, seed
    # Every official ward name (both ward sets) resolves through ward_name_variants: a 2004-2025 name to its
    # own code, a 2026 name to its own 2026 code (ward_code or ward_code_2026 of the matched row).
    unresolved = published_warehouse.execute(
        f"""
        select wards.ward_name from reference.coventry_wards as wards
        left join reference.ward_name_variants as variants
            on {key.format("wards.ward_name")} = variants.match_key
        where variants.ward_code is null
            or wards.ward_code not in (variants.ward_code, variants.ward_code_2026)
        """
    ).fetchall()
    assert unresolved == []


def test_unmapped_values_are_surfaced_not_silenced(published_warehouse):
    unmapped_contacts = published_warehouse.execute(
        """
        select count(*) from marts.fct_agency_contacts
        where 'unmapped' in (ethnicity_match_method, sex_match_method, disability_match_method)
        """
    ).fetchone()[0]
    listed = published_warehouse.execute(
        """
        select coalesce(sum(row_count), 0) from marts.fct_unmapped_values
        where match_method = 'unmapped' and field in ('ethnicity', 'sex', 'disability')
        """
    ).fetchone()[0]
    assert listed >= unmapped_contacts
    fuzzy = published_warehouse.execute(
        "select count(*) from marts.fct_agency_contacts where ethnicity_match_method = 'fuzzy'"
    ).fetchone()[0]
    listed_fuzzy = published_warehouse.execute(
        "select coalesce(sum(row_count), 0) from marts.fct_unmapped_values "
        "where match_method = 'fuzzy' and field = 'ethnicity'"
    ).fetchone()[0]
    assert listed_fuzzy == fuzzy


def test_conformed_values_agree_with_the_ground_truth(published_warehouse, pipeline_data_dir):
    results = agreement(published_warehouse, pipeline_data_dir / "ground_truth")
    for name, value in results.items():
        print(name, value)
    for name in ["ethnicity_ons19", "ethnicity_broad", "sex", "ward_from_postcode"]:
        agree, total, rate = results[name]
        assert total > 0, name
        assert rate >= MIN_AGREEMENT, (name, agree, total, rate)
    for raw, key, method, true_code, _count in results["injected_ethnicity"]:
        if raw == "Whte British":
            assert (key, method, true_code) == ("ons19_13", "fuzzy", 13)
        elif raw == "Pakistanni":
            assert (key, method, true_code) == ("ons19_4", "fuzzy", 4)
        elif raw == "W10":
            assert (key, method) == ("not_known", "unmapped")


@pytest.mark.parametrize("scheme", ["refuge_free_text", "police_self_defined"])
def test_fuzzy_matching_is_limited_to_free_text(published_warehouse, scheme):
    methods = {
        row[0]
        for row in published_warehouse.execute(
            "select distinct ethnicity_match_method from marts.fct_agency_contacts where ethnicity_scheme = ?",
            [scheme],
        ).fetchall()
    }
    if scheme == "police_self_defined":
        assert "fuzzy" not in methods
    else:
        assert methods <= {"exact", "normalised", "fuzzy", "unmapped", "blank"}
