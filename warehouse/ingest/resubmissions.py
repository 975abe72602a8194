"""When a file for a period already loaded may replace what is current, and what to tell the data lead
when it may not.

A resubmission replaces the current file(s) for its period only when it is plausibly complete: it has
data rows, it is not far smaller than what it replaces (`resubmission_min_share` in the agency's
registry entry) and it has the same schema. Otherwise it is held for review: loaded into the raw table
but not current, until the data lead accepts or drops it (`make accept FILE=...`, `make drop FILE=...`,
see `warehouse/review.py`). A file with the same bytes as a superseded one is an explicit request to
restore it, and replaces what is current without these tests.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from warehouse.registry import Agency

from .ledger import EarlierFile
from .naming import display_path


def replacement_problems(
    agency: Agency, rows_loaded: int, schema_version: str, replaced: list[EarlierFile]
) -> list[str]:
    """Why a file should not silently replace `replaced` (empty when it may)."""
    if not replaced:
        return []
    rows_before = sum(earlier.rows_loaded for earlier in replaced)
    problems = []
    if rows_before and not rows_loaded:
        problems.append("it has no rows to load (header only, or every row rejected)")
    elif rows_loaded < agency.resubmission_min_share * rows_before:
        problems.append(
            f"it has {rows_loaded} rows to load, {rows_loaded / rows_before:.0%} of the {rows_before} "
            f"it would replace (a resubmission should have at least "
            f"{agency.resubmission_min_share:.0%}: resubmission_min_share in "
            f"agencies/{agency.source_file.name})"
        )
    versions = {earlier.schema_version for earlier in replaced} - {None, schema_version}
    if versions:
        problems.append(
            f"its columns are schema {schema_version}, the file it would replace has schema "
            f"{', '.join(sorted(versions))}"
        )
    return problems


def review_commands(path: Path) -> str:
    """How to accept or drop a held file, as the data lead types it."""
    quoted = shlex.quote(display_path(path))
    return f"To use it, run: make accept FILE={quoted}; to discard it: make drop FILE={quoted}"
