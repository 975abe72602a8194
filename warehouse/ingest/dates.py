"""Reading dates the way agencies actually write them.

Each date column of a file is read as a whole, with one format for every value, so a month of
US-style `mm/dd/yyyy` dates is read consistently (rather than `03/04/2021` being read one way and
`03/14/2021` the other). The candidates are the registry formats that read every value in the column.
When several do and they disagree (every day in the file is 12 or less, so `dd/mm` and `mm/dd` both
work), the file decides: the event-date column takes the reading that puts its dates in the period the
file's name declares, and the file's other date columns take the same day/month order. When nothing
decides, the column is read with the registry's preferred format and flagged as ambiguous in the
ledger's warnings, never silently. Only when no single format fits do we fall back to the first format
that works for each value, and we say so in the warnings.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

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
    format: str | None = None  # the one format the column was read with; None when mixed


def excel_serial_to_datetime(serial: float) -> datetime | None:
    """An Excel serial day number as a datetime, or None when it cannot be a date."""
    if not 0 < serial <= EXCEL_MAX_SERIAL:
        return None
    moment = EXCEL_EPOCH + timedelta(days=float(serial))
    # Excel stores times as fractions of a day; round away the floating-point noise below a second.
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)


# strptime's own patterns for the directives agencies' formats use (CPython's _strptime.TimeRE): a
# format made only of these is matched here directly, which gives strptime's result without its
# per-call cost (a locale check and a cache lookup, about four times the match itself), and a police
# file at scale 10 tries some two million values against eight formats. tests/test_dates.py holds
# the two to the same answers. Any other directive goes to strptime itself.
_DIRECTIVES = {
    "d": r"(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])",
    "m": r"(?P<m>1[0-2]|0[1-9]|[1-9])",
    "Y": r"(?P<Y>\d\d\d\d)",
    "y": r"(?P<y>\d\d)",
    "H": r"(?P<H>2[0-3]|[0-1]\d|\d)",
    "M": r"(?P<M>[0-5]\d|\d)",
    "S": r"(?P<S>6[0-1]|[0-5]\d|\d)",
    "b": "(?P<b>" + "|".join(name.lower() for name in calendar.month_abbr[1:]) + ")",
    "B": "(?P<B>" + "|".join(name.lower() for name in calendar.month_name[1:]) + ")",
}
_MONTHS = {
    name.lower(): number
    for names in (calendar.month_abbr, calendar.month_name)
    for number, name in enumerate(names)
    if name
}


@cache
def _pattern(fmt: str) -> re.Pattern[str] | None:
    """The compiled pattern for `fmt` as strptime builds it, or None when it uses another directive."""
    pattern = ""
    parts = re.split(r"%(.)", fmt, flags=re.DOTALL)
    directives = parts[1::2]
    if len(set(directives)) < len(directives) or any("%" in part for part in parts[::2]):
        return None  # a repeated directive or a stray %: strptime's own error
    for index, part in enumerate(parts):
        if index % 2:
            if part not in _DIRECTIVES:
                return None
            pattern += _DIRECTIVES[part]
        else:
            pattern += re.sub(r"\s+", r"\\s+", re.sub(r"([\\.^$*+?(){}\[\]|])", r"\\\1", part))
    return re.compile(pattern, re.IGNORECASE)


def strptime(value: str, fmt: str) -> datetime:
    """`datetime.strptime(value, fmt)`, the same answer or the same ValueError, faster for the usual
    day, month, year and time directives."""
    pattern = _pattern(fmt)
    if pattern is None:
        return datetime.strptime(value, fmt)
    found = pattern.fullmatch(value)
    if found is None:
        raise ValueError(f"time data {value!r} does not match format {fmt!r}")
    fields = found.groupdict()
    if fields.get("Y"):
        year = int(fields["Y"])
    elif fields.get("y"):
        year = int(fields["y"])
        year += 2000 if year <= 68 else 1900  # strptime's pivot
    else:
        year = 1900
    month_name = fields.get("b") or fields.get("B")
    month = _MONTHS[month_name.lower()] if month_name else int(fields.get("m") or 1)
    return datetime(
        year,
        month,
        int(fields.get("d") or 1),
        int(fields.get("H") or 0),
        int(fields.get("M") or 0),
        int(fields.get("S") or 0),
    )


def _strptime(value: str, fmt: str, past_only: bool) -> datetime | None:
    try:
        parsed = strptime(value, fmt)
    except ValueError:
        return None
    # A two-digit year pivots at 68 in Python ('05-Apr-62' -> 2062). A date of birth is never in the
    # future, so for those we take the previous century instead.
    if past_only and "%y" in fmt and parsed > datetime.now():
        parsed = parsed.replace(year=parsed.year - 100)
    return parsed


def day_month_order(fmt: str) -> str | None:
    """'day_first' for `%d/%m/%Y`, 'month_first' for `%m/%d/%Y`; None when a format cannot be read
    the other way round (the year first, or the month as a name)."""
    if "%d" not in fmt or "%m" not in fmt:
        return None
    if any(fmt.index(year) < fmt.index("%d") for year in ("%Y", "%y") if year in fmt):
        return None
    return "day_first" if fmt.index("%d") < fmt.index("%m") else "month_first"


@dataclass(frozen=True)
class PeriodFit:
    """How well a reading of the event dates fits the period the file's name declares: how many
    values fall in the period itself, then how many within the agency's tolerance around it."""

    start: date
    end: date
    earliest: date
    latest: date

    def score(self, values: list[datetime]) -> tuple[int, int]:
        days = [value.date() for value in values]
        return (
            sum(self.start <= day <= self.end for day in days),
            sum(self.earliest <= day <= self.latest for day in days),
        )


def read_date_column(
    name: str,
    cells: Sequence[object],
    formats: Sequence[str],
    *,
    expected_formats: Sequence[str] = (),
    with_time: bool = False,
    past_only: bool = False,
    period_fit: PeriodFit | None = None,
    file_order: str | None = None,
) -> DateColumn:
    """Normalise one date column.

    `cells` are stripped text, None (blank), or typed XLSX values (datetime, date, int, float).
    `with_time` chooses `YYYY-MM-DD HH:MM:SS` output rather than `YYYY-MM-DD`. `past_only` marks a
    date of birth. `expected_formats` are the ones the agency should use; reading a column with any
    other (a fallback such as US-style dates) is flagged. `period_fit` (for the event date) or
    `file_order` (the day/month order the event date was read in, for the file's other dates) decides
    between formats that read every value differently. Warnings name the column and the format,
    never a value.
    """
    out_format = ISO_DATETIME if with_time else ISO_DATE
    formats = tuple(formats) or (ISO_DATE,)  # an empty list in the registry means ISO
    expected = tuple(expected_formats) or formats[:1]
    texts = {cell for cell in cells if isinstance(cell, str)}

    # Values that no listed format reads (for example 'unknown') must not stop the column being
    # read consistently, so the column format is chosen among the values that some format reads.
    readable, readings = _candidate_readings(texts, formats, past_only)
    candidates = [fmt for fmt in formats if fmt in readings]

    warnings: list[str] = []
    chosen: str | None = None
    if candidates:
        chosen, note = _choose(name, candidates, readings, period_fit, file_order)
        if note:
            warnings.append(note)
        mapping = readings[chosen]
        if readable and chosen not in expected:
            reason = ""
            if note is None and len({_signature(readings[fmt]) for fmt in candidates}) > 1:
                reason = " (its values also read another way, but only this one fits the file)"
            warnings.append(f"{name} read as {chosen}, not an expected format{reason}")
    else:
        mapping = {}
        fallback = 0
        for value in readable:
            fmt, mapping[value] = next(
                (fmt, parsed)
                for fmt in formats
                if (parsed := _strptime(value, fmt, past_only)) is not None
            )
            if fmt not in expected:
                fallback += 1
        warnings.append(
            f"{name}: mixed date formats, {fallback} distinct value(s) read with a fallback format"
        )

    # Each distinct text is written out once; typed XLSX values are taken as they come.
    written = {
        value: (parsed.strftime(out_format), parsed) if parsed is not None else (value, None)
        for value in texts
        for parsed in [mapping.get(value)]
    }
    pairs = [
        written[cell] if isinstance(cell, str) else _typed_cell(cell, out_format) for cell in cells
    ]
    text_out = [text for text, _ in pairs]
    parsed_out = [parsed for _, parsed in pairs]
    unreadable = sum(
        1
        for cell, parsed in zip(cells, parsed_out, strict=True)
        if parsed is None and cell is not None
    )
    if unreadable:
        warnings.append(f"{name}: {unreadable} value(s) could not be read as dates")
    return DateColumn(text_out, parsed_out, warnings, unreadable, chosen)


PROBE_VALUES = 50


def _candidate_readings(
    texts: set[str], formats: tuple[str, ...], past_only: bool
) -> tuple[set[str], dict[str, dict[str, datetime]]]:
    """The values some format reads, and the reading of each format that reads all of them (the
    candidates). Format by format, not value by value (the standard library keeps only a few
    compiled formats). A format stops at the first readable value it cannot read: only the first
    format and the candidates read every value, where trying each format on each value cost a
    force's police files some six million readings. The first format is the one that reads most of a
    few values, so that few values are left for the others."""
    probe = list(itertools.islice(texts, PROBE_VALUES))
    first, *others = sorted(
        formats,
        key=lambda fmt: -sum(_strptime(value, fmt, past_only) is not None for value in probe),
    )
    first_reading = _reading(texts, first, past_only)
    readable = set(first_reading) | {
        value
        for value in texts - first_reading.keys()
        if any(_strptime(value, fmt, past_only) is not None for fmt in others)
    }
    readings = {first: first_reading} if len(first_reading) == len(readable) else {}
    for fmt in others:
        reading = _reading(readable, fmt, past_only, whole=True)
        if reading is not None:
            readings[fmt] = reading
    return readable, readings


def _reading(
    values: set[str], fmt: str, past_only: bool, *, whole: bool = False
) -> dict[str, datetime] | None:
    """Each value `fmt` reads, as read; with `whole`, None as soon as one cannot be read."""
    reading = {}
    for value in values:
        parsed = _strptime(value, fmt, past_only)
        if parsed is not None:
            reading[value] = parsed
        elif whole:
            return None
    return reading


def _typed_cell(cell: object, out_format: str) -> tuple[str | None, datetime | None]:
    """(text, parsed) of a blank or an XLSX-typed cell: a datetime, a date or an Excel serial."""
    parsed: datetime | None
    if cell is None:
        return None, None
    if isinstance(cell, datetime):
        parsed = cell
    elif isinstance(cell, date):
        parsed = datetime(cell.year, cell.month, cell.day)
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        parsed = excel_serial_to_datetime(cell)
    else:
        parsed = None
    if parsed is None:
        return _as_received(cell), None
    return parsed.strftime(out_format), parsed


def _signature(reading: dict[str, datetime]) -> tuple:
    return tuple(sorted(reading.items()))


def _choose(
    name: str,
    candidates: list[str],
    readings: dict[str, dict[str, datetime]],
    period_fit: PeriodFit | None,
    file_order: str | None,
) -> tuple[str, str | None]:
    """The format to read the column with, and a warning when the choice is a guess."""
    distinct = {}
    for fmt in candidates:  # formats giving the very same dates are one reading
        distinct.setdefault(_signature(readings[fmt]), fmt)
    if len(distinct) == 1:
        return candidates[0], None
    options = list(distinct.values())
    if period_fit is not None:
        scores = {fmt: period_fit.score(list(readings[fmt].values())) for fmt in options}
        best = max(scores.values())
        winners = [fmt for fmt in options if scores[fmt] == best]
        if len(winners) == 1:
            return winners[0], None
        options = winners
    if file_order is not None:
        same_order = [fmt for fmt in options if day_month_order(fmt) == file_order]
        if same_order:
            return same_order[0], None
    listed = " and as ".join(options)
    return options[0], (
        f"{name}: day and month order is ambiguous (every value reads as {listed}, giving different "
        f"dates, and nothing in the file decides); read as {options[0]}: check the export settings"
    )


def _as_received(cell: object) -> str:
    """The original text of an unreadable value (numbers as Excel would show them)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
