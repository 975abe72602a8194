"""A month of awkward deliveries through the real pipeline, on a copy of the session's run: a police
resubmission that fails its structural checks (set aside), another that is a fraction of the month
(held for review), a housing file superseded earlier and now sent again (restored), and a link in the
inbox to a file elsewhere (refused). The run succeeds for everyone, says what happened to each file on
the terminal, in the summary, the board pack's data-quality page and the police feedback pack, and
the police figures for those months do not move. The run leaves out the Evidence site (WITHOUT_SITE=1),
which this month's tests never look at, and says so."""

from __future__ import annotations

import csv
import html
import io
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import REPO_ROOT, published_path, sample_as_at

from warehouse import run_inputs
from warehouse.settings import Settings

pytestmark = pytest.mark.e2e

SET_ASIDE = "WMP_DA_Coventry_202304 (corrected).csv"
HELD = "WMP_DA_Coventry_202305 (copy).csv"
RESTORING = "HCLIC_DA_2022Q2 (original).csv"
LINK = "WMP_DA_Coventry_202306 link.csv"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def _police_rows(connection, month: str) -> int:
    return connection.execute(
        "select count(*) from marts.fct_police_incidents"
        " where strftime(incident_date, '%Y-%m') = ? or strftime(recorded_at, '%Y-%m') = ?",
        [month, month],
    ).fetchone()[0]


@pytest.fixture(scope="module")
def awkward_month(pipeline_data_dir, tmp_path_factory, run_pipeline):
    data_dir = tmp_path_factory.mktemp("awkward") / "data"
    shutil.copytree(pipeline_data_dir, data_dir, symlinks=True)
    police = data_dir / "inbox" / "police"
    april = _rows(police / "WMP_DA_Coventry_202304.csv")
    _write(police / SET_ASIDE, [april[0], *[[april[1][0], *row[1:]] for row in april[1:]]])
    may = _rows(police / "WMP_DA_Coventry_202305.csv")
    _write(police / HELD, may[:4])
    housing = data_dir / "inbox" / "housing"
    shutil.copyfile(housing / "HCLIC_DA_2022Q2.csv", housing / RESTORING)
    outside = data_dir.parent / "elsewhere.csv"
    shutil.copyfile(police / "WMP_DA_Coventry_202304.csv", outside)
    (police / LINK).symlink_to(outside)
    with duckdb.connect(str(published_path(data_dir)), read_only=True) as connection:
        before = {month: _police_rows(connection, month) for month in ("2023-04", "2023-05")}
    result = run_pipeline(data_dir, without_site=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return data_dir, result.stdout, before


def _ledger(data_dir: Path) -> dict[str, dict]:
    with duckdb.connect(str(published_path(data_dir)), read_only=True) as connection:
        cursor = connection.execute("select * from ledger.submissions")
        names = [column[0] for column in cursor.description]
        return {row[2]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def test_each_file_gets_its_status_and_the_earlier_data_stays_current(awkward_month):
    data_dir, _, before = awkward_month
    ledger = _ledger(data_dir)
    assert ledger[SET_ASIDE]["status"] == "set_aside"
    assert "one current row per record id" in ledger[SET_ASIDE]["message"]
    assert ledger[HELD]["status"] == "held_for_review"
    assert (
        "3 rows to load" in ledger[HELD]["message"]
        and "make accept FILE=" in ledger[HELD]["message"]
    )
    for original in ("WMP_DA_Coventry_202304.csv", "WMP_DA_Coventry_202305.csv"):
        assert ledger[original]["status"] in ("loaded", "loaded_with_rejections")
    assert ledger[RESTORING]["status"] in ("loaded", "loaded_with_rejections")
    assert "restores submission" in ledger[RESTORING]["message"]
    assert ledger["HCLIC_DA_2022Q2_resubmitted.csv"]["status"] == "superseded"
    assert LINK not in ledger
    with duckdb.connect(str(published_path(data_dir)), read_only=True) as connection:
        after = {month: _police_rows(connection, month) for month in before}
        held_back = connection.execute(
            "select file_name, status, reason from publish.publish_dq_files_held_back"
        ).fetchall()
        supersession = connection.execute(
            "select rows_before, rows_after, reason from ledger.supersessions"
            " where superseded_by = ?",
            [ledger[RESTORING]["submission_id"]],
        ).fetchall()
    assert after == before
    assert {(name, status) for name, status, _ in held_back} == {
        (SET_ASIDE, "set_aside"),
        (HELD, "held_for_review"),
    }
    assert all("make accept" not in reason for _, _, reason in held_back)
    assert supersession == [
        (
            ledger["HCLIC_DA_2022Q2_resubmitted.csv"]["rows_loaded"],
            ledger[RESTORING]["rows_loaded"],
            "restored",
        )
    ]


def test_the_terminal_and_the_summary_say_what_happened(awkward_month):
    _, output, _ = awkward_month
    assert f"police: set aside: {SET_ASIDE}" in output
    assert f"police: held for review: {HELD}" in output
    assert f"police: refused {LINK}: is a symbolic link" in output
    assert "Held for review (not used until accepted" in output
    assert "Set aside by the agency's structural checks" in output
    assert f"-> {RESTORING} (" in output and "restored)" in output
    assert output.count("✓") >= 10 and " DEBUG " not in output


def test_the_board_pack_and_the_police_feedback_pack_say_which_file_and_why(awkward_month):
    data_dir, _, _ = awkward_month
    published = published_path(data_dir).parent
    board = html.unescape((published / "board_pack" / "index.html").read_text())
    assert SET_ASIDE in board and HELD in board and "one current row per record id" in board
    pack = html.unescape(
        (published / "feedback_packs" / "police" / "police_2023-04_feedback.html").read_text()
    )
    assert SET_ASIDE in pack and "one current row per record id" in pack
    issues = (published / "feedback_packs" / "police" / "police_2023-05_issues.csv").read_text()
    assert HELD in issues and "make accept" not in issues


def test_a_run_without_the_site_still_checks_and_takes_the_old_site_away(awkward_month):
    data_dir, output, _ = awkward_month
    settings = Settings(data_dir)
    assert "✓ warning checks police" in output and "✓ publish current" in output
    assert "evidence site" not in output.casefold().split("outputs (the current")[0]
    # the session's site was copied in with the folder; left, it would show last month's figures
    assert not settings.evidence_site_dir.exists()
    assert "Evidence site (the reports as pages; make evidence-serve):    not built" in output
    # the same inputs again without the site would be nothing new; with it, the site would be built
    as_at = date.fromisoformat(sample_as_at(data_dir))
    recorded = run_inputs.recorded(settings)
    assert recorded == run_inputs.fingerprint(settings, as_at, with_site=False)
    assert recorded != run_inputs.fingerprint(settings, as_at, with_site=True)


def test_accepting_the_held_file_makes_it_current(awkward_month):
    data_dir, _, _ = awkward_month
    held = data_dir / "inbox" / "police" / HELD
    result = subprocess.run(
        [sys.executable, "-m", "warehouse.review", "accept", str(held)],
        cwd=REPO_ROOT,
        env={"DATA_DIR": str(data_dir), "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Accepted" in result.stdout and "in place of submission" in result.stdout
    with duckdb.connect(str(data_dir / "warehouse" / "build.duckdb"), read_only=True) as connection:
        statuses = dict(
            connection.execute(
                "select file_name, status from ledger.submissions where file_name in (?, ?)",
                [HELD, "WMP_DA_Coventry_202305.csv"],
            ).fetchall()
        )
    assert statuses[HELD] == "loaded" and statuses["WMP_DA_Coventry_202305.csv"] == "superseded"
