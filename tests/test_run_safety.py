"""Faults leave no damage, without a whole pipeline: the run lock, publishing generations, a machine
fault during ingest, and the data lead's accept and drop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from bad_file_corpus import MANY, REGISTRY, good, header_only
from conftest import REPO_ROOT

from warehouse.generations import Generation, current_generation, make_current, start_generation
from warehouse.ingest import IngestFault, PostcodeLookup, Pseudonymiser, ingest_agency
from warehouse.ingest import ledger as ledger_module
from warehouse.review import ReviewError, accept, drop
from warehouse.run_lock import RunLockHeld, run_lock
from warehouse.settings import POSTCODE_SEED, Settings

HOLD_THE_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from warehouse.run_lock import run_lock
    with run_lock(Path(sys.argv[1]), "make pipeline"):
        print("locked", flush=True)
        time.sleep(600)
    """
)


def _holder(lock: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(lock)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "locked"
    return process


# -- the run lock -----------------------------------------------------------------------------


def test_a_second_run_stops_at_once_naming_the_holder_and_a_killed_holder_frees_it(tmp_path):
    lock = tmp_path / "data" / "run.lock"
    holder = _holder(lock)
    try:
        with pytest.raises(RunLockHeld) as held, run_lock(lock, "make pipeline"):
            pass
        note = json.loads(lock.with_name("run.lock.json").read_text())
        assert f"process {holder.pid}" in str(held.value) and note["since"] in str(held.value)
        # The pipeline's own entry point gives up before loading Dagster, and says why.
        env = {**os.environ, "DATA_DIR": str(tmp_path / "data")}
        second = subprocess.run(
            [sys.executable, "-m", "dagster_project.run"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert second.returncode == 2
        assert "Not started: another run is using" in second.stdout
        assert f"process {holder.pid}" in second.stdout
        assert not (tmp_path / "data" / "logs").exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The system released the lock with the killed process; its note is found, reported, replaced.
    with run_lock(lock, "make pipeline") as cleared:
        assert cleared and f"process {holder.pid}" in cleared
    assert not lock.with_name("run.lock.json").exists()


def test_the_lock_is_reentrant_within_a_run(tmp_path):
    lock = tmp_path / "run.lock"
    with run_lock(lock, "make pipeline"), run_lock(lock, "Dagster run"):
        assert json.loads(lock.with_name("run.lock.json").read_text())["command"] == "make pipeline"


# -- publishing generations -------------------------------------------------------------------


def _generation(settings: Settings, run_id: str) -> Generation:
    generation = start_generation(settings, run_id)
    generation.warehouse.write_text(run_id)
    generation.board_pack_dir.mkdir()
    (generation.board_pack_dir / "index.html").write_text(run_id)
    return generation


def test_current_moves_in_one_step_and_only_two_generations_stay(tmp_path):
    settings = Settings(tmp_path)
    for run_id in ("first", "second", "third"):
        make_current(settings, _generation(settings, run_id))
        assert settings.published_warehouse.read_text() == run_id
        assert (settings.board_pack_dir / "index.html").read_text() == run_id
    generations = sorted(path.name for path in (tmp_path / "published" / "generations").iterdir())
    assert generations == ["second", "third"]
    previous = tmp_path / "published" / "generations" / "second"
    assert not (previous / "warehouse.duckdb").exists()  # never two full copies kept
    assert (previous / "board_pack" / "index.html").exists()  # small outputs, for readers mid-way


def test_an_unfinished_generation_never_becomes_current(tmp_path):
    settings = Settings(tmp_path)
    make_current(settings, _generation(settings, "good"))
    _generation(settings, "killed")  # a run that died before its switch
    assert current_generation(settings).root.name == "good"
    make_current(settings, _generation(settings, "next"))
    generations = sorted(path.name for path in (tmp_path / "published" / "generations").iterdir())
    assert generations == ["good", "next"]


# -- a machine fault during ingest --------------------------------------------------------------


def _ingest(agency: str, folder: Path, connection) -> object:
    return ingest_agency(
        REGISTRY[agency],
        inbox_dir=folder / "inbox" / agency,
        quarantine_dir=folder / "quarantine" / agency,
        connection=connection,
        pseudonymiser=Pseudonymiser(b"test-key"),
        postcodes=PostcodeLookup.from_seed(POSTCODE_SEED),
        registry=REGISTRY,
    )


def test_a_storage_fault_leaves_the_file_in_the_inbox_and_never_reuses_its_id(
    tmp_path, monkeypatch
):
    inbox = tmp_path / "inbox" / "idva"
    inbox.mkdir(parents=True)
    (inbox / "haven_idva_2021-04.csv").write_bytes(good()(REGISTRY["idva"]))
    connection = duckdb.connect()

    def disk_full(*_):
        raise duckdb.IOException("IO Error: No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(ledger_module, "insert_rejections", disk_full)
        with pytest.raises(IngestFault) as fault:
            _ingest("idva", tmp_path, connection)
    message = str(fault.value)
    assert "idva/haven_idva_2021-04.csv" in message and "IOException" in message
    assert "left in the inbox" in message and "run make pipeline again" in message
    assert (inbox / "haven_idva_2021-04.csv").exists()
    assert not (tmp_path / "quarantine").exists()
    assert connection.execute("select count(*) from ledger.submissions").fetchone() == (0,)
    assert connection.execute("select count(*) from raw.idva").fetchone() == (0,)
    # Once the disk is fixed the file loads, under a new id: the failed attempt's id is never reused.
    report = _ingest("idva", tmp_path, connection)
    (outcome,) = report.outcomes
    assert outcome.status == "loaded" and outcome.submission_id == 2


# -- the data lead's accept and drop ------------------------------------------------------------


def _held(tmp_path: Path) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A police file of MANY rows, then a header-only resubmission for the same month, held."""
    agency = REGISTRY["police"]
    inbox = tmp_path / "inbox" / "police"
    inbox.mkdir(parents=True)
    connection = duckdb.connect()
    (inbox / "WMP_DA_Coventry_202104.csv").write_bytes(good(MANY)(agency))
    _ingest("police", tmp_path, connection)
    held = inbox / "WMP_DA_Coventry_202104 (copy).csv"
    held.write_bytes(header_only(agency))
    (outcome,) = _ingest("police", tmp_path, connection).outcomes
    assert outcome.status == "held_for_review"
    return connection, held


def _statuses(connection) -> list[tuple]:
    return connection.execute(
        "select submission_id, status, superseded_by from ledger.submissions order by 1"
    ).fetchall()


def test_accepting_a_held_file_makes_it_current_and_records_the_supersession(tmp_path):
    connection, held = _held(tmp_path)
    assert "Accepted" in accept(connection, held)
    assert _statuses(connection) == [(1, "superseded", 2), (2, "loaded", None)]
    assert connection.execute(
        "select superseded_id, superseded_by, rows_before, rows_after, reason from ledger.supersessions"
    ).fetchall() == [(1, 2, MANY, 0, "accepted")]
    # Accepting the original again restores it: a superseded file can always come back.
    assert "Restored" in accept(connection, held.with_name("WMP_DA_Coventry_202104.csv"))
    assert _statuses(connection) == [(1, "loaded", None), (2, "superseded", 1)]


def test_dropping_a_held_file_keeps_the_earlier_one(tmp_path):
    connection, held = _held(tmp_path)
    assert "Dropped" in drop(connection, held)
    assert _statuses(connection) == [(1, "loaded", None), (2, "dropped", None)]
    with pytest.raises(ReviewError, match="only a held file can be dropped"):
        drop(connection, held)


def test_a_file_not_loaded_yet_cannot_be_accepted(tmp_path):
    connection, held = _held(tmp_path)
    held.write_bytes(held.read_bytes() + b"\r\n")
    with pytest.raises(ReviewError, match="has not been loaded yet"):
        accept(connection, held)
