"""Building blocks shared by the pages: period selection, change in words, and the standard figure shapes."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import BoardData
from dashboards.filters import Filters, financial_year_end
from dashboards.theme import (
    BLACK,
    BLUE,
    GREY,
    INCOMPLETE_TEXT,
    LINE_DASHES,
    MARKER_SYMBOLS,
    SERIES_COLOURS,
    SUPPRESSED_TEXT,
    VERMILLION,
    format_value,
)


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def up_to_year(rows: pd.DataFrame, board: BoardData, filters: Filters) -> pd.DataFrame:
    """Complete periods ending on or before the end of the selected financial year."""
    end = financial_year_end(board, filters.financial_year)
    kept = rows[(pd.to_datetime(rows["period_end"]) <= end) & rows["period_is_complete"]]
    return kept.reset_index(drop=True)


def latest_row(rows: pd.DataFrame) -> pd.Series | None:
    return None if rows.empty else rows.sort_values("period_start").iloc[-1]


def row_for(rows: pd.DataFrame, period_label: str) -> pd.Series | None:
    matches = rows[rows["period_label"] == period_label]
    return None if matches.empty else matches.iloc[0]


def change_words(new: float | None, old: float | None, unit: str) -> str:
    """'rose 6%' or 'fell 2.1 percentage points': the direction of travel in plain English."""
    if is_missing(new) or is_missing(old):
        return "cannot be compared (a figure is suppressed or missing)"
    if unit == "percent":
        points = new - old
        if abs(points) < 0.05:
            return "stayed the same"
        return f"{'rose' if points > 0 else 'fell'} {abs(points):.1f} percentage points"
    if old == 0:
        return "rose from zero" if new > 0 else "stayed at zero"
    change = 100 * (new - old) / old
    if abs(change) < 0.5:
        return "stayed about the same"
    return f"{'rose' if change > 0 else 'fell'} {abs(change):.0f}%"


def against_benchmark(value: float | None, benchmark: float | None, unit: str, name: str) -> str:
    """'above the SafeLives expected 40 per 10,000' in words."""
    if is_missing(value) or is_missing(benchmark):
        return f"cannot be compared with {name}"
    if math.isclose(value, benchmark, rel_tol=0.01):
        relation = "in line with"
    else:
        relation = "above" if value > benchmark else "below"
    return f"{relation} {name} ({format_value(benchmark, unit)})"


def value_labels(values: pd.Series, unit: str) -> list[str]:
    return [format_value(None if is_missing(v) else float(v), unit) for v in values]


def suppressed_markers(
    x: pd.Series, values: pd.Series, name: str = "Suppressed", *, horizontal: bool = False
) -> go.Scatter:
    """A text label where a figure is withheld, so a gap reads as 'suppressed', never as zero."""
    withheld = [xi for xi, v in zip(x, values, strict=True) if is_missing(v)]
    zeros = [0] * len(withheld)
    return go.Scatter(
        **({"y": withheld, "x": zeros} if horizontal else {"x": withheld, "y": zeros}),
        mode="text",
        text=[SUPPRESSED_TEXT] * len(withheld),
        textposition="middle right" if horizontal else "top center",
        textfont={"color": GREY},
        name=name,
        showlegend=False,
        hoverinfo="skip",
    )


def is_incomplete(rows: pd.DataFrame) -> pd.Series:
    """Periods whose figure rests on a return that is missing, partial, late or revised (data_status)."""
    if "data_status" not in rows.columns:
        return pd.Series(False, index=rows.index)
    return rows["data_status"].fillna("complete").ne("complete")


def incomplete_markers(
    x: pd.Series,
    values: pd.Series,
    incomplete: pd.Series,
    *,
    horizontal: bool = False,
    labelled: bool = True,
) -> go.Scatter:
    """A cross labelled 'incomplete data' on every period whose returns are not whole, so a fall caused by a
    partial file never reads as a real change; the chart's note says which agency and why. Unlabelled
    where the mark carries its own label (a bar)."""
    chosen = [
        (xi, 0 if is_missing(v) else v) for xi, v, i in zip(x, values, incomplete, strict=True) if i
    ]
    where = [xi for xi, _ in chosen]
    heights = [v for _, v in chosen]
    return go.Scatter(
        **({"y": where, "x": heights} if horizontal else {"x": where, "y": heights}),
        mode="markers+text" if labelled else "markers",
        marker={
            "symbol": "x",
            "size": 14,
            "color": VERMILLION,
            "line": {"width": 1, "color": BLACK},
        },
        text=[INCOMPLETE_TEXT] * len(chosen),
        textposition="middle right" if horizontal else "top center",
        textfont={"color": VERMILLION},
        name="Incomplete data (see the note)",
        hovertemplate="%{x}: " + INCOMPLETE_TEXT + "<extra></extra>",
    )


def hatch_incomplete(incomplete: pd.Series) -> list[str]:
    """Bar hatching for incomplete periods (a pattern, not only a colour, so it survives greyscale)."""
    return ["/" if flag else "" for flag in incomplete]


def bars_with_benchmark(
    rows: pd.DataFrame,
    *,
    x: str,
    unit: str,
    series_name: str,
    benchmark_value: float | None = None,
    benchmark_name: str | None = None,
    benchmark_column: str | None = None,
    y_title: str = "",
    colour: str = BLUE,
    horizontal: bool = False,
) -> go.Figure:
    """Bars of `value` by `x`, labelled with their figures, against a benchmark line or per-bar markers."""
    figure = go.Figure()
    incomplete = is_incomplete(rows)
    # On a bar the flag goes into the bar's own label: a marker with text on top of the bar would sit
    # on the figure it qualifies. The hatching and the legend's cross still mark the bar.
    labels = [
        f"{label}<br>({INCOMPLETE_TEXT})" if flag else label
        for label, flag in zip(value_labels(rows["value"], unit), incomplete, strict=True)
    ]
    bar = {
        "name": series_name,
        "marker": {"color": colour, "pattern": {"shape": hatch_incomplete(incomplete)}},
        "text": labels,
        "textposition": "outside",
        "cliponaxis": False,
    }
    if horizontal:
        figure.add_bar(y=rows[x], x=rows["value"], orientation="h", **bar)
    else:
        figure.add_bar(x=rows[x], y=rows["value"], **bar)
    figure.add_trace(suppressed_markers(rows[x], rows["value"], horizontal=horizontal))
    if incomplete.any():
        middle_of_bar = pd.to_numeric(rows["value"]) / 2
        figure.add_trace(
            incomplete_markers(
                rows[x], middle_of_bar, incomplete, horizontal=horizontal, labelled=False
            )
        )
    if benchmark_column is not None and rows[benchmark_column].notna().any():
        marker = {
            "symbol": "line-ew-open" if not horizontal else "line-ns-open",
            "size": 40,
            "color": BLACK,
            "line": {"width": 5, "color": BLACK},
        }
        coordinates = (
            {"y": rows[x], "x": rows[benchmark_column]}
            if horizontal
            else {"x": rows[x], "y": rows[benchmark_column]}
        )
        figure.add_scatter(**coordinates, mode="markers", marker=marker, name=benchmark_name)
    if benchmark_value is not None:
        # Named in the legend rather than written on the line, where it would overlap the bars' labels.
        line = {"dash": "dash", "color": VERMILLION, "width": 3}
        if horizontal:
            figure.add_vline(x=benchmark_value, line=line)
        else:
            figure.add_hline(y=benchmark_value, line=line)
        figure.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=line,
            name=f"{benchmark_name}: {format_value(benchmark_value, unit)}",
        )
    value_axis = {"title": y_title, "rangemode": "tozero"}
    if horizontal:
        figure.update_layout(xaxis=value_axis, yaxis={"autorange": "reversed"})
    else:
        figure.update_layout(yaxis=value_axis, xaxis={"type": "category"})
    return figure


def lines_by_period(rows: pd.DataFrame, *, series: str, y_title: str) -> go.Figure:
    """One line per value of `series` over periods; a suppressed point is a gap labelled as such, an incomplete
    period is marked. Past the palette's six colours, lines repeat a colour with another dash and marker, so no
    two look alike."""
    figure = go.Figure()
    for index, (name, group) in enumerate(rows.groupby(series, sort=False)):
        repeat = index // len(SERIES_COLOURS)
        figure.add_scatter(
            x=group["period_label"],
            y=group["value"],
            mode="lines+markers",
            name=str(name),
            line={
                "width": 3,
                "color": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                "dash": LINE_DASHES[repeat % len(LINE_DASHES)],
            },
            marker={"size": 9, "symbol": MARKER_SYMBOLS[repeat % len(MARKER_SYMBOLS)]},
            hovertemplate="%{x}: %{y:.1f}<extra>" + str(name) + "</extra>",
        )
    figure.add_trace(suppressed_markers(rows["period_label"], rows["value"]))
    incomplete = is_incomplete(rows)
    if incomplete.any():
        figure.add_trace(incomplete_markers(rows["period_label"], rows["value"], incomplete))
    figure.update_layout(
        yaxis={"title": y_title, "rangemode": "tozero"}, xaxis={"type": "category"}
    )
    return figure


def for_area(
    board: BoardData, measure: str, period_type: str, filters: Filters
) -> tuple[pd.DataFrame, str]:
    """A measure for the selected ward if it is published by ward, else for the city; and the area's name."""
    if filters.ward is not None:
        by_ward = board.series(measure, period_type, "ward")
        rows = by_ward[by_ward["breakdown_value"] == filters.ward]
        if not rows.empty:
            return rows.reset_index(drop=True), str(rows["breakdown_label"].iloc[0])
    return board.series(measure, period_type), "Coventry"


def every_ward(board: BoardData, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per ward (all 18, in code order), with the published figure where there is one."""
    wards = board.wards[["ward_code", "ward_name"]]
    merged = wards.merge(rows, left_on="ward_code", right_on="breakdown_value", how="left")
    return merged.assign(breakdown_label=merged["ward_name"])


def highest_and_lowest(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """The rows with the highest and lowest published value; None when every figure is withheld."""
    known = rows.dropna(subset=["value"]).sort_values("value")
    return None if known.empty else (known.iloc[-1], known.iloc[0])


def all_withheld(subject: str, period_label: str) -> str:
    """The title of a chart whose every figure is suppressed."""
    return f"{subject} in {period_label}: every figure is {SUPPRESSED_TEXT}"


def yearly(
    board: BoardData, measures: list[str], filters: Filters, period_type: str = "financial_year"
) -> pd.DataFrame:
    """Several measures' city totals by complete year up to the selected year, one block per measure."""
    return pd.concat(
        [up_to_year(board.series(m, period_type), board, filters) for m in measures],
        ignore_index=True,
    )


def grouped_bars(rows: pd.DataFrame, *, unit: str, y_title: str) -> go.Figure:
    """Bars by period, one colour per measure, each labelled with its figure."""
    figure = go.Figure()
    for name, group in rows.groupby("measure_name", sort=False):
        figure.add_bar(
            x=group["period_label"],
            y=group["value"],
            name=str(name),
            marker={"pattern": {"shape": hatch_incomplete(is_incomplete(group))}},
            text=value_labels(group["value"], unit),
            textposition="outside",
            cliponaxis=False,
        )
    figure.add_trace(suppressed_markers(rows["period_label"], rows["value"]))
    incomplete = is_incomplete(rows)
    if incomplete.any():
        figure.add_trace(incomplete_markers(rows["period_label"], rows["value"], incomplete))
    figure.update_layout(
        barmode="group", yaxis={"title": y_title, "rangemode": "tozero"}, xaxis={"type": "category"}
    )
    return figure


def listing(rows: pd.DataFrame, unit: str, label: str = "period_label") -> str:
    """'2024-25: 120; 2025-26: 131' for text alternatives."""
    return "; ".join(
        f"{r[label]}: {format_value(None if is_missing(r['value']) else r['value'], unit)}"
        for _, r in rows.iterrows()
    )


def value_in(rows: pd.DataFrame, measure: str, period_label: str) -> float | None:
    row = row_for(rows[rows["measure"] == measure], period_label)
    return None if row is None or is_missing(row["value"]) else float(row["value"])


def previous_label(rows: pd.DataFrame, period_label: str) -> str | None:
    labels = sorted(rows["period_label"].unique())
    position = labels.index(period_label) if period_label in labels else -1
    return labels[position - 1] if position > 0 else None
