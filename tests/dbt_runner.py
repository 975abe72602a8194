"""dbt run by the tests against a warehouse of their own (WAREHOUSE_BUILD_PATH), never the data folder's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from warehouse.settings import REPO_ROOT

DBT = Path(sys.executable).parent / "dbt"


def dbt_build(arguments: list[str], warehouse: Path, work: Path) -> subprocess.CompletedProcess:
    """`dbt build <arguments>` on `warehouse`, with its target and logs in `work`; output captured."""
    command = [str(DBT), "build", *arguments]
    command += ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    return subprocess.run(
        command,
        cwd=REPO_ROOT,
        env={**os.environ, "WAREHOUSE_BUILD_PATH": str(warehouse)},
        capture_output=True,
        text=True,
    )
