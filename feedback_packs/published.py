"""Read what the feedback packs may show: the publish schema of the published warehouse, read-only.

Every agency-level table is split by agency here, once, so the code that builds a pack is only ever
handed one agency's rows (plus the partnership-wide aggregates, which name no agency). Rows are plain
dicts of Python values (None for null): ~380 packs are a great many small look-ups, which plain Python
does far faster than DataFrames.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

Row = dict
# publish tables split by agency, with the order the packs read them in
AGENCY_TABLES = {
    "periods": ("publish_dq_submission_periods", "period_start"),
    "files": ("publish_dq_submission_files", "received_at"),
    "scorecard": ("publish_dq_scorecard", "period_start, rule_name, field_name"),
    "issues": ("publish_dq_record_issues", "file_name, source_row_number, rule_name, field_name"),
    "unmapped": ("publish_dq_unmapped_values", "field_name, value_rank"),
}


@dataclass(frozen=True)
class AgencyData:
    """One agency's published data-quality rows: all a pack for the agency may show about anyone."""

    agency: str
    agency_name: str
    periods: list[Row]
    files: list[Row]
    scorecard: list[Row]
    issues: list[Row]
    unmapped: list[Row]


@dataclass(frozen=True)
class Published:
    agencies: list[AgencyData]
    # aggregates over every agency (at least three per figure), so every pack may show them
    partnership_average: list[Row]
    guidance: dict[str, Row]


def _rows(connection: duckdb.DuckDBPyConnection, table: str, order_by: str) -> list[Row]:
    cursor = connection.execute(f"select * from publish.{table} order by {order_by}")
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]


def _by_agency(rows: list[Row]) -> dict[str, list[Row]]:
    split = defaultdict(list)
    for row in rows:
        split[row["agency"]].append(row)
    return split


def load_published(warehouse: Path) -> Published:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        agencies = _rows(connection, "publish_dq_agencies", "agency")
        split = {
            key: _by_agency(_rows(connection, table, order_by))
            for key, (table, order_by) in AGENCY_TABLES.items()
        }
        average = _rows(
            connection,
            "publish_dq_partnership_average",
            "period_type, period_start, rule_name, field_name",
        )
        guidance = _rows(connection, "publish_dq_rule_guidance", "rule_name")
    return Published(
        agencies=[
            AgencyData(
                agency=agency["agency"],
                agency_name=agency["agency_name"],
                **{key: rows.get(agency["agency"], []) for key, rows in split.items()},
            )
            for agency in agencies
        ],
        partnership_average=average,
        guidance={row["rule_name"]: row for row in guidance},
    )
