"""`make bench`: what a monthly run costs at the sample's scale 1 and 10 (SCALE="1 10 100" to choose).

For each scale it generates the synthetic sample once (kept in data/bench/scale-<N>/ and reused), then
times four real runs of `make pipeline`'s job, each a separate process measured from outside:

1. the sample without its last month (every agency's final monthly or quarterly file held back);
2. one new month: the held-back files arrive, as they would in a month's inbox;
3. a run with nothing new;
4. a full rebuild of everything from an empty warehouse.

`--only-full-rebuild` (ONLY_FULL_REBUILD=1 make bench) times just a full rebuild and then a run with
nothing new: at scale 100 the four runs take hours.

It prints and writes (data/bench/scale-<N>.json) rows and files, wall and CPU seconds per stage (ingest,
seeds, staging, intermediate, marts, publish, outputs), peak memory, the warehouse and Parquet sizes,
and ingest's throughput beside DuckDB's own `read_csv` of the same CSV files in the same process, as a
ratio. A benchmark, never a test: nothing here passes or fails on a figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from functools import cache
from pathlib import Path

import duckdb

from warehouse.ingest.quarantine import REASON_SUFFIX
from warehouse.registry import load_registry
from warehouse.settings import REPO_ROOT, Settings

BENCH_DIR = REPO_ROOT / "data" / "bench"
STEP_LINE = re.compile(r"^✓ (?P<label>.+) \((?P<seconds>[\d.]+) s\)$")


# A one-line parent for each measured run: RUSAGE_CHILDREN's ru_maxrss is the largest child a process
# has ever waited for, so each run needs a parent of its own for its peak to be its own.
PEAK_REPORTER = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, output) of one command as its own process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", PEAK_REPORTER, *command],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kilobytes = int(result.stderr.strip().splitlines()[-1])  # Linux reports kilobytes
    return wall, cpu, peak_kilobytes // 1024, result.stdout


def stage_seconds(output: str, settings: Settings) -> dict[str, float]:
    """Wall seconds per stage, from the run's own step lines and dbt's timing of each node."""
    stages: dict[str, float] = defaultdict(float)
    for line in output.splitlines():
        match = STEP_LINE.match(line.strip())
        if not match:
            continue
        label, seconds = match["label"], float(match["seconds"])
        if (
            label.startswith("ingest")
            or label.startswith("submissions ledger")
            or label.startswith("ledger")
        ):
            stages["ingest"] += seconds
        elif label == "dbt build":
            stages["dbt (all layers)"] += seconds
        elif label.startswith("publish"):
            stages["publish"] += seconds
        elif label.startswith("warning checks"):
            stages["checks"] += seconds
        else:
            stages["outputs"] += seconds
    # run_results.json is left over from the last dbt run, so read it only when this run ran dbt.
    if "dbt (all layers)" in stages:
        stages.update(dbt_node_seconds(settings))
    return dict(stages)


@cache
def model_layers() -> dict[str, str]:
    """Each dbt model's layer (staging, intermediate, marts, publish), from the parsed project."""
    nodes = json.loads((REPO_ROOT / "target" / "manifest.json").read_text())["nodes"]
    return {key: node["fqn"][1] for key, node in nodes.items() if len(node["fqn"]) > 2}


def dbt_node_seconds(settings: Settings) -> dict[str, float]:
    """dbt's own time per layer (summed over nodes: dbt runs two at a time, so these add up to more
    than the dbt step's wall time)."""
    results = settings.data_dir / "dbt_target" / "run_results.json"
    seconds: dict[str, float] = defaultdict(float)
    if not results.exists():
        return {}
    for node in json.loads(results.read_text())["results"]:
        kind = node["unique_id"].split(".")[0]
        layer = {"seed": "seeds", "test": "tests", "unit_test": "tests"}.get(kind)
        layer = layer or model_layers().get(node["unique_id"], "other")
        seconds[f"dbt {layer}"] += node["execution_time"]
    return seconds


def folder_megabytes(path: Path) -> float:
    path = path.resolve()
    if path.is_file():
        return round(path.stat().st_size / 1e6, 1)
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def hold_back_last_month(settings: Settings, held: Path) -> int:
    """Move each agency's files covering the sample's final month aside; returns how many."""
    registry = load_registry()
    moved = 0
    held.mkdir(parents=True, exist_ok=True)
    for agency, spec in registry.items():
        folder = settings.inbox_dir / agency
        periods = {}
        for path in folder.glob("*") if folder.exists() else []:
            try:
                periods[path] = spec.period_of(path.name).end
            except ValueError:
                continue
        if not periods:
            continue
        last = max(periods.values())
        for path, end in periods.items():
            if end == last:
                (held / agency).mkdir(exist_ok=True)
                shutil.move(path, held / agency / path.name)
                moved += 1
    return moved


def bring_back(folder: Path, settings: Settings) -> None:
    """Move the files in `folder`/<agency>/ (held back by the bench, or quarantined by a run) back into
    the agency's inbox folder, so that every run sees the whole sample."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.endswith(REASON_SUFFIX):
            shutil.move(path, settings.inbox_dir / path.parent.name / path.name)


def duckdb_read_rate(settings: Settings) -> tuple[int, float]:
    """Rows and seconds for DuckDB's own read_csv of every CSV in the inbox (text columns, no checks)."""
    files = sorted(settings.inbox_dir.rglob("*.csv"))
    started = time.monotonic()
    rows = 0
    with duckdb.connect() as connection:
        for path in files:
            rows += connection.execute(
                "select count(*) from read_csv(?, all_varchar = true, header = true, ignore_errors = true,"
                " null_padding = true, encoding = 'utf-8')",
                [str(path)],
            ).fetchone()[0]
    return rows, time.monotonic() - started


def bench_scale(scale: str, only_full_rebuild: bool = False) -> dict:
    root = BENCH_DIR / f"scale-{scale}"
    settings = Settings(root)
    python = str(Path(sys.executable))
    env = {**os.environ, "DATA_DIR": str(root), "DAGSTER_HOME": str(root / "dagster_home")}
    (root / "dagster_home").mkdir(parents=True, exist_ok=True)
    shutil.copy(
        REPO_ROOT / "dagster_project" / "dagster.yaml", root / "dagster_home" / "dagster.yaml"
    )
    report: dict = {"scale": scale}
    held = root / "held_back"
    if not settings.inbox_dir.exists():
        generate = [python, "-m", "sample_generator", "--scale", scale]
        generate += [
            "--inbox",
            str(settings.inbox_dir),
            "--ground-truth",
            str(settings.ground_truth_dir),
        ]
        wall, _, rss, _ = run(generate, env)
        report["sample_generation_seconds"] = round(wall, 1)
        report["sample_generation_peak_rss_mb"] = rss
    # A previous bench's held-back month (if it stopped half way) and its last run's quarantined files,
    # so the counts and DuckDB's read below see the whole sample.
    bring_back(held, settings)
    bring_back(root / "quarantine", settings)
    newest = max(p.stat().st_mtime for p in settings.inbox_dir.rglob("*") if p.is_file())
    env["AS_AT_DATE"] = time.strftime("%Y-%m-%d", time.localtime(newest))
    csv_rows, csv_seconds = duckdb_read_rate(settings)
    report["files"] = sum(1 for p in settings.inbox_dir.rglob("*") if p.is_file())

    def clean() -> None:
        bring_back(root / "quarantine", settings)
        for part in (
            "warehouse",
            "published",
            "outputs",
            "quarantine",
            "evidence_build",
            "dbt_target",
        ):
            shutil.rmtree(root / part, ignore_errors=True)

    pipeline = [python, "-m", "dagster_project.run"]
    runs = {}
    clean()
    if only_full_rebuild:
        sequence = (("full_rebuild", None), ("nothing_new", None))
    else:
        report["files_held_back_as_the_new_month"] = hold_back_last_month(settings, held)
        sequence = (
            ("without_the_last_month", None),
            ("one_new_month", lambda: bring_back(held, settings)),
            ("nothing_new", None),
            ("full_rebuild", clean),
        )
    for name, prepare in sequence:
        if prepare:
            prepare()
        wall, cpu, rss, output = run(pipeline, env)
        runs[name] = {
            "wall_seconds": round(wall, 1),
            "cpu_seconds": round(cpu, 1),
            "peak_rss_mb": rss,
            "stages_seconds": {k: round(v, 1) for k, v in stage_seconds(output, settings).items()},
        }
    report["runs"] = runs
    with duckdb.connect(str(settings.published_warehouse), read_only=True) as connection:
        rows_in, rows_loaded = connection.execute(
            "select sum(rows_in), sum(rows_loaded) from ledger.submissions"
        ).fetchone()
    report["rows_in"] = int(rows_in)
    ingest_seconds = runs["full_rebuild"]["stages_seconds"].get("ingest", 0)
    report["ingest_rows_per_second"] = (
        round(rows_loaded / ingest_seconds) if ingest_seconds else None
    )
    report["duckdb_read_csv_rows_per_second"] = (
        round(csv_rows / csv_seconds) if csv_seconds else None
    )
    if report["ingest_rows_per_second"]:
        report["duckdb_over_ingest_ratio"] = round(
            report["duckdb_read_csv_rows_per_second"] / report["ingest_rows_per_second"], 1
        )
    report["build_warehouse_mb"] = folder_megabytes(settings.build_warehouse)
    report["published_warehouse_mb"] = folder_megabytes(settings.published_warehouse)
    report["parquet_mb"] = folder_megabytes(settings.parquet_dir)
    report["machine"] = {
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }
    (BENCH_DIR / f"scale-{scale}.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def table(report: dict) -> str:
    runs = report["runs"]
    lines = [
        f"Scale {report['scale']}: {report['rows_in']:,} rows in {report['files']} files",
        f"  {'run':<26}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}  stages (s)",
    ]
    for name, figures in runs.items():
        stages = ", ".join(f"{k} {v}" for k, v in figures["stages_seconds"].items())
        lines.append(
            f"  {name:<26}{figures['wall_seconds']:>8}{figures['cpu_seconds']:>8}"
            f"{figures['peak_rss_mb']:>9}  {stages}"
        )
    lines.append(
        f"  ingest {report['ingest_rows_per_second']:,} rows/s; DuckDB read_csv "
        f"{report['duckdb_read_csv_rows_per_second']:,} rows/s (ratio {report.get('duckdb_over_ingest_ratio')})"
    )
    lines.append(
        f"  warehouse {report['build_warehouse_mb']} MB (published copy {report['published_warehouse_mb']} MB),"
        f" Parquet {report['parquet_mb']} MB"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", default=["1", "10"])
    parser.add_argument(
        "--only-full-rebuild",
        action="store_true",
        help="a full rebuild and a run with nothing new, without the one-new-month pair"
        " (at scale 100 the four runs take hours)",
    )
    arguments = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for scale in arguments.scales:
        print(table(bench_scale(scale, arguments.only_full_rebuild)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
