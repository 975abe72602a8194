"""Shared fixtures: the dbt manifest, and the environment every tool runs in during tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def dbt_manifest() -> dict:
    """dbt's manifest for the project as it is on disk (parsing needs no database)."""
    subprocess.run([str(BIN / "dbt"), "parse", "--quiet"], cwd=REPO_ROOT, check=True)
    return json.loads((REPO_ROOT / "target" / "manifest.json").read_text())
