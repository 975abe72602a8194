"""Reading CSV and XLSX extracts into rows of cells, exactly as a person would see them.

Rows keep their physical position (row 1 is the first line or the first spreadsheet row), so the row
numbers we report in rejections match what the agency sees when it opens the file. Nothing here
interprets the header or the values; that is `headers.py` and `transform.py`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import openpyxl

from warehouse.registry import FileSpec

from .encodings import decode
from .errors import FileProblem

ZIP_MAGIC = b"PK\x03\x04"  # every .xlsx is a zip archive
# Formats a file is sometimes renamed from, by the bytes they start with.
OTHER_FORMATS = (
    (ZIP_MAGIC, "a zip archive (an Excel workbook or a compressed folder)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls workbook"),
    (b"%PDF", "a PDF document"),
)
CSV_FIELD_LIMIT = 10_000_000  # free-text fields can be long; the default 128 KB limit is not enough


@dataclass
class RawSheet:
    """Every row of the file (index 0 is physical row 1); cells are text for CSV, typed for XLSX."""

    rows: list[list[object]]
    encoding: str | None = None
    # CSV rows must have as many fields as the header; Excel simply omits trailing empty cells.
    checks_field_count: bool = True
    typed_cells: bool = False  # XLSX cells may be numbers and datetimes; CSV cells are always text
    warnings: list[str] = field(default_factory=list)


def read_sheet(content: bytes, spec: FileSpec) -> RawSheet:
    if spec.format == "xlsx":
        return _read_xlsx(content, spec)
    return _read_csv(content, spec)


def _read_csv(content: bytes, spec: FileSpec, delimiter: str | None = None) -> RawSheet:
    _refuse_other_formats(content, "a CSV text file", "save it as CSV")
    decoded = decode(content, spec.encodings)
    if not decoded.text.strip():
        raise FileProblem(f"file is empty ({len(content)} bytes, no text)")
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        # newline="" lets the csv module handle line breaks inside quoted fields itself.
        rows = list(
            csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter or spec.delimiter)
        )
    except csv.Error as exc:
        raise FileProblem(f"file is not readable as CSV: {exc}") from exc
    return RawSheet(
        rows=[list(row) for row in rows], encoding=decoded.encoding, warnings=decoded.warnings
    )


def read_with_delimiter(content: bytes, spec: FileSpec, delimiter: str) -> RawSheet:
    """The CSV read with another delimiter than the registry's (to recognise a semicolon file)."""
    return _read_csv(content, spec, delimiter)


def _refuse_other_formats(content: bytes, expected: str, fix: str) -> None:
    """A file that is plainly something else gets a message naming what it is."""
    for magic, what in OTHER_FORMATS:
        if content.startswith(magic):
            raise FileProblem(f"file is {what}, not {expected}; {fix}")


def _read_xlsx(content: bytes, spec: FileSpec) -> RawSheet:
    if not content.startswith(ZIP_MAGIC):
        _refuse_other_formats(content, "an Excel .xlsx workbook", "re-save it as .xlsx")
        raise FileProblem(
            "file is not an Excel .xlsx workbook (it is not a zip archive: perhaps a CSV or "
            "text file renamed to .xlsx); re-save it as .xlsx"
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (
        Exception
    ) as exc:  # openpyxl raises a wide variety (BadZipFile, KeyError...) on damaged files
        raise FileProblem(
            f"workbook could not be opened ({type(exc).__name__}); re-save it in Excel"
        ) from exc
    try:
        warnings: list[str] = []
        sheet = _choose_sheet(workbook, spec.sheet, warnings)
        # Some writers record a wrong sheet size; recomputing it avoids silently truncated rows.
        sheet.reset_dimensions()
        rows = [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(
            f"workbook could not be read ({type(exc).__name__}); re-save it in Excel"
        ) from exc
    finally:
        workbook.close()
    return RawSheet(
        rows=rows, encoding=None, checks_field_count=False, typed_cells=True, warnings=warnings
    )


def _choose_sheet(workbook, wanted: str | None, warnings: list[str]):
    names = workbook.sheetnames
    if not names:
        raise FileProblem("workbook has no sheets")
    if wanted is None:
        return workbook[names[0]]
    if wanted in names:
        return workbook[wanted]
    # 'cases ' or 'CASES' is the same sheet typed differently; accept it but note the drift.
    for name in names:
        if name.strip().casefold() == wanted.strip().casefold():
            warnings.append(f"sheet {name!r} read as {wanted!r}")
            return workbook[name]
    found = ", ".join(repr(name) for name in names)
    raise FileProblem(f"workbook has no sheet named {wanted!r}; sheets found: {found}")
