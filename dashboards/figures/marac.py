"""MARAC: volume against SafeLives, repeats, referral routes, diversity against benchmarks, IDVA capacity.

MARAC years run July to June; the year shown is the latest complete MARAC year by the end of the
selected financial year.
"""

from __future__ import annotations

import pandas as pd

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import (
    against_benchmark,
    bars_with_benchmark,
    change_words,
    is_missing,
    latest_row,
    up_to_year,
)
from dashboards.filters import Filters
from dashboards.theme import format_value

DIVERSITY_MEASURES = [
    "m05_marac_minoritised",
    "m05_marac_disabled",
    "m05_marac_lgbt",
    "m05_marac_male",
    "m05_marac_aged_16_17",
]


def marac_years(board: BoardData, measure: str, filters: Filters) -> pd.DataFrame:
    return up_to_year(board.series(measure, "marac_year"), board, filters)


def _year_words(row: pd.Series | None) -> str:
    return (
        "no complete MARAC year"
        if row is None
        else f"the MARAC year {row['period_label']} (July to June)"
    )


def _listing(rows: pd.DataFrame, unit: str, label: str = "period_label") -> str:
    return "; ".join(f"{r[label]}: {format_value(r['value'], unit)}" for _, r in rows.iterrows())


def _trend_against_standard(
    board: BoardData,
    filters: Filters,
    *,
    chart_id: str,
    measure: str,
    unit: str,
    series_name: str,
    y_title: str,
    subject: str,
    standard: str,
    takeaway_above: str,
    takeaway_below: str,
) -> Chart:
    """A measure by MARAC year against its published benchmark, titled with the latest year's position."""
    rows = marac_years(board, measure, filters)
    latest = latest_row(rows)
    benchmark = (
        None
        if latest is None or is_missing(latest["benchmark_value"])
        else float(latest["benchmark_value"])
    )
    benchmark_name = None if latest is None else str(latest["benchmark_name"])
    value = None if latest is None else latest["value"]
    previous = rows.iloc[-2]["value"] if len(rows) > 1 else None
    figure = bars_with_benchmark(
        rows,
        x="period_label",
        unit=unit,
        series_name=series_name,
        benchmark_value=benchmark,
        benchmark_name=benchmark_name,
        y_title=y_title,
    )
    return make_chart(
        board,
        chart_id=chart_id,
        measures=[measure],
        title=(
            f"{subject} was {format_value(value, unit)} in {_year_words(latest)}, "
            f"{against_benchmark(value, benchmark, unit, standard)}"
        ),
        takeaway=(
            f"It {change_words(value, previous, unit)} on the year before. "
            + (
                takeaway_below
                if not is_missing(value) and benchmark and value < benchmark
                else takeaway_above
            )
        ),
        figure=figure,
        data=rows,
        alt_text=f"Bar chart of {series_name.lower()} by MARAC year with a line at "
        f"{benchmark_name}: {_listing(rows, unit)}.",
    )


def volume(board: BoardData, filters: Filters) -> Chart:
    return _trend_against_standard(
        board,
        filters,
        chart_id="marac-volume",
        measure="m04_marac_cases_per_10000_adult_females",
        unit="per_10000",
        series_name="MARAC cases per 10,000 adult females",
        y_title="Cases per 10,000 females aged 16+",
        subject="MARAC volume",
        standard="the SafeLives expected level",
        takeaway_above="Above the SafeLives level means more high-risk victims are being identified and referred.",
        takeaway_below="Below the SafeLives level suggests high-risk victims are not being referred.",
    )


def repeat_rate(board: BoardData, filters: Filters) -> Chart:
    return _trend_against_standard(
        board,
        filters,
        chart_id="marac-repeat-rate",
        measure="m03_marac_repeat_rate",
        unit="percent",
        series_name="MARAC repeat cases",
        y_title="% of cases discussed",
        subject="The MARAC repeat rate",
        standard="the national rate",
        takeaway_above="A high repeat rate means abuse is continuing after cases are first heard.",
        takeaway_below="A low repeat rate can mean repeats are not being identified, not that abuse stopped.",
    )


def idva_capacity(board: BoardData, filters: Filters) -> Chart:
    return _trend_against_standard(
        board,
        filters,
        chart_id="marac-idva-capacity",
        measure="m07_idva_fte_required",
        unit="fte",
        series_name="FTE IDVAs required (100 cases each)",
        y_title="Full-time equivalent IDVAs",
        subject="IDVA capacity needed for MARAC cases",
        standard="the IDVA posts in place in 2021",
        takeaway_above="More IDVAs are needed than were in post: caseloads are above SafeLives' 100 cases each.",
        takeaway_below="The IDVAs in post in 2021 could cover this caseload at SafeLives' 100 cases each.",
    )


def referral_routes(board: BoardData, filters: Filters) -> Chart:
    routes = up_to_year(
        board.series("m06_marac_referrals_by_agency", "marac_year", "referring_agency"),
        board,
        filters,
    )
    partner = latest_row(marac_years(board, "m06_marac_partner_referrals", filters))
    year = None if partner is None else partner["period_label"]
    rows = routes[routes["period_label"] == year].sort_values("value", ascending=False)
    value = None if partner is None else partner["value"]
    benchmark = None if partner is None else partner["benchmark_value"]
    figure = bars_with_benchmark(
        rows,
        x="breakdown_label",
        unit="percent",
        series_name=f"Share of cases, {year}",
        horizontal=True,
    )
    return make_chart(
        board,
        chart_id="marac-referral-routes",
        measures=["m06_marac_referrals_by_agency", "m06_marac_partner_referrals"],
        title=(
            f"{format_value(value, 'percent')} of MARAC referrals came from partner agencies in "
            f"{_year_words(partner)}, {against_benchmark(value, benchmark, 'percent', 'the national average')}"
        ),
        takeaway="Referrals from partners show whether agencies other than the police are spotting high risk.",
        figure=figure,
        data=rows,
        alt_text=f"Horizontal bar chart of MARAC referrals by referring agency in {year}: "
        f"{_listing(rows, 'percent', 'breakdown_label')}.",
    )


def diversity(board: BoardData, filters: Filters) -> Chart:
    latest_rows = []
    for measure in DIVERSITY_MEASURES:
        row = latest_row(marac_years(board, measure, filters))
        if row is not None:
            latest_rows.append(row)
    rows = pd.DataFrame(latest_rows, columns=board.metrics.columns)
    below = rows[rows["value"] < rows["benchmark_value"]]
    year = rows["period_label"].iloc[0] if not rows.empty else None
    ratio = latest_row(marac_years(board, "m05_marac_minoritised_proportionality", filters))
    ratio_value = None if ratio is None else ratio["value"]
    figure = bars_with_benchmark(
        rows,
        x="measure_name",
        unit="percent",
        series_name=f"Coventry MARAC, {year}",
        benchmark_column="benchmark_value",
        benchmark_name="Benchmark (national or SafeLives)",
        horizontal=True,
    )
    figure.update_layout(margin={"l": 20})
    return make_chart(
        board,
        chart_id="marac-diversity",
        measures=[*DIVERSITY_MEASURES, "m05_marac_minoritised_proportionality"],
        title=(
            f"{len(below)} of {len(rows.dropna(subset=['benchmark_value']))} diversity measures "
            f"were below their benchmark in the MARAC year {year}"
        ),
        takeaway=(
            "Minoritised victims were referred at "
            f"{format_value(ratio_value, 'ratio')} times their share of Coventry's population "
            "(1 means in proportion)."
        ),
        figure=figure,
        data=rows,
        alt_text=f"Horizontal bar chart of the share of MARAC cases in each group in {year}, "
        f"with benchmark markers: {_listing(rows, 'percent', 'measure_name')}.",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [
        volume(board, filters),
        repeat_rate(board, filters),
        referral_routes(board, filters),
        diversity(board, filters),
        idva_capacity(board, filters),
    ]
