"""The DuckDB side of ingest: raw tables, the submissions ledger and the rejected-rows table.

The ledger is the memory of the inbox: every file ever seen gets one row (loaded, rejected, duplicate
or quarantined), which is how a re-run knows what it has already done and how the data-quality
marts know what arrived when. Rejected rows are kept one per source row with a reason an agency can
act on. Neither table ever holds an identifier value.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from datetime import date, datetime
from itertools import count

import duckdb
import pandas as pd

from warehouse.registry import Agency

from .transform import Rejection, TransformedFile

LOADED_STATUSES = ("loaded", "loaded_with_rejections")
STATUSES = (*LOADED_STATUSES, "superseded", "duplicate_file", "quarantined")

SUBMISSIONS_DDL = f"""
CREATE TABLE IF NOT EXISTS ledger.submissions (
    submission_id BIGINT PRIMARY KEY,
    agency VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    content_sha256 VARCHAR NOT NULL,
    file_bytes BIGINT NOT NULL,
    received_at TIMESTAMP,          -- the file's modification time: when it reached the inbox
    processed_at TIMESTAMP NOT NULL,
    period_start DATE,              -- from the file name; null when the name gives no readable period
    period_end DATE,
    period_label VARCHAR,
    schema_version VARCHAR,
    encoding VARCHAR,               -- null for workbooks and files never decoded
    rows_in INTEGER NOT NULL,
    rows_loaded INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ({", ".join(f"'{s}'" for s in STATUSES)})),
    message VARCHAR,
    warnings VARCHAR,               -- '; '-separated
    columns_unexpected VARCHAR,     -- ', '-separated source header names, ignored
    columns_missing VARCHAR,        -- ', '-separated source header names of the schema version
    superseded_by BIGINT,
    CHECK (rows_in = rows_loaded + rows_rejected)
)
"""

REJECTED_ROWS_DDL = """
CREATE TABLE IF NOT EXISTS ledger.rejected_rows (
    submission_id BIGINT NOT NULL,
    agency VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    source_row_number INTEGER,      -- the row number the agency sees when it opens the file
    reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    field VARCHAR,                  -- canonical field name
    value VARCHAR                   -- the value received, never for an identifier field
)
"""

# What the registry says about each agency, so dbt (dim_agency, timeliness) reads the configuration
# rather than repeating it.
# The registry as data, for dbt: one row per agency (its display name and label, service, first expected
# period, cadence and due days), so models read the configuration rather than repeat it.
AGENCIES_COLUMNS = {
    "agency": "VARCHAR PRIMARY KEY",
    "agency_name": "VARCHAR NOT NULL",
    "agency_label": "VARCHAR NOT NULL",
    "service": "VARCHAR NOT NULL",
    "extract_description": "VARCHAR",
    "entity": "VARCHAR NOT NULL",
    "first_period_start": "DATE NOT NULL",
    "cadence": "VARCHAR NOT NULL",  # monthly | quarterly
    "period_type": "VARCHAR NOT NULL",  # month | financial_quarter | calendar_quarter
    "due_days_after_period_end": "INTEGER NOT NULL",
    "client_roles": "VARCHAR[] NOT NULL",
    "file_format": "VARCHAR NOT NULL",
    "file_pattern": "VARCHAR NOT NULL",
    "registry_file": "VARCHAR NOT NULL",
}
AGENCIES_DDL = "CREATE TABLE IF NOT EXISTS ledger.agencies (\n    {}\n)".format(
    ",\n    ".join(f"{name} {kind}" for name, kind in AGENCIES_COLUMNS.items())
)

METADATA_TYPES = {
    "_submission_id": "BIGINT",
    "_source_row_number": "INTEGER",
    "_schema_version": "VARCHAR",
    "_loaded_at": "TIMESTAMP",
}

_frame_names = count(1)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def raw_table(agency: Agency) -> str:
    return f"raw.{quote(agency.agency)}"


def ensure_ledger(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("CREATE SCHEMA IF NOT EXISTS ledger")
    connection.execute(SUBMISSIONS_DDL)
    connection.execute(REJECTED_ROWS_DDL)


def record_agency(connection: duckdb.DuckDBPyConnection, agency: Agency) -> None:
    """Keep `ledger.agencies` in step with the agency's registry entry. The table holds nothing but the
    registry, so when the registry has gained a column since it was made, it is simply made again."""
    existing = [
        row[0]
        for row in connection.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = 'ledger' AND table_name = 'agencies' ORDER BY ordinal_position"
        ).fetchall()
    ]
    if existing and existing != list(AGENCIES_COLUMNS):
        connection.execute("DROP TABLE ledger.agencies")
    connection.execute(AGENCIES_DDL)
    connection.execute(
        f"INSERT OR REPLACE INTO ledger.agencies VALUES ({', '.join('?' * len(AGENCIES_COLUMNS))})",
        [
            agency.agency,
            agency.name,
            agency.label,
            agency.service,
            agency.extract,
            agency.entity,
            agency.first_period,
            agency.cadence,
            agency.period,
            agency.due_days_after_period_end,
            list(agency.client_roles),
            agency.file.format,
            agency.file.pattern.pattern,
            f"agencies/{agency.source_file.name}",
        ],
    )


def ensure_raw_table(connection: duckdb.DuckDBPyConnection, agency: Agency) -> None:
    """Create `raw.<agency>` with the registry's columns, adding any the registry has gained since."""
    connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
    columns = [(name, METADATA_TYPES.get(name, "VARCHAR")) for name in agency.raw_columns]
    body = ",\n    ".join(f"{quote(name)} {kind}" for name, kind in columns)
    connection.execute(f"CREATE TABLE IF NOT EXISTS {raw_table(agency)} (\n    {body}\n)")
    existing = {
        row[0]
        for row in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ?",
            [agency.agency],
        ).fetchall()
    }
    for name, kind in columns:
        if name not in existing:
            connection.execute(f"ALTER TABLE {raw_table(agency)} ADD COLUMN {quote(name)} {kind}")


@dataclass
class Submission:
    """One row of `ledger.submissions` (field order = column order)."""

    submission_id: int
    agency: str
    file_name: str
    content_sha256: str
    file_bytes: int
    received_at: datetime | None
    processed_at: datetime
    period_start: date | None
    period_end: date | None
    period_label: str | None
    schema_version: str | None
    encoding: str | None
    rows_in: int
    rows_loaded: int
    rows_rejected: int
    status: str
    message: str | None
    warnings: str | None
    columns_unexpected: str | None
    columns_missing: str | None
    superseded_by: int | None = None


def insert_submission(connection: duckdb.DuckDBPyConnection, submission: Submission) -> None:
    names = [f.name for f in fields(Submission)]
    placeholders = ", ".join("?" for _ in names)
    connection.execute(
        f"INSERT INTO ledger.submissions ({', '.join(names)}) VALUES ({placeholders})",
        list(astuple(submission)),
    )


def next_submission_id(connection: duckdb.DuckDBPyConnection) -> int:
    return connection.execute(
        "SELECT coalesce(max(submission_id), 0) + 1 FROM ledger.submissions"
    ).fetchone()[0]


def processed_files(connection: duckdb.DuckDBPyConnection, agency: str) -> set[tuple[str, str]]:
    """(file name, content hash) of every file of this agency already dealt with. A quarantined file
    is not on the list: if it is back in the inbox, someone put it back to be tried again."""
    rows = connection.execute(
        "SELECT file_name, content_sha256 FROM ledger.submissions WHERE agency = ? AND status <> 'quarantined'",
        [agency],
    ).fetchall()
    return {(name, sha) for name, sha in rows}


def loaded_with_same_content(
    connection: duckdb.DuckDBPyConnection, agency: str, sha256: str
) -> tuple[int, str] | None:
    """(submission id, file name) of the first loaded file of this agency with this content."""
    return connection.execute(
        """
        SELECT submission_id, file_name FROM ledger.submissions
        WHERE agency = ? AND content_sha256 = ? AND status IN ('loaded', 'loaded_with_rejections', 'superseded')
        ORDER BY submission_id LIMIT 1
        """,
        [agency, sha256],
    ).fetchone()


def insert_rejections(
    connection: duckdb.DuckDBPyConnection,
    submission_id: int,
    agency: str,
    file_name: str,
    rejections: list[Rejection],
) -> None:
    if not rejections:
        return
    frame = pd.DataFrame(
        {
            "source_row_number": [r.source_row_number for r in rejections],
            "reason_code": [r.reason_code for r in rejections],
            "reason": [r.reason for r in rejections],
            "field": pd.Series([r.field for r in rejections], dtype=object),
            "value": pd.Series([r.value for r in rejections], dtype=object),
        }
    )
    _insert_frame(
        connection,
        "ledger.rejected_rows",
        frame,
        "?::BIGINT AS submission_id, ?::VARCHAR AS agency, ?::VARCHAR AS file_name",
        [submission_id, agency, file_name],
    )


def insert_raw(
    connection: duckdb.DuckDBPyConnection,
    agency: Agency,
    transformed: TransformedFile,
    submission_id: int,
    schema_version: str,
    loaded_at: datetime,
) -> None:
    if not transformed.records:
        return
    frame = pd.DataFrame.from_records(transformed.records, columns=transformed.columns)
    _insert_frame(
        connection,
        raw_table(agency),
        frame,
        "?::BIGINT AS _submission_id, ?::VARCHAR AS _schema_version, ?::TIMESTAMP AS _loaded_at",
        [submission_id, schema_version, loaded_at],
    )


def _insert_frame(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    frame: pd.DataFrame,
    constants: str,
    parameters: list,
) -> None:
    # BY NAME matches DataFrame columns to table columns whatever their order; the per-file
    # constants (submission id and so on) are added in SQL rather than repeated in the frame.
    name = f"_ingest_frame_{next(_frame_names)}"
    connection.register(name, frame)
    try:
        connection.execute(
            f"INSERT INTO {table} BY NAME SELECT *, {constants} FROM {name}", parameters
        )
    finally:
        connection.unregister(name)


def supersede_covered(
    connection: duckdb.DuckDBPyConnection, agency: str, submission_id: int, start: date, end: date
) -> list[tuple[int, str]]:
    """Mark earlier loaded files whose period lies within [start, end] as superseded by this one."""
    covered = connection.execute(
        """
        SELECT submission_id, file_name FROM ledger.submissions
        WHERE agency = ? AND submission_id < ? AND status IN ('loaded', 'loaded_with_rejections')
          AND period_start >= ? AND period_end <= ?
        ORDER BY submission_id
        """,
        [agency, submission_id, start, end],
    ).fetchall()
    for covered_id, _ in covered:
        connection.execute(
            "UPDATE ledger.submissions SET status = 'superseded', superseded_by = ? WHERE submission_id = ?",
            [submission_id, covered_id],
        )
    return [(covered_id, name) for covered_id, name in covered]
