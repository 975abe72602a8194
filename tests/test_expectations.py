"""Great Expectations suites (expectations/<agency>.json) and the Dagster asset checks that run them.

The sample's injected faults that legitimately fire warnings (never structural failures) are listed
in SAMPLE_WARNINGS; anything else failing on the sample is a regression in the suites or the data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import great_expectations
import pandas as pd
import pytest
from sample_agencies import REGISTRY, SAMPLE_AGENCIES, registry_agencies

from warehouse.checks.offline_docs import CDN_FILES, VENDOR_DIR, make_offline
from warehouse.checks.paths import data_docs_dir, data_docs_index
from warehouse.checks.suites import EXPECTATIONS_DIR, load_suite, load_suites
from warehouse.checks.validate import staged_rows, validate
from warehouse.settings import Settings

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
        agency: staged_rows(published_warehouse, load_suite(agency)).frame
        for agency in SAMPLE_AGENCIES
    }


def failed(result) -> set[tuple[str, str | None]]:
    return {(f.expectation, f.column) for f in result.failed}


# (1) the suite files


def test_one_suite_file_per_agency():
    assert sorted(p.stem for p in EXPECTATIONS_DIR.glob("*.json")) == sorted(REGISTRY)


@pytest.mark.parametrize("agency", sorted(REGISTRY))
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
    assert set(load_suites()) == set(REGISTRY)


# (2) the sample passes (structural), with only the documented warnings


@pytest.mark.parametrize("agency", registry_agencies())
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


@pytest.mark.parametrize("agency", registry_agencies())
@pytest.mark.parametrize("how", BREAKS)
def test_structural_expectations_fail_on_a_broken_file(agency, how, staged):
    suite = load_suite(agency)
    outcome = validate(_break(staged[agency], how, suite), suite)
    assert not outcome.structural.success, f"{agency}: {how} passed the structural expectations"


@pytest.mark.parametrize("agency", registry_agencies())
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


# (4) the checks fetch only the columns an expectation reads, and that changes no verdict


def _verdicts(frame: pd.DataFrame, suite) -> dict:
    outcome = validate(frame, suite)
    return {
        severity: (
            result.evaluated,
            sorted((f.expectation, f.column or "", f.unexpected_count or 0) for f in result.failed),
        )
        for severity, result in outcome.by_severity.items()
    }


@pytest.mark.parametrize("agency", registry_agencies())
def test_fetching_only_the_columns_read_changes_no_verdict(agency, staged, published_warehouse):
    suite = load_suite(agency)
    every_column = published_warehouse.execute(
        f"select rows.*, coalesce(s.received_at, s.processed_at) as _received_at"
        f" from staging.{suite.staging_model} as rows join ledger.submissions as s using (submission_id)"
    ).df()
    fetched = staged[agency]
    assert list(fetched.columns) == list(every_column.columns)
    left_out = [
        name
        for name in fetched.columns
        if fetched[name].isna().all() and every_column[name].notna().any()
    ]
    assert left_out, "every column was fetched: the suite's columns_read found none to leave out"
    assert not set(left_out) & suite.columns_read()
    assert _verdicts(fetched, suite) == _verdicts(every_column, suite)
    # the same holds of a broken frame: the columns left out are never what breaks it
    broken = _break(fetched, "duplicate_ids", suite)
    assert _verdicts(broken, suite) == _verdicts(
        _break(every_column, "duplicate_ids", suite), suite
    )


def test_a_suite_that_may_read_any_column_fetches_them_all():
    suite = load_suite("police")
    assert {"incident_ref", "victim_age", "submission_id"} <= suite.columns_read()
    conditional = json.loads(json.dumps(suite.definition))
    conditional["expectations"][-1]["kwargs"]["row_condition"] = 'col("victim_sex") == "F"'
    assert type(suite)(suite.agency, suite.path, conditional).columns_read() is None
    unknown = json.loads(json.dumps(suite.definition))
    unknown["expectations"].append(
        {
            "type": "expect_table_row_count_to_equal",
            "kwargs": {"value": 1},
            "meta": {"severity": "warning"},
        }
    )
    assert type(suite)(suite.agency, suite.path, unknown).columns_read() is None


# (5) the checks inside the real pipeline


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


def test_pipeline_ran_the_checks_and_built_data_docs(pipeline_data_dir, published_warehouse):
    # Structural expectations ran at ingest on every file: none of the sample's was set aside.
    # After dbt, each agency's warning check ran on its current rows and built the Data Docs.
    statuses = {
        s
        for (s,) in published_warehouse.execute("select status from ledger.submissions").fetchall()
    }
    assert "set_aside" not in statuses
    run, evaluations = _check_evaluations(pipeline_data_dir)
    assert run.is_success
    for agency in SAMPLE_AGENCIES:
        model = load_suite(agency).staging_model
        assert (model, "structural_expectations") not in evaluations
        warning = evaluations[(model, "warning_expectations")]
        assert warning.severity.value == "WARN"
        assert warning.metadata["rows_validated"].value > 0
    index = data_docs_index(Settings(pipeline_data_dir))
    assert index.exists()
    html = index.read_text()
    for agency in SAMPLE_AGENCIES:
        assert f"{agency}_staged_rows" in html


@pytest.mark.parametrize("agency", registry_agencies())
def test_the_structural_check_at_ingest_names_what_a_submission_breaks(agency, published_warehouse):
    """One submission's raw rows, as ingest checks them before the file can become current: the
    sample's pass, and a copy with its record ids repeated fails with the failure in words."""
    from datetime import datetime

    from warehouse.checks.structure import StructuralCheck

    suite = load_suite(agency)
    (submission,) = published_warehouse.execute(
        f"select _submission_id from raw.{agency} group by 1 having count(*) > 1"
        " order by count(*) desc limit 1"
    ).fetchone()
    records = published_warehouse.execute(
        f"select * from raw.{agency} where _submission_id = ?", [submission]
    ).df()
    check = StructuralCheck(suite)
    assert check.failures(records, datetime(2099, 1, 1)) == []
    records[suite.record_id] = records[suite.record_id].iloc[0]
    (failure,) = check.failures(records, datetime(2099, 1, 1))
    assert f"rows break it ({suite.record_id})" in failure and "expect_" not in failure


# (6) dbt builds every model in one step: no agency's bad file reaches it


def test_dbt_builds_every_model_and_seed_in_one_step(dbt_manifest):
    from dagster_project.assets.dbt import dbt_build

    built = [key.path[-1] for key in dbt_build.keys]
    nodes = dbt_manifest["nodes"].values()
    assert sorted(built) == sorted(
        n["name"] for n in nodes if n["resource_type"] in ("model", "seed")
    )


# (7) the Data Docs load nothing from the web

LOADED = re.compile(r"<(?:script|img)[^>]*\ssrc=\"([^\"]+)\"|<link[^>]*\shref=\"([^\"]+)\"")
CSS_URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")


def _loaded_by(text: str) -> list[str]:
    """What a page or stylesheet makes the browser fetch: scripts, images, stylesheets, url()s."""
    found = [a or b for a, b in LOADED.findall(text)] + CSS_URL.findall(text)
    return [ref for ref in found if not ref.startswith(("data:", "#"))]


def test_every_cdn_url_in_gx_templates_has_a_vendored_file():
    """A GX upgrade that adds or changes a CDN link fails here rather than in a browser offline."""
    templates = Path(great_expectations.__file__).parent / "render" / "view" / "templates"
    urls = {
        ref
        for template in templates.glob("*.j2")
        for ref in _loaded_by(template.read_text())
        if ref.startswith("http")
    }
    assert urls and urls <= set(CDN_FILES), sorted(urls - set(CDN_FILES))


def test_data_docs_load_nothing_from_the_web(pipeline_data_dir):
    docs = data_docs_dir(Settings(pipeline_data_dir))
    pages = sorted(docs.rglob("*.html"))
    assert len(pages) > 2 * len(
        SAMPLE_AGENCIES
    )  # the index, each suite and at least one validation each
    stylesheets = sorted((docs / VENDOR_DIR).rglob("*.css"))
    assert stylesheets
    for document in [*pages, *stylesheets]:
        text = document.read_text()
        assert not [url for url in CDN_FILES if url in text], document
        for ref in _loaded_by(text):
            assert not re.match(r"(https?:)?//", ref), f"{document} loads {ref}"
            if ref.endswith("favicon.ico"):
                continue  # GX's validation pages look for it one folder too high (GX's own slip)
            target = document.parent / ref.split("?")[0].split("#")[0]
            assert target.is_file(), f"{document} loads {ref}, which is not there"


def test_without_node_modules_the_docs_keep_their_cdn_links(tmp_path):
    """A missing `make install` leaves working online docs (and a warning), never broken links;
    GX's logo is local either way, so opening the docs never calls GX's servers."""
    url = next(iter(CDN_FILES))
    logo = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1"
    page = tmp_path / "docs" / "index.html"
    page.parent.mkdir()
    page.write_text(f'<link href="{url}"><img src="{logo}">')
    missing = make_offline(page.parent, node_modules=tmp_path / "no_node_modules")
    assert missing
    assert page.read_text() == f'<link href="{url}"><img src="static/images/logo-long.png">'
