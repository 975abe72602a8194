"""Health identification: IRIS referrals from GP practices (shown with the cross-agency journeys)."""

from __future__ import annotations

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import (
    bars_with_benchmark,
    change_words,
    listing,
    previous_label,
    up_to_year,
    value_in,
)
from dashboards.filters import Filters
from dashboards.theme import format_value


def iris_referrals(board: BoardData, filters: Filters) -> Chart:
    quarters = up_to_year(board.series("m12_iris_referrals", "quarter"), board, filters).tail(12)
    years = up_to_year(board.series("m12_iris_referrals", "financial_year"), board, filters)
    year = filters.financial_year
    current = value_in(years, "m12_iris_referrals", year)
    before = previous_label(years, year)
    return make_chart(
        board,
        chart_id="health-iris-referrals",
        measures=["m12_iris_referrals"],
        title=(
            f"IRIS referrals from GP practices "
            f"{change_words(current, value_in(years, 'm12_iris_referrals', before) if before else None, 'count')} in {year}"
        ),
        takeaway=f"{format_value(current, 'count')} referrals in {year}: GP practices are a route to support "
        "for people who never call the police.",
        figure=bars_with_benchmark(
            quarters,
            x="period_label",
            unit="count",
            series_name="Referrals",
            y_title="Referrals a quarter",
        ),
        data=quarters,
        alt_text=f"Bar chart of IRIS referrals by quarter for the last three years: {listing(quarters, 'count')}.",
    )
