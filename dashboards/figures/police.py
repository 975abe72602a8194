"""Police incidents: trend against the previous three-year average, offence mix, wards, expected vs recorded."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import (
    all_withheld,
    bars_with_benchmark,
    change_words,
    every_ward,
    for_area,
    highest_and_lowest,
    incomplete_markers,
    is_incomplete,
    is_missing,
    row_for,
    suppressed_markers,
    up_to_year,
)
from dashboards.filters import Filters
from dashboards.theme import BLACK, BLUE, format_value
from dashboards.ward_map import ward_map_figure


def _change_phrase(board: BoardData, filters: Filters, area: str) -> str | None:
    change_rows, _ = for_area(
        board, "m01_incidents_change_vs_3yr_average", "financial_year", filters
    )
    change = row_for(change_rows, filters.financial_year)
    if change is None or is_missing(change["value"]):
        return None
    direction = "rose" if change["value"] > 0 else "fell"
    return (
        f"Incidents in {area} {direction} {abs(change['value']):.0f}% in {filters.financial_year} "
        "against the previous three-year average"
    )


def incidents_by_year(board: BoardData, filters: Filters) -> Chart:
    rows, area = for_area(board, "m01_incidents", "financial_year", filters)
    rows = up_to_year(rows, board, filters)
    current = row_for(rows, filters.financial_year)
    title = _change_phrase(board, filters, area) or (
        f"{format_value(None if current is None else current['value'], 'count')} incidents "
        f"recorded in {area} in {filters.financial_year}"
    )
    previous = rows.iloc[-2] if len(rows) > 1 else None
    takeaway = (
        f"Against the year before, incidents {change_words(current['value'], previous['value'], 'count')}."
        if current is not None and previous is not None
        else "There is no earlier year to compare with."
    )
    figure = bars_with_benchmark(
        rows,
        x="period_label",
        unit="count",
        series_name=f"Incidents recorded ({area})",
        benchmark_column="benchmark_value",
        benchmark_name="Previous three-year average",
        y_title="Incidents",
    )
    return make_chart(
        board,
        chart_id="police-incidents-by-year",
        measures=["m01_incidents", "m01_incidents_change_vs_3yr_average"],
        title=title,
        takeaway=takeaway,
        figure=figure,
        data=rows,
        alt_text=(
            f"Bar chart of domestic abuse incidents recorded by police in {area} each financial year, "
            "with a marker for the previous three-year average: "
            + "; ".join(
                f"{r.period_label}: {format_value(r.value, 'count')}" for r in rows.itertuples()
            )
            + "."
        ),
    )


def incidents_by_month(board: BoardData, filters: Filters) -> Chart:
    rows, area = for_area(board, "m01_incidents", "month", filters)
    rows = up_to_year(rows, board, filters).tail(24)
    # A month whose return is partial, missing, late or revised is marked and left out of the count: a cut-off
    # file would otherwise read as a fall in abuse.
    incomplete = is_incomplete(rows)
    compared = rows[~incomplete].dropna(subset=["value", "benchmark_value"])
    above = compared[compared["value"] > compared["benchmark_value"]]
    left_out = int(incomplete.sum())
    figure = go.Figure()
    figure.add_scatter(
        x=rows["period_label"],
        y=rows["value"],
        mode="lines+markers",
        name="Recorded",
        line={"color": BLUE, "width": 3},
        marker={"size": 8},
    )
    figure.add_scatter(
        x=rows["period_label"],
        y=rows["benchmark_value"],
        mode="lines",
        name="Previous three-year average",
        line={"color": BLACK, "width": 3, "dash": "dash"},
    )
    figure.add_trace(suppressed_markers(rows["period_label"], rows["value"]))
    if left_out:
        figure.add_trace(incomplete_markers(rows["period_label"], rows["value"], incomplete))
    figure.update_layout(
        yaxis={"title": "Incidents a month", "rangemode": "tozero"},
        xaxis={"type": "category", "nticks": 12},
    )
    return make_chart(
        board,
        chart_id="police-incidents-by-month",
        measures=["m01_incidents"],
        title=(
            f"{len(above)} of the last {len(compared)} complete months in {area} were above "
            "the previous three-year average"
            + (
                f" ({left_out} month{'s' if left_out != 1 else ''} with incomplete returns left out)"
                if left_out
                else ""
            )
            if len(compared)
            else f"Incidents a month in {area} to the end of {filters.financial_year}"
        ),
        takeaway="A run of months above the dashed line means demand is rising, not a one-off spike.",
        figure=figure,
        data=rows,
        alt_text=(
            f"Line chart of incidents a month in {area} for the 24 months to the end of "
            f"{filters.financial_year}, against the average of the same months in the previous three "
            f"years. {len(above)} of {len(compared)} comparable months were above the average."
        ),
    )


def offence_mix(board: BoardData, filters: Filters) -> Chart:
    rows = board.series("m01_incidents", "financial_year", "offence_group")
    rows = rows[rows["period_label"] == filters.financial_year].sort_values(
        "value", ascending=False
    )
    ends = highest_and_lowest(rows)
    compared = rows.dropna(subset=["value", "benchmark_value"])
    compared = compared[compared["benchmark_value"] > 0]
    takeaway = "No earlier years to compare offence groups with."
    if not compared.empty:
        change = compared["value"] - compared["benchmark_value"]
        biggest = compared.loc[change.abs().idxmax()]
        takeaway = (
            f"{biggest['breakdown_label']} changed most against the previous three-year average: "
            f"{format_value(biggest['value'], 'count')} against {format_value(biggest['benchmark_value'], 'count')}."
        )
    figure = bars_with_benchmark(
        rows,
        x="breakdown_label",
        unit="count",
        series_name=f"Incidents {filters.financial_year}",
        benchmark_column="benchmark_value",
        benchmark_name="Previous three-year average",
        horizontal=True,
    )
    figure.update_layout(height=520)
    return make_chart(
        board,
        chart_id="police-offence-mix",
        measures=["m01_incidents"],
        title=(
            f"{ends[0]['breakdown_label']} was the largest offence group in {filters.financial_year}"
            if ends
            else all_withheld("Incidents by offence group", filters.financial_year)
        ),
        takeaway=takeaway,
        figure=figure,
        data=rows,
        alt_text="Horizontal bar chart of incidents by offence group: "
        + "; ".join(
            f"{r.breakdown_label}: {format_value(r.value, 'count')}" for r in rows.itertuples()
        )
        + ".",
    )


def ward_rates(board: BoardData, filters: Filters) -> Chart:
    rows = board.series("m02_incident_rate_per_1000", "financial_year", "ward")
    rows = every_ward(board, rows[rows["period_label"] == filters.financial_year])
    city = row_for(
        board.series("m02_incident_rate_per_1000", "financial_year"), filters.financial_year
    )
    ends = highest_and_lowest(rows)
    city_value = None if city is None else city["value"]
    return make_chart(
        board,
        chart_id="police-ward-rates",
        measures=["m02_incident_rate_per_1000"],
        title=(
            f"{ends[0]['ward_name']} had the highest incident rate in {filters.financial_year}: "
            f"{format_value(ends[0]['value'], 'per_1000')} residents"
            if ends
            else all_withheld("Incident rates by ward", filters.financial_year)
        ),
        takeaway=f"The city rate was {format_value(city_value, 'per_1000')}"
        + (
            f"; the lowest was {ends[1]['ward_name']} ({format_value(ends[1]['value'], 'per_1000')})."
            if ends
            else "."
        ),
        figure=ward_map_figure(
            rows, unit="per_1000", colour_title="Per 1,000", highlight_ward=filters.ward
        ),
        data=rows,
        alt_text="Map of Coventry's 18 wards shaded by incidents per 1,000 residents: "
        + "; ".join(
            f"{r.ward_name}: {format_value(r.value, 'per_1000')}"
            for r in rows.sort_values("value", ascending=False).itertuples()
        )
        + ".",
    )


def recorded_vs_expected(board: BoardData, filters: Filters) -> Chart:
    rows = board.series("m02_recorded_vs_expected", "financial_year", "ward")
    rows = every_ward(board, rows[rows["period_label"] == filters.financial_year])
    rows = rows.sort_values("value", ascending=False)
    city = row_for(
        board.series("m02_recorded_vs_expected", "financial_year"), filters.financial_year
    )
    city_value = None if city is None else float(city["value"])
    ends = highest_and_lowest(rows)
    figure = bars_with_benchmark(
        rows,
        x="ward_name",
        unit="ratio",
        series_name="Recorded incidents per expected victim",
        benchmark_value=city_value,
        benchmark_name="Coventry",
        horizontal=True,
    )
    figure.update_layout(height=700)
    return make_chart(
        board,
        chart_id="police-recorded-vs-expected",
        measures=["m02_recorded_vs_expected"],
        title=(
            f"{ends[0]['ward_name']} recorded the most incidents for its expected prevalence; "
            f"{ends[1]['ward_name']} the fewest"
            if ends
            else all_withheld("Recorded against expected incidents by ward", filters.financial_year)
        ),
        takeaway=(
            "Wards well below the city line may have hidden abuse that is not reaching the police "
            f"(city: {format_value(city_value, 'ratio')} recorded incidents per expected victim)."
        ),
        figure=figure,
        data=rows,
        alt_text="Horizontal bar chart of recorded incidents per victim expected from national "
        "prevalence, by ward: "
        + "; ".join(f"{r.ward_name}: {format_value(r.value, 'ratio')}" for r in rows.itertuples())
        + ".",
    )


def repeat_victims(board: BoardData, filters: Filters) -> Chart:
    rows = up_to_year(board.series("m03_police_repeat_victims", "financial_year"), board, filters)
    current = row_for(rows, filters.financial_year)
    value = None if current is None else current["value"]
    benchmark = None if current is None else current["benchmark_value"]
    figure = bars_with_benchmark(
        rows,
        x="period_label",
        unit="percent",
        series_name="Victims with 2 or more incidents",
        benchmark_value=None if is_missing(benchmark) else float(benchmark),
        benchmark_name="Coventry 2016-2020",
        y_title="% of victims",
    )
    return make_chart(
        board,
        chart_id="police-repeat-victims",
        measures=["m03_police_repeat_victims"],
        title=f"{format_value(value, 'percent')} of victims had 2 or more incidents in {filters.financial_year}",
        takeaway="Repeat victimisation shows whether early responses are stopping the abuse.",
        figure=figure,
        data=rows,
        alt_text="Bar chart of the share of police victims with 2 or more incidents in the year: "
        + "; ".join(
            f"{r.period_label}: {format_value(r.value, 'percent')}" for r in rows.itertuples()
        )
        + ".",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [
        incidents_by_year(board, filters),
        incidents_by_month(board, filters),
        offence_mix(board, filters),
        ward_rates(board, filters),
        recorded_vs_expected(board, filters),
        repeat_victims(board, filters),
    ]
