"""From the rows of one file to raw-table records and rejected rows.

The order matters: rows that cannot be trusted at all (wrong number of fields, exact repeats) are
set aside first; date columns are then read as whole columns (see `dates.py`); finally each row is
checked for its required fields, and its identifiers are turned into keys in memory. Identifier
values never leave this module: the records hold keys and statuses, the rejections hold row numbers,
field names and, for non-identifier fields only, the offending value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from warehouse.registry import Agency

from .dates import DateColumn, read_date_column
from .headers import HeaderMatch, required_fields
from .keys import Pseudonymiser
from .persons import DateOfBirth, PersonDeriver, plan_owners
from .postcodes import PostcodeLookup
from .readers import RawSheet

_INTEGER_FLOAT = re.compile(r"^-?\d+\.0+$")


@dataclass
class Rejection:
    source_row_number: int
    reason_code: str  # malformed_row | duplicate_row | missing_required_field | unparseable_required_date | duplicate_file
    reason: str
    field: str | None = None
    value: str | None = None  # only ever a non-identifier field's value


@dataclass
class TransformedFile:
    columns: list[str]  # `_source_row_number`, retained fields, derived columns
    records: list[tuple]
    rejections: list[Rejection]
    rows_in: int
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return len(self.records)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejections)


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
        if any(text is not None for text in texts):
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

    def _is_date_field(self, name: str) -> bool:
        if name in self.agency.identifiers:
            return self.agency.identifiers[name].kind == "date_of_birth"
        # The event date is read as a date even if the registry forgot its type: age needs it.
        return (
            self.agency.field_spec(name).type in ("date", "datetime")
            or name == self.agency.event_date
        )

    def transform(self, sheet: RawSheet, match: HeaderMatch) -> TransformedFile:
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
        rows = data_rows(sheet, match)
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

        # 2. Date columns, read as whole columns so one format is applied consistently.
        dates: dict[str, DateColumn] = {}
        for name in match.columns:
            if self._is_date_field(name):
                index = match.columns[name]
                is_dob = name in agency.identifiers
                column = read_date_column(
                    name,
                    [_date_cell(cells[index]) for _, cells, _ in kept],
                    agency.date_formats_for(name),
                    expected_formats=agency.expected_date_formats_for(name),
                    with_time=agency.field_spec(name).type == "datetime",
                    past_only=is_dob,
                )
                dates[name] = column
                warnings.extend(column.warnings)

        # 3. Row by row: required fields, then the record with identifiers turned into keys.
        required = [name for name in required_fields(agency) if name in present]
        identifier_fields = [name for name in agency.identifiers if name in present]
        integer_fields = {name for name in present if agency.field_spec(name).type == "integer"}
        deriver = PersonDeriver(agency, plan_owners(agency, present), self.keys, self.postcodes)
        records: list[tuple] = []
        for position, (row_number, _, texts) in enumerate(kept):
            values: dict[str, str | None] = {}
            for name, index in match.columns.items():
                if name in dates:
                    values[name] = dates[name].text[position]
                else:
                    text = texts[index]
                    if name in integer_fields and text and _INTEGER_FLOAT.match(text):
                        text = text.split(".", 1)[0]
                    values[name] = text

            rejection = self._check_required(
                row_number, required, values, dates, position, header_names
            )
            if rejection:
                rejections.append(rejection)
                continue

            births = {}
            for name in identifier_fields:
                if name in dates:
                    parsed = dates[name].parsed[position]
                    if values[name] is None:
                        births[name] = DateOfBirth("missing")
                    elif parsed is None:
                        births[name] = DateOfBirth("invalid")
                    else:
                        births[name] = DateOfBirth("recorded", parsed.date())
            event_column = dates.get(agency.event_date)
            event = event_column.parsed[position] if event_column else None
            derived = deriver.derive(
                {name: values[name] for name in identifier_fields}, births, event
            )
            record = [row_number]
            record += [values.get(name) for name in self.retained]
            record += [derived[name] for name in self.derived]
            records.append(tuple(record))

        if not rows:
            warnings.append("file has a header but no data rows")
        return TransformedFile(self.columns, records, rejections, len(rows), warnings)

    def _check_required(
        self,
        row_number: int,
        required: list[str],
        values: dict[str, str | None],
        dates: dict[str, DateColumn],
        position: int,
        header_names: dict[str, str],
    ) -> Rejection | None:
        blank = [name for name in required if values.get(name) is None]
        if blank:
            described = ", ".join(f"{name} ({header_names.get(name, name)!r})" for name in blank)
            verb = "field {} is" if len(blank) == 1 else "fields {} are"
            reason = f"required {verb.format(described)} blank"
            return Rejection(row_number, "missing_required_field", reason, blank[0])
        for name in required:
            if name in dates and dates[name].parsed[position] is None:
                formats = ", ".join(self.agency.date_formats_for(name))
                value = None if name in self.agency.identifiers else values[name]
                return Rejection(
                    row_number,
                    "unparseable_required_date",
                    f"required date {name} ({header_names.get(name, name)!r}) could not be read "
                    f"with any of the formats {formats}",
                    name,
                    value,
                )
        return None


def _wrong_field_count(texts: list[str | None], width: int) -> bool:
    if len(texts) < width:
        return True
    # Extra trailing empty fields (a trailing delimiter) are harmless; extra values are not.
    return any(text is not None for text in texts[width:])
