"""Data quality: each agency's scorecard (red, amber, green by dimension), its trend, submissions, and the
files received but not used (set aside by their structural checks or held for review), with why."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.chart import Chart, MeasureDefinition, make_chart
from dashboards.data import BoardData
from dashboards.filters import Filters
from dashboards.labels import DQ_DIMENSION_NAMES, words
from dashboards.theme import SEQUENTIAL_SCALE, SEVERITY_COLOURS

TIMELINESS = {"on_time": "On time", "late": "Late", "missing": "Missing"}
HELD_BACK = {"set_aside": "Set aside", "held_for_review": "Held for review"}


def scorecard_definition(board: BoardData) -> tuple[MeasureDefinition, ...]:
    """The scorecard is defined by its rules and thresholds, not by a board metric, so it is stated here."""
    as_at = pd.to_datetime(board.dq_scorecard["period_end"]).max()
    return (
        MeasureDefinition(
            measure="data_quality_scorecard",
            name="Data quality scorecard",
            definition=(
                "Each agency's data is rated red, amber or green for each rule in each period: on time, "
                "volume against its own baseline, completeness of ethnicity, disability, sex, age and "
                "ward (not stated, not known, not collected), validity (unmapped codes, invalid postcodes "
                "and NHS numbers), duplicates and file structure."
            ),
            benchmark="Each rule's thresholds (green below, amber below, red at or above): "
            "seeds/data_quality/dq_thresholds.csv.",
            source="publish_dq_scorecard, publish_dq_scorecard_trend, publish_dq_submission_periods",
            caveats="Periods with too few records to rate are 'not assessed' and not counted.",
            data_as_at=as_at.strftime("%d %B %Y"),
        ),
    )


def _for_agency(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    return frame if filters.agency is None else frame[frame["agency"] == filters.agency]


def scorecard(board: BoardData, filters: Filters) -> Chart:
    """Agency x dimension: share of the year's ratings that were red or amber."""
    trend = _for_agency(board.dq_trend, filters)
    trend = trend[trend["financial_year"] == filters.financial_year]
    rows = (
        trend.groupby(["agency", "dimension"], as_index=False)[
            ["periods_rated", "red_periods", "amber_periods", "green_periods"]
        ]
        .sum()
        .assign(
            agency_name=lambda f: f["agency"].map(board.agency_label),
            dimension_name=lambda f: f["dimension"].map(
                lambda d: DQ_DIMENSION_NAMES.get(d, words(d))
            ),
            share_red_or_amber=lambda f: (
                100
                * (f["red_periods"] + f["amber_periods"])
                / f["periods_rated"].where(f["periods_rated"] > 0)
            ),
        )
    )
    agencies = sorted(rows["agency_name"].unique())
    dimensions = [d for d in DQ_DIMENSION_NAMES.values() if d in set(rows["dimension_name"])]
    grid = rows.pivot(
        index="agency_name", columns="dimension_name", values="share_red_or_amber"
    ).reindex(index=agencies, columns=dimensions)
    text_grid = (
        rows.assign(
            text=lambda f: (
                f["red_periods"].astype(int).astype(str)
                + " red, "
                + f["amber_periods"].astype(int).astype(str)
                + " amber"
            )
        )
        .pivot(index="agency_name", columns="dimension_name", values="text")
        .reindex(index=agencies, columns=dimensions)
        .fillna("not rated")
    )
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=dimensions,
            y=agencies,
            text=text_grid.to_numpy(),
            texttemplate="%{text}",
            textfont={"size": 14},
            colorscale=SEQUENTIAL_SCALE,
            zmin=0,
            zmax=100,
            xgap=3,
            ygap=3,
            colorbar={"title": {"text": "% red or amber"}},
            hovertemplate="%{y}, %{x}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(
        height=130 + 60 * len(agencies), yaxis={"autorange": "reversed"}, xaxis={"side": "top"}
    )
    by_agency = rows.groupby("agency_name")["red_periods"].sum().sort_values()
    worst = by_agency.index[-1] if not by_agency.empty and by_agency.iloc[-1] > 0 else None
    return make_chart(
        board,
        chart_id="dq-scorecard",
        definitions=scorecard_definition(board),
        title=(
            f"{worst} had the most red data-quality ratings in {filters.financial_year} ({int(by_agency.iloc[-1])})"
            if worst
            else f"No red data-quality ratings in {filters.financial_year}"
        ),
        takeaway="Red and amber ratings mean the figures on the other pages are less certain for that agency.",
        figure=figure,
        data=rows,
        download_columns=[
            "agency_name",
            "dimension_name",
            "periods_rated",
            "red_periods",
            "amber_periods",
            "green_periods",
            "share_red_or_amber",
        ],
        alt_text="Grid of agencies by data-quality dimension giving red and amber ratings in "
        f"{filters.financial_year}: "
        + "; ".join(
            f"{r.agency_name}, {r.dimension_name}: {r.red_periods:.0f} red, {r.amber_periods:.0f} amber of {r.periods_rated:.0f}"
            for r in rows.itertuples()
        )
        + ".",
    )


def scorecard_trend(board: BoardData, filters: Filters) -> Chart:
    trend = _for_agency(board.dq_trend, filters)
    trend = trend[trend["financial_year"] <= filters.financial_year]
    rows = trend.groupby(["agency", "financial_year"], as_index=False)[
        ["periods_rated", "red_periods", "amber_periods"]
    ].sum()
    rows = rows.assign(
        agency_name=rows["agency"].map(board.agency_label),
        share_red_or_amber=100
        * (rows["red_periods"] + rows["amber_periods"])
        / rows["periods_rated"].where(rows["periods_rated"] > 0),
    )
    figure = go.Figure()
    for name, group in rows.groupby("agency_name"):
        figure.add_scatter(
            x=group["financial_year"],
            y=group["share_red_or_amber"],
            mode="lines+markers",
            name=name,
            line={"width": 3},
            marker={"size": 9},
        )
    figure.update_layout(
        yaxis={"title": "% of ratings red or amber", "rangemode": "tozero"},
        xaxis={"type": "category"},
        height=520,
    )
    latest = rows[rows["financial_year"] == filters.financial_year]
    earlier = rows[rows["financial_year"] < filters.financial_year]
    improved = 0
    if not earlier.empty:
        previous = earlier[earlier["financial_year"] == earlier["financial_year"].max()].set_index(
            "agency"
        )["share_red_or_amber"]
        improved = int(
            (
                latest.set_index("agency")["share_red_or_amber"]
                < previous.reindex(latest["agency"]).to_numpy()
            ).sum()
        )
    return make_chart(
        board,
        chart_id="dq-trend",
        definitions=scorecard_definition(board),
        title=f"{improved} of {len(latest)} agencies had fewer red or amber ratings in {filters.financial_year} than the year before",
        takeaway="Falling lines mean an agency's data is getting better; feedback packs tell each agency what to fix.",
        figure=figure,
        data=rows,
        download_columns=[
            "agency_name",
            "financial_year",
            "periods_rated",
            "red_periods",
            "amber_periods",
            "share_red_or_amber",
        ],
        alt_text="Line chart by financial year of each agency's share of data-quality ratings that were red or amber: "
        + "; ".join(
            f"{r.agency_name} {r.financial_year}: {r.share_red_or_amber:.0f}%"
            for r in rows.itertuples()
        )
        + ".",
    )


def submissions(board: BoardData, filters: Filters) -> Chart:
    periods = _for_agency(board.dq_submissions, filters)
    periods = periods[periods["financial_year"] == filters.financial_year]
    rows = (
        periods.groupby(["agency", "timeliness_status"], as_index=False)
        .size()
        .rename(columns={"size": "periods"})
    )
    rows["agency_name"] = rows["agency"].map(board.agency_label)
    rows["status"] = rows["timeliness_status"].map(lambda s: TIMELINESS.get(s, words(s)))
    figure = go.Figure()
    colours = {
        "On time": SEVERITY_COLOURS["green"],
        "Late": SEVERITY_COLOURS["amber"],
        "Missing": SEVERITY_COLOURS["red"],
    }
    for status, group in rows.groupby("status", sort=False):
        figure.add_bar(
            y=group["agency_name"],
            x=group["periods"],
            name=status,
            orientation="h",
            marker_color=colours.get(status),
            text=group["periods"],
            textposition="inside",
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"title": "Periods due"},
        yaxis={"autorange": "reversed"},
        height=130 + 50 * rows["agency"].nunique(),
    )
    late_or_missing = rows[rows["timeliness_status"] != "on_time"]["periods"].sum()
    return make_chart(
        board,
        chart_id="dq-submissions",
        definitions=scorecard_definition(board),
        title=f"{late_or_missing} agency submissions were late or missing in {filters.financial_year}",
        takeaway="Late or missing extracts leave gaps in the trend charts until the agency sends them.",
        figure=figure,
        data=rows,
        download_columns=["agency_name", "status", "periods"],
        alt_text=f"Stacked bar chart of each agency's submissions in {filters.financial_year} by whether they were on time, late or missing: "
        + "; ".join(f"{r.agency_name}: {r.periods} {r.status.lower()}" for r in rows.itertuples())
        + ".",
    )


def files_held_back(board: BoardData, filters: Filters) -> Chart:
    """Every file received but not used, whatever its year: each one needs someone to act."""
    files = _for_agency(board.dq_files_held_back, filters)
    rows = files.assign(
        agency_name=files["agency"].map(board.agency_label),
        status_name=files["status"].map(lambda s: HELD_BACK.get(s, words(s))),
        period=files["period_start"].astype(str).str[:7],
    )
    # Every agency gets a bar, a zero included, so the chart shows who has nothing held back.
    agencies = sorted(
        _for_agency(board.dq_submissions, filters)["agency"].map(board.agency_label).unique()
    )
    counts = (
        rows.groupby(["status_name", "agency_name"])
        .size()
        .reindex(pd.MultiIndex.from_product([list(HELD_BACK.values()), agencies]), fill_value=0)
    )
    figure = go.Figure()
    colours = {"Set aside": SEVERITY_COLOURS["red"], "Held for review": SEVERITY_COLOURS["amber"]}
    for status in HELD_BACK.values():
        figure.add_bar(
            y=agencies,
            x=counts[status].to_numpy(),
            name=status,
            orientation="h",
            marker_color=colours[status],
            text=counts[status].to_numpy(),
            textposition="inside",
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"title": "Files", "rangemode": "tozero"},
        yaxis={"autorange": "reversed"},
        height=130 + 50 * max(1, len(agencies)),
    )
    return make_chart(
        board,
        chart_id="dq-files-held-back",
        definitions=scorecard_definition(board),
        title=(
            f"{len(rows)} file{'s' if len(rows) != 1 else ''} received but not used: "
            "set aside by their checks or held for review"
            if len(rows)
            else "Every file received is in use: none set aside or held for review"
        ),
        takeaway="Until a corrected file arrives or a held one is accepted, the agency's earlier data "
        "for that period stays in the figures; the table says why each file was held back.",
        figure=figure,
        data=rows,
        download_columns=["agency_name", "file_name", "period", "status_name", "reason"],
        alt_text="Bar chart of files set aside or held for review by agency: "
        + (
            "; ".join(
                f"{r.agency_name}, {r.file_name} ({r.period}): {r.status_name.lower()}, {r.reason}"
                for r in rows.itertuples()
            )
            or "none"
        )
        + ".",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [
        scorecard(board, filters),
        scorecard_trend(board, filters),
        submissions(board, filters),
        files_held_back(board, filters),
    ]
