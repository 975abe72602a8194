"""`make accept FILE=...` and `make drop FILE=...`: the data lead's decision on a file held for review.

- accept: the file's submission becomes current for its period (its rows are already in the raw
  table), superseding what was current there; the change is kept in `ledger.supersessions`. It also
  restores a superseded file whose name and bytes are given (the same as sending it again).
- drop: a held file is marked `dropped` and never used; the earlier file stays current.

Both work on the build warehouse while holding the run lock; `make accept` then runs the pipeline so
the change is published.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.ingest import ledger
from warehouse.run_lock import RunLockHeld, run_lock
from warehouse.settings import Settings


class ReviewError(Exception):
    """The file cannot be accepted or dropped; the message says why and what to do."""


def _submission_of(connection: duckdb.DuckDBPyConnection, path: Path) -> tuple:
    if not path.is_file():
        raise ReviewError(f"{path} is not a file: give the path of the file in the inbox")
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    row = connection.execute(
        "SELECT submission_id, agency, status, period_start, period_end, rows_loaded, rows_rejected"
        " FROM ledger.submissions WHERE file_name = ? AND content_sha256 = ? AND status <> 'quarantined'"
        " ORDER BY submission_id DESC LIMIT 1",
        [path.name, sha256],
    ).fetchone()
    if row is None:
        raise ReviewError(
            f"{path.name} (with these exact contents) has not been loaded yet: run make pipeline first"
        )
    return row


def accept(connection: duckdb.DuckDBPyConnection, path: Path) -> str:
    submission_id, agency, status, start, end, rows_loaded, rows_rejected = _submission_of(
        connection, path
    )
    if status in ledger.CURRENT_STATUSES:
        return f"{path.name} (submission {submission_id}) is already current; nothing to do"
    if status not in ("held_for_review", "superseded", "dropped"):
        raise ReviewError(
            f"{path.name} (submission {submission_id}) is {status.replace('_', ' ')}: it cannot be "
            "made current as it is; correct the file and send it again"
        )
    replaced = [
        earlier
        for earlier in ledger.current_within(connection, agency, start, end)
        if earlier.submission_id != submission_id
    ]
    connection.begin()
    connection.execute(
        "UPDATE ledger.submissions SET status = ?, superseded_by = NULL WHERE submission_id = ?",
        [ledger.current_status(rows_rejected), submission_id],
    )
    reason = "restored" if status == "superseded" else "accepted"
    ledger.supersede(
        connection, agency, replaced, submission_id, rows_loaded, reason, datetime.now()
    )
    connection.commit()
    instead = (
        f", in place of {', '.join(earlier.describe() for earlier in replaced)}" if replaced else ""
    )
    return f"{reason.capitalize()} {path.name}: submission {submission_id} ({rows_loaded} rows) is now current{instead}"


def drop(connection: duckdb.DuckDBPyConnection, path: Path) -> str:
    submission_id, _, status, *_ = _submission_of(connection, path)
    if status != "held_for_review":
        raise ReviewError(
            f"{path.name} (submission {submission_id}) is {status.replace('_', ' ')}, not held for "
            "review: only a held file can be dropped"
        )
    connection.execute(
        "UPDATE ledger.submissions SET status = 'dropped' WHERE submission_id = ?", [submission_id]
    )
    return f"Dropped {path.name}: submission {submission_id} will not be used; the earlier file stays current"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("accept", "drop"))
    parser.add_argument("file", type=Path, help="the file in data/inbox/<agency>/")
    arguments = parser.parse_args(argv)
    settings = Settings.from_environment()
    action = accept if arguments.action == "accept" else drop
    if not settings.build_warehouse.exists():
        print("Not done: there is no warehouse yet: run make pipeline first", file=sys.stderr)
        return 1
    try:
        with (
            run_lock(settings.run_lock, f"make {arguments.action}"),
            duckdb.connect(str(settings.build_warehouse)) as connection,
        ):
            print(action(connection, arguments.file))
    except (ReviewError, RunLockHeld) as problem:
        print(f"Not done: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
