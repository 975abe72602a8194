"""Reading new files ahead of settling them: the part of ingest that touches no ledger.

For each new file: is it in the right folder, can it be read, where is its header, and what are its
rows once checked and pseudonymised (`transform.py`)? The answer (`ReadFile`) is all the runner needs
to settle the file against the ledger, one file at a time and in the order received.

A file read keeps its records, not its cells: a batch of files read ahead holds each row once, as
the keys and text it will be loaded as.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from warehouse.registry import Agency, Period

from . import ledger
from .errors import FileProblem
from .headers import HeaderMatch, find_header
from .keys import Pseudonymiser
from .naming import describe_file_names, display_path
from .postcodes import PostcodeLookup
from .readers import RawSheet, read_sheet, read_with_delimiter
from .transform import FileDates, FileTransformer, TransformedFile, data_rows

# Delimiters a CSV file is sometimes saved with instead of the registry's, by name.
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


@dataclass
class InboxFile:
    """What we know about a file before reading it."""

    path: Path
    content: bytes
    sha256: str
    received_at: datetime
    period: Period | None

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class ReadFile:
    """A new file as read ahead of being settled."""

    file: InboxFile
    problem: str | None = None  # a FileProblem: the file is quarantined with this message
    match: HeaderMatch | None = None  # None when the file could not be read
    encoding: str | None = None
    data_row_numbers: list[int] | None = None  # the physical rows below the header, not blank
    transformed: TransformedFile | None = None
    records: pd.DataFrame | None = None  # submission id and load time are set when it is settled
    error: Exception | None = None  # an unexpected error in reading it, raised when settled
    structural_failures: list[str] | None = None  # None until checked

    @property
    def rows(self) -> int:
        return self.transformed.rows_loaded if self.transformed else 0


class FileReader:
    """Reads one agency's new files: everything about the agency that does not change from file to file."""

    def __init__(
        self,
        agency: Agency,
        registry: dict[str, Agency],
        inbox_dir: Path,
        pseudonymiser: Pseudonymiser,
        postcodes: PostcodeLookup,
    ) -> None:
        self.agency = agency
        self.registry = registry
        self.inbox_dir = inbox_dir
        self.transformer = FileTransformer(agency, pseudonymiser, postcodes)

    def read(self, file: InboxFile) -> ReadFile:
        read = ReadFile(file)
        try:
            if not self.agency.matches_file_name(file.name):
                raise FileProblem(self._misplaced_message(file.name))
            if not file.content:
                raise FileProblem("file is empty (0 bytes)")
            sheet, read.match = self._sheet(file)
            read.encoding = sheet.encoding
            rows = data_rows(sheet, read.match)
            read.data_row_numbers = [row_number for row_number, _, _ in rows]
        except FileProblem as problem:
            read.problem = str(problem)
            return read
        except Exception as exc:  # a bug set off by this file: quarantined when it is settled
            read.error, read.match = exc, None
            return read
        try:
            read.transformed = self.transformer.transform(
                sheet, read.match, rows, FileDates(file.period, file.received_at.date())
            )
            read.records = ledger.raw_records(
                read.transformed, 0, read.match.version, file.received_at
            )
        except Exception as exc:  # raised when (and if) the file's rows are needed
            read.error = exc
        return read

    def _sheet(self, file: InboxFile) -> tuple[RawSheet, HeaderMatch]:
        """The file's rows and header; a CSV saved with another delimiter is read with that one."""
        spec = self.agency.file
        sheet = read_sheet(file.content, spec)
        try:
            return sheet, find_header(self.agency, sheet.rows)
        except FileProblem:
            if spec.format != "csv":
                raise
            for delimiter in DELIMITER_NAMES.keys() - {spec.delimiter}:
                try:
                    other = read_with_delimiter(file.content, spec, delimiter)
                    match = find_header(self.agency, other.rows)
                except FileProblem:
                    continue
                other.warnings.append(
                    f"fields are separated by {DELIMITER_NAMES[delimiter]}, not "
                    f"{DELIMITER_NAMES.get(spec.delimiter, repr(spec.delimiter))}: read as such"
                )
                return other, match
            raise

    def _misplaced_message(self, file_name: str) -> str:
        for other in self.registry.values():
            if other.agency != self.agency.agency and other.matches_file_name(file_name):
                return (
                    f"looks like {other.agency}'s file ({other.name}); "
                    f"move it to {display_path(self.inbox_dir.parent / other.agency)}/"
                )
        return (
            f"file name does not match the {self.agency.agency} naming pattern "
            f"({describe_file_names(self.agency)}) nor any other agency's; "
            "rename it or check the folder"
        )
