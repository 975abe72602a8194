"""The record-level issues staff work through, as a CSV per pack, and one workbook per agency across periods
(a sheet per section). Columns are named for the agency's staff, and every row points at a file and a row.
Values come from agencies' own files, so every one is made inert first (warehouse/spreadsheet_safety.py): a
cell a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from feedback_packs.published import AgencyData, Row
from feedback_packs.wording import SUPPRESSED_COUNT
from warehouse.spreadsheet_safety import inert, xlsx_row

ISSUE_COLUMNS = {
    "file_name": "file",
    "source_row_number": "row",
    "record_id": "record_reference",
    "rule_title": "problem_type",
    "field_name": "field",
    "problem": "problem",
    "how_to_fix": "how_to_fix",
    "submission_status": "file_status",
    "period_start": "period_start",
    "period_end": "period_end",
    "submission_id": "submission_id",
    "rule_name": "rule",
}
WHOLE_FILE = "whole file"
HISTORY_COLUMNS = (
    "period_start",
    "period_end",
    "due_date",
    "first_received_at",
    "current_received_at",
    "timeliness_status",
    "days_late",
    "current_files",
    "superseded_files",
    "duplicate_files",
    "quarantined_files",
    "rows_loaded",
    "baseline_rows",
    "volume_status",
    "red_rules",
    "amber_rules",
    "green_rules",
    "worst_severity",
)
FILE_COLUMNS = (
    "file_name",
    "period_start",
    "period_end",
    "received_at",
    "status",
    "schema_version",
    "rows_in",
    "rows_loaded",
    "rows_rejected",
)
UNMAPPED_COLUMNS = {
    "field_name": "field",
    "scheme": "code_scheme",
    "raw_value": "value_as_received",
    "match_method": "how_it_was_read",
    "rows": "rows",
    "first_received_date": "first_received",
    "last_received_date": "last_received",
}


def issue_rows(issues: list[Row]) -> list[list]:
    """The issues as staff read them: row 'whole file' for a file-level issue, blank for a missing value."""
    return [
        [
            WHOLE_FILE
            if column == "source_row_number" and issue[column] is None
            else ("" if issue[column] is None else issue[column])
            for column in ISSUE_COLUMNS
        ]
        for issue in issues
    ]


def write_issues_csv(issues: list[Row], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ISSUE_COLUMNS.values())
        writer.writerows([inert(value) for value in row] for row in issue_rows(issues))


def _sheet(workbook: Workbook, title: str, rows: list[Row], columns: tuple | dict) -> None:
    """A sheet of the rows' columns; a dict renames them (column: header) for staff."""
    sheet = workbook.create_sheet(title)
    sheet.append(list(columns.values()) if isinstance(columns, dict) else list(columns))
    for row in rows:
        sheet.append(xlsx_row(sheet, [row[column] for column in columns]))


def write_workbook(data: AgencyData, path: Path) -> None:
    """Every period's issues, history, files and unmapped values for one agency (write-only mode: fast and
    small). The scorecard stays in the HTML packs: a sheet of every rule for every period is large and slow."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Record issues")
    sheet.append(list(ISSUE_COLUMNS.values()))
    for row in issue_rows(data.issues):
        sheet.append(xlsx_row(sheet, row))
    _sheet(workbook, "Submission history", data.periods, HISTORY_COLUMNS)
    _sheet(workbook, "Files", data.files, FILE_COLUMNS)
    unmapped = [
        {**row, "rows": SUPPRESSED_COUNT if row["rows_suppressed"] else row["rows_published"]}
        for row in data.unmapped
    ]
    _sheet(workbook, "Unmapped values", unmapped, UNMAPPED_COLUMNS)
    workbook.save(path)
