"""Great Expectations suites (expectations/<agency>.json) and the Dagster asset checks that run them.

The sample's injected faults that legitimately fire warnings (never structural failures) are listed
in SAMPLE_WARNINGS; anything else failing on the sample is a regression in the suites or the data.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dagster_project.checks.paths import data_docs_index
from dagster_project.checks.suites import EXPECTATIONS_DIR, load_suite, load_suites
from dagster_project.checks.validate import staged_rows, validate
from dagster_project.registry import load_registry
from dagster_project.settings import Settings

AGENCIES = sorted(load_registry())

# Warnings the sample generator's injected faults (ground_truth/faults.csv) may raise at any scale:
# (agency, expectation type, column). A fault lands in the scale-0.1 sample only if its row does.
SAMPLE_WARNINGS = {
    # impossible_age: victim age 150 / -2 as the force states it
    ("police", "expect_column_values_to_be_between", "victim_age"),
    # invalid_code: self-defined ethnicity W10
    ("police", "expect_column_values_to_be_in_set", "victim_ethnicity_self_defined"),
    # impossible_age: victim age 150
    ("refuge", "expect_column_values_to_be_between", "victim_age"),
    # impossible_age: a date of birth giving an age outside 0-110
    ("idva", "expect_column_values_to_be_between", "victim_age_at_event"),
    # future_date: a referral dated years after the file arrived (2 rows: under the structural 1%)
    ("idva", "expect_column_values_to_be_between", "_event_days_after_receipt"),
    # us_date_format: a date of birth read month-first gives an age of -1
    ("childrens", "expect_column_values_to_be_between", "child_age_at_event"),
}


@pytest.fixture(scope="module")
def staged(published_warehouse) -> dict[str, pd.DataFrame]:
    """Every agency's current staged rows from the sample run, as the checks read them."""
    return {
        agency: staged_rows(published_warehouse, load_suite(agency)).frame for agency in AGENCIES
    }


def failed(result) -> set[tuple[str, str | None]]:
    return {(f.expectation, f.column) for f in result.failed}


# (1) the suite files


def test_one_suite_file_per_agency():
    assert sorted(p.stem for p in EXPECTATIONS_DIR.glob("*.json")) == AGENCIES


@pytest.mark.parametrize("agency", AGENCIES)
def test_suite_file_loads_into_gx_with_both_severities(agency):
    suite = load_suite(agency)
    gx_suite = suite.to_suite()  # GX parses every expectation (unknown types or kwargs raise)
    assert gx_suite.name == json.loads(suite.path.read_text())["name"]
    assert len(gx_suite.expectations) == len(suite.definition["expectations"])
    counts = suite.severity_counts()
    assert counts["structural"] >= 8 and counts["warning"] >= 5, counts
    types = {(e["type"], e["meta"]["severity"]) for e in suite.definition["expectations"]}
    assert ("expect_table_columns_to_match_set", "structural") in types
    assert ("expect_column_values_to_be_in_set", "warning") in types
    assert set(load_suites()) == set(AGENCIES)


# (2) the sample passes (structural), with only the documented warnings


@pytest.mark.parametrize("agency", AGENCIES)
def test_suite_passes_on_the_sample(agency, staged):
    frame = staged[agency]
    assert len(frame) > 0
    outcome = validate(frame, load_suite(agency))
    assert outcome.structural.success, [f.describe() for f in outcome.structural.failed]
    unexplained = {
        (t, c) for t, c in failed(outcome.warning) if (agency, t, c) not in SAMPLE_WARNINGS
    }
    assert not unexplained, [f.describe() for f in outcome.warning.failed]


# (3) each suite fails on a deliberately broken file


def _break(frame: pd.DataFrame, how: str, suite) -> pd.DataFrame:
    broken = frame.copy()
    record_id, event = suite.record_id, suite.event_date
    if how == "missing_column":
        return broken.drop(columns=[record_id])
    if how == "null_ids":
        broken[record_id] = None
    elif how == "duplicate_ids":
        broken[record_id] = broken[record_id].iloc[0]
    elif how == "null_lineage":
        broken["source_row_number"] = None
    elif how == "dates_as_text":
        broken[event] = "not a date"
    elif how == "dates_too_old":
        broken[event] = pd.Timestamp("1901-01-01")
    elif how == "dates_in_future":
        broken[event] = broken["_received_at"] + pd.Timedelta(days=800)
    return broken


BREAKS = [
    "missing_column",
    "null_ids",
    "duplicate_ids",
    "null_lineage",
    "dates_as_text",
    "dates_too_old",
    "dates_in_future",
]


@pytest.mark.parametrize("agency", AGENCIES)
@pytest.mark.parametrize("how", BREAKS)
def test_structural_expectations_fail_on_a_broken_file(agency, how, staged):
    suite = load_suite(agency)
    outcome = validate(_break(staged[agency], how, suite), suite)
    assert not outcome.structural.success, f"{agency}: {how} passed the structural expectations"


@pytest.mark.parametrize("agency", AGENCIES)
def test_warning_expectations_fail_on_an_unknown_code(agency, staged):
    suite = load_suite(agency)
    set_expectations = [
        e["kwargs"]["column"]
        for e in suite.definition["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set" and e["meta"]["severity"] == "warning"
    ]
    column = set_expectations[0]
    broken = staged[agency].copy()
    broken[column] = broken[column].astype("object")
    broken.loc[broken.index[:5], column] = "NOT A KNOWN CODE"
    outcome = validate(broken, suite)
    assert ("expect_column_values_to_be_in_set", column) in failed(outcome.warning)
    assert outcome.structural.success  # a bad code warns; it does not block


# (4) the checks inside the real pipeline


def _check_evaluations(data_dir) -> tuple[object, dict[tuple[str, str], object]]:
    """The asset-check evaluations of the fixture's pipeline run, from its Dagster event log."""
    from dagster import DagsterEventType, DagsterInstance

    with DagsterInstance.from_config(str(data_dir / "dagster_home")) as instance:
        (run,) = instance.get_runs(limit=1)
        records = instance.get_records_for_run(
            run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
        ).records
        evaluations = [r.event_log_entry.dagster_event.event_specific_data for r in records]
        return run, {(e.asset_key.path[-1], e.check_name): e for e in evaluations}


def test_pipeline_ran_the_checks_and_built_data_docs(pipeline_data_dir):
    # The fixture's run succeeded, so no blocking (structural) check failed; here: they all ran.
    run, evaluations = _check_evaluations(pipeline_data_dir)
    assert run.is_success
    for agency in AGENCIES:
        model = load_suite(agency).staging_model
        structural = evaluations[(model, "structural_expectations")]
        warning = evaluations[(model, "warning_expectations")]
        assert structural.passed, structural.metadata
        assert structural.metadata["rows_validated"].value > 0
        assert structural.metadata["scope"].value == "new submissions"
        assert warning.severity.value == "WARN"
    index = data_docs_index(Settings(pipeline_data_dir))
    assert index.exists()
    html = index.read_text()
    for agency in AGENCIES:
        assert f"{agency}_staged_rows" in html


def test_a_failed_structural_check_blocks_downstream_assets(published_warehouse, tmp_path):
    """The real police check, on a build warehouse whose staged police rows have no record ids:
    the structural check fails, the asset downstream of the staging model does not run."""
    from dagster import AssetKey, asset, materialize

    from dagster_project.checks.assets import agency_expectation_checks
    from dagster_project.resources import WarehouseResource

    suite = load_suite("police")
    warehouse = WarehouseResource(data_dir=str(tmp_path))
    with warehouse.connect() as build:
        rows = published_warehouse.execute(f"select * from staging.{suite.staging_model}").df()
        rows[suite.record_id] = None
        ledger = published_warehouse.execute("select * from ledger.submissions").df()
        build.execute("create schema staging; create schema ledger")
        build.register("broken_rows", rows)
        build.register("ledger_rows", ledger)
        build.execute(f"create table staging.{suite.staging_model} as select * from broken_rows")
        build.execute("create table ledger.submissions as select * from ledger_rows")

    @asset(key=AssetKey(["staging", suite.staging_model]))
    def staged_police() -> None:
        """Stands in for the dbt model (already built above)."""

    downstream_ran = []

    @asset(deps=[AssetKey(["staging", suite.staging_model])])
    def downstream() -> None:
        downstream_ran.append(True)

    police_check = next(
        c for c in agency_expectation_checks if c.node_def.name == "police_expectations"
    )
    result = materialize(
        [staged_police, downstream, police_check],
        resources={"warehouse": warehouse},
        raise_on_error=False,
    )
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert not evaluations["structural_expectations"].passed
    assert evaluations["structural_expectations"].metadata["expectations_failed"].value >= 1
    assert not result.success
    assert not downstream_ran
    assert data_docs_index(Settings(tmp_path)).exists()
