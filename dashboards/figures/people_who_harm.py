"""People who harm: the perpetrator programme and how often police records identify a suspect."""

from __future__ import annotations

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import (
    bars_with_benchmark,
    change_words,
    grouped_bars,
    listing,
    previous_label,
    row_for,
    up_to_year,
    value_in,
    yearly,
)
from dashboards.filters import Filters
from dashboards.theme import format_value


def programme_volume(board: BoardData, filters: Filters) -> Chart:
    measures = ["m13_programme_referrals", "m13_programme_completions"]
    rows = yearly(board, measures, filters)
    year = filters.financial_year
    referrals = value_in(rows, measures[0], year)
    before = previous_label(rows, year)
    return make_chart(
        board,
        chart_id="harm-programme-volume",
        measures=measures,
        title=(
            f"Referrals to the programme for people who harm "
            f"{change_words(referrals, value_in(rows, measures[0], before) if before else None, 'count')} in {year}"
        ),
        takeaway=f"{format_value(referrals, 'count')} referrals and "
        f"{format_value(value_in(rows, measures[1], year), 'count')} completions in {year}.",
        figure=grouped_bars(rows, unit="count", y_title="People"),
        data=rows,
        alt_text="Grouped bar chart of programme referrals and completions by financial year: "
        + "; ".join(
            f"{m}: {listing(g, 'count')}" for m, g in rows.groupby("measure_name", sort=False)
        )
        + ".",
    )


def fully_assessed(board: BoardData, filters: Filters) -> Chart:
    rows = up_to_year(
        board.series("m13_programme_fully_assessed", "financial_year"), board, filters
    )
    current = row_for(rows, filters.financial_year)
    value = None if current is None else current["value"]
    return make_chart(
        board,
        chart_id="harm-fully-assessed",
        measures=["m13_programme_fully_assessed"],
        title=f"{format_value(value, 'percent')} of programme referrals were fully assessed in {filters.financial_year}",
        takeaway="Referrals that are never assessed are people who harm with no intervention; the marker is Coventry's 2020 rate.",
        figure=bars_with_benchmark(
            rows,
            x="period_label",
            unit="percent",
            series_name="Fully assessed",
            benchmark_column="benchmark_value",
            benchmark_name="Coventry 2020",
            y_title="% of referrals",
        ),
        data=rows,
        alt_text=f"Bar chart of the share of programme referrals fully assessed by year: {listing(rows, 'percent')}.",
    )


def suspect_linkage(board: BoardData, filters: Filters) -> Chart:
    rows = up_to_year(board.series("m13_police_suspect_linkage", "financial_year"), board, filters)
    current = row_for(rows, filters.financial_year)
    value = None if current is None else current["value"]
    return make_chart(
        board,
        chart_id="harm-suspect-linkage",
        measures=["m13_police_suspect_linkage"],
        title=f"Police identified a suspect in {format_value(value, 'percent')} of incidents in {filters.financial_year}",
        takeaway="Without a recorded suspect, the partnership cannot see repeat or serial perpetrators.",
        figure=bars_with_benchmark(
            rows,
            x="period_label",
            unit="percent",
            series_name="Incidents with a suspect",
            y_title="% of incidents",
        ),
        data=rows,
        alt_text=f"Bar chart of the share of incidents with a suspect identified by year: {listing(rows, 'percent')}.",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [
        programme_volume(board, filters),
        fully_assessed(board, filters),
        suspect_linkage(board, filters),
    ]
