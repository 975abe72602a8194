"""Values made inert before they go into a CSV or XLSX file a person will open in a spreadsheet.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which some programs skip
before reading on) is run as a formula by Excel, LibreOffice and Google Sheets: an agency's free text
`=HYPERLINK("http://...","click")` would become a live link in a feedback pack, and a value such as
`-2+3` would be worked out. Such text is written with a leading apostrophe, the spreadsheet convention
for "this is text" (OWASP's guidance on CSV injection), so it shows as typed and never runs. Numbers,
dates and blanks are left as they are; so is text that cannot start a formula.

Every CSV the project writes passes its values through `inert` (`inert_frame` for a DataFrame). In an
XLSX workbook no apostrophe is needed: `xlsx_row` stores all text as string cells, never formulas, and
marks text that could start a formula as typed text (Excel's quote prefix), so editing the cell does
not turn it into one either.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """`value`, or for text a spreadsheet would run, the same text with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text value made inert (numeric and date columns untouched)."""
    result = frame.copy()
    for column in result.columns:
        if result[column].dtype == object or pd.api.types.is_string_dtype(result[column]):
            result[column] = result[column].map(inert)
    return result


def xlsx_row(sheet, values: list) -> list:
    """`values` as cells for `sheet.append` in a write-only workbook, every text a string cell."""
    cells = []
    for value in values:
        if not isinstance(value, str):
            cells.append(value)
            continue
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl would otherwise store text beginning with '=' as a formula
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        cells.append(cell)
    return cells
