"""The board's filters (period, ward, agency) and what each page reads from them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboards.data import BoardData


@dataclass(frozen=True)
class Filters:
    financial_year: str  # e.g. "2025-26": the year the headline figures describe; trends end there
    ward: str | None = None  # ward code, or None for the whole city
    agency: str | None = None  # agency code, or None for every agency


def financial_years(board: BoardData) -> list[str]:
    """Complete financial years with published figures, oldest first."""
    years = board.metrics[
        (board.metrics["period_type"] == "financial_year") & board.metrics["period_is_complete"]
    ]
    return sorted(years["period_label"].unique())


def default_filters(board: BoardData) -> Filters:
    """The latest complete financial year, the whole city, every agency."""
    return Filters(financial_year=financial_years(board)[-1])


def financial_year_end(board: BoardData, financial_year: str) -> pd.Timestamp:
    rows = board.metrics[
        (board.metrics["period_type"] == "financial_year")
        & (board.metrics["period_label"] == financial_year)
    ]
    return pd.Timestamp(rows["period_end"].max())


def agencies(board: BoardData) -> list[str]:
    """Agencies with a data-quality scorecard or an equality profile."""
    cohort_agencies = (
        board.metrics.loc[board.metrics["breakdown"] == "agency_cohort", "breakdown_value"]
        .str.split("|")
        .str[0]
    )
    return sorted(set(cohort_agencies) | set(board.dq_scorecard["agency"]))
