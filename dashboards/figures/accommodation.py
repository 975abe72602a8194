"""Safe accommodation (refuge) and homelessness with domestic abuse."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import (
    all_withheld,
    bars_with_benchmark,
    change_words,
    grouped_bars,
    hatch_incomplete,
    highest_and_lowest,
    is_incomplete,
    is_missing,
    lines_by_period,
    listing,
    previous_label,
    suppressed_markers,
    up_to_year,
    value_in,
    yearly,
)
from dashboards.filters import Filters
from dashboards.theme import BLUE, format_value


def refuge_flow(board: BoardData, filters: Filters) -> Chart:
    measures = ["m09_refuge_referrals", "m09_refuge_move_ins"]
    rows = yearly(board, measures, filters)
    year, before = filters.financial_year, previous_label(rows, filters.financial_year)
    referrals = value_in(rows, "m09_refuge_referrals", year)
    move_ins = value_in(rows, "m09_refuge_move_ins", year)
    return make_chart(
        board,
        chart_id="accommodation-refuge-flow",
        measures=measures,
        title=(
            f"Refuge referrals {change_words(referrals, value_in(rows, 'm09_refuge_referrals', before) if before else None, 'count')} "
            f"in {year}; {format_value(move_ins, 'count')} referrals moved in"
        ),
        takeaway=f"{format_value(referrals, 'count')} referrals to safe accommodation in {year}; "
        "a widening gap between referrals and move-ins means more people are turned away.",
        figure=grouped_bars(rows, unit="count", y_title="Referrals"),
        data=rows,
        alt_text="Grouped bar chart of refuge referrals and move-ins by financial year: "
        + "; ".join(
            f"{m}: {listing(g, 'count')}" for m, g in rows.groupby("measure_name", sort=False)
        )
        + ".",
    )


def refuge_rates(board: BoardData, filters: Filters) -> Chart:
    measures = ["m09_refuge_acceptance_rate", "m09_refuge_out_of_area"]
    rows = yearly(board, measures, filters)
    year = filters.financial_year
    accepted = value_in(rows, "m09_refuge_acceptance_rate", year)
    out_of_area = value_in(rows, "m09_refuge_out_of_area", year)
    return make_chart(
        board,
        chart_id="accommodation-refuge-rates",
        measures=measures,
        title=f"{format_value(accepted, 'percent')} of refuge referrals were accepted in {year}",
        takeaway=f"{format_value(out_of_area, 'percent')} of referrals with a known previous address came "
        "from outside Coventry.",
        figure=lines_by_period(rows, series="measure_name", y_title="% of referrals"),
        data=rows,
        alt_text="Line chart by financial year of the refuge acceptance rate and the share of "
        "referrals from out of area: "
        + "; ".join(
            f"{m}: {listing(g, 'percent')}" for m, g in rows.groupby("measure_name", sort=False)
        )
        + ".",
    )


def _breakdown_for_year(board: BoardData, measure: str, breakdown: str, filters: Filters):
    rows = board.series(measure, "financial_year", breakdown)
    return rows[rows["period_label"] == filters.financial_year].sort_values(
        "value", ascending=False
    )


def not_accepted_reasons(board: BoardData, filters: Filters) -> Chart:
    rows = _breakdown_for_year(board, "m09_refuge_not_accepted_reason", "outcome", filters)
    ends = highest_and_lowest(rows)
    figure = bars_with_benchmark(
        rows, x="breakdown_label", unit="percent", series_name="Share", horizontal=True
    )
    return make_chart(
        board,
        chart_id="accommodation-not-accepted",
        measures=["m09_refuge_not_accepted_reason"],
        title=(
            f"'{ends[0]['breakdown_label']}' was the commonest reason a referral was not accepted in {filters.financial_year}"
            if ends
            else all_withheld("Reasons referrals were not accepted", filters.financial_year)
        ),
        takeaway=(
            f"It accounted for {format_value(ends[0]['value'], 'percent')} of referrals not accepted"
            if ends
            else "Too few referrals were not accepted to publish the reasons"
        )
        + "; 'Full' means demand beyond capacity.",
        figure=figure,
        data=rows,
        alt_text="Horizontal bar chart of reasons refuge referrals were not accepted: "
        f"{listing(rows, 'percent', 'breakdown_label')}.",
    )


def length_of_stay(board: BoardData, filters: Filters) -> Chart:
    measures = [
        "m09_refuge_length_of_stay_median",
        "m09_refuge_length_of_stay_q1",
        "m09_refuge_length_of_stay_q3",
    ]
    rows = yearly(board, measures, filters)
    median = rows[rows["measure"] == measures[0]].reset_index(drop=True)
    lower = rows[rows["measure"] == measures[1]].set_index("period_label")["value"]
    upper = rows[rows["measure"] == measures[2]].set_index("period_label")["value"]
    labels = median["period_label"]
    figure = go.Figure(
        go.Scatter(
            x=labels,
            y=median["value"],
            mode="markers",
            name="Median (bars: middle half of stays)",
            marker={"size": 16, "color": BLUE},
            error_y={
                "type": "data",
                "symmetric": False,
                "thickness": 3,
                "width": 12,
                "array": (upper.reindex(labels).to_numpy() - median["value"].to_numpy()),
                "arrayminus": (median["value"].to_numpy() - lower.reindex(labels).to_numpy()),
            },
        )
    )
    figure.update_layout(
        yaxis={"title": "Days", "rangemode": "tozero"}, xaxis={"type": "category"}, showlegend=True
    )
    value = value_in(rows, measures[0], filters.financial_year)
    return make_chart(
        board,
        chart_id="accommodation-length-of-stay",
        measures=measures,
        title=f"Refuge stays that ended in {filters.financial_year} lasted {format_value(value, 'days')} (median)",
        takeaway="Longer stays with nowhere safe to move on to keep refuge spaces from new referrals.",
        figure=figure,
        data=rows,
        alt_text="Chart of the median length of refuge stays by financial year with the lower and upper "
        f"quartiles: {listing(median, 'days')}.",
    )


def move_on_outcomes(board: BoardData, filters: Filters) -> Chart:
    rows = _breakdown_for_year(board, "m09_refuge_move_on_outcome", "move_on_outcome", filters)
    ends = highest_and_lowest(rows)
    returned = rows[rows["breakdown_value"] == "Returned to Perpetrator"]["value"]
    figure = bars_with_benchmark(
        rows,
        x="breakdown_label",
        unit="percent",
        series_name="Share of ended stays",
        horizontal=True,
    )
    figure.update_layout(height=600)
    return make_chart(
        board,
        chart_id="accommodation-move-on",
        measures=["m09_refuge_move_on_outcome"],
        title=(
            f"'{ends[0]['breakdown_label']}' was the commonest move-on outcome from refuge in {filters.financial_year}"
            if ends
            else all_withheld("Move-on outcomes from refuge", filters.financial_year)
        ),
        takeaway="Share of ended stays where the person returned to the person who harmed them: "
        f"{format_value(None if returned.empty or is_missing(returned.iloc[0]) else returned.iloc[0], 'percent')}.",
        figure=figure,
        data=rows,
        alt_text=f"Horizontal bar chart of move-on outcomes from refuge: {listing(rows, 'percent', 'breakdown_label')}.",
    )


def households_owed_duty(board: BoardData, filters: Filters) -> Chart:
    rows = up_to_year(
        board.series("m10_households_owed_duty_da", "quarter", "duty_type"), board, filters
    ).tail(24)
    figure = go.Figure()
    for duty, group in rows.groupby("breakdown_label", sort=False):
        figure.add_bar(
            x=group["period_label"],
            y=group["value"],
            name=f"{duty} duty",
            marker={"pattern": {"shape": hatch_incomplete(is_incomplete(group))}},
        )
    figure.add_trace(suppressed_markers(rows["period_label"], rows["value"]))
    figure.update_layout(barmode="stack", yaxis={"title": "Households"}, xaxis={"type": "category"})
    totals = up_to_year(
        board.series("m10_households_owed_duty_da", "financial_year"), board, filters
    )
    year = filters.financial_year
    current = value_in(totals, "m10_households_owed_duty_da", year)
    before = previous_label(totals, year)
    return make_chart(
        board,
        chart_id="housing-owed-duty",
        measures=["m10_households_owed_duty_da"],
        title=f"{format_value(current, 'count')} households with domestic abuse were owed a homelessness duty in {year}",
        takeaway=f"That {change_words(current, value_in(totals, 'm10_households_owed_duty_da', before) if before else None, 'count')} on the year before.",
        figure=figure,
        data=rows,
        alt_text="Stacked bar chart of households owed a prevention, relief or main duty with domestic "
        f"abuse, by quarter: {listing(rows.assign(period_label=rows['period_label'] + ' ' + rows['breakdown_label']), 'count')}.",
    )


def temporary_accommodation(board: BoardData, filters: Filters) -> Chart:
    measures = ["m10_ta_placements_da", "m10_bed_and_breakfast_da"]
    rows = yearly(board, measures, filters)
    year = filters.financial_year
    bed_and_breakfast = rows[
        (rows["measure"] == "m10_bed_and_breakfast_da") & (rows["period_label"] == year)
    ]
    suppressed = bed_and_breakfast.empty or is_missing(bed_and_breakfast["value"].iloc[0])
    bb_value = None if suppressed else float(bed_and_breakfast["value"].iloc[0])
    if bb_value == 0:
        title = f"No households with domestic abuse were placed in bed and breakfast in {year}"
    else:
        title = (
            f"{format_value(bb_value, 'count')} bed and breakfast placements for domestic abuse in {year}, "
            "against a target of none"
        )
    return make_chart(
        board,
        chart_id="housing-temporary-accommodation",
        measures=measures,
        title=title,
        takeaway="Bed and breakfast is not safe accommodation under the Domestic Abuse Act 2021; "
        f"{format_value(value_in(rows, 'm10_ta_placements_da', year), 'count')} households went into temporary accommodation.",
        figure=grouped_bars(rows, unit="count", y_title="Households"),
        data=rows,
        alt_text="Grouped bar chart of temporary accommodation and bed and breakfast placements for "
        "domestic abuse by financial year: "
        + "; ".join(
            f"{m}: {listing(g, 'count')}" for m, g in rows.groupby("measure_name", sort=False)
        )
        + ".",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [
        refuge_flow(board, filters),
        refuge_rates(board, filters),
        not_accepted_reasons(board, filters),
        length_of_stay(board, filters),
        move_on_outcomes(board, filters),
        households_owed_duty(board, filters),
        temporary_accommodation(board, filters),
    ]
