"""`ingest_agency`: one agency's inbox folder into its raw table, file by file.

Each file is handled on its own and inside its own transaction, so one bad file never stops the
others and a failure never leaves half a file loaded. Every file seen gets a ledger row; files we
cannot load are moved to quarantine with a reason; a file already processed is skipped silently, so
running twice changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import traceback
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.registry import Agency, Period

from . import ledger
from .errors import FileProblem
from .headers import HeaderMatch, find_header
from .keys import Pseudonymiser
from .postcodes import PostcodeLookup
from .quarantine import quarantine_file
from .readers import RawSheet, read_sheet
from .report import FileOutcome, IngestReport
from .transform import FileTransformer, Rejection, data_rows

log = logging.getLogger(__name__)

# Not extracts: editor lock files and operating-system litter (dotfiles are skipped separately).
IGNORED_NAMES = {"thumbs.db", "desktop.ini"}


def inbox_files(inbox_dir: Path) -> list[Path]:
    """Files directly in the agency's folder, oldest received first (then by name)."""
    if not inbox_dir.is_dir():
        return []
    files = [
        path
        for path in inbox_dir.iterdir()
        if path.is_file()
        and not path.name.startswith((".", "~$"))
        and path.name.lower() not in IGNORED_NAMES
    ]
    return sorted(files, key=lambda path: (path.stat().st_mtime, path.name))


@dataclass
class _File:
    """What we know about a file before reading it."""

    path: Path
    content: bytes
    sha256: str
    received_at: datetime
    period: Period | None

    @property
    def name(self) -> str:
        return self.path.name


def ingest_agency(
    agency: Agency,
    *,
    inbox_dir: Path,
    quarantine_dir: Path,
    connection: duckdb.DuckDBPyConnection,
    pseudonymiser: Pseudonymiser,
    postcodes: PostcodeLookup,
    registry: dict[str, Agency],
) -> IngestReport:
    """Load every new file in `inbox_dir` (this agency's folder) into `raw.<agency>`."""
    ledger.ensure_ledger(connection)
    ledger.record_agency(connection, agency)
    ledger.ensure_raw_table(connection, agency)
    transformer = FileTransformer(agency, pseudonymiser, postcodes)
    run = _AgencyRun(
        agency, Path(inbox_dir), Path(quarantine_dir), connection, registry, transformer
    )
    for path in inbox_files(Path(inbox_dir)):
        run.ingest_file(path)
    return run.report


class _AgencyRun:
    """The state of one agency's run: where files go, what the ledger already knows, the report."""

    def __init__(
        self,
        agency: Agency,
        inbox_dir: Path,
        quarantine_dir: Path,
        connection: duckdb.DuckDBPyConnection,
        registry: dict[str, Agency],
        transformer: FileTransformer,
    ) -> None:
        self.agency = agency
        self.inbox_dir = inbox_dir
        self.quarantine_dir = quarantine_dir
        self.connection = connection
        self.registry = registry
        self.transformer = transformer
        self.report = IngestReport(agency.agency, f"raw.{agency.agency}")
        self.processed = ledger.processed_files(connection, agency.agency)

    # -- one file ------------------------------------------------------------------------------

    def ingest_file(self, path: Path) -> None:
        try:
            file = self._open(path)
        except OSError as exc:
            # Could not even read it (permissions, vanished): record it without a hash.
            self._quarantine_unread(path, exc)
            return
        if (file.name, file.sha256) in self.processed:
            self.report.skipped.append(file.name)
            return
        try:
            self._ingest(file)
        except Exception as exc:
            # A bug or an environment failure, not a known file problem: keep going with the other
            # files. The exception text is not shown because it could quote a value from the file.
            log.error(
                "unexpected %s while ingesting %s/%s:\n%s",
                type(exc).__name__,
                self.agency.agency,
                file.name,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            message = (
                f"unexpected error while loading ({type(exc).__name__}); the file was quarantined so "
                "the other files could load; the traceback is in the run log"
            )
            self._quarantine(file, message)

    def _open(self, path: Path) -> _File:
        content = path.read_bytes()
        return _File(
            path=path,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            received_at=datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0),
            period=self._period(path.name),
        )

    def _period(self, file_name: str) -> Period | None:
        try:
            return self.agency.period_of(file_name)
        except (ValueError, KeyError, TypeError):  # no match, or a month 13 in the name
            return None

    def _ingest(self, file: _File) -> None:
        try:
            if not self.agency.matches_file_name(file.name):
                raise FileProblem(self._misplaced_message(file.name))
            if not file.content:
                raise FileProblem("file is empty (0 bytes)")
            sheet = read_sheet(file.content, self.agency.file)
            match = find_header(self.agency, sheet.rows)
        except FileProblem as problem:
            self._quarantine(file, str(problem))
            return
        original = ledger.loaded_with_same_content(self.connection, self.agency.agency, file.sha256)
        # Two header-only files (a quiet period) are byte-identical without being the same submission.
        has_records = any(True for _ in data_rows(sheet, match))
        if original is not None and has_records:
            self._record_duplicate_file(file, sheet, match, original)
        else:
            self._load(file, sheet, match)

    # -- outcomes ------------------------------------------------------------------------------

    def _load(self, file: _File, sheet: RawSheet, match: HeaderMatch) -> None:
        transformed = self.transformer.transform(sheet, match)
        warnings = list(transformed.warnings)
        if file.period is None:
            warnings.insert(0, "the period could not be read from the file name")
        processed_at = datetime.now().replace(microsecond=0)
        with _transaction(self.connection):
            submission_id = ledger.next_submission_id(self.connection)
            ledger.insert_raw(
                self.connection,
                self.agency,
                transformed,
                submission_id,
                match.version,
                processed_at,
            )
            superseded = []
            if file.period is not None:
                superseded = ledger.supersede_covered(
                    self.connection,
                    self.agency.agency,
                    submission_id,
                    file.period.start,
                    file.period.end,
                )
            status = "loaded_with_rejections" if transformed.rejections else "loaded"
            message = _load_message(
                transformed.rows_in, transformed.rows_loaded, transformed.rejections
            )
            if superseded:
                earlier = ", ".join(f"{sid} ({name})" for sid, name in superseded)
                message += f"; supersedes submission {earlier} (resubmission for the same period)"
            submission = self._submission(
                file,
                submission_id,
                processed_at,
                status=status,
                message=message,
                rows=(transformed.rows_in, transformed.rows_loaded, transformed.rows_rejected),
                match=match,
                encoding=sheet.encoding,
                warnings=warnings,
            )
            ledger.insert_submission(self.connection, submission)
            ledger.insert_rejections(
                self.connection,
                submission_id,
                self.agency.agency,
                file.name,
                transformed.rejections,
            )
        self.processed.add((file.name, file.sha256))
        self.report.superseded.extend(sid for sid, _ in superseded)
        self._report(file, submission_id, status, submission)

    def _record_duplicate_file(
        self, file: _File, sheet: RawSheet, match: HeaderMatch, original: tuple[int, str]
    ) -> None:
        original_id, original_name = original
        reason = f"the whole file is identical to submission {original_id} ({original_name}), already loaded"
        rejections = [
            Rejection(row_number, "duplicate_file", reason)
            for row_number, _, _ in data_rows(sheet, match)
        ]
        processed_at = datetime.now().replace(microsecond=0)
        with _transaction(self.connection):
            submission_id = ledger.next_submission_id(self.connection)
            submission = self._submission(
                file,
                submission_id,
                processed_at,
                status="duplicate_file",
                message=f"same content as submission {original_id} ({original_name}); not loaded again",
                rows=(len(rejections), 0, len(rejections)),
                match=match,
                encoding=sheet.encoding,
                warnings=[],
            )
            ledger.insert_submission(self.connection, submission)
            ledger.insert_rejections(
                self.connection, submission_id, self.agency.agency, file.name, rejections
            )
        self.processed.add((file.name, file.sha256))
        self._report(file, submission_id, "duplicate_file", submission)

    def _quarantine(self, file: _File, message: str) -> None:
        processed_at = datetime.now().replace(microsecond=0)
        submission_id = None
        try:
            submission_id = ledger.next_submission_id(self.connection)
            note = self._reason_note(file.name, file.sha256, submission_id, processed_at, message)
            target, move_error = quarantine_file(file.path, self.quarantine_dir, file.sha256, note)
            if move_error:
                message = f"{message} [{move_error}]"
            elif target is not None and target.name != file.name:
                message = f"{message} [quarantined as {target.name}]"
            submission = self._submission(
                file,
                submission_id,
                processed_at,
                status="quarantined",
                message=message,
                rows=(0, 0, 0),
            )
            with _transaction(self.connection):
                ledger.insert_submission(self.connection, submission)
        except Exception as exc:  # the ledger itself failed: still report the file
            log.error("could not record the quarantine of %s: %s", file.name, type(exc).__name__)
            self.report.outcomes.append(
                FileOutcome(
                    file.name, None, "quarantined", message=f"{message} [ledger write failed]"
                )
            )
            return
        self._report(file, submission_id, "quarantined", submission)

    def _quarantine_unread(self, path: Path, exc: OSError) -> None:
        file = _File(path, b"", "", datetime.now().replace(microsecond=0), self._period(path.name))
        self._quarantine(file, f"file could not be read: {exc.strerror or type(exc).__name__}")

    # -- helpers -------------------------------------------------------------------------------

    def _submission(
        self,
        file: _File,
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
        self, file: _File, submission_id: int, status: str, submission: ledger.Submission
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

    def _misplaced_message(self, file_name: str) -> str:
        for other in self.registry.values():
            if other.agency != self.agency.agency and other.matches_file_name(file_name):
                return (
                    f"looks like {other.agency}'s file ({other.name}); "
                    f"move it to {_display(self.inbox_dir.parent / other.agency)}/"
                )
        return (
            f"file name does not match the {self.agency.agency} naming pattern "
            f"({name_template(self.agency.file.pattern.pattern)}) nor any other agency's; "
            "rename it or check the folder"
        )

    def _reason_note(
        self, file_name: str, sha256: str, submission_id: int, processed_at: datetime, message: str
    ) -> str:
        return (
            f"File:          {file_name}\n"
            f"Inbox folder:  {_display(self.inbox_dir)}/\n"
            f"Agency:        {self.agency.agency} ({self.agency.name})\n"
            f"Quarantined:   {processed_at:%Y-%m-%d %H:%M:%S}\n"
            f"Submission id: {submission_id} (ledger.submissions)\n"
            f"SHA-256:       {sha256 or 'not computed'}\n"
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


def _load_message(rows_in: int, rows_loaded: int, rejections: list[Rejection]) -> str:
    if not rejections:
        return f"loaded {rows_loaded} row{'s' if rows_loaded != 1 else ''}"
    by_code = Counter(rejection.reason_code for rejection in rejections)
    reasons = ", ".join(f"{n} {code}" for code, n in sorted(by_code.items()))
    return f"loaded {rows_loaded} of {rows_in} rows; {len(rejections)} rejected ({reasons})"


# Placeholders for the registry's named groups, so a pattern reads as a file name a person can copy.
_PLACEHOLDERS = {
    "year": "YYYY",
    "month": "MM",
    "month_name": "Mon",
    "quarter": "n",
    "fy": "YYYY-YY",
    "fy_start": "YYYY",
}


def name_template(pattern: str) -> str:
    """'^haven_idva_(?P<year>\\d{4})-(?P<month>\\d{2})\\b.*\\.csv$' -> 'haven_idva_YYYY-MM.csv'.

    Falls back to the regular expression itself when the pattern is too clever to read this way.
    """
    text = pattern.removeprefix("^").removesuffix("$")
    text = re.sub(
        r"\(\?:(?:[^()]|\([^()]*\))*\)\?", "", text
    )  # optional parts, e.g. a second month
    text = re.sub(r"\(\?P<(\w+)>[^()]*\)", lambda m: _PLACEHOLDERS.get(m[1], m[1].upper()), text)
    text = text.replace("\\b.*", "").replace("\\b", "").replace("\\.", ".")
    if re.search(r"[\\()\[\]{}*+?|^$]", text):
        return pattern
    return text


def _display(path: Path) -> str:
    """A path as the data lead would type it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
