"""Reading dates the way agencies actually write them.

Each date column of a file is read as a whole: the first registry format that reads every value in
the column wins, so a month of US-style `mm/dd/yyyy` dates is read consistently (rather than
`03/04/2021` being read one way and `03/14/2021` the other). Only when no single format fits do we
fall back to the first format that works for each value, and we say so in the ledger's warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

# Excel's day zero. Using 1899-12-30 rather than 1900-01-01 absorbs Excel's phantom 29 Feb 1900, so
# every serial from March 1900 onwards converts correctly.
EXCEL_EPOCH = datetime(1899, 12, 30)
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%d %H:%M:%S"


@dataclass
class DateColumn:
    """One column after reading: ISO text (or the original text when unreadable) and the parsed value."""

    text: list[str | None]
    parsed: list[datetime | None]
    warnings: list[str] = field(default_factory=list)
    unreadable: int = 0


def excel_serial_to_datetime(serial: float) -> datetime | None:
    """An Excel serial day number as a datetime, or None when it cannot be a date."""
    if not 0 < serial <= EXCEL_MAX_SERIAL:
        return None
    moment = EXCEL_EPOCH + timedelta(days=float(serial))
    # Excel stores times as fractions of a day; round away the floating-point noise below a second.
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


def _strptime(value: str, fmt: str, past_only: bool) -> datetime | None:
    try:
        parsed = datetime.strptime(value, fmt)
    except ValueError:
        return None
    # A two-digit year pivots at 68 in Python ('05-Apr-62' -> 2062). A date of birth is never in the
    # future, so for those we take the previous century instead.
    if past_only and "%y" in fmt and parsed > datetime.now():
        parsed = parsed.replace(year=parsed.year - 100)
    return parsed


def read_date_column(
    name: str,
    cells: Sequence[object],
    formats: Sequence[str],
    *,
    expected_formats: Sequence[str] = (),
    with_time: bool = False,
    past_only: bool = False,
) -> DateColumn:
    """Normalise one date column.

    `cells` are stripped text, None (blank), or typed XLSX values (datetime, date, int, float).
    `with_time` chooses `YYYY-MM-DD HH:MM:SS` output rather than `YYYY-MM-DD`. `past_only` marks a
    date of birth. `expected_formats` are the ones the agency should use; reading a column with any
    other (a fallback such as US-style dates) is flagged. Warnings name the column and the format,
    never a value.
    """
    out_format = ISO_DATETIME if with_time else ISO_DATE
    formats = tuple(formats) or (ISO_DATE,)  # an empty list in the registry means ISO
    expected = tuple(expected_formats) or formats[:1]
    texts = {cell for cell in cells if isinstance(cell, str)}

    # Values that no listed format reads (for example 'unknown') must not stop the column being
    # read consistently, so the column format is chosen among the values that some format reads.
    per_value: dict[str, tuple[datetime, str] | None] = {}
    for value in texts:
        per_value[value] = None
        for fmt in formats:
            parsed = _strptime(value, fmt, past_only)
            if parsed is not None:
                per_value[value] = (parsed, fmt)
                break
    readable = [value for value, hit in per_value.items() if hit is not None]

    warnings: list[str] = []
    chosen: str | None = None
    for fmt in formats:
        # Values whose first working format is this one are already known to parse; test the rest.
        if all(
            per_value[value][1] == fmt or _strptime(value, fmt, past_only) is not None
            for value in readable
        ):
            chosen = fmt
            break

    mapping: dict[str, datetime | None] = {}
    if chosen is not None:
        for value in texts:
            mapping[value] = (
                _strptime(value, chosen, past_only) if per_value[value] is not None else None
            )
        if readable and chosen not in expected:
            warnings.append(f"{name} read as {chosen}, not an expected format")
    else:
        fallback = 0
        for value, hit in per_value.items():
            mapping[value] = hit[0] if hit else None
            if hit and hit[1] not in expected:
                fallback += 1
        warnings.append(
            f"{name}: mixed date formats, {fallback} distinct value(s) read with a fallback format"
        )

    text_out: list[str | None] = []
    parsed_out: list[datetime | None] = []
    unreadable = 0
    for cell in cells:
        parsed: datetime | None
        if cell is None:
            text_out.append(None)
            parsed_out.append(None)
            continue
        if isinstance(cell, datetime):
            parsed = cell
        elif isinstance(cell, date):
            parsed = datetime(cell.year, cell.month, cell.day)
        elif isinstance(cell, int | float) and not isinstance(cell, bool):
            parsed = excel_serial_to_datetime(cell)
        else:
            parsed = mapping.get(str(cell))
        if parsed is None:
            unreadable += 1
            text_out.append(_as_received(cell))
        else:
            text_out.append(parsed.strftime(out_format))
        parsed_out.append(parsed)
    if unreadable:
        warnings.append(f"{name}: {unreadable} value(s) could not be read as dates")
    return DateColumn(text_out, parsed_out, warnings, unreadable)


def _as_received(cell: object) -> str:
    """The original text of an unreadable value (numbers as Excel would show them)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
