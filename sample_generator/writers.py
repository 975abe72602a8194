"""Writing submissions as the files agencies send: CSV or XLSX, headers from the registry.

Byte-for-byte reproducible: CSV rows in a fixed order; workbooks with fixed document properties
and fixed timestamps inside the zip (openpyxl would stamp the current time). Each file's
modification time is set to when the partnership received it.
"""

from __future__ import annotations

import calendar
import csv
import io
import os
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.writer.excel import ExcelWriter

from sample_generator.periods import financial_quarter, financial_year_start
from sample_generator.submissions import Submission
from warehouse.registry import Agency

# Encodings and line endings as each agency's system writes them.
ENCODING = {("police", "v1"): "cp1252", ("idva", "v1"): "utf-8-sig"}
CRLF_AGENCIES = {"police", "housing"}  # Windows exports
XLSX_SHEET_FALLBACK = "C2C"  # the perpetrator programme's workbook has no agreed sheet name


@dataclass
class WrittenFile:
    submission: Submission
    path: Path
    row_numbers: dict[int, int]  # row uid -> physical row number a person sees in the file
    partial_uid: int | None = None  # the row a truncated file ends in the middle of
    size: int = 0


def headers(agency: Agency, version: str) -> dict[str, str]:
    """Canonical field -> source header for one schema version, in the registry's column order."""
    return {canonical: header for header, canonical in agency.schema_versions[version].items()}


def _columns(submission: Submission, agency: Agency) -> dict[str, str]:
    columns = headers(agency, submission.schema_version)
    missing = [c for c in columns if c not in submission.rows.columns]
    if missing:
        raise KeyError(
            f"{agency.agency} schema {submission.schema_version} has fields the {agency.agency} view does not "
            f"produce: {missing} (registry changed? update sample_generator/agencies/{agency.agency}.py)"
        )
    return columns


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def csv_bytes(submission: Submission, agency: Agency) -> bytes:
    columns = _columns(submission, agency)
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, lineterminator="\r\n" if submission.agency in CRLF_AGENCIES else "\n"
    )
    writer.writerow(columns.values())
    writer.writerows(
        [_cell(v) for v in row] for row in submission.rows[list(columns)].itertuples(index=False)
    )
    encoding = ENCODING.get((submission.agency, submission.schema_version), "utf-8")
    return buffer.getvalue().encode(encoding)


def _title_rows(submission: Submission) -> list[str]:
    """The title rows a MARAC coordinator puts above the header."""
    start, end = submission.period.start, submission.period.end
    fy = financial_year_start(start)
    return [
        "Coventry MARAC - cases discussed",
        f"Q{financial_quarter(start)} {fy}-{(fy + 1) % 100:02d} ({start:%d/%m/%Y} to {end:%d/%m/%Y})",
    ]


def xlsx_bytes(submission: Submission, agency: Agency) -> bytes:
    columns = _columns(submission, agency)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = agency.file.sheet or XLSX_SHEET_FALLBACK
    for title in _title_rows(submission)[: agency.file.header_row - 1]:
        sheet.append([title])
    sheet.append(list(columns.values()))
    for row in submission.rows[list(columns)].itertuples(index=False):
        sheet.append(
            [None if v is None or (isinstance(v, float) and v != v) or v == "" else v for v in row]
        )
    for column in sheet.iter_cols(min_row=agency.file.header_row + 1):
        for cell in column:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    stamp = submission.received_at.replace(microsecond=0)
    workbook.properties.creator = agency.name
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _fixed_zip_times(raw.getvalue(), stamp)


def _fixed_zip_times(data: bytes, stamp: datetime) -> bytes:
    """Rewrite a zip so every member carries the same timestamp (and the bytes never vary)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def _truncate(data: bytes, first_data_row: int, share: float) -> tuple[bytes, int]:
    """Cut a CSV part-way through a data row, after its first field; returns the bytes kept and
    the index (0-based, among data rows) of the row left incomplete."""
    lines = data.splitlines(keepends=True)
    data_lines = len(lines) - (first_data_row - 1)
    cut_row = min(max(int(data_lines * share), 0), data_lines - 1)
    line_index = first_data_row - 1 + cut_row
    start = sum(len(line) for line in lines[:line_index])
    line = lines[line_index].rstrip(b"\r\n")
    first_comma = line.find(b",")
    cut = start + first_comma + 1 + max((len(line) - first_comma - 1) // 2, 1)
    return data[:cut], cut_row


def write_submission(
    submission: Submission, agency: Agency, inbox: Path, written: dict[int, bytes]
) -> WrittenFile:
    """Write one file; `written` caches each file's bytes so a duplicate can repeat them."""
    path = inbox / submission.folder / submission.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    first_data_row = agency.file.header_row + 1
    uids = submission.rows["_row_uid"].tolist()
    numbers = {uid: first_data_row + i for i, uid in enumerate(uids)}
    partial = None
    if submission.copy_of is not None:  # the copy's rows are the original's, row for row
        data = written[id(submission.copy_of)]
    elif submission.damage == "empty":
        data, numbers = b"", {}
    else:
        data = (
            xlsx_bytes(submission, agency)
            if agency.file.format == "xlsx"
            else csv_bytes(submission, agency)
        )
        if submission.damage == "truncated":
            data, cut_row = _truncate(data, first_data_row, submission.truncate_share)
            numbers = {uid: n for uid, n in numbers.items() if n <= first_data_row + cut_row}
            partial = uids[cut_row]
    written[id(submission)] = data
    path.write_bytes(data)
    received = calendar.timegm(submission.received_at.timetuple())
    os.utime(path, (received, received))
    return WrittenFile(submission, path, numbers, partial, len(data))
