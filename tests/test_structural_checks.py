"""The structural checks at ingest give each file its own verdict, whether files are checked one by one
or, as ingest does to save Great Expectations' set-up cost, together (warehouse/checks/structure.py)."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

import duckdb
import pandas as pd
import pytest
from ingest_fixtures import canonical_rows, write_extract

from warehouse.checks.structure import StructuralCheck
from warehouse.checks.suites import load_suite
from warehouse.ingest import PostcodeLookup, Pseudonymiser, ingest_agency
from warehouse.registry import load_registry
from warehouse.settings import POSTCODE_SEED


@pytest.fixture(scope="module")
def check() -> StructuralCheck:
    return StructuralCheck(load_suite("police"))


def _police_month(month: int, references: list[str]) -> list[dict]:
    """Police rows for 2021-<month>, one per reference (a reference may repeat)."""
    template = canonical_rows("police")[0]
    return [
        {
            **template,
            "incident_ref": ref,
            "recorded_at": f"{n % 28 + 1:02d}/{month:02d}/2021 {n % 24:02d}:00",
        }
        for n, ref in enumerate(references)
    ]


def _ingest_months(tmp_path, months: dict[int, list[str]], check: StructuralCheck):
    registry = load_registry()
    police = registry["police"]
    inbox = tmp_path / "inbox" / "police"
    for month, references in months.items():
        received = calendar.timegm(datetime(2021, month + 1, 5).timetuple())
        write_extract(
            police,
            inbox,
            _police_month(month, references),
            file_name=f"WMP_DA_Coventry_2021{month:02d}.csv",
            mtime=received,
        )
    connection = duckdb.connect()
    report = ingest_agency(
        police,
        inbox_dir=inbox,
        quarantine_dir=tmp_path / "quarantine",
        connection=connection,
        pseudonymiser=Pseudonymiser(b"test-partnership-key"),
        postcodes=PostcodeLookup.from_seed(POSTCODE_SEED),
        registry=registry,
        structural_check=check.failures_of_each,
    )
    return report, connection


def test_files_checked_together_keep_their_own_verdicts(tmp_path, check):
    report, _ = _ingest_months(
        tmp_path,
        {
            4: ["INC1", "INC2"],
            5: ["INC3", "INC3", "INC4"],  # a record id twice in one file: structurally broken
            6: ["INC1", "INC5"],  # INC1 again a month later: an update, not a repeat
            7: ["INC6"],
        },
        check,
    )
    outcomes = {o.file_name: o for o in report.outcomes}
    assert [o.status for o in report.outcomes] == ["loaded", "set_aside", "loaded", "loaded"]
    assert "one current row per record id" in outcomes["WMP_DA_Coventry_202105.csv"].message


def test_clean_files_are_checked_in_one_validation_though_a_record_id_recurs(
    tmp_path, check, monkeypatch
):
    one_by_one = []
    monkeypatch.setattr(check, "failures", lambda *args: one_by_one.append(args) or [])
    report, _ = _ingest_months(tmp_path, {4: ["INC1", "INC2"], 5: ["INC1"], 6: ["INC2"]}, check)
    assert [o.status for o in report.outcomes] == ["loaded"] * 3
    assert one_by_one == []


def test_a_share_met_together_but_missed_by_one_file_is_still_that_files_failure(tmp_path, check):
    _, connection = _ingest_months(tmp_path, {4: [f"INC{n}" for n in range(300)], 5: ["X1"]}, check)
    frames = [
        connection.execute(
            "select * from raw.police where _submission_id = ? order by _source_row_number", [id_]
        ).df()
        for (id_,) in connection.execute(
            "select submission_id from ledger.submissions order by 1"
        ).fetchall()
    ]
    large, small = frames
    received = pd.Timestamp(large["recorded_at"].min()).to_pydatetime()
    # The small file's one row is dated more than a year after the file arrived: alone it misses the
    # 99% share of `_event_days_after_receipt`, while 1 row in 301 together would meet it.
    long_before = pd.Timestamp(small["recorded_at"].min()).to_pydatetime() - timedelta(days=400)
    submissions = [(large, received + timedelta(days=40)), (small, long_before)]

    alone = [check.failures(records, when) for records, when in submissions]
    assert alone[0] == [] and alone[1], alone
    assert check.failures_of_each(submissions) == alone
