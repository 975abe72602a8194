"""`make pipeline`: the monthly job, run in this process, with a terminal a data lead can read.

The terminal shows one line per step (a progress bar while dbt builds), the warnings a data lead must
act on (a file held, set aside, quarantined or refused) and, at the end, the summary of what the run
did or the step that failed with its reason and the fix. Everything else, Dagster's events and dbt's
output included, goes to the run's full log, `data/logs/<run>.log`. The run is recorded in the
Dagster instance as any other, so `make dev` shows its history.

A run with nothing new (no file arrived or changed in the inbox, the project unchanged, the same as-at
date: `warehouse/run_inputs.py`) changes nothing and says so in seconds. `--without-site` leaves out the
Evidence site (about a minute when it compiles its app, 20 to 30 s when only the data changed), for a data
lead trying a new agency's file: the site the last run built is taken away rather than left beside a
warehouse it no longer matches. A second run while one is going stops at once, saying who holds the data
folder and since when (`warehouse/run_lock.py`); the lock is taken before Dagster is even loaded.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import uuid
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from warehouse import run_inputs
from warehouse.as_at import AsAt
from warehouse.as_at import resolve as resolve_as_at
from warehouse.run_lock import RunLockHeld, run_lock
from warehouse.settings import Settings

JOB = "monthly_pipeline"
EVIDENCE_SITE = ("outputs", "evidence_site")  # the asset a run --without-site leaves out
# dbt reports each node as "12 of 444 START sql table model ..."; the counts drive the progress bar.
DBT_NODE = re.compile(r"^\s*(?:\d\d:\d\d:\d\d\s+)?(\d+) of (\d+) ")
DBT_PROBLEM = re.compile(r"\b(ERROR|FAIL)\b")
# "628 of 839 WARN 2 accepted_range_... [WARN 2 in 0.13s]": a warn-severity test that found rows. dbt's
# tests are not Dagster asset checks (dagster_project/assets/dbt.py), so the summary names these.
DBT_WARNING = re.compile(DBT_NODE.pattern + r"WARN (?P<rows>\d+) (?P<test>\S+)")
# Dagster's own console logger stays quiet: the full log is written from the run's events instead.
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def step_label(step_key: str) -> str:
    """'raw__police' -> 'ingest police'; 'staging__stg_idva__cases_warning_expectations' -> ..."""
    if step_key.startswith("raw__"):
        return f"ingest {step_key.removeprefix('raw__')}"
    if step_key.endswith("_warning_expectations"):
        agency = step_key.removeprefix("staging__stg_").split("__")[0]
        return f"warning checks {agency}"
    return step_key.replace("__", " ").replace("_", " ")


def root_cause(error) -> str:
    """The message of the innermost error: Dagster wraps what went wrong ("Error occurred while executing
    op ...") around the exception that says why, and the data lead needs the why."""
    if error is None:
        return "unknown error"
    while error.cause is not None:
        error = error.cause
    return error.message.strip()


class RunConsole:
    """Turns the run's events into the terminal's lines and the full log's lines."""

    def __init__(self, console: Console, log: TextIO) -> None:
        self.console = console
        self.log = log
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        )
        self.tasks: dict[str, int] = {}
        self.started: dict[str, float] = {}
        self.failures: list[str] = []
        self.dbt_problems: list[str] = []
        self.dbt_warnings: list[str] = []

    def on_event(self, entry) -> None:
        event = entry.dagster_event
        level = entry.level if isinstance(entry.level, int) else 20
        kind = event.event_type_value if event else "LOG"
        stamp = datetime.fromtimestamp(entry.timestamp).strftime("%H:%M:%S")
        self.log.write(f"{stamp} {kind:<24} {entry.step_key or '-':<40} {entry.message}\n")
        self.log.flush()
        step = entry.step_key
        if event is None:
            # Ingest's warnings are what a data lead must act on: a file held, set aside,
            # quarantined or refused. Other steps' warnings (dbt's, say) stay in the full log.
            if level >= 30 and step and step.startswith("raw__"):
                self.console.print(f"  [yellow]![/] {entry.user_message}", highlight=False)
            return
        if event.is_step_start:
            self.started[step] = time.monotonic()
            self.tasks[step] = self.progress.add_task(step_label(step), total=None)
        elif event.is_step_success or event.is_step_failure or event.is_step_skipped:
            self._finish(step, event)

    def _finish(self, step: str, event) -> None:
        task = self.tasks.pop(step, None)
        if task is not None:
            self.progress.remove_task(task)
        seconds = time.monotonic() - self.started.pop(step, time.monotonic())
        label = step_label(step)
        if event.is_step_success:
            self.console.print(f"[green]✓[/] {label} ({seconds:.1f} s)", highlight=False)
        elif event.is_step_skipped:
            self.console.print(f"[dim]- {label}: skipped[/]", highlight=False)
        else:
            data = event.step_failure_data
            reason = (
                data.user_failure_data.description
                if data.user_failure_data and data.user_failure_data.description
                else root_cause(data.error)
            )
            self.failures.append(f"{label}: {reason}")
            self.console.print(f"[red]✗ {label}[/] ({seconds:.1f} s): {reason}", highlight=False)

    def on_dbt_line(self, line: str) -> None:
        """dbt's own output: counted for the progress bar, kept when it reports a problem."""
        node = DBT_NODE.match(line)
        if node and "dbt_build" in self.tasks:
            done, total = int(node[1]), int(node[2])
            self.progress.update(self.tasks["dbt_build"], completed=done, total=total)
        if DBT_PROBLEM.search(line) and " of " in line:
            self.dbt_problems.append(line.strip())
        if warning := DBT_WARNING.match(line):
            self.dbt_warnings.append(f"{warning['test']} ({warning['rows']} rows)")


class _LogStream:
    """sys.stdout and sys.stderr during the run: every line to the full log, and dbt's lines to the
    progress bar."""

    def __init__(self, log: TextIO, console: RunConsole) -> None:
        self.log = log
        self.console = console
        self.buffer = ""

    def write(self, text: str) -> int:
        self.log.write(text)
        self.buffer += text
        *lines, self.buffer = self.buffer.split("\n")
        for line in lines:
            self.console.on_dbt_line(line)
        return len(text)

    def flush(self) -> None:
        self.log.flush()

    def isatty(self) -> bool:
        return False


def execute(settings: Settings, console: Console, as_at: AsAt, with_site: bool = True) -> int:
    """Run the job (the caller holds the run lock); 0 when it succeeded."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    settings.logs_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.logs_dir / f"{stamp}.log"
    console.print(f"Pipeline run {stamp}, as at {as_at} (full log: {log_path})", highlight=False)
    with log_path.open("w", encoding="utf-8") as log:
        run_console = RunConsole(console, log)
        stream = _LogStream(log, run_console)
        with redirect_stdout(stream), redirect_stderr(stream), run_console.progress:
            from dagster import AssetKey, DagsterInstance

            from dagster_project.definitions import defs

            job = defs.get_job_def(JOB)
            selection = None  # the whole job, its checks included
            if not with_site:
                selection = list(job.asset_layer.executable_asset_keys - {AssetKey(EVIDENCE_SITE)})
            run_id = str(uuid.uuid4())  # Dagster's run ids are UUID4 strings
            instance = DagsterInstance.get()
            instance.add_event_listener(run_id, run_console.on_event)
            result = job.execute_in_process(
                run_config=QUIET_CONSOLE,
                instance=instance,
                run_id=run_id,
                raise_on_error=False,
                asset_selection=selection,
            )
    if result.success:
        from dagster_project.summary import summarise

        if not with_site:
            from dashboards.evidence_site import withdraw_site

            withdraw_site(settings.evidence_site_dir)
        console.print(summarise(settings), highlight=False, markup=False)
        if run_console.dbt_warnings:
            console.print("\ndbt tests that warned (the run went on; the full log has each one):")
            for warning in run_console.dbt_warnings:
                console.print(f"  {warning}", highlight=False, markup=False)
        console.print(f"\nFull log: {log_path}", highlight=False)
        return 0
    console.print("\n[red]The run failed; the published warehouse is unchanged.[/]")
    for failure in run_console.failures:
        console.print(f"  Failed step: {failure}", highlight=False, markup=False)
    for problem in run_console.dbt_problems[-10:]:
        console.print(f"    dbt: {problem}", highlight=False, markup=False)
    console.print(f"Full log: {log_path}", highlight=False)
    return 1


def up_to_date(settings: Settings, as_at: AsAt, with_site: bool = True) -> bool:
    """Whether the current generation was built from exactly these inputs (run_inputs)."""
    return run_inputs.recorded(settings) == run_inputs.fingerprint(
        settings, as_at.day, with_site=with_site
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make pipeline", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--force", action="store_true", help="rebuild even when nothing new arrived (FORCE=1)"
    )
    parser.add_argument(
        "--without-site",
        action="store_true",
        help="leave out the Evidence site, and take away the last one (WITHOUT_SITE=1)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    force, with_site = arguments.force, not arguments.without_site
    settings = Settings.from_environment()
    console = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    try:
        as_at = resolve_as_at(settings)
    except ValueError as problem:
        console.print(f"[red]Not started:[/] {problem}", highlight=False)
        return 2
    # dbt reads the day from the environment (int_dq_expected_periods), so every step sees this one.
    os.environ["AS_AT_DATE"] = as_at.day.isoformat()
    try:
        with run_lock(settings.run_lock, "make pipeline") as cleared:
            if cleared:
                console.print(f"[yellow]![/] {cleared}", highlight=False)
            if not force and up_to_date(settings, as_at, with_site):
                console.print(
                    "Nothing new: no file has arrived or changed in the inbox and the project is "
                    f"unchanged since the run that published {settings.published_dir.resolve().name}, "
                    "so nothing was rebuilt and the published warehouse stays as it is "
                    "(FORCE=1 make pipeline rebuilds anyway).",
                    highlight=False,
                )
                return 0
            inbox_before = run_inputs.inbox_listing(settings)
            status = execute(settings, console, as_at, with_site)
            # Recorded only when no file arrived while the run was going (it would not have been read).
            if status == 0 and run_inputs.inbox_listing(settings) <= inbox_before:
                run_inputs.record(
                    settings, run_inputs.fingerprint(settings, as_at.day, with_site=with_site)
                )
            return status
    except RunLockHeld as held:
        console.print(f"[red]Not started:[/] {held}", highlight=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
