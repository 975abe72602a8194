"""Command line: `python -m sample_generator [--inbox data/inbox] [--ground-truth data/ground_truth]
[--scale 1] [--seed 20260401] [--if-inbox-empty | --replace]`. The default folders follow DATA_DIR, as
the pipeline's do.

People, then journeys, then each agency's view, then the fault plan, then files and ground truth.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sample_generator.agencies import VIEWS
from sample_generator.agencies.common import ViewContext
from sample_generator.faults import FaultContext, FaultPlan, apply_plan, reserved_periods
from sample_generator.ground_truth import write_ground_truth
from sample_generator.journeys import build_world
from sample_generator.names import NamePools
from sample_generator.population import Population
from sample_generator.reference import load_reference
from sample_generator.writers import WrittenFile, write_submission
from warehouse.registry import load_registry
from warehouse.settings import Settings

DEFAULT_SEED = 20260401


@dataclass
class Result:
    files: list[WrittenFile]
    faults: int
    ground_truth: Path


def random_streams(seed: int):
    """An independent, reproducible random stream per named part of the generator, so changing
    one part (say, the refuge view) does not reshuffle every other agency's sample."""
    return lambda name: np.random.default_rng([seed, zlib.crc32(name.encode())])


def generate(
    inbox: Path, ground_truth: Path, scale: float, seed: int, plan: FaultPlan | None = None
) -> Result:
    streams = random_streams(seed)
    registry = load_registry()
    reference = load_reference()
    plan = plan or FaultPlan.load()
    names = NamePools(seed)
    people = Population(reference, names, streams("people"))
    world = build_world(reference, people, plan, scale, streams)

    submissions = {}
    # The sample covers the agencies it knows how to draw; any other registry agency (a partnership's own)
    # simply has no sample files, and one the registry no longer has is not drawn.
    for agency, render in VIEWS.items():
        if agency not in registry:
            continue
        submissions[agency] = render(
            ViewContext(world, registry[agency], plan, reference, names, streams(f"view:{agency}"))
        )
    counter = itertools.count()
    for subs in submissions.values():
        for submission in subs:
            submission.rows["_row_uid"] = [next(counter) for _ in range(len(submission.rows))]

    faults = FaultContext(
        submissions=submissions,
        registry=registry,
        people=people.table(),
        rng=streams("faults"),
        next_uid=lambda n: np.array([next(counter) for _ in range(n)]),
        reserved=reserved_periods(plan),
    )
    apply_plan(plan, faults)

    cache: dict[int, bytes] = {}
    files = [
        write_submission(s, registry[agency], inbox, cache)
        for agency, subs in submissions.items()
        for s in subs
    ]
    write_ground_truth(ground_truth, files, registry, people.table(), faults.injected, seed, scale)
    return Result(files, len(faults.injected), ground_truth)


def _has_files(directory: Path) -> bool:
    return directory.exists() and any(p.is_file() for p in directory.rglob("*"))


def _summary(result: Result, elapsed: float) -> str:
    files = Counter(w.submission.agency for w in result.files)
    rows = Counter()
    for written in result.files:
        rows[written.submission.agency] += len(written.row_numbers)
    lines = [f"{'agency':<12} {'files':>5} {'rows':>8}"]
    lines += [f"{agency:<12} {files[agency]:>5} {rows[agency]:>8}" for agency in VIEWS]
    lines.append(f"{'total':<12} {sum(files.values()):>5} {sum(rows.values()):>8}")
    lines.append(
        f"faults injected: {result.faults} (listed in {result.ground_truth / 'faults.csv'})"
    )
    lines.append(f"ground truth: {result.ground_truth}")
    lines.append(f"elapsed: {elapsed:.1f}s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_environment()
    parser = argparse.ArgumentParser(
        prog="python -m sample_generator",
        description="Generate the synthetic agency extracts (inbox) and their ground truth.",
    )
    parser.add_argument(
        "--inbox",
        type=Path,
        default=settings.inbox_dir,
        help="where the agency folders are written",
    )
    parser.add_argument(
        "--ground-truth",
        type=Path,
        default=settings.ground_truth_dir,
        help="where the ground truth is written (never inside the inbox)",
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiplies population and volumes (1 = Coventry)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="same seed and scale give identical files"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--if-inbox-empty", action="store_true", help="do nothing if the inbox already has files"
    )
    mode.add_argument(
        "--replace", action="store_true", help="delete the inbox and ground truth first"
    )
    args = parser.parse_args(argv)

    inbox, truth = args.inbox.resolve(), args.ground_truth.resolve()
    if truth == inbox or inbox in truth.parents:
        parser.error("--ground-truth must not be inside --inbox")
    if truth in inbox.parents:
        parser.error("--inbox must not be inside --ground-truth (--replace would delete it)")
    if args.scale <= 0:
        parser.error("--scale must be positive")
    if _has_files(inbox):
        if args.if_inbox_empty:
            print(f"sample_generator: {args.inbox} already has files; nothing generated")
            return 0
        if not args.replace:
            print(
                f"sample_generator: {args.inbox} is not empty; use --replace to regenerate or --if-inbox-empty to keep it",
                file=sys.stderr,
            )
            return 2
    if args.replace:
        for directory in (inbox, truth):
            if (
                directory == Path.cwd()
                or directory in Path.cwd().parents
                or directory == Path.home()
            ):
                parser.error(
                    f"--replace will not delete {directory}: give the inbox and ground-truth folders themselves"
                )
            if directory.exists():
                shutil.rmtree(directory)

    started = time.perf_counter()
    result = generate(inbox, truth, args.scale, args.seed)
    print(f"sample_generator: seed {args.seed}, scale {args.scale:g}, inbox {args.inbox}")
    print(_summary(result, time.perf_counter() - started))
    return 0
