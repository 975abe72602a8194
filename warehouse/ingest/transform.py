"""From the rows of one file to raw-table records and rejected rows.

The order matters: rows that cannot be trusted at all (wrong number of fields, exact repeats) are
set aside first; date columns are then read as whole columns (see `dates.py`), the event date first,
judged against the file's period; finally each row is checked for its required fields and for an
event date the file could hold (not in the future, not before the partnership's data window, not
further outside the file's period than the agency's tolerance), and its identifiers are turned into
keys in memory. Identifier
values never leave this module: the records hold keys and statuses, the rejections hold row numbers,
field names and, for non-identifier fields only, the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from warehouse.registry import Agency, Period
from warehouse.settings import DATA_WINDOW_START

from .dates import DateColumn, PeriodFit, day_month_order, read_date_column
from .headers import HeaderMatch, required_fields
from .keys import Pseudonymiser
from .persons import Births, DerivedMemo, PersonDeriver, plan_owners
from .postcodes import PostcodeLookup
from .readers import RawSheet

_INTEGER_FLOAT = re.compile(r"^-?\d+\.0+$")


@dataclass
class Rejection:
    source_row_number: int
    # malformed_row | duplicate_row | missing_required_field | unparseable_required_date |
    # event_date_in_future | event_date_before_data_window | event_date_outside_period | duplicate_file
    reason_code: str
    reason: str
    field: str | None = None
    value: str | None = None  # only ever a non-identifier field's value


@dataclass
class TransformedFile:
    records: pd.DataFrame  # `_source_row_number`, retained fields, derived columns (text or None)
    rejections: list[Rejection]
    rows_in: int
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return len(self.records)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejections)


@dataclass(frozen=True)
class FileDates:
    """What a file's event dates are judged against: the period its name declares (None when the
    name gives none) and the day it was received."""

    period: Period | None
    received_on: date


def cell_to_text(cell: object) -> str | None:
    """One cell as stripped text, None when blank. Excel's typed values get their natural text:
    3.0 -> '3', a midnight datetime -> 'YYYY-MM-DD'."""
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else str(cell)
    if isinstance(cell, datetime):
        return (
            cell.date().isoformat()
            if cell.time() == time(0)
            else cell.strftime("%Y-%m-%d %H:%M:%S")
        )
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


def _date_cell(cell: object) -> object:
    """A date-column cell for `read_date_column`: typed values kept, text stripped, blank -> None."""
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, bool):
        return str(cell)
    return cell


def data_rows(
    sheet: RawSheet, match: HeaderMatch
) -> list[tuple[int, list[object], list[str | None]]]:
    """(physical row number, cells, cells as text) of every non-blank row below the header."""
    rows = []
    for index in range(match.header_row, len(sheet.rows)):
        cells = sheet.rows[index]
        if sheet.typed_cells:
            texts = [cell_to_text(cell) for cell in cells]
        else:  # the fast path for CSV, where every cell is a str
            texts = [cell.strip() or None for cell in cells]
        if any(texts):  # every text is None or non-empty
            rows.append((index + 1, cells, texts))
    return rows


class FileTransformer:
    """Everything about one agency that does not change from row to row, worked out once."""

    def __init__(self, agency: Agency, keys: Pseudonymiser, postcodes: PostcodeLookup):
        self.agency = agency
        self.keys = keys
        self.postcodes = postcodes
        self.retained = agency.retained_fields
        self.derived = agency.derived_columns
        self.columns = ["_source_row_number", *self.retained, *self.derived]
        self.memo = DerivedMemo()  # person and place columns, across the agency's files

    def _is_date_field(self, name: str) -> bool:
        if name in self.agency.identifiers:
            return self.agency.identifiers[name].kind == "date_of_birth"
        # The event date is read as a date even if the registry forgot its type: age needs it.
        return (
            self.agency.field_spec(name).type in ("date", "datetime")
            or name == self.agency.event_date
        )

    def transform(
        self,
        sheet: RawSheet,
        match: HeaderMatch,
        rows: list[tuple[int, list[object], list[str | None]]],
        file_dates: FileDates,
    ) -> TransformedFile:
        """The file's records and rejections; `rows` are its `data_rows`."""
        agency = self.agency
        header_names = {
            canonical: source for source, canonical in agency.schema_versions[match.version].items()
        }
        present = set(match.columns)
        rejections: list[Rejection] = []
        warnings = [*sheet.warnings, *match.warnings]

        # 1. Rows we cannot use at all: wrong shape, or an exact repeat of an earlier row.
        kept: list[tuple[int, list[object], list[str | None]]] = []
        first_seen: dict[tuple, int] = {}
        for row_number, cells, texts in rows:
            if sheet.checks_field_count and _wrong_field_count(texts, match.width):
                rejections.append(
                    Rejection(
                        row_number,
                        "malformed_row",
                        f"row has {len(cells)} fields but the header has {match.width}: "
                        "the line may be truncated, or a value contains an unquoted delimiter",
                    )
                )
                continue
            padding = [None] * (match.width - len(cells))
            cells = [*cells[: match.width], *padding]
            texts = [*texts[: match.width], *padding]
            signature = tuple(texts)
            if signature in first_seen:
                rejections.append(
                    Rejection(
                        row_number,
                        "duplicate_row",
                        f"exact duplicate of row {first_seen[signature]}",
                    )
                )
                continue
            first_seen[signature] = row_number
            kept.append((row_number, cells, texts))

        # The kept rows' text, column by column (each row is padded to the header's width).
        texts_by_column = (
            list(zip(*(texts for _, _, texts in kept), strict=True)) or [()] * match.width
        )

        # 2. Date columns, read as whole columns so one format is applied consistently: the event
        # date first, whose reading the file's period decides, then the others in its day/month order.
        date_fields = sorted(
            (name for name in match.columns if self._is_date_field(name)),
            key=lambda name: name != agency.event_date,
        )
        fit = self._period_fit(file_dates.period)
        dates: dict[str, DateColumn] = {}
        file_order = None
        for name in date_fields:
            index = match.columns[name]
            is_event = name == agency.event_date
            column = read_date_column(
                name,
                (
                    [_date_cell(cells[index]) for _, cells, _ in kept]
                    if sheet.typed_cells
                    else texts_by_column[index]  # a CSV cell's date text is its stripped text
                ),
                agency.date_formats_for(name),
                expected_formats=agency.expected_date_formats_for(name),
                with_time=agency.field_spec(name).type == "datetime",
                past_only=name in agency.identifiers,
                period_fit=fit if is_event else None,
                file_order=file_order,
            )
            if is_event and column.format:
                file_order = day_month_order(column.format)
            dates[name] = column
            warnings.extend(column.warnings)

        # 3. Column by column: rows missing a required field or with an impossible event date are
        # found with whole-column tests, and only those rows are then looked at one by one to say
        # why; identifiers become keys once per distinct person and place (`persons.py`).
        integer_fields = {name for name in present if agency.field_spec(name).type == "integer"}
        values: dict[str, Sequence[str | None]] = {}
        for name, index in match.columns.items():
            if name in dates:
                values[name] = dates[name].text
            elif name in integer_fields:
                values[name] = [
                    text.split(".", 1)[0] if text and _INTEGER_FLOAT.match(text) else text
                    for text in texts_by_column[index]
                ]
            else:
                values[name] = texts_by_column[index]
        event_column = dates.get(agency.event_date)
        events = _days(event_column.parsed if event_column else [None] * len(kept))
        row_numbers = [row_number for row_number, _, _ in kept]
        check = _RowCheck(agency, fit, values, dates, header_names, file_dates)
        loaded = np.ones(len(kept), dtype=bool)
        for position in np.flatnonzero(check.suspect_rows(events)).tolist():
            rejection = check.required(row_numbers[position], position) or check.event_date(
                row_numbers[position], position
            )
            if rejection:
                rejections.append(rejection)
                loaded[position] = False
        frame = self._records(row_numbers, values, dates, events, present, loaded)
        if not rows:
            warnings.append("file has a header but no data rows")
        return TransformedFile(frame, rejections, len(rows), warnings)

    def _records(
        self,
        row_numbers: list[int],
        values: dict[str, Sequence[str | None]],
        dates: dict[str, DateColumn],
        events: np.ndarray,
        present: set[str],
        loaded: np.ndarray,
    ) -> pd.DataFrame:
        """The loaded rows as raw-table records: row number, retained fields, derived columns."""
        count = int(loaded.sum())

        def column(cells: Sequence[object]) -> np.ndarray:
            return _objects(cells)[loaded]

        records: dict[str, np.ndarray] = {
            "_source_row_number": np.array(row_numbers, dtype=np.int64)[loaded]
        }
        for name in self.retained:
            records[name] = column(values[name]) if name in values else np.full(count, None, object)
        if count:
            identifiers = [name for name in self.agency.identifiers if name in present]
            deriver = PersonDeriver(
                self.agency, plan_owners(self.agency, present), self.keys, self.postcodes, self.memo
            )
            derived = deriver.derive(
                {name: column(values[name]) for name in identifiers},
                {
                    name: Births.read(column(dates[name].text), column(dates[name].parsed))
                    for name in identifiers
                    if name in dates
                },
                events[loaded],
            )
        else:
            derived = {name: np.empty(0, object) for name in self.derived}
        records.update((name, derived[name]) for name in self.derived)
        return pd.DataFrame(records, columns=self.columns)

    def _period_fit(self, period: Period | None) -> PeriodFit | None:
        if period is None:
            return None
        tolerance = self.agency.event_date_tolerance
        return PeriodFit(
            period.start,
            period.end,
            period.start - timedelta(days=tolerance.days_before),
            period.end + timedelta(days=tolerance.days_after),
        )


class _RowCheck:
    """Whether each row has its required fields and an event date the file could hold: suspects
    found a column at a time, each suspect then described in words (see `transform`)."""

    def __init__(
        self,
        agency: Agency,
        fit: PeriodFit | None,
        values: dict[str, Sequence[str | None]],
        dates: dict[str, DateColumn],
        header_names: dict[str, str],
        file_dates: FileDates,
    ) -> None:
        """`fit` is the file's period and its tolerance, None when the file's name gives no period."""
        self.agency, self.fit = agency, fit
        self.required_names = [name for name in required_fields(agency) if name in values]
        self.values, self.dates = values, dates
        self.header_names, self.file_dates = header_names, file_dates

    def suspect_rows(self, events: np.ndarray) -> np.ndarray:
        """Rows that may be rejected: a required field blank or an unreadable required date, or an
        event date after the file arrived, before the data window or outside the period's tolerance."""
        suspect = (events > np.datetime64(self.file_dates.received_on)) | (
            events < np.datetime64(DATA_WINDOW_START)
        )
        if self.fit is not None:
            suspect |= (events < np.datetime64(self.fit.earliest)) | (
                events > np.datetime64(self.fit.latest)
            )
        for name in self.required_names:
            suspect |= pd.isna(_objects(self.values[name]))
            if name in self.dates:
                suspect |= pd.isna(_objects(self.dates[name].parsed))
        return suspect

    def required(self, row_number: int, position: int) -> Rejection | None:
        header_names = self.header_names
        blank = [name for name in self.required_names if self.values[name][position] is None]
        if blank:
            described = ", ".join(f"{name} ({header_names.get(name, name)!r})" for name in blank)
            verb = "field {} is" if len(blank) == 1 else "fields {} are"
            reason = f"required {verb.format(described)} blank"
            return Rejection(row_number, "missing_required_field", reason, blank[0])
        for name in self.required_names:
            if name in self.dates and self.dates[name].parsed[position] is None:
                formats = ", ".join(self.agency.date_formats_for(name))
                value = None if name in self.agency.identifiers else self.values[name][position]
                return Rejection(
                    row_number,
                    "unparseable_required_date",
                    f"required date {name} ({header_names.get(name, name)!r}) could not be read "
                    f"with any of the formats {formats}",
                    name,
                    value,
                )
        return None

    def event_date(self, row_number: int, position: int) -> Rejection | None:
        """A row whose event could not have happened when the file says is rejected with a reason:
        counted in a month it does not belong to, it would move a board figure."""
        name = self.agency.event_date
        column = self.dates.get(name)
        parsed = column.parsed[position] if column else None
        if parsed is None:
            return None
        day = parsed.date()
        described = (
            f"event date {name} ({self.header_names.get(name, name)!r}) is {day.isoformat()}"
        )
        period, fit, received_on = self.file_dates.period, self.fit, self.file_dates.received_on
        if day > received_on:
            code = "event_date_in_future"
            reason = f"{described}, after the file was received ({received_on.isoformat()})"
        elif day < DATA_WINDOW_START:
            code = "event_date_before_data_window"
            reason = f"{described}, before the partnership's data window opens ({DATA_WINDOW_START.isoformat()})"
        elif period is not None and fit is not None and not fit.earliest <= day <= fit.latest:
            tolerance = self.agency.event_date_tolerance
            code = "event_date_outside_period"
            reason = (
                f"{described}, outside the file's period {period.label} (allowing "
                f"{tolerance.days_before} days before and {tolerance.days_after} after: "
                f"agencies/{self.agency.source_file.name}, event_date_tolerance)"
            )
        else:
            return None
        return Rejection(row_number, code, reason, name, column.text[position])


def _objects(cells: Sequence[object]) -> np.ndarray:
    """A column as a one-dimensional object array (numpy would make a list of tuples two-dimensional)."""
    array = np.empty(len(cells), dtype=object)
    array[:] = cells
    return array


def _days(moments: Sequence[datetime | None]) -> np.ndarray:
    """Parsed dates and times as datetime64[D], NaT for None."""
    return np.array(moments, dtype="datetime64[us]").astype("datetime64[D]")


def _wrong_field_count(texts: list[str | None], width: int) -> bool:
    if len(texts) < width:
        return True
    # Extra trailing empty fields (a trailing delimiter) are harmless; extra values are not.
    return any(text is not None for text in texts[width:])
