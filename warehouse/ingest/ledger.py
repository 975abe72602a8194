"""The DuckDB side of ingest: raw tables, the submissions ledger, rejected rows and supersessions.

The ledger is the memory of the inbox: every file ever read gets one row, which is how a re-run knows
what it has already done and how the data-quality marts know what arrived when. A file's rows are
*current* (read by staging) only while its status is `loaded` or `loaded_with_rejections`; the rows
of a superseded, held or set-aside file stay in its raw table, so accepting or restoring it later
changes only its status. Rejected rows are kept one per source row with a reason an agency can act
on; every change of which file is current for a period is kept in `ledger.supersessions` with the
row counts before and after. No table ever holds an identifier value.

Statuses:
- `loaded`, `loaded_with_rejections`: current;
- `superseded`: replaced by a later file for the same period (`superseded_by`);
- `held_for_review`: a resubmission that does not look complete enough to replace what is current
  (header only, far fewer rows, another schema); `make accept FILE=...` makes it current;
- `set_aside`: failed the agency's structural checks; the agency's earlier data stays current;
- `dropped`: a held file the data lead chose not to use (`make drop FILE=...`);
- `duplicate_file`: the same bytes as a file already received, not loaded again;
- `quarantined`: could not be read at all; moved to the quarantine folder with a reason file.

Submission ids come from a sequence, so an id handed to a file whose transaction was rolled back is
never given to another file.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from datetime import date, datetime
from itertools import count

import duckdb
import pandas as pd

from warehouse.registry import Agency
from warehouse.sql import quote

from .transform import Rejection, TransformedFile

CURRENT_STATUSES = ("loaded", "loaded_with_rejections")
STATUSES = (
    *CURRENT_STATUSES,
    "superseded",
    "held_for_review",
    "set_aside",
    "dropped",
    "duplicate_file",
    "quarantined",
)

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

SUPERSESSIONS_DDL = """
CREATE TABLE IF NOT EXISTS ledger.supersessions (
    superseded_id BIGINT NOT NULL,  -- the submission that stopped being current
    superseded_by BIGINT NOT NULL,  -- the one current in its place
    agency VARCHAR NOT NULL,
    rows_before INTEGER NOT NULL,   -- rows loaded from the superseded submission
    rows_after INTEGER NOT NULL,    -- rows loaded from its replacement
    reason VARCHAR NOT NULL,        -- resubmission | restored | accepted
    recorded_at TIMESTAMP NOT NULL
)
"""
SUBMISSION_IDS = "ledger.submission_ids"

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


def raw_table(agency: Agency) -> str:
    return f"raw.{quote(agency.agency)}"


def ensure_ledger(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("CREATE SCHEMA IF NOT EXISTS ledger")
    connection.execute(SUBMISSIONS_DDL)
    _allow_every_status(connection)
    connection.execute(REJECTED_ROWS_DDL)
    connection.execute(SUPERSESSIONS_DDL)
    _ensure_submission_ids(connection)


def _allow_every_status(connection: duckdb.DuckDBPyConnection) -> None:
    """A ledger created before a status existed has a CHECK constraint without it, which DuckDB
    cannot alter: copy the table into one created with today's definition."""
    (definition,) = connection.execute(
        "SELECT sql FROM duckdb_tables() WHERE schema_name = 'ledger' AND table_name = 'submissions'"
    ).fetchone()
    if all(f"'{status}'" in definition for status in STATUSES):
        return
    connection.begin()
    connection.execute("ALTER TABLE ledger.submissions RENAME TO submissions_before_statuses")
    connection.execute(SUBMISSIONS_DDL)
    connection.execute(
        "INSERT INTO ledger.submissions SELECT * FROM ledger.submissions_before_statuses"
    )
    connection.execute("DROP TABLE ledger.submissions_before_statuses")
    connection.commit()


def _ensure_submission_ids(connection: duckdb.DuckDBPyConnection) -> None:
    exists = connection.execute(
        "SELECT count(*) FROM duckdb_sequences() WHERE schema_name = 'ledger' AND sequence_name = ?",
        [SUBMISSION_IDS.split(".")[1]],
    ).fetchone()[0]
    if not exists:
        (start,) = connection.execute(
            "SELECT coalesce(max(submission_id), 0) + 1 FROM ledger.submissions"
        ).fetchone()
        connection.execute(f"CREATE SEQUENCE {SUBMISSION_IDS} START WITH {int(start)}")


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
    """A new submission id (never handed out twice, even when its transaction rolls back)."""
    return connection.execute(f"SELECT nextval('{SUBMISSION_IDS}')").fetchone()[0]


def processed_files(connection: duckdb.DuckDBPyConnection, agency: str) -> set[tuple[str, str]]:
    """(file name, content hash) of every file of this agency already dealt with. A quarantined file
    is not on the list: if it is back in the inbox, someone put it back to be tried again."""
    rows = connection.execute(
        "SELECT file_name, content_sha256 FROM ledger.submissions WHERE agency = ? AND status <> 'quarantined'",
        [agency],
    ).fetchall()
    return {(name, sha) for name, sha in rows}


@dataclass(frozen=True)
class EarlierFile:
    """A submission already in the ledger, as the decisions about a new file need it."""

    submission_id: int
    file_name: str
    status: str
    rows_loaded: int
    schema_version: str | None

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    def describe(self) -> str:
        return f"submission {self.submission_id} ({self.file_name}, {self.rows_loaded} rows)"


_EARLIER_COLUMNS = "submission_id, file_name, status, rows_loaded, schema_version"


def same_content(
    connection: duckdb.DuckDBPyConnection, agency: str, sha256: str
) -> list[EarlierFile]:
    """Every file of this agency that was read and had these bytes, oldest first."""
    rows = connection.execute(
        f"SELECT {_EARLIER_COLUMNS} FROM ledger.submissions"
        " WHERE agency = ? AND content_sha256 = ? AND status <> 'quarantined' ORDER BY submission_id",
        [agency, sha256],
    ).fetchall()
    return [EarlierFile(*row) for row in rows]


def current_within(
    connection: duckdb.DuckDBPyConnection, agency: str, start: date, end: date
) -> list[EarlierFile]:
    """The agency's current files whose period lies within [start, end]: what a file for that
    period replaces."""
    rows = connection.execute(
        f"SELECT {_EARLIER_COLUMNS} FROM ledger.submissions"
        " WHERE agency = ? AND status IN ('loaded', 'loaded_with_rejections')"
        " AND period_start >= ? AND period_end <= ? ORDER BY submission_id",
        [agency, start, end],
    ).fetchall()
    return [EarlierFile(*row) for row in rows]


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


def raw_records(
    transformed: TransformedFile, submission_id: int, schema_version: str, loaded_at: datetime
) -> pd.DataFrame:
    """A file's loaded rows as they go into its raw table (and to its structural checks)."""
    frame = transformed.records.copy(deep=False)
    frame.insert(0, "_submission_id", pd.Series([submission_id] * len(frame), dtype="int64"))
    frame["_schema_version"] = schema_version
    frame["_loaded_at"] = pd.Timestamp(loaded_at)
    return frame


def insert_raw(
    connection: duckdb.DuckDBPyConnection, agency: Agency, records: pd.DataFrame
) -> None:
    if records.empty:
        return
    _insert_frame(connection, raw_table(agency), records)


def _insert_frame(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    frame: pd.DataFrame,
    constants: str = "",
    parameters: list | None = None,
) -> None:
    # BY NAME matches DataFrame columns to table columns whatever their order; per-file constants
    # (the submission id of rejected rows, say) can be added in SQL rather than repeated in the frame.
    name = f"_ingest_frame_{next(_frame_names)}"
    connection.register(name, frame)
    extra = f", {constants}" if constants else ""
    try:
        connection.execute(
            f"INSERT INTO {table} BY NAME SELECT *{extra} FROM {name}", parameters or []
        )
    finally:
        connection.unregister(name)


def supersede(
    connection: duckdb.DuckDBPyConnection,
    agency: str,
    replaced: list[EarlierFile],
    by: int,
    rows_after: int,
    reason: str,
    at: datetime,
) -> None:
    """Mark `replaced` as superseded by submission `by`, recording each change with its row counts."""
    for earlier in replaced:
        connection.execute(
            "UPDATE ledger.submissions SET status = 'superseded', superseded_by = ? WHERE submission_id = ?",
            [by, earlier.submission_id],
        )
        connection.execute(
            "INSERT INTO ledger.supersessions VALUES (?, ?, ?, ?, ?, ?, ?)",
            [earlier.submission_id, by, agency, earlier.rows_loaded, rows_after, reason, at],
        )


def current_status(rows_rejected: int) -> str:
    return "loaded_with_rejections" if rows_rejected else "loaded"
