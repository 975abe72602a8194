"""`ingest_agency`: one agency's inbox folder into its raw table, file by file.

Each file is handled on its own and inside its own transaction, so one bad file never stops the
others and a failure never leaves half a file loaded. Files are read (`read_ahead.py`) a batch at a
time so the batch's structural checks run as one validation (their cost is per validation, not per
row), then settled one by one, in the order received, against the ledger. Every file read gets a
ledger row; files we cannot read are moved to quarantine with a reason; a file already processed is
skipped silently, so running twice changes nothing. What happens to a file that can be read (see
`ledger.py` for the statuses):

1. the same bytes as a file already received: `duplicate_file`, unless that file was superseded, in
   which case sending it again restores it;
2. its rows are read, and rows that cannot be used rejected with a reason (`transform.py`);
3. it fails the agency's structural checks: `set_aside`, and the agency's earlier data stays current;
4. it would replace the current file for its period but does not look complete: `held_for_review`
   (`resubmissions.py`);
5. otherwise it is current, superseding what it replaces.

The inbox is a boundary: only regular files placed directly in the agency's folder are read. A link,
or a file that cannot be opened, is reported on every run and left where it is. When the machine
fails rather than the file (a full disk, a read-only folder, the database), the file stays in the
inbox, its transaction is rolled back and `IngestFault` stops the run.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import stat
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.registry import Agency, Period

from . import ledger
from .errors import IngestFault
from .headers import HeaderMatch
from .keys import Pseudonymiser
from .naming import display_path
from .postcodes import PostcodeLookup
from .quarantine import quarantine_file
from .read_ahead import FileReader, InboxFile, ReadFile
from .report import FileOutcome, IngestReport
from .resubmissions import replacement_problems, review_commands
from .transform import Rejection

log = logging.getLogger(__name__)

# Not extracts: editor lock files and operating-system litter (dotfiles are skipped separately).
IGNORED_NAMES = {"thumbs.db", "desktop.ini"}

# The agency's structural checks on submissions' raw records (see warehouse/checks/structure.py): for
# each (records, received_at), what the file breaks, in words; empty when it passes.
StructuralCheck = Callable[[list[tuple[pd.DataFrame, datetime]]], list[list[str]]]
# Files read ahead of being settled: enough rows that the structural checks' set-up cost is small,
# few enough that a national month's files are not all held in memory at once.
BATCH_ROWS = 100_000


@dataclass
class InboxScan:
    files: list[Path]  # regular files directly in the folder, oldest received first (then by name)
    refused: list[tuple[str, str]]  # (name, why) of everything else that looks like a submission


def scan_inbox(inbox_dir: Path) -> InboxScan:
    if not inbox_dir.is_dir():
        return InboxScan([], [])
    files, refused = [], []
    for path in inbox_dir.iterdir():
        if path.name.startswith((".", "~$")) or path.name.lower() in IGNORED_NAMES:
            continue
        if path.is_symlink():
            refused.append((path.name, _link_message(path)))
        elif path.is_file():
            files.append(path)
        elif not path.is_dir():  # a pipe or a device would block or mislead a read
            refused.append((path.name, "is not a regular file, so it was not read"))
    try:
        files.sort(key=lambda path: (path.stat().st_mtime, path.name))
    except OSError:  # a file removed while we looked: take the names in order and let reading say
        files.sort(key=lambda path: path.name)
    return InboxScan(files, sorted(refused))


def _link_message(path: Path) -> str:
    return (
        "is a symbolic link, so it was not read: only files placed in the agency's inbox folder "
        "itself are loaded (a link can point anywhere on the machine); copy the file in instead"
    )


def ingest_agency(
    agency: Agency,
    *,
    inbox_dir: Path,
    quarantine_dir: Path,
    connection: duckdb.DuckDBPyConnection,
    pseudonymiser: Pseudonymiser,
    postcodes: PostcodeLookup,
    registry: dict[str, Agency],
    structural_check: StructuralCheck | None = None,
) -> IngestReport:
    """Load every new file in `inbox_dir` (this agency's folder) into `raw.<agency>`.

    `structural_check` is the agency's suite (warehouse/checks/structure.py); without one, files are
    not checked for structure (the ingest tests that are about something else).
    """
    try:
        ledger.ensure_ledger(connection)
        ledger.record_agency(connection, agency)
        ledger.ensure_raw_table(connection, agency)
    except duckdb.Error as exc:
        raise IngestFault(_fault_message(agency, None, exc)) from exc
    reader = FileReader(agency, registry, Path(inbox_dir), pseudonymiser, postcodes)
    run = _AgencyRun(agency, Path(inbox_dir), Path(quarantine_dir), connection)
    run.structural_check = structural_check
    scan = scan_inbox(Path(inbox_dir))
    run.report.refused.extend(scan.refused)
    with _bulk_loading(connection):
        batch: list[ReadFile] = []
        for read in map(reader.read, run.new_files(scan.files)):
            batch.append(read)
            if sum(read.rows for read in batch) >= BATCH_ROWS:
                run.settle(batch)
                batch = []
        run.settle(batch)
    return run.report


@contextmanager
def _bulk_loading(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Settings for loading many files in a row, measured on a force-wide month (600,000 police rows
    in 71 files: 84 s before, 56 s after), put back afterwards:
    - DuckDB folds its write-ahead log into the database file once the log passes 16 MB, so nearly
      every file's commit rewrote the table; a larger threshold leaves one fold for the end. Each
      commit is still written to the log, so a committed file survives a crash as before.
    - Python's cyclic garbage collector walks every object alive each time enough new ones pile up,
      and a read-ahead batch and the memo of people are millions of objects; fewer collections (the
      rows make no reference cycles) take a third off the time."""
    threshold = connection.execute("select current_setting('checkpoint_threshold')").fetchone()[0]
    collections = gc.get_threshold()
    connection.execute("SET checkpoint_threshold = '4GB'")
    gc.set_threshold(100_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*collections)
        connection.execute(f"SET checkpoint_threshold = '{threshold}'")


def _fault_message(agency: Agency, file_name: str | None, exc: BaseException) -> str:
    what = f"{agency.agency}/{file_name}" if file_name else f"{agency.agency}'s files"
    detail = getattr(exc, "strerror", None) or (str(exc).splitlines() or [""])[0][:200]
    return (
        f"could not load {what}: the machine failed, not the file ({type(exc).__name__}: {detail}). "
        "The file was left in the inbox and nothing of it was kept. Fix the cause (free disk space, "
        "write permission on the data folder, a database file another program holds) and run "
        "make pipeline again."
    )


class _AgencyRun:
    """The state of one agency's run: where files go, what the ledger already knows, the report."""

    def __init__(
        self,
        agency: Agency,
        inbox_dir: Path,
        quarantine_dir: Path,
        connection: duckdb.DuckDBPyConnection,
    ) -> None:
        self.agency = agency
        self.inbox_dir = inbox_dir
        self.quarantine_dir = quarantine_dir
        self.connection = connection
        self.structural_check: StructuralCheck | None = None
        self.report = IngestReport(agency.agency, f"raw.{agency.agency}")
        self.processed = ledger.processed_files(connection, agency.agency)

    # -- one file ------------------------------------------------------------------------------

    def new_files(self, paths: list[Path]) -> Iterator[InboxFile]:
        """Each file opened, in order, but for those already processed (skipped) or unreadable
        (refused, and left where they are)."""
        for path in paths:
            try:
                file = self._open(path)
            except OSError as exc:
                # Not the agency's doing (permissions, a file vanishing, a link swapped in): say
                # so on every run and leave the file where it is.
                self.report.refused.append(
                    (
                        path.name,
                        f"could not be read ({exc.strerror or type(exc).__name__}); left in place",
                    )
                )
                continue
            if (file.name, file.sha256) in self.processed:
                self.report.skipped.append(file.name)
                continue
            yield file

    def settle(self, batch: list[ReadFile]) -> None:
        """Check the batch's structure together, then settle each file in the order received."""
        checked = [read for read in batch if read.rows and self.structural_check is not None]
        if len(checked) > 1:
            try:
                verdicts = self.structural_check(
                    [(read.records, read.file.received_at) for read in checked]
                )
            except Exception:  # each file is checked again alone, where an error is its own
                log.exception("structural checks of %d files together failed", len(checked))
            else:
                for read, failures in zip(checked, verdicts, strict=True):
                    read.structural_failures = failures
        for read in batch:
            self._settle(read)

    def _settle(self, read: ReadFile) -> None:
        try:
            try:
                self._ingest(read)
            except (OSError, duckdb.Error):
                raise
            except Exception as exc:
                # A bug set off by this file, not a known file problem: keep going with the other
                # files. The exception text is not shown because it could quote a value from the file.
                log.error(
                    "unexpected %s while ingesting %s/%s:\n%s",
                    type(exc).__name__,
                    self.agency.agency,
                    read.file.name,
                    "".join(traceback.format_tb(exc.__traceback__)),
                )
                message = (
                    f"unexpected error while loading ({type(exc).__name__}); the file was "
                    "quarantined so the other files could load; the traceback is in the run log"
                )
                self._quarantine(read.file, message)
        except (OSError, duckdb.Error) as exc:
            raise IngestFault(_fault_message(self.agency, read.file.name, exc)) from exc

    def _open(self, path: Path) -> InboxFile:
        # O_NOFOLLOW: a link put in place after the folder was scanned is refused, not followed.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise OSError(0, "not a regular file")
            content = handle.read()
        return InboxFile(
            path=path,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            received_at=datetime.fromtimestamp(status.st_mtime).replace(microsecond=0),
            period=self._period(path.name),
        )

    def _period(self, file_name: str) -> Period | None:
        try:
            return self.agency.period_of(file_name)
        except (ValueError, KeyError, TypeError):  # no match, or a month 13 in the name
            return None

    def _ingest(self, read: ReadFile) -> None:
        file = read.file
        if read.problem:
            self._quarantine(file, read.problem)
            return
        if read.match is None:
            raise read.error
        # Two header-only files (a quiet period) are byte-identical without being the same submission.
        has_records = bool(read.data_row_numbers)
        same = ledger.same_content(self.connection, self.agency.agency, file.sha256)
        if not has_records or not same:
            self._load(read)
        elif any(earlier.is_current for earlier in same) or all(
            earlier.status != "superseded" for earlier in same
        ):
            original = next((earlier for earlier in same if earlier.is_current), same[0])
            self._record_duplicate_file(read, original)
        else:
            restores = next(earlier for earlier in same if earlier.status == "superseded")
            self._load(read, restores=restores)

    # -- outcomes ------------------------------------------------------------------------------

    def _load(self, read: ReadFile, restores: ledger.EarlierFile | None = None) -> None:
        if read.error is not None:
            raise read.error
        file, match, transformed = read.file, read.match, read.transformed
        warnings = list(transformed.warnings)
        if file.period is None:
            warnings.insert(0, "the period could not be read from the file name")
        processed_at = datetime.now().replace(microsecond=0)
        submission_id = ledger.next_submission_id(self.connection)
        records = read.records.assign(
            _submission_id=submission_id, _loaded_at=pd.Timestamp(processed_at)
        )
        replaced = (
            ledger.current_within(
                self.connection, self.agency.agency, file.period.start, file.period.end
            )
            if file.period
            else []
        )
        status, message, superseding = self._decide(read, records, replaced, restores)
        submission = self._submission(
            file,
            submission_id,
            processed_at,
            status=status,
            message=message,
            rows=(transformed.rows_in, transformed.rows_loaded, transformed.rows_rejected),
            match=match,
            encoding=read.encoding,
            warnings=warnings,
        )
        with _transaction(self.connection):
            ledger.insert_raw(self.connection, self.agency, records)
            ledger.insert_submission(self.connection, submission)
            ledger.insert_rejections(
                self.connection,
                submission_id,
                self.agency.agency,
                file.name,
                transformed.rejections,
            )
            ledger.supersede(
                self.connection,
                self.agency.agency,
                superseding,
                submission_id,
                transformed.rows_loaded,
                "restored" if restores else "resubmission",
                processed_at,
            )
        self.processed.add((file.name, file.sha256))
        self.report.superseded.extend(earlier.submission_id for earlier in superseding)
        self._report(file, submission_id, status, submission)

    def _decide(
        self,
        read: ReadFile,
        records: pd.DataFrame,
        replaced: list[ledger.EarlierFile],
        restores: ledger.EarlierFile | None,
    ) -> tuple[str, str, list[ledger.EarlierFile]]:
        """(status, message, the current files it supersedes) for a file whose rows were read."""
        file, transformed, match = read.file, read.transformed, read.match
        loaded = _load_message(transformed.rows_in, transformed.rows_loaded, transformed.rejections)
        failures = read.structural_failures
        if failures is None:
            failures = (
                self.structural_check([(records, file.received_at)])[0]
                if self.structural_check is not None and transformed.rows_loaded
                else []
            )
        if failures:
            stays = (
                f"the agency's earlier data for {file.period.label} stays current"
                if replaced
                else "nothing is current for its period until a corrected file arrives"
            )
            return (
                "set_aside",
                f"set aside: fails {self.agency.agency}'s structural checks "
                f"(expectations/{self.agency.agency}.json): {'; '.join(failures)}. None of its rows "
                f"are used and {stays}; correct the file and send it again ({loaded})",
                [],
            )
        problems = (
            []
            if restores
            else replacement_problems(self.agency, transformed.rows_loaded, match.version, replaced)
        )
        if problems:
            return (
                "held_for_review",
                f"held for review: it would replace {_describe(replaced)}, but "
                f"{' and '.join(problems)}; until then the earlier file stays current. "
                f"{review_commands(file.path)} ({loaded})",
                [],
            )
        message = loaded
        if restores:
            message += (
                f"; restores submission {restores.submission_id} ({restores.file_name}), sent again"
            )
        if replaced:
            rows_before = sum(earlier.rows_loaded for earlier in replaced)
            message += (
                f"; supersedes {_describe(replaced)} for {file.period.label} "
                f"({rows_before} rows before, {transformed.rows_loaded} after)"
            )
        return ledger.current_status(transformed.rows_rejected), message, replaced

    def _record_duplicate_file(self, read: ReadFile, original: ledger.EarlierFile) -> None:
        file = read.file
        status = "" if original.is_current else f", {original.status.replace('_', ' ')}"
        reason = (
            f"the whole file is identical to submission {original.submission_id} "
            f"({original.file_name}{status}), already received"
        )
        rejections = [
            Rejection(row_number, "duplicate_file", reason) for row_number in read.data_row_numbers
        ]
        processed_at = datetime.now().replace(microsecond=0)
        submission_id = ledger.next_submission_id(self.connection)
        submission = self._submission(
            file,
            submission_id,
            processed_at,
            status="duplicate_file",
            message=(
                f"same content as submission {original.submission_id} ({original.file_name}{status}); "
                "not loaded again"
            ),
            rows=(len(rejections), 0, len(rejections)),
            match=read.match,
            encoding=read.encoding,
            warnings=[],
        )
        with _transaction(self.connection):
            ledger.insert_submission(self.connection, submission)
            ledger.insert_rejections(
                self.connection, submission_id, self.agency.agency, file.name, rejections
            )
        self.processed.add((file.name, file.sha256))
        self._report(file, submission_id, "duplicate_file", submission)

    def _quarantine(self, file: InboxFile, message: str) -> None:
        """Record the file as quarantined, then move it out of the inbox with a reason file. The
        ledger row comes first: if the database cannot take it, the file stays in the inbox."""
        processed_at = datetime.now().replace(microsecond=0)
        submission_id = ledger.next_submission_id(self.connection)
        submission = self._submission(
            file, submission_id, processed_at, status="quarantined", message=message, rows=(0, 0, 0)
        )
        with _transaction(self.connection):
            ledger.insert_submission(self.connection, submission)
        note = self._reason_note(file.name, file.sha256, submission_id, processed_at, message)
        target, move_error = quarantine_file(file.path, self.quarantine_dir, file.sha256, note)
        if move_error:
            submission.message = f"{message} [{move_error}]"
        elif target is not None and target.name != file.name:
            submission.message = f"{message} [quarantined as {target.name}]"
        if submission.message != message:
            self.connection.execute(
                "UPDATE ledger.submissions SET message = ? WHERE submission_id = ?",
                [submission.message, submission_id],
            )
        self._report(file, submission_id, "quarantined", submission)

    # -- helpers -------------------------------------------------------------------------------

    def _submission(
        self,
        file: InboxFile,
        submission_id: int,
        processed_at: datetime,
        *,
        status: str,
        message: str,
        rows: tuple[int, int, int],
        match: HeaderMatch | None = None,
        encoding: str | None = None,
        warnings: list[str] | None = None,
    ) -> ledger.Submission:
        return ledger.Submission(
            submission_id=submission_id,
            agency=self.agency.agency,
            file_name=file.name,
            content_sha256=file.sha256,
            file_bytes=len(file.content),
            received_at=file.received_at,
            processed_at=processed_at,
            period_start=file.period.start if file.period else None,
            period_end=file.period.end if file.period else None,
            period_label=file.period.label if file.period else None,
            schema_version=match.version if match else None,
            encoding=encoding,
            rows_in=rows[0],
            rows_loaded=rows[1],
            rows_rejected=rows[2],
            status=status,
            message=message,
            warnings="; ".join(warnings) if warnings else None,
            columns_unexpected=", ".join(match.unexpected) if match and match.unexpected else None,
            columns_missing=", ".join(match.missing) if match and match.missing else None,
        )

    def _report(
        self, file: InboxFile, submission_id: int, status: str, submission: ledger.Submission
    ) -> None:
        self.report.outcomes.append(
            FileOutcome(
                file_name=file.name,
                submission_id=submission_id,
                status=status,
                rows_in=submission.rows_in,
                rows_loaded=submission.rows_loaded,
                rows_rejected=submission.rows_rejected,
                message=submission.message or "",
            )
        )

    def _reason_note(
        self, file_name: str, sha256: str, submission_id: int, processed_at: datetime, message: str
    ) -> str:
        return (
            f"File:          {file_name}\n"
            f"Inbox folder:  {display_path(self.inbox_dir)}/\n"
            f"Agency:        {self.agency.agency} ({self.agency.name})\n"
            f"Quarantined:   {processed_at:%Y-%m-%d %H:%M:%S}\n"
            f"Submission id: {submission_id} (ledger.submissions)\n"
            f"SHA-256:       {sha256}\n"
            f"\nWhy: {message}\n"
            f"\nTo try again, fix the file and put it back in the right inbox folder; the next run\n"
            f"picks it up. Delete this note once dealt with.\n"
        )


class _transaction:
    """BEGIN ... COMMIT, rolling back on any error so a file is loaded whole or not at all."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.begin()

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.connection.commit()
        else:
            self.connection.rollback()
        return False


def _describe(files: list[ledger.EarlierFile]) -> str:
    return ", ".join(earlier.describe() for earlier in files)


def _load_message(rows_in: int, rows_loaded: int, rejections: list[Rejection]) -> str:
    if not rejections:
        return f"loaded {rows_loaded} row{'s' if rows_loaded != 1 else ''}"
    by_code = Counter(rejection.reason_code for rejection in rejections)
    reasons = ", ".join(f"{n} {code}" for code, n in sorted(by_code.items()))
    return f"loaded {rows_loaded} of {rows_in} rows; {len(rejections)} rejected ({reasons})"
