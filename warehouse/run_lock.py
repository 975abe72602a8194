"""One writer at a time: the lock a pipeline run (or `make accept`/`make drop`) holds on the data folder.

The lock itself is an operating-system file lock (filelock, on `data/run.lock`): the system releases
it when its holder exits, however it exits, so a run killed with `kill -9` can never leave the folder
locked. Beside it a small note (`data/run.lock.json`) says who holds it and since when, for the
message a second run prints as it gives up at once. A note found by a run that got the lock was left
by a run that died: it is reported and replaced.

Within one process the lock is re-entrant (the command line takes it before starting Dagster, and
the warehouse resource takes it again for the run, so a run started from the Dagster UI holds it too).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)


class RunLockHeld(Exception):
    """Another run holds the data folder; the message says who and since when."""


def _note_path(lock_path: Path) -> Path:
    return lock_path.with_name(lock_path.name + ".json")


def _read_note(lock_path: Path) -> dict | None:
    try:
        return json.loads(_note_path(lock_path).read_text())
    except (OSError, ValueError):
        return None


def describe_holder(note: dict | None) -> str:
    if not note:
        return "another process (it left no note of who it is)"
    return (
        f"{note.get('command', 'a run')} (process {note.get('pid')} of {note.get('user')} on "
        f"{note.get('host')}, since {note.get('since')})"
    )


@contextmanager
def run_lock(lock_path: Path, command: str) -> Iterator[str | None]:
    """Hold the data folder's lock for the block, or raise RunLockHeld at once. Yields a message
    when the lock had been left by a run that was killed (and is now cleared), else None."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path, timeout=0, is_singleton=True)
    try:
        lock.acquire()
    except Timeout:
        raise RunLockHeld(
            f"another run is using {lock_path.parent}: {describe_holder(_read_note(lock_path))}. "
            "Wait for it to finish, then run this again."
        ) from None
    first = lock.lock_counter == 1
    cleared = None
    try:
        if first:
            left = _read_note(lock_path)
            if left is not None:
                cleared = (
                    f"cleared the lock left by a run that did not finish: {describe_holder(left)}"
                )
                log.warning(cleared)
            _note_path(lock_path).write_text(
                json.dumps(
                    {
                        "command": command,
                        "pid": os.getpid(),
                        "user": getpass.getuser(),
                        "host": socket.gethostname(),
                        "since": datetime.now().isoformat(timespec="seconds"),
                    }
                )
            )
        yield cleared
    finally:
        if first:
            _note_path(lock_path).unlink(missing_ok=True)
        lock.release()
