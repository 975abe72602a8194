"""What a run is built from, as one fingerprint, so a run with nothing new costs seconds, not minutes.

A run's output depends on the inbox (which files, as received), the project (registry, models, seeds,
macros, suites and the Python that loads, checks and publishes) and the as-at date (what is due). After a
successful run the fingerprint is written into the published generation; the next run compares, and
when nothing differs it changes nothing and says so. Files are compared by size and modification time
in the inbox (ingest recognises content by hash; a file rewritten in place gets a new modification time)
and by content in the project.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

from warehouse.settings import REPO_ROOT, Settings

# The parts of the project a run's output depends on (node_modules and caches are installed, not ours).
PROJECT_PARTS = (
    "agencies",
    "models",
    "seeds",
    "dbt/macros",
    "expectations",
    "warehouse",
    "dagster_project",
    "dashboards",
    "feedback_packs",
    "dbt_project.yml",
)
SKIPPED_FOLDERS = {"node_modules", "__pycache__", ".svelte-kit", "build"}
RECORD_NAME = "run_inputs.sha256"


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(s for s in subfolders if s not in SKIPPED_FOLDERS)
        found += [Path(folder) / name for name in sorted(names)]
    return found


def inbox_listing(settings: Settings) -> set[tuple[str, int, int]]:
    """Every file in the inbox as (path within it, size, modification time)."""
    if not settings.inbox_dir.exists():
        return set()
    return {
        (str(path.relative_to(settings.inbox_dir)), status.st_size, status.st_mtime_ns)
        for path in _files(settings.inbox_dir)
        for status in [path.lstat()]
    }


def fingerprint(
    settings: Settings, as_at: date, project: Path = REPO_ROOT, with_site: bool = True
) -> str:
    """`with_site`: a run without the Evidence site is a different run, so the next run with it is not
    "nothing new" (it builds the site), and the next without it is."""
    digest = hashlib.sha256(f"as at {as_at.isoformat()}\n".encode())
    if not with_site:
        digest.update(b"without the Evidence site\n")
    for relative, size, modified in sorted(inbox_listing(settings)):
        digest.update(f"inbox {relative} {size} {modified}\n".encode())
    for part in PROJECT_PARTS:
        for path in _files(project / part) if (project / part).exists() else []:
            digest.update(f"project {path.relative_to(project)}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def recorded(settings: Settings) -> str | None:
    """The fingerprint of the run that made the current published generation, if any."""
    record = settings.published_dir / RECORD_NAME
    return record.read_text().strip() if record.exists() else None


def record(settings: Settings, value: str) -> None:
    (settings.published_dir / RECORD_NAME).write_text(value + "\n")
