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

from .errors import FileProblem

ZIP_MAGIC = b"PK\x03\x04"  # every .xlsx is a zip archive
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


def _read_csv(content: bytes, spec: FileSpec) -> RawSheet:
    if content.startswith(ZIP_MAGIC):
        raise FileProblem(
            "file is an Excel workbook (zip archive), not a CSV text file; save it as CSV"
        )
    text, encoding = _decode(content, spec.encodings)
    if "\x00" in text:
        raise FileProblem("file contains NUL bytes, so it is not a CSV text file (is it binary?)")
    if not text.strip():
        raise FileProblem(f"file is empty ({len(content)} bytes, no text)")
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        # newline="" lets the csv module handle line breaks inside quoted fields itself.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=spec.delimiter))
    except csv.Error as exc:
        raise FileProblem(f"file is not readable as CSV: {exc}") from exc
    return RawSheet(rows=[list(row) for row in rows], encoding=encoding)


def _decode(content: bytes, encodings: tuple[str, ...]) -> tuple[str, str]:
    for encoding in encodings:
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
        except LookupError as exc:  # a typo in the registry, not the file's fault, but say so
            raise FileProblem(f"the registry lists an unknown encoding {encoding!r}") from exc
    tried = ", ".join(encodings)
    raise FileProblem(
        f"file could not be decoded with any listed encoding ({tried}); re-save it as UTF-8"
    )


def _read_xlsx(content: bytes, spec: FileSpec) -> RawSheet:
    if not content.startswith(ZIP_MAGIC):
        raise FileProblem(
            "file is not an Excel .xlsx workbook (it is not a zip archive: "
            "perhaps an old .xls, a CSV or a PDF renamed to .xlsx); re-save it as .xlsx"
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
