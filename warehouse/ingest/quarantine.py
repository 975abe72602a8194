"""Moving a file we cannot load out of the inbox, with a note saying why.

A quarantined file leaves the inbox so that the next run does not trip over it again, and the
reason file beside it tells the data lead what to fix. Putting the corrected file back in the inbox
is all it takes to try again.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

REASON_SUFFIX = ".reason.txt"


def _free_target(quarantine_dir: Path, file_name: str, sha256: str) -> Path:
    """`quarantine_dir/<file>`, unless a different file of that name is already there, in which case
    `<stem> (2)<suffix>` and so on: an earlier quarantined file is evidence and is never overwritten."""
    target = quarantine_dir / file_name
    number = 2
    while target.exists():
        if hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
            return target  # the very same file quarantined before: replacing it loses nothing
        stem, suffix = Path(file_name).stem, Path(file_name).suffix
        target = quarantine_dir / f"{stem} ({number}){suffix}"
        number += 1
    return target


def quarantine_file(
    source: Path, quarantine_dir: Path, sha256: str, note: str
) -> tuple[Path | None, str | None]:
    """Move `source` into `quarantine_dir` and write `<file>.reason.txt` beside it.

    Returns (where it went, None) or (None, what went wrong); never raises, because the caller must
    record the ledger row whether or not the move worked.
    """
    try:
        quarantine_dir.mkdir(parents=True, exist_ok=True)
        target = _free_target(quarantine_dir, source.name, sha256)
        shutil.move(str(source), str(target))
    except OSError as exc:
        return (
            None,
            f"could not move the file to {quarantine_dir}: {type(exc).__name__}: {exc.strerror or exc}",
        )
    try:
        target.with_name(target.name + REASON_SUFFIX).write_text(note, encoding="utf-8")
    except OSError as exc:
        return target, f"moved, but the reason file could not be written: {exc.strerror or exc}"
    return target, None
