"""The expectation suites: one GX 1.x suite file per agency in `expectations/<agency>.json`.

Each expectation carries `meta.severity`: `structural` (the blocking check) or `warning` (the
non-blocking check). The suite's own `meta` names the staging model, its record id and event date.
Value sets and ranges live in the files, not here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import great_expectations as gx

from warehouse.settings import REPO_ROOT

EXPECTATIONS_DIR = REPO_ROOT / "expectations"
SEVERITIES = ("structural", "warning")
# Table expectations that look at the columns' names and nothing in them.
COLUMN_NAMES_ONLY = {
    "expect_table_columns_to_match_set",
    "expect_table_columns_to_match_ordered_list",
    "expect_table_column_count_to_equal",
    "expect_table_column_count_to_be_between",
}
# Where column, pair, multicolumn and compound expectations name the columns whose values they read.
COLUMN_ARGUMENTS = ("column", "column_A", "column_B", "column_list")


@dataclass(frozen=True)
class AgencySuite:
    agency: str
    path: Path
    definition: dict  # the file's JSON, as GX exports a suite

    @property
    def name(self) -> str:
        return self.definition["name"]

    @property
    def staging_model(self) -> str:
        return self.definition["meta"]["staging_model"]

    @property
    def record_id(self) -> str:
        return self.definition["meta"]["record_id"]

    @property
    def event_date(self) -> str:
        return self.definition["meta"]["event_date"]

    def severity_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for expectation in self.definition["expectations"]:
            counts[expectation["meta"]["severity"]] += 1
        return counts

    def columns_read(self) -> set[str] | None:
        """The columns whose values some expectation reads, or None when the suite may read any (a
        row condition, or an expectation of a kind not known here): the checks fetch only these."""
        read = set()
        for expectation in self.definition["expectations"]:
            kind, arguments = expectation["type"], expectation["kwargs"]
            if kind in COLUMN_NAMES_ONLY:
                continue
            reads_named_columns = kind.startswith(
                ("expect_column_", "expect_multicolumn_", "expect_compound_columns_")
            )
            if not reads_named_columns or arguments.get("row_condition"):
                return None
            for name in COLUMN_ARGUMENTS:
                value = arguments.get(name)
                read.update([value] if isinstance(value, str) else value or [])
        return read

    def only(self, severity: str) -> AgencySuite:
        """The same suite with only the expectations of one severity."""
        expectations = [
            e for e in self.definition["expectations"] if e["meta"]["severity"] == severity
        ]
        return AgencySuite(
            self.agency, self.path, {**self.definition, "expectations": expectations}
        )

    def to_suite(self) -> gx.ExpectationSuite:
        """A fresh GX suite object (GX mutates suites it stores, so each run builds its own)."""
        return gx.ExpectationSuite(**json.loads(json.dumps(self.definition)))


def load_suite(agency: str, directory: Path = EXPECTATIONS_DIR) -> AgencySuite:
    path = directory / f"{agency}.json"
    definition = json.loads(path.read_text())
    for expectation in definition["expectations"]:
        severity = expectation.get("meta", {}).get("severity")
        if severity not in SEVERITIES:
            raise ValueError(
                f"{path.name}: {expectation['type']} has meta.severity {severity!r}; "
                f"expected one of {SEVERITIES}"
            )
    return AgencySuite(agency=agency, path=path, definition=definition)


def load_suites(directory: Path = EXPECTATIONS_DIR) -> dict[str, AgencySuite]:
    return {
        path.stem: load_suite(path.stem, directory) for path in sorted(directory.glob("*.json"))
    }
