"""Validate an agency's staged rows with Great Expectations 1.x (GX has no DuckDB datasource that
works, so rows are read from DuckDB into pandas and validated as a DataFrame).

Which rows: after dbt, every current staged row of the agency (`staging.stg_<agency>__*`), so the
verdict depends on the data and not on which run looks; at ingest, one submission's rows in the same
shape (`structure.py`).

The check adds three columns of its own (prefixed `_`) so the suites can test dates numerically:
`_received_at` (when the row's file arrived, from the ledger), `_event_year` (the event date's year,
null if it does not parse) and `_event_days_after_receipt`.

Only the columns some expectation reads are fetched (`AgencySuite.columns_read`); the others are in the
frame by name only, all null, for the expectations that compare the column names. Most of a staged
table's size is pseudonymous keys no expectation reads: at national volume, fetching them took 10 GB.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig

from warehouse.checks.suites import SEVERITIES, AgencySuite
from warehouse.sql import quote


@dataclass
class StagedRows:
    frame: pd.DataFrame
    submissions: int


# As one Python string per cell, an agency's rows cost about 65 bytes a cell: 1.9 GB for a force's
# police rows (600,000), and more than the machine at national volume. Read in chunks with every text
# column as a category, each distinct value is held once and a cell costs its category code.
CHUNK_VECTORS = 128  # DuckDB vectors of 2,048 rows: about 260,000 rows a chunk


def staged_rows(connection: duckdb.DuckDBPyConnection, suite: AgencySuite) -> StagedRows:
    """Every current staged row of the agency, with when its file arrived."""
    table = f"staging.{suite.staging_model}"
    columns = [row[0] for row in connection.execute(f"describe {table}").fetchall()]
    read = suite.columns_read()
    fetched = [
        name
        for name in columns
        if read is None or name in read or name in (suite.event_date, "submission_id")
    ]
    connection.execute(
        f"select {', '.join(f'rows.{quote(name)}' for name in fetched)},"
        f" coalesce(s.received_at, s.processed_at) as _received_at"
        f" from {table} as rows"
        f" join ledger.submissions as s using (submission_id)"
    )
    text = [name for name, kind, *_ in connection.description if str(kind) == "VARCHAR"]
    parts = list(_chunks(connection, text))
    frame = _concatenated(parts[:-1] or parts)  # the last chunk is empty: needed only when all are
    for name in set(columns) - set(fetched):
        frame[name] = name_only(len(frame))
    frame = frame[[*columns, "_received_at"]]
    return StagedRows(frame, frame.submission_id.nunique())


def name_only(rows: int) -> pd.Categorical:
    """A column no expectation reads: all null, a byte a row, there for its name."""
    return pd.Categorical.from_codes(np.full(rows, -1, np.int8), categories=[])


def _chunks(connection: duckdb.DuckDBPyConnection, text: list[str]):
    """The pending result in chunks, its text columns as categories, then the empty chunk at its end."""
    while not (chunk := connection.fetch_df_chunk(CHUNK_VECTORS)).empty:
        yield chunk.astype(dict.fromkeys(text, "category"))
    yield chunk


def _concatenated(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks as one frame, each text column still one category (pandas.concat would turn
    categories that differ between chunks back into strings)."""
    if len(parts) == 1:
        return parts[0]
    columns = {}
    for name in parts[0].columns:
        pieces = [part[name] for part in parts]
        if isinstance(pieces[0].dtype, pd.CategoricalDtype):
            columns[name] = union_categoricals(_same_kind(pieces), ignore_order=True)
        else:
            columns[name] = pd.concat(pieces, ignore_index=True)
    return pd.DataFrame(columns)


def _same_kind(pieces: list[pd.Series]) -> list[pd.Series]:
    """A chunk where a text column is all null has no categories, of no particular type: give it the
    other chunks' type, which union_categoricals requires."""
    kinds = [piece.cat.categories.dtype for piece in pieces if len(piece.cat.categories)]
    if not kinds:
        return pieces
    empty = pd.Index([], dtype=kinds[0])
    return [
        piece if len(piece.cat.categories) else piece.cat.set_categories(empty) for piece in pieces
    ]


def prepare(frame: pd.DataFrame, suite: AgencySuite) -> pd.DataFrame:
    """(Re)compute the derived date columns the suites test from whatever the frame holds, broken or not."""
    frame = frame.copy()
    if suite.event_date in frame.columns:
        event = pd.to_datetime(frame[suite.event_date], errors="coerce", format="ISO8601")
    else:
        event = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    received = pd.to_datetime(
        frame.get("_received_at", pd.Series(pd.NaT, index=frame.index)), errors="coerce"
    )
    frame["_event_year"] = event.dt.year.astype("float64")
    frame["_event_days_after_receipt"] = (event - received).dt.days.astype("float64")
    return frame


@dataclass
class FailedExpectation:
    expectation: str
    column: str | None
    unexpected_count: int | None
    unexpected_percent: float | None
    notes: str
    error: str | None = None  # GX could not evaluate it (for example the column is missing)

    def describe(self) -> str:
        where = f" on `{self.column}`" if self.column else ""
        if self.error:
            detail = f"could not be evaluated: {self.error}"
        elif self.unexpected_count is not None:
            detail = f"{self.unexpected_count} unexpected ({self.unexpected_percent or 0:.2f}%)"
        else:
            detail = "failed"
        return f"`{self.expectation}`{where}: {detail}. {self.notes}".strip()


@dataclass
class SeverityResult:
    evaluated: int = 0
    failed: list[FailedExpectation] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.failed


@dataclass
class SuiteOutcome:
    agency: str
    rows: int
    by_severity: dict[str, SeverityResult]

    @property
    def structural(self) -> SeverityResult:
        return self.by_severity["structural"]

    @property
    def warning(self) -> SeverityResult:
        return self.by_severity["warning"]


def quiet(context: gx.data_context.AbstractDataContext) -> None:
    """No progress bars in logs (GX shows them by default)."""
    context.variables.progress_bars = ProgressBarsConfig(globally=False)


def register(context: gx.data_context.AbstractDataContext, suite: AgencySuite):
    """Add (or refresh) the suite and its validation definition in `context`; returns the definition."""
    source = context.data_sources.add_or_update_pandas("staged_rows")
    try:
        asset = source.get_asset(suite.agency)
    except LookupError:
        asset = source.add_dataframe_asset(suite.agency)
    try:
        batch = asset.get_batch_definition("whole_frame")
    except KeyError:
        batch = asset.add_batch_definition_whole_dataframe("whole_frame")
    gx_suite = context.suites.add_or_update(suite.to_suite())
    return context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=f"{suite.agency}_staged_rows", data=batch, suite=gx_suite)
    )


def run_suite(frame: pd.DataFrame, suite: AgencySuite):
    """Run the agency's suite on `frame` in an ephemeral context (nothing written); GX's result."""
    context = gx.get_context(mode="ephemeral")
    quiet(context)
    definition = register(context, suite)
    return definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")


def _error_message(info: dict | None) -> str | None:
    """GX's reason an expectation could not be evaluated (it nests per-metric exceptions)."""
    if not info:
        return None
    if info.get("raised_exception"):
        message = info.get("exception_message")
    else:
        nested = [v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
        message = nested[0].get("exception_message") if nested else None
    return str(message).splitlines()[0][:200] if message else None


def summarise(result, suite: AgencySuite, rows: int) -> SuiteOutcome:
    """Split GX's result by each expectation's `meta.severity`. No row values are kept (only counts)."""
    by_severity = {severity: SeverityResult() for severity in SEVERITIES}
    for item in result.results:
        config = item.expectation_config
        bucket = by_severity[config.meta["severity"]]
        bucket.evaluated += 1
        if item.success:
            continue
        bucket.failed.append(
            FailedExpectation(
                expectation=config.type,
                column=config.kwargs.get("column"),
                unexpected_count=item.result.get("unexpected_count"),
                unexpected_percent=item.result.get("unexpected_percent"),
                notes=config.meta.get("notes", ""),
                error=_error_message(item.exception_info),
            )
        )
    return SuiteOutcome(agency=suite.agency, rows=rows, by_severity=by_severity)


def validate(frame: pd.DataFrame, suite: AgencySuite) -> SuiteOutcome:
    """Validate a frame of staged rows against the suite (the derived date columns are recomputed)."""
    frame = prepare(frame, suite)
    return summarise(run_suite(frame, suite), suite, len(frame))
