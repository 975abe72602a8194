"""kill -9 trials: the pipeline killed at a random point must leave a readable, consistent published
generation, and the next run must recover.

Each trial copies a data folder whose pipeline has run (the baseline), puts a new file in its inbox (a
complete resubmission of the latest police month, so ingest, dbt and publishing all have work to do),
starts `make pipeline`'s entry point, kills its whole process group with SIGKILL at a random moment,
checks what readers see, then runs the pipeline again and checks it finished the job exactly once.

`make chaos` (TRIALS=10) builds its own 0.1-scale baseline and prints how many trials survived;
`tests/test_chaos.py` runs a couple of trials on the test session's pipeline.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
from conftest import REPO_ROOT, SAMPLE_SCALE, generate_sample, pipeline_command, published_path

RESENT = "WMP_DA_Coventry_202603 resent.csv"


@dataclass
class Trial:
    killed_after: float
    problems: list[str]
    recovery_output: str = ""

    @property
    def survived(self) -> bool:
        return not self.problems


def start_pipeline(data_dir: Path, without_site: bool = False) -> subprocess.Popen:
    command, env = pipeline_command(data_dir, without_site=without_site)
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the kill reaches dbt's subprocess too
    )


def run_pipeline(data_dir: Path, without_site: bool = False) -> tuple[int, str, float]:
    started = time.monotonic()
    process = start_pipeline(data_dir, without_site)
    output, _ = process.communicate()
    return process.returncode, output, time.monotonic() - started


def add_resubmission(data_dir: Path) -> None:
    """The latest police month sent again, complete, under another name (a new sha: it supersedes)."""
    inbox = data_dir / "inbox" / "police"
    latest = max(inbox.glob("WMP_DA_Coventry_2*.csv"))
    (inbox / RESENT).write_bytes(latest.read_bytes() + b"\r\n")


def published_problems(data_dir: Path) -> list[str]:
    """What is wrong with what readers see: current must be one whole generation."""
    current = data_dir / "published" / "current"
    if not current.is_symlink():
        return ["no current generation"]
    problems = []
    folder = current.resolve()
    for part in ("warehouse.duckdb", "board_pack/index.html", "feedback_packs/index.html"):
        if not (folder / part).exists():
            problems.append(f"current generation lacks {part}")
    if not list((folder / "publish_parquet").glob("*.parquet")):
        problems.append("current generation has no Parquet exports")
    if problems:
        return problems
    with duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True) as connection:
        unbalanced = connection.execute(
            "select count(*) from ledger.submissions where rows_in <> rows_loaded + rows_rejected"
        ).fetchone()[0]
        tables = connection.execute(
            "select count(*) from information_schema.tables where table_schema = 'publish'"
        ).fetchone()[0]
    if unbalanced:
        problems.append(f"{unbalanced} ledger rows do not balance")
    if tables != len(list((folder / "publish_parquet").glob("*.parquet"))):
        problems.append("Parquet exports are not those of the generation's warehouse")
    return problems


def recovered_problems(data_dir: Path) -> list[str]:
    """After the recovery run: the new file loaded exactly once, and nothing left half done."""
    problems = published_problems(data_dir)
    with duckdb.connect(str(published_path(data_dir)), read_only=True) as connection:
        rows = connection.execute(
            "select status from ledger.submissions where file_name = ?", [RESENT]
        ).fetchall()
        orphans = connection.execute(
            "select count(*) from raw.police where _submission_id not in"
            " (select submission_id from ledger.submissions)"
        ).fetchone()[0]
    if rows != [("loaded",)]:
        problems.append(f"{RESENT} is in the ledger as {rows}")
    if orphans:
        problems.append(f"{orphans} raw rows belong to no ledger row")
    generations = list((data_dir / "published" / "generations").iterdir())
    if len(generations) > 2:
        problems.append(f"{len(generations)} generations kept")
    if (data_dir / "run.lock.json").exists():
        problems.append("the run lock's note was left behind")
    return problems


def trial(
    baseline: Path,
    folder: Path,
    typical_seconds: float,
    rng: random.Random,
    while_running=None,
    without_site: bool = False,
) -> Trial:
    """One kill and recovery. `while_running(data_dir)`, if given, runs once the pipeline holds its
    lock and before the kill (the kill then comes at a random moment after it). `without_site`: both
    runs leave out the Evidence site (WITHOUT_SITE=1), so every kill falls in loading, building or
    publishing the generation."""
    data_dir = folder / "data"
    shutil.copytree(baseline, data_dir, symlinks=True)
    add_resubmission(data_dir)
    kill_after = rng.uniform(0.5, typical_seconds)
    started = time.monotonic()
    process = start_pipeline(data_dir, without_site)
    if while_running is not None:
        while not (data_dir / "run.lock.json").exists() and process.poll() is None:
            time.sleep(0.1)
        while_running(data_dir)
    time.sleep(max(0.0, kill_after - (time.monotonic() - started)))
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    killed_after = time.monotonic() - started
    problems = [f"after the kill: {p}" for p in published_problems(data_dir)]
    code, output, _ = run_pipeline(data_dir, without_site)
    if code != 0:
        problems.append(f"the recovery run failed:\n{output[-2000:]}")
    else:
        problems += [f"after recovery: {p}" for p in recovered_problems(data_dir)]
    shutil.rmtree(folder, ignore_errors=True)
    return Trial(killed_after, problems, output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=None)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    with tempfile.TemporaryDirectory(prefix="chaos-") as scratch:
        baseline = Path(scratch) / "baseline" / "data"
        print(f"Building a {SAMPLE_SCALE}-scale baseline in {baseline} ...", flush=True)
        generate_sample(baseline)
        code, output, _ = run_pipeline(baseline)
        if code != 0:
            print(output[-3000:])
            return 1
        # A run with one new file, to time how long a run lasts (kills fall anywhere within it).
        timing = Path(scratch) / "timing" / "data"
        shutil.copytree(baseline, timing, symlinks=True)
        add_resubmission(timing)
        _, _, typical = run_pipeline(timing)
        print(f"A run with one new file takes {typical:.0f} s; killing at random within it.")
        survived = 0
        for number in range(1, arguments.trials + 1):
            result = trial(baseline, Path(scratch) / f"trial{number}", typical, rng)
            survived += result.survived
            verdict = "recovered" if result.survived else "FAILED: " + "; ".join(result.problems)
            print(
                f"  trial {number}: killed after {result.killed_after:.1f} s: {verdict}", flush=True
            )
    print(f"{survived} of {arguments.trials} trials survived a kill -9 and recovered.")
    return 0 if survived == arguments.trials else 1


if __name__ == "__main__":
    sys.exit(main())
