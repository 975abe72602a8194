"""What one ingest run did, per file, in a form Dagster can show as metadata."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    submission_id: int | None  # None only if even the ledger write failed
    status: str  # a ledger status (see ledger.py)
    rows_in: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    message: str = ""


@dataclass
class IngestReport:
    agency: str
    raw_table: str
    outcomes: list[FileOutcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the ledger: nothing to do
    superseded: list[int] = field(default_factory=list)  # submission ids superseded in this run
    # Files refused without being read (a link, an unreadable file): (name, why). They stay where
    # they are and are reported on every run until someone deals with them.
    refused: list[tuple[str, str]] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status in statuses)

    @property
    def rows_loaded(self) -> int:
        return sum(outcome.rows_loaded for outcome in self.outcomes)

    @property
    def rows_rejected(self) -> int:
        return sum(outcome.rows_rejected for outcome in self.outcomes)

    def summary(self) -> dict[str, int | str]:
        """Plain values for Dagster metadata (wrap them in MetadataValue as you like)."""
        return {
            "agency": self.agency,
            "raw_table": self.raw_table,
            "files_new": len(self.outcomes),
            "files_loaded": self.count("loaded", "loaded_with_rejections"),
            "files_held_for_review": self.count("held_for_review"),
            "files_set_aside": self.count("set_aside"),
            "files_quarantined": self.count("quarantined"),
            "files_duplicate": self.count("duplicate_file"),
            "files_refused": len(self.refused),
            "files_skipped": len(self.skipped),
            "submissions_superseded": len(self.superseded),
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
        }

    def records(self) -> list[dict]:
        return [asdict(outcome) for outcome in self.outcomes]

    def markdown(self) -> str:
        """A per-file table for the Dagster UI."""
        if not self.outcomes:
            return f"No new files for {self.agency} ({len(self.skipped)} already processed)."
        lines = [
            "| file | submission | status | in | loaded | rejected | message |",
            "|---|---|---|---|---|---|---|",
        ]
        for o in self.outcomes:
            message = o.message.replace("|", "\\|").replace("\n", " ")
            lines.append(
                f"| {o.file_name} | {o.submission_id} | {o.status} | {o.rows_in} | {o.rows_loaded} "
                f"| {o.rows_rejected} | {message} |"
            )
        return "\n".join(lines)
