"""Recognising the header row and the schema version it belongs to.

Agencies rename, reorder, re-case and add columns. We match header names exactly, then ignoring case
and spacing (recorded as drift), pick the schema version that matches best, and refuse a file only
when a required column is missing or the row hardly looks like a header at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warehouse.registry import Agency

from .errors import FileProblem

# Where the configured header row does not work, look this far down for the real one (an agency
# adding or removing a title row should not stop the load).
HEADER_SEARCH_ROWS = 20


@dataclass
class HeaderMatch:
    version: str
    header_row: int  # physical row number of the header
    width: int  # number of header cells (trailing blank cells dropped)
    columns: dict[str, int]  # canonical field -> cell index
    unexpected: list[str] = field(default_factory=list)  # header names not in the version
    missing: list[str] = field(default_factory=list)  # version header names not in the file
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None  # why this match is not good enough, if it is not


def cell_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _loose(name: str) -> str:
    return " ".join(name.split()).casefold()


def required_fields(agency: Agency) -> list[str]:
    """Fields that must have a value in every row: the registry's required fields, the record id and
    the event date (nothing downstream can use a row without them)."""
    required = [name for name in agency.canonical_fields if agency.field_spec(name).required]
    for name in (agency.record_id, agency.event_date):
        if name not in required:
            required.append(name)
    return required


def _match_version(agency: Agency, version: str, header: list[str], row_number: int) -> HeaderMatch:
    expected = agency.schema_versions[version]  # source header -> canonical field
    exact = {}
    loose = {}
    for index, name in enumerate(header):
        if name:
            exact.setdefault(name, index)
            loose.setdefault(_loose(name), index)
    columns: dict[str, int] = {}
    used: set[int] = set()
    warnings: list[str] = []
    missing: list[str] = []
    for source_name, canonical in expected.items():
        index = exact.get(source_name)
        if index is None:
            index = loose.get(_loose(source_name))
            if index is not None and index not in used:
                warnings.append(f"header {header[index]!r} read as {source_name!r}")
        if index is None or index in used:
            missing.append(source_name)
            continue
        columns[canonical] = index
        used.add(index)
    unexpected = []
    for index, name in enumerate(header):
        if index not in used:
            unexpected.append(name or f"(unnamed column {index + 1})")
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        warnings.append(
            f"header repeats {', '.join(map(repr, duplicates))}; the first of each was read"
        )

    problem = None
    header_names = {canonical: source for source, canonical in expected.items()}
    absent_required = [
        f"{header_names[name]!r} ({name})"
        for name in required_fields(agency)
        if name in header_names and name not in columns
    ]
    if len(columns) * 2 < len(expected):
        problem = (
            f"row {row_number} does not look like the {agency.agency} header: only {len(columns)} of "
            f"{len(expected)} schema {version} columns recognised"
        )
    elif absent_required:
        problem = (
            f"header (row {row_number}) is missing required column(s) {', '.join(absent_required)} "
            f"of schema {version}"
        )
    return HeaderMatch(
        version=version,
        header_row=row_number,
        width=len(header),
        columns=columns,
        unexpected=unexpected,
        missing=missing,
        warnings=warnings,
        problem=problem,
    )


def _header_cells(row: list[object]) -> list[str]:
    cells = [cell_text(cell) for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def best_match(agency: Agency, row: list[object], row_number: int) -> HeaderMatch:
    """The schema version that best matches one row taken as the header."""
    header = _header_cells(row)
    matches = [
        _match_version(agency, version, header, row_number) for version in agency.schema_versions
    ]
    # Most columns recognised wins; on a tie, the version with fewer missing columns.
    return max(matches, key=lambda match: (len(match.columns), -len(match.missing)))


def find_header(agency: Agency, rows: list[list[object]]) -> HeaderMatch:
    """The header row and schema version of a file, or FileProblem saying what is wrong."""
    configured = agency.file.header_row
    if len(rows) < configured or not _header_cells(rows[configured - 1]):
        # A blank or absent configured header row: maybe the title rows changed; search below.
        configured_match = None
    else:
        configured_match = best_match(agency, rows[configured - 1], configured)
        if configured_match.problem is None:
            return configured_match

    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        row_number = index + 1
        if row_number == configured or not _header_cells(row):
            continue
        candidate = best_match(agency, row, row_number)
        if candidate.problem is None:
            candidate.warnings.insert(
                0, f"header found on row {row_number}, not row {configured} as configured"
            )
            return candidate

    if configured_match is not None:
        raise FileProblem(_describe_problem(configured_match, rows[configured - 1]))
    if not any(_header_cells(row) for row in rows):
        raise FileProblem("file has no content (every row is blank)")
    raise FileProblem(
        f"no header row found: row {configured} (where the registry expects the header) is blank or "
        f"absent and no row in the first {HEADER_SEARCH_ROWS} looks like the {agency.agency} header"
    )


def _describe_problem(match: HeaderMatch, row: list[object]) -> str:
    if not match.columns:
        expected = ", ".join(repr(name) for name in match.missing[:4])
        return (
            f"none of the {len(match.missing)} expected columns (such as {expected}) is in the "
            f"header on row {match.header_row} or the rows near it: were the columns renamed, or is "
            "this a different extract?"
        )
    if len(match.columns) * 2 < len(match.columns) + len(match.missing):
        # The row is probably data, not a header: listing its cells could quote a name or a date
        # of birth, so name only what was recognised.
        recognised = ", ".join(
            repr(name) for name in _header_cells(row) if name and _is_known(match, name)
        )
        return f"{match.problem} ({recognised or 'none'}); is the header on a different row?"
    found = ", ".join(repr(name) for name in _header_cells(row) if name)
    return f"{match.problem}; columns found: {found}"


def _is_known(match: HeaderMatch, name: str) -> bool:
    return name not in match.unexpected
