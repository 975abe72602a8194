"""The one place the dashboards read data: the publish schema of the published warehouse, read-only.

Everything is read into memory and the connection closed at once, so the pipeline can swap in a new
warehouse file while the board pack is built or the Dash app is serving.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

# Only the suppressed publish layer: these are the figures that may leave the building.
PUBLISH_QUERIES = {
    "metrics": "select * from publish.publish_board_metrics",
    "definitions": "select * from publish.publish_metric_definitions",
    "wards": "select * from publish.publish_wards order by ward_code",
    "dq_scorecard": "select * from publish.publish_dq_scorecard",
    "dq_trend": "select * from publish.publish_dq_scorecard_trend",
    "dq_submissions": "select * from publish.publish_dq_submission_periods",
    "agencies": "select * from publish.publish_dq_agencies order by agency",
    "dq_files_held_back": "select * from publish.publish_dq_files_held_back order by agency, received_at",
}


@dataclass(frozen=True)
class BoardData:
    """The published tables the dashboards use, as DataFrames."""

    metrics: pd.DataFrame
    definitions: pd.DataFrame
    wards: pd.DataFrame
    dq_scorecard: pd.DataFrame
    dq_trend: pd.DataFrame
    dq_submissions: pd.DataFrame
    agencies: pd.DataFrame  # the registry's agencies, with their display names and short labels
    dq_files_held_back: pd.DataFrame

    def series(
        self,
        measure: str,
        period_type: str | None = None,
        breakdown: str = "all",
    ) -> pd.DataFrame:
        """One measure's rows for a period type and breakdown, oldest period first."""
        rows = self.metrics[
            (self.metrics["measure"] == measure) & (self.metrics["breakdown"] == breakdown)
        ]
        if period_type is not None:
            rows = rows[rows["period_type"] == period_type]
        return rows.sort_values(["period_start", "breakdown_value"]).reset_index(drop=True)

    def agency_label(self, agency: str) -> str:
        """The agency's short label from the registry (its code if the registry no longer has it)."""
        labels = dict(zip(self.agencies["agency"], self.agencies["agency_label"], strict=True))
        return labels.get(agency, agency)

    def definition(self, measure: str) -> pd.Series:
        matches = self.definitions[self.definitions["measure"] == measure]
        if matches.empty:
            raise KeyError(f"No published definition for measure {measure!r}")
        return matches.iloc[0]


def load_board_data(warehouse_path: Path) -> BoardData:
    """Read the publish schema of `warehouse_path` (a read-only connection, closed before returning)."""
    if not Path(warehouse_path).exists():
        raise FileNotFoundError(
            f"No published warehouse at {warehouse_path}: run `make pipeline` first."
        )
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        frames = {name: connection.execute(sql).fetchdf() for name, sql in PUBLISH_QUERIES.items()}
    return BoardData(**frames)
