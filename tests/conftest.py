"""Shared fixtures: the dbt manifest, one end-to-end pipeline run on a small generated sample, and the
environment every tool runs in during tests.

`make test` runs the tests on two workers (pytest-xdist, each test file on one worker). The manifest and
the session's pipeline run are made once for the whole session, by whichever worker asks first, while
the other waits on a file lock: see `made_once`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pytest
from filelock import FileLock

from warehouse.dbt_registry import write_dbt_registry

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# Telemetry off and dbt pointed at the project's profiles, whatever shell the tests start from.
os.environ.update(
    {
        "DBT_PROFILES_DIR": str(REPO_ROOT / "dbt"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
)


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """`make(folder)` run once in the whole test session, whichever worker asks first; the others wait for
    it and reuse the folder (or see the same failure, without making it again)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the session's folder, above each worker's own
    folder = root / name
    made, failed = root / f"{name}.made", root / f"{name}.failed"
    with FileLock(root / f"{name}.lock"):
        if failed.exists():
            pytest.fail(f"another worker could not make {name}: {failed.read_text()}")
        if not made.exists():
            folder.mkdir(parents=True, exist_ok=True)
            try:
                make(folder)
            except BaseException as problem:
                failed.write_text(str(problem)[-6000:])
                raise
            made.touch()
    return folder


def _parse_project(folder: Path) -> None:
    write_dbt_registry()
    subprocess.run([str(BIN / "dbt"), "parse", "--quiet"], cwd=REPO_ROOT, check=True)


@pytest.fixture(scope="session")
def dbt_manifest(tmp_path_factory) -> dict:
    """dbt's manifest for the project as it is on disk (parsing needs no database). Parsed once per
    session: a second parse rewrites target/manifest.json, which a running pipeline may be reading."""
    made_once(tmp_path_factory, "dbt_parse", _parse_project)
    return json.loads((REPO_ROOT / "target" / "manifest.json").read_text())


# Tests that need a whole pipeline run (the session's, or their own) are marked e2e, so `make test-fast`
# can leave them out: everything else runs in seconds.
PIPELINE_FIXTURES = {"pipeline_data_dir", "run_pipeline"}


# The files that run whole pipelines of their own, longest first (`make test` prints the slowest tests).
OWN_PIPELINE_RUNS = (
    "test_chaos.py",
    "test_onboarding.py",
    "test_resilience.py",
    "test_pipeline.py",
)


def _run_order(item: pytest.Item) -> tuple[int, int]:
    """Workers take whole files in this order. The first builds the session's pipeline (about two
    minutes), while the other runs the files that need no pipeline; then the files with runs of their
    own, longest first, so that no long file is left for the end; then the rest."""
    name = item.path.name
    if name in OWN_PIPELINE_RUNS:
        position = OWN_PIPELINE_RUNS.index(name)
        return (0, 0) if position == 0 else (2, position)
    return (3, 0) if item.get_closest_marker("e2e") else (1, 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if PIPELINE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=_run_order)  # stable: within a file, tests keep their order


# Small enough for a quick run, large enough for every agency, fault and metric to appear.
SAMPLE_SCALE = "0.1"


def sample_as_at(data_dir: Path) -> str:
    """The day the sample's world stands at: its last file's receipt. Runs treat it as the run date, so what
    counts as due (and missing) never depends on the day the tests happen to run."""
    newest = max(path.stat().st_mtime for path in (data_dir / "inbox").rglob("*") if path.is_file())
    return date.fromtimestamp(newest).isoformat()


def generate_sample(data_dir: Path) -> None:
    """The small sample, with its ground truth, in `data_dir` (inbox/ and ground_truth/)."""
    generate = [str(BIN / "python"), "-m", "sample_generator", "--scale", SAMPLE_SCALE]
    generate += [
        "--inbox",
        str(data_dir / "inbox"),
        "--ground-truth",
        str(data_dir / "ground_truth"),
    ]
    subprocess.run(generate, cwd=REPO_ROOT, check=True, capture_output=True)


def pipeline_command(
    data_dir: Path,
    repo: Path = REPO_ROOT,
    extra_env: dict[str, str] | None = None,
    force: bool = False,
    without_site: bool = False,
) -> tuple[list[str], dict[str, str]]:
    """The monthly job exactly as `make pipeline` runs it, on `data_dir`, from `repo` (a copy of the project
    when a test changes its configuration): (command, environment). `force` rebuilds even when nothing new
    arrived (FORCE=1 make pipeline), as a test that changes the warehouse behind the pipeline's back needs.
    `without_site` leaves out the Evidence site (WITHOUT_SITE=1), a minute of every run, for the tests
    that never look at it."""
    dagster_home = data_dir / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "dagster_project" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DAGSTER_HOME": str(dagster_home),
        "AS_AT_DATE": sample_as_at(data_dir),
        **(extra_env or {}),
    }
    options = [*(["--force"] if force else []), *(["--without-site"] if without_site else [])]
    return [str(BIN / "python"), "-m", "dagster_project.run", *options], env


def published_path(data_dir: Path) -> Path:
    """The current generation's warehouse, where every reader opens it."""
    return data_dir / "published" / "current" / "warehouse.duckdb"


def _run_pipeline(
    data_dir: Path,
    repo: Path = REPO_ROOT,
    extra_env: dict[str, str] | None = None,
    force: bool = False,
    without_site: bool = False,
) -> subprocess.CompletedProcess:
    """As `make pipeline`: the registry written for dbt and the project parsed, then the job. The
    repository itself was parsed once for the session (`dbt_manifest`); a copy is parsed here."""
    command, env = pipeline_command(data_dir, repo, extra_env, force, without_site)
    steps = [command]
    if repo != REPO_ROOT:
        steps[:0] = [
            [str(BIN / "python"), "-m", "warehouse.dbt_registry"],
            [str(BIN / "dbt"), "parse", "--quiet"],
        ]
    for step in steps:
        result = subprocess.run(step, cwd=repo, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            break
    return result


@pytest.fixture(scope="session")
def run_pipeline(dbt_manifest) -> Callable[[Path], subprocess.CompletedProcess]:
    return _run_pipeline


def _generate_and_run(folder: Path) -> None:
    data_dir = folder / "data"
    generate_sample(data_dir)
    result = _run_pipeline(data_dir)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]


@pytest.fixture(scope="session")
def pipeline_data_dir(tmp_path_factory, dbt_manifest) -> Path:
    """A data folder holding a generated sample (with ground truth) and a successful pipeline run, made
    once for the session. Tests read it, or copy it to change it; none changes it in place."""
    return made_once(tmp_path_factory, "pipeline", _generate_and_run) / "data"


@pytest.fixture(scope="session")
def published_warehouse(pipeline_data_dir) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse of that run."""
    connection = duckdb.connect(str(published_path(pipeline_data_dir)), read_only=True)
    yield connection
    connection.close()
