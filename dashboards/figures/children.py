"""Children and families: children's episodes with domestic abuse factors, wards, referrers, MARAC households."""

from __future__ import annotations

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import (
    against_benchmark,
    all_withheld,
    bars_with_benchmark,
    change_words,
    every_ward,
    for_area,
    highest_and_lowest,
    is_missing,
    latest_row,
    listing,
    previous_label,
    row_for,
    up_to_year,
    value_in,
)
from dashboards.filters import Filters
from dashboards.theme import format_value
from dashboards.ward_map import ward_map_figure


def episodes_by_year(board: BoardData, filters: Filters) -> Chart:
    rows, area = for_area(board, "m11_childrens_episodes_da_factors", "financial_year", filters)
    rows = up_to_year(rows, board, filters)
    year = filters.financial_year
    current = value_in(rows, "m11_childrens_episodes_da_factors", year)
    before = previous_label(rows, year)
    conversion_rows, _ = for_area(
        board, "m11_childrens_assessment_conversion", "financial_year", filters
    )
    conversion = row_for(conversion_rows, year)
    return make_chart(
        board,
        chart_id="children-episodes",
        measures=["m11_childrens_episodes_da_factors", "m11_childrens_assessment_conversion"],
        title=(
            f"Children's episodes with domestic abuse factors in {area} "
            f"{change_words(current, value_in(rows, 'm11_childrens_episodes_da_factors', before) if before else None, 'count')} in {year}"
        ),
        takeaway=f"{format_value(current, 'count')} episodes; "
        f"{format_value(None if conversion is None else conversion['value'], 'percent')} went on to an assessment.",
        figure=bars_with_benchmark(
            rows, x="period_label", unit="count", series_name="Episodes", y_title="Episodes"
        ),
        data=rows,
        alt_text=f"Bar chart of children's episodes with domestic abuse factors in {area} by financial year: "
        f"{listing(rows, 'count')}.",
    )


def ward_rates(board: BoardData, filters: Filters) -> Chart:
    rows = board.series("m11_childrens_da_rate_per_10000_0_17", "financial_year", "ward")
    rows = every_ward(board, rows[rows["period_label"] == filters.financial_year])
    ends = highest_and_lowest(rows)
    city = row_for(
        board.series("m11_childrens_da_rate_per_10000_0_17", "financial_year"),
        filters.financial_year,
    )
    return make_chart(
        board,
        chart_id="children-ward-rates",
        measures=["m11_childrens_da_rate_per_10000_0_17"],
        title=(
            f"{ends[0]['ward_name']} had the most children's domestic abuse episodes for its child "
            f"population in {filters.financial_year}"
            if ends
            else all_withheld("Children's domestic abuse episodes by ward", filters.financial_year)
        ),
        takeaway=(
            f"{format_value(ends[0]['value'], 'per_10000')} children aged 0-17, against "
            if ends
            else "Coventry: "
        )
        + f"{format_value(None if city is None else city['value'], 'per_10000')} children across the city.",
        figure=ward_map_figure(
            rows, unit="per_10000", colour_title="Per 10,000 aged 0-17", highlight_ward=filters.ward
        ),
        data=rows,
        alt_text="Map of Coventry's wards shaded by children's episodes with domestic abuse factors "
        "per 10,000 children: "
        + listing(rows.sort_values("value", ascending=False), "per_10000", "ward_name")
        + ".",
    )


def referring_agencies(board: BoardData, filters: Filters) -> Chart:
    rows = board.series("m11_childrens_episodes_da_factors", "financial_year", "referring_agency")
    rows = rows[rows["period_label"] == filters.financial_year].sort_values(
        "value", ascending=False
    )
    ends = highest_and_lowest(rows)
    return make_chart(
        board,
        chart_id="children-referrers",
        measures=["m11_childrens_episodes_da_factors"],
        title=(
            f"{ends[0]['breakdown_label']} referred the most episodes with domestic abuse factors in {filters.financial_year}"
            if ends
            else all_withheld("Episodes by referring agency", filters.financial_year)
        ),
        takeaway="Referrals from schools and health show whether universal services spot children at risk.",
        figure=bars_with_benchmark(
            rows, x="breakdown_label", unit="count", series_name="Episodes", horizontal=True
        ),
        data=rows,
        alt_text=f"Horizontal bar chart of episodes by referring agency: {listing(rows, 'count', 'breakdown_label')}.",
    )


def children_per_marac_case(board: BoardData, filters: Filters) -> Chart:
    rows = up_to_year(board.series("m11_children_per_marac_case", "marac_year"), board, filters)
    latest = latest_row(rows)
    value = None if latest is None else latest["value"]
    benchmark = (
        None
        if latest is None or is_missing(latest["benchmark_value"])
        else float(latest["benchmark_value"])
    )
    return make_chart(
        board,
        chart_id="children-per-marac-case",
        measures=["m11_children_per_marac_case"],
        title=(
            f"MARAC households had {format_value(value, 'ratio')} children per case in the MARAC year "
            f"{'' if latest is None else latest['period_label']}, {against_benchmark(value, benchmark, 'ratio', 'the national figure')}"
        ),
        takeaway="Every MARAC case is also a safeguarding question for the children in the household.",
        figure=bars_with_benchmark(
            rows,
            x="period_label",
            unit="ratio",
            series_name="Children per case",
            benchmark_value=benchmark,
            benchmark_name="National",
            y_title="Children per case",
        ),
        data=rows,
        alt_text=f"Bar chart of children per MARAC case by MARAC year: {listing(rows, 'ratio')}.",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [
        episodes_by_year(board, filters),
        ward_rates(board, filters),
        referring_agencies(board, filters),
        children_per_marac_case(board, filters),
    ]
