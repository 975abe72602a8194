"""End to end: a small generated sample through the real Dagster job, real DuckDB and real dbt.

The job runs exactly as `make pipeline` runs it (`python -m dagster_project.run`), in a temporary data
folder (the `pipeline_data_dir` fixture in conftest.py, shared with the other end-to-end tests).
"""

from __future__ import annotations

import csv
import re
import shutil
import stat
import time
from collections import Counter
from pathlib import Path

import duckdb
import openpyxl
import pytest
from conftest import published_path
from sample_agencies import REGISTRY, registry_agencies

IDENTIFIER_COLUMN = re.compile(
    r"(^|_)(dob|surname|forename|full_name|initials|nhs_number|postcode)$"
)
FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")

pytestmark = pytest.mark.e2e


def _snapshot(path: Path) -> dict:
    """Ledger rows and every table's row count: what an idempotent re-run must leave unchanged."""
    with duckdb.connect(str(path), read_only=True) as connection:
        ledger = connection.execute(
            "select * exclude (processed_at) from ledger.submissions order by submission_id"
        ).fetchall()
        tables = connection.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
            " where table_type = 'BASE TABLE' order by 1"
        ).fetchall()
        counts = {
            name: connection.execute(f"select count(*) from {name}").fetchone()[0]
            for (name,) in tables
        }
    return {"ledger": ledger, "counts": counts}


def test_published_warehouse_is_a_read_only_file(pipeline_data_dir):
    published = published_path(pipeline_data_dir)
    assert published.exists()
    assert not published.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_every_relation_in_the_published_warehouse_can_be_queried(published_warehouse):
    """Readers open the published copy, so nothing in it may depend on the build file's name."""
    relations = published_warehouse.execute(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema not in ('information_schema', 'pg_catalog')"
    ).fetchall()
    assert len(relations) > 20
    for schema, table in relations:
        published_warehouse.execute(f'select count(*) from "{schema}"."{table}"').fetchone()


@pytest.mark.parametrize("agency", registry_agencies())
def test_every_agency_reaches_raw_staging_and_the_fact(published_warehouse, agency):
    raw_rows = published_warehouse.execute(f"select count(*) from raw.{agency}").fetchone()[0]
    staging = {
        name
        for (name,) in published_warehouse.execute(
            "select table_name from information_schema.tables where table_schema = 'staging' and table_name like ?",
            [f"stg_{agency}__%"],
        ).fetchall()
    }
    contacts = published_warehouse.execute(
        "select count(*) from marts.fct_agency_contacts where agency = ?", [agency]
    ).fetchone()[0]
    assert raw_rows > 0
    # every current row (stg_<agency>__<entity>_rows), and the newest row per record drawn from it
    every_row = {name for name in staging if name.endswith("_rows")}
    assert len(staging) == 2 and len(every_row) == 1, staging
    (every_row,) = every_row
    (records,) = staging - {every_row}
    counts = {
        name: published_warehouse.execute(f"select count(*) from staging.{name}").fetchone()[0]
        for name in staging
    }
    assert 0 < counts[records] <= counts[every_row] <= raw_rows
    assert contacts > 0


def test_ledger_accounts_for_every_row_of_every_file(pipeline_data_dir, published_warehouse):
    """Rows in = loaded + rejected for every file, and rows in matches what the generator wrote."""
    ledger = {
        (agency, name): (status, rows_in, loaded, rejected)
        for agency, name, status, rows_in, loaded, rejected in published_warehouse.execute(
            "select agency, file_name, status, rows_in, rows_loaded, rows_rejected from ledger.submissions"
        ).fetchall()
    }
    assert all(rows_in == loaded + rejected for _, rows_in, loaded, rejected in ledger.values())

    written = Counter()
    with (pipeline_data_dir / "ground_truth" / "records.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        for row in csv.DictReader(handle):
            written[row["file_name"]] += 1
    submissions = list(
        csv.DictReader(
            (pipeline_data_dir / "ground_truth" / "submissions.csv").open(encoding="utf-8")
        )
    )
    by_name = {name: entry for (_, name), entry in ledger.items()}
    for submission in submissions:
        name = submission["file_name"]
        assert name in by_name, f"{name} is missing from the ledger"
        status, rows_in, _, _ = by_name[name]
        if status != "quarantined":
            assert rows_in == written[name], (
                f"{name}: ledger has {rows_in} rows in, generator wrote {written[name]}"
            )
    assert len(ledger) == len(submissions)

    raw_rows = sum(
        published_warehouse.execute(f"select count(*) from raw.{a}").fetchone()[0] for a in REGISTRY
    )
    assert raw_rows == sum(entry[2] for entry in ledger.values())
    rejected_rows = published_warehouse.execute(
        "select count(*) from ledger.rejected_rows"
    ).fetchone()[0]
    assert rejected_rows == sum(entry[3] for entry in ledger.values())


def test_faulty_files_are_quarantined_superseded_or_rejected_with_reasons(published_warehouse):
    statuses = dict(
        published_warehouse.execute(
            "select status, count(*) from ledger.submissions group by all"
        ).fetchall()
    )
    assert statuses.get("quarantined", 0) >= 2  # at least the misplaced file and the empty file
    assert statuses.get("superseded", 0) >= 1  # the housing resubmission
    assert statuses.get("duplicate_file", 0) >= 1
    reasons = {
        code
        for (code,) in published_warehouse.execute(
            "select distinct reason_code from ledger.rejected_rows"
        ).fetchall()
    }
    assert {"malformed_row", "duplicate_row", "duplicate_file"} <= reasons
    messages = [
        m
        for (m,) in published_warehouse.execute(
            "select message from ledger.submissions where status = 'quarantined'"
        ).fetchall()
    ]
    assert all(message and len(message) > 20 for message in messages)


def test_combined_police_catch_up_file_covers_two_months(published_warehouse):
    periods = published_warehouse.execute(
        "select period_start, period_end from ledger.submissions where file_name = 'WMP_DA_Coventry_202212_202301.csv'"
    ).fetchall()
    assert [(str(start), str(end)) for start, end in periods] == [("2022-12-01", "2023-01-31")]


def _read_rows(path: Path, agency) -> list[dict]:
    """An extract's rows as header -> value, read independently of the ingest code."""
    if path.suffix == ".xlsx":
        try:
            workbook = openpyxl.load_workbook(path, read_only=True)
        except Exception:  # the sample's deliberately unreadable files
            return []
        sheet = (
            workbook[agency.file.sheet]
            if agency.file.sheet in workbook.sheetnames
            else workbook.active
        )
        rows = list(sheet.iter_rows(min_row=agency.file.header_row, values_only=True))
        return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]] if rows else []
    for encoding in agency.file.encodings:
        try:
            with path.open(newline="", encoding=encoding) as handle:
                return list(csv.DictReader(handle))
        except (UnicodeDecodeError, csv.Error):
            continue
    return []


def _identifier_values(inbox: Path) -> set[str]:
    """Every name, date of birth, NHS number and full postcode in the extracts as sent.

    A value that an agency also sends as an ordinary code (a surname "WHITE" and the ethnicity "WHITE")
    identifies nobody, so values seen in non-identifier columns are left out.
    """
    registry = REGISTRY
    identifying: set[str] = set()
    ordinary: set[str] = set()
    for agency in registry.values():
        headers = {
            header: canonical in agency.identifiers
            and agency.identifiers[canonical].kind != "person_ref"
            for columns in agency.schema_versions.values()
            for header, canonical in columns.items()
        }
        for path in (inbox / agency.agency).iterdir():
            for row in _read_rows(path, agency):
                for header, is_identifier in headers.items():
                    if row.get(header):
                        (identifying if is_identifier else ordinary).add(str(row[header]).strip())
    ordinary = {value.casefold() for value in ordinary}
    return {value for value in identifying if value.casefold() not in ordinary and len(value) >= 4}


def _public_vocabulary(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """Every text value in the reference seeds (code labels, ward names): a surname "White" is also the
    ethnic group label "White", and the label identifies nobody."""
    columns = connection.execute(
        "select table_name, column_name from information_schema.columns"
        " where table_schema = 'reference' and data_type = 'VARCHAR'"
    ).fetchall()
    vocabulary = set()
    for table, column in columns:
        rows = connection.execute(f'select distinct "{column}" from reference.{table}').fetchall()
        # Code-Point's postcodes are public too, but a full postcode always counts as an identifier
        vocabulary |= {
            v.casefold() for (v,) in rows if v is not None and not FULL_POSTCODE.search(v)
        }
    return vocabulary


def test_no_direct_identifier_is_stored_in_any_text_column(pipeline_data_dir):
    identifiers = _identifier_values(pipeline_data_dir / "inbox")
    assert len(identifiers) > 1000  # the scan has something to look for
    for path in (
        published_path(pipeline_data_dir),
        pipeline_data_dir / "warehouse" / "build.duckdb",
    ):
        with duckdb.connect(str(path), read_only=True) as connection:
            vocabulary = _public_vocabulary(connection)
            columns = connection.execute(
                "select table_schema, table_name, column_name from information_schema.columns"
                " where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog', 'reference')"
            ).fetchall()  # reference holds public data (Code-Point Open postcodes), not people
            assert columns
            for schema, table, column in columns:
                is_pseudonym = (
                    "key_" in column
                )  # keyed HMAC pseudonyms are named after what they hash
                assert is_pseudonym or not IDENTIFIER_COLUMN.search(column), (
                    f"{schema}.{table}.{column} is an identifier column"
                )
                distinct = {
                    value
                    for (value,) in connection.execute(
                        f'select distinct "{column}" from {schema}.{table}'
                    ).fetchall()
                    if value is not None
                }
                leaked = {
                    value for value in distinct & identifiers if value.casefold() not in vocabulary
                }
                assert not leaked, (
                    f"{schema}.{table}.{column} holds identifiers such as {sorted(leaked)[:3]}"
                )
                if not is_pseudonym and not column.endswith("sha256"):
                    assert not any(FULL_POSTCODE.search(v) for v in distinct), (
                        f"{schema}.{table}.{column} holds a postcode"
                    )


def test_a_rerun_with_no_new_files_changes_nothing(pipeline_data_dir, run_pipeline, tmp_path):
    # On a copy: a run holds its data folder's lock, and a test copying the session's folder meanwhile
    # (on another worker) would copy the lock's note too.
    data_dir = tmp_path / "data"
    shutil.copytree(pipeline_data_dir, data_dir, symlinks=True)
    published = published_path(data_dir)
    before = _snapshot(published)
    started = time.monotonic()
    result = run_pipeline(data_dir)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Nothing new" in result.stdout, result.stdout[-3000:]
    assert _snapshot(published) == before
    print(f"no-op run: {time.monotonic() - started:.1f} s")  # a figure, never a timed assertion


BREAKAGES = {
    # rows appear in raw that no file accounts for: the ledger's blocking check stops the run
    "ledger_check": (
        "insert into raw.police select * from raw.police limit 1",
        "ledger submissions ledger accounts for every row",
    ),
    # a value no dbt test accepts: dbt build fails
    "dbt_test": (
        "update raw.police set location_postcode_status = 'tampered'"
        " where _source_row_number = (select min(_source_row_number) from raw.police)",
        "dbt build",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_failed_run_leaves_the_last_published_generation_in_place(
    pipeline_data_dir, run_pipeline, tmp_path, breakage
):
    """Break a copy's build: the run fails at the expected step, says so, and the generation published
    before it stays current, exactly as it was."""
    statement, failing_step = BREAKAGES[breakage]
    data_dir = tmp_path / "data"
    shutil.copytree(pipeline_data_dir, data_dir, symlinks=True)
    current = data_dir / "published" / "current"
    before = (current.resolve(), published_path(data_dir).read_bytes())
    with duckdb.connect(str(data_dir / "warehouse" / "build.duckdb")) as connection:
        connection.execute(statement)
    # nothing new arrived (only the warehouse was broken), so the run must be forced
    result = run_pipeline(data_dir, force=True)
    assert result.returncode != 0
    assert f"Failed step: {failing_step}" in result.stdout, result.stdout[-3000:]
    assert "the published warehouse is unchanged" in result.stdout
    assert (current.resolve(), published_path(data_dir).read_bytes()) == before


def _faults(pipeline_data_dir: Path, fault_type: str) -> list[dict]:
    with (pipeline_data_dir / "ground_truth" / "faults.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        return [row for row in csv.DictReader(handle) if row["fault_type"] == fault_type]


def _ledger_entry(published_warehouse, file_name: str) -> dict:
    cursor = published_warehouse.execute(
        "select * from ledger.submissions where file_name = ?", [file_name]
    )
    names = [column[0] for column in cursor.description]
    (row,) = cursor.fetchall()
    return dict(zip(names, row, strict=True))


FILE_FAULT_STATUSES = {
    "empty_file": "quarantined",
    "misplaced_file": "quarantined",
    "duplicate_file": "duplicate_file",
}
ROW_FAULT_REASONS = {
    "truncated_file": "malformed_row",
    "duplicate_rows": "duplicate_row",
    "blank_mandatory_field": "missing_required_field",
}
DATE_FAULT_WARNINGS = {
    "us_date_format": "not an expected format",
    "text_dates": "not an expected format",
    "mixed_date_formats": "mixed date formats",
}
POSTCODE_FAULT_STATUSES = {
    "invalid_postcode": "invalid",
    "out_of_area_postcode": "out_of_area",
    "postcode_not_found": "not_found",
}


@pytest.mark.parametrize("fault_type", sorted(FILE_FAULT_STATUSES))
def test_file_faults_get_the_right_ledger_status(
    pipeline_data_dir, published_warehouse, fault_type
):
    faults = _faults(pipeline_data_dir, fault_type)
    assert faults, f"the sample should contain a {fault_type}"
    for fault in faults:
        entry = _ledger_entry(published_warehouse, fault["file_name"])
        assert entry["status"] == FILE_FAULT_STATUSES[fault_type], entry
        assert entry["message"]


@pytest.mark.parametrize("fault_type", sorted(ROW_FAULT_REASONS))
def test_faulty_rows_are_rejected_at_their_row_with_a_reason(
    pipeline_data_dir, published_warehouse, fault_type
):
    faults = _faults(pipeline_data_dir, fault_type)
    assert faults, f"the sample should contain {fault_type}"
    for fault in faults:
        reasons = published_warehouse.execute(
            "select reason_code from ledger.rejected_rows where file_name = ? and source_row_number = ?",
            [fault["file_name"], int(fault["source_row_number"])],
        ).fetchall()
        assert reasons == [(ROW_FAULT_REASONS[fault_type],)], fault


@pytest.mark.parametrize("fault_type", sorted(DATE_FAULT_WARNINGS))
def test_date_format_faults_are_read_and_flagged_in_the_ledger(
    pipeline_data_dir, published_warehouse, fault_type
):
    for fault in _faults(pipeline_data_dir, fault_type) or pytest.fail(
        f"no {fault_type} in the sample"
    ):
        entry = _ledger_entry(published_warehouse, fault["file_name"])
        assert DATE_FAULT_WARNINGS[fault_type] in (entry["warnings"] or ""), entry


def test_a_us_format_month_is_read_as_us_dates(pipeline_data_dir, published_warehouse):
    """Days up to 12 would parse wrongly as dd/mm: the whole month must be read as mm/dd."""
    (fault,) = _faults(pipeline_data_dir, "us_date_format")
    period_start = _ledger_entry(published_warehouse, fault["file_name"])["period_start"]
    months = published_warehouse.execute(
        "select distinct date_trunc('month', episode_start) from staging.stg_childrens__episodes as e"
        " join ledger.submissions as s on s.submission_id = e.submission_id where s.file_name = ?",
        [fault["file_name"]],
    ).fetchall()
    assert [month.date() if hasattr(month, "date") else month for (month,) in months] == [
        period_start
    ]


def test_a_resubmission_supersedes_the_earlier_file(pipeline_data_dir, published_warehouse):
    (fault,) = _faults(pipeline_data_dir, "resubmission")
    entry = _ledger_entry(published_warehouse, fault["file_name"])
    superseded = published_warehouse.execute(
        "select file_name, period_start, period_end from ledger.submissions where superseded_by = ?",
        [entry["submission_id"]],
    ).fetchall()
    assert entry["status"] in ("loaded", "loaded_with_rejections")
    assert len(superseded) == 1
    assert superseded[0][1:] == (entry["period_start"], entry["period_end"])


@pytest.mark.parametrize("fault_type", sorted(POSTCODE_FAULT_STATUSES))
def test_postcode_faults_are_classified_without_keeping_the_postcode(
    pipeline_data_dir, published_warehouse, fault_type
):
    for fault in _faults(pipeline_data_dir, fault_type) or pytest.fail(
        f"no {fault_type} in the sample"
    ):
        agency, owner = fault["file_path"].split("/")[0], fault["field"].removesuffix("_postcode")
        status = published_warehouse.execute(
            f"select r.{owner}_postcode_status from raw.{agency} as r"
            " join ledger.submissions as s on s.submission_id = r._submission_id"
            " where s.file_name = ? and r._source_row_number = ?",
            [fault["file_name"], int(fault["source_row_number"])],
        ).fetchall()
        assert status == [(POSTCODE_FAULT_STATUSES[fault_type],)], fault


def test_invalid_nhs_numbers_are_flagged_and_never_keyed(pipeline_data_dir, published_warehouse):
    for fault in _faults(pipeline_data_dir, "invalid_nhs_number") or pytest.fail(
        "no invalid NHS numbers"
    ):
        status, key = published_warehouse.execute(
            "select patient_nhs_status, patient_key_nhs from raw.health as r"
            " join ledger.submissions as s on s.submission_id = r._submission_id"
            " where s.file_name = ? and r._source_row_number = ?",
            [fault["file_name"], int(fault["source_row_number"])],
        ).fetchone()
        # the generator alternates a wrong check digit with a digit dropped in typing
        expected = (
            "invalid_format" if "nine digits" in fault["description"] else "invalid_check_digit"
        )
        assert (status, key) == (expected, None)
