"""Overview: the headline figures for the year, their direction of travel and where they stand against
their benchmarks."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import against_benchmark, change_words, is_missing, up_to_year
from dashboards.filters import Filters
from dashboards.theme import BLUE, LIGHT_GREY, VERMILLION, format_value

# (measure, period type): MARAC measures by MARAC year, as SafeLives reports them.
HEADLINE_MEASURES = [
    ("m01_incidents", "financial_year"),
    ("m02_incident_rate_per_1000", "financial_year"),
    ("m03_police_repeat_victims", "financial_year"),
    ("m04_marac_cases_per_10000_adult_females", "marac_year"),
    ("m03_marac_repeat_rate", "marac_year"),
    ("m06_marac_partner_referrals", "marac_year"),
    ("m05_marac_disabled", "marac_year"),
    ("m07_idva_fte_required", "marac_year"),
    ("m09_refuge_referrals", "financial_year"),
    ("m10_households_owed_duty_da", "financial_year"),
    ("m10_bed_and_breakfast_da", "financial_year"),
    ("m11_childrens_episodes_da_factors", "financial_year"),
    ("m12_iris_referrals", "financial_year"),
    ("m13_programme_referrals", "financial_year"),
    ("m14_marac_victims_idva_supported", "financial_year"),
]


def headline_rows(board: BoardData, filters: Filters) -> pd.DataFrame:
    """One row per headline measure: the latest complete period by the selected year and the one before."""
    records = []
    for measure, period_type in HEADLINE_MEASURES:
        rows = up_to_year(board.series(measure, period_type), board, filters)
        if rows.empty:
            continue
        latest = rows.iloc[-1]
        previous = rows.iloc[-2] if len(rows) > 1 else None
        unit = latest["unit"]
        previous_value = (
            None if previous is None or is_missing(previous["value"]) else float(previous["value"])
        )
        value = None if is_missing(latest["value"]) else float(latest["value"])
        benchmark = (
            None if is_missing(latest["benchmark_value"]) else float(latest["benchmark_value"])
        )
        records.append(
            {
                "measure": measure,
                "measure_name": latest["measure_name"],
                "period": ("MARAC year " if period_type == "marac_year" else "")
                + latest["period_label"],
                "unit": unit,
                "value": value,
                "previous_value": previous_value,
                "change_pct": None
                if value is None or not previous_value
                else 100 * (value - previous_value) / previous_value,
                "direction": change_words(value, previous_value, unit),
                "benchmark_name": None if benchmark is None else latest["benchmark_name"],
                "benchmark_value": benchmark,
                "status": ""
                if benchmark is None
                else against_benchmark(value, benchmark, unit, "benchmark").split(" (")[0],
            }
        )
    return pd.DataFrame(records)


def headline_table(board: BoardData, filters: Filters) -> Chart:
    rows = headline_rows(board, filters)
    above = rows[rows["status"].str.startswith("above")]
    figure = go.Figure(
        go.Table(
            columnwidth=[34, 14, 12, 12, 20, 22],
            header={
                "values": [
                    "Measure",
                    "Period",
                    "Figure",
                    "Year before",
                    "Direction of travel",
                    "Against benchmark",
                ],
                "fill_color": BLUE,
                "font": {"color": "white", "size": 17},
                "align": "left",
                "height": 36,
            },
            cells={
                "values": [
                    rows["measure_name"],
                    rows["period"],
                    [format_value(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
                    [
                        format_value(v, u)
                        for v, u in zip(rows["previous_value"], rows["unit"], strict=True)
                    ],
                    rows["direction"],
                    [
                        "no benchmark" if is_missing(b) else f"{s} {format_value(b, u)}"
                        for s, b, u in zip(
                            rows["status"], rows["benchmark_value"], rows["unit"], strict=True
                        )
                    ],
                ],
                "align": "left",
                "font": {"size": 16},
                "height": 34,
                "fill_color": [["white", "#F3F2F1"] * len(rows)],
                "line_color": LIGHT_GREY,
            },
        )
    )
    figure.update_layout(height=120 + 40 * len(rows), margin={"l": 5, "r": 5, "t": 5, "b": 5})
    incidents = rows[rows["measure"] == "m01_incidents"]
    return make_chart(
        board,
        chart_id="overview-headlines",
        measures=list(rows["measure"]),
        title=(
            f"Police incidents {incidents['direction'].iloc[0]} in {filters.financial_year}; "
            f"{len(above)} of {int(rows['benchmark_value'].notna().sum())} benchmarked measures were above their benchmark"
            if not incidents.empty
            else f"Headline figures for {filters.financial_year}"
        ),
        takeaway="Each figure is for the latest complete year; MARAC figures are for July to June years, as SafeLives reports them.",
        figure=figure,
        data=rows,
        download_columns=list(rows.columns),
        alt_text="Table of headline figures: "
        + "; ".join(
            f"{r.measure_name} ({r.period}): {format_value(r.value, r.unit)}, {r.direction}"
            for r in rows.itertuples()
        )
        + ".",
    )


def direction_of_travel(board: BoardData, filters: Filters) -> Chart:
    rows = headline_rows(board, filters).dropna(subset=["change_pct"]).sort_values("change_pct")
    figure = go.Figure(
        go.Bar(
            y=rows["measure_name"],
            x=rows["change_pct"],
            orientation="h",
            marker_color=[VERMILLION if c > 0 else BLUE for c in rows["change_pct"]],
            text=[f"{c:+.0f}%" for c in rows["change_pct"]],
            textposition="outside",
            cliponaxis=False,
        )
    )
    figure.update_layout(
        xaxis={"title": "Change on the year before (%)", "zeroline": True},
        height=120 + 42 * len(rows),
        margin={"l": 20, "r": 60},
    )
    biggest = rows.loc[rows["change_pct"].abs().idxmax()] if not rows.empty else None
    return make_chart(
        board,
        chart_id="overview-direction",
        measures=list(rows["measure"]),
        title=(
            f"{biggest['measure_name']} changed most: {biggest['direction']} on the year before"
            if biggest is not None
            else "No measure can be compared with the year before"
        ),
        takeaway="Rises (orange) and falls (blue) are not good or bad in themselves: more referrals can mean better identification.",
        figure=figure,
        data=rows,
        download_columns=list(rows.columns),
        alt_text="Horizontal bar chart of each headline measure's change on the year before: "
        + "; ".join(f"{r.measure_name}: {r.change_pct:+.0f}%" for r in rows.itertuples())
        + ".",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [headline_table(board, filters), direction_of_travel(board, filters)]
