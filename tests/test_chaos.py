"""kill -9 at a random point, a few times (more with `make chaos`): readers always see one whole
generation, and the next run recovers. The first trial also starts a second run while the first holds
the data folder, which must stop at once, saying who holds it."""

from __future__ import annotations

import random
import subprocess
import time

import pytest
from chaos import trial
from conftest import REPO_ROOT, pipeline_command

pytestmark = pytest.mark.e2e

TRIALS = 2
KILL_WITHIN_SECONDS = 90  # about how long a run with one new file takes on the 0.1-scale sample


def _second_run_stops_at_once(data_dir):
    command, env = pipeline_command(data_dir)
    second = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert second.returncode == 2, second.stdout[-2000:]
    assert "Not started: another run is using" in second.stdout
    assert "make pipeline (process" in second.stdout and "since" in second.stdout


def test_kill_at_a_random_point_leaves_a_whole_generation_and_the_next_run_recovers(
    pipeline_data_dir, tmp_path
):
    seed = time.time_ns()
    rng = random.Random(seed)
    for number in range(TRIALS):
        result = trial(
            pipeline_data_dir,
            tmp_path / f"trial{number}",
            KILL_WITHIN_SECONDS,
            rng,
            while_running=_second_run_stops_at_once if number == 0 else None,
            without_site=True,  # the site is outside the generations; `make chaos` kills its build too
        )
        assert result.survived, (seed, result.killed_after, result.problems)
        if "cleared the lock" not in result.recovery_output:
            # the kill came before the run took its lock (the recovery does the whole job) or after
            # it had finished (the recovery has nothing new to do): nothing was left to clear
            output = result.recovery_output
            assert "Pipeline complete" in output or "Nothing new" in output, output[-2000:]
