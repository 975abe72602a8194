"""Equality and reach: each agency's clients in each cohort against the population share, with
'not recorded' as its own state rather than hidden in the denominator."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import is_missing
from dashboards.filters import Filters
from dashboards.labels import COHORT_NAMES, cohort_name
from dashboards.theme import SEQUENTIAL_SCALE, SUPPRESSED_TEXT

MEASURE = "m08_reach_by_cohort"


def cohort_states(board: BoardData, filters: Filters) -> pd.DataFrame:
    """The reach measure for the selected year, split into agency, cohort and state columns."""
    rows = board.series(MEASURE, "financial_year", "agency_cohort")
    rows = rows[rows["period_label"] == filters.financial_year].copy()
    parts = rows["breakdown_value"].str.split("|", expand=True)
    rows["agency"], rows["cohort"], rows["state"] = parts[0], parts[1], parts[2]
    if filters.agency is not None:
        rows = rows[rows["agency"] == filters.agency]
    rows["agency_name"] = rows["agency"].map(board.agency_label)
    rows["cohort_name"] = rows["cohort"].map(cohort_name)
    return rows.reset_index(drop=True)


def _matrix(rows: pd.DataFrame, state: str) -> pd.DataFrame:
    """Agency x cohort for one state; a combination with no row means no client was in that state."""
    cohorts = [c for c in COHORT_NAMES if c in set(rows["cohort"])]
    labels = dict(zip(rows["agency"], rows["agency_name"], strict=True))
    agencies = sorted(labels, key=labels.get)
    grid = pd.MultiIndex.from_product([agencies, cohorts], names=["agency", "cohort"]).to_frame(
        index=False
    )
    chosen = rows[rows["state"] == state]
    return grid.merge(chosen, on=["agency", "cohort"], how="left").assign(
        agency_name=lambda f: f["agency"].map(labels),
        cohort_name=lambda f: f["cohort"].map(cohort_name),
    )


def _heatmap(matrix: pd.DataFrame, cell_text: list[str], colour_title: str) -> go.Figure:
    agencies = list(dict.fromkeys(matrix["agency_name"]))
    cohorts = list(dict.fromkeys(matrix["cohort_name"]))
    z = matrix["value"].to_numpy().reshape(len(agencies), len(cohorts))
    text = [cell_text[i * len(cohorts) : (i + 1) * len(cohorts)] for i in range(len(agencies))]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=cohorts,
            y=agencies,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 15},
            colorscale=SEQUENTIAL_SCALE,
            zmin=0,
            zmax=100,
            xgap=3,
            ygap=3,
            colorbar={"title": {"text": colour_title}},
            hovertemplate="%{y}, %{x}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(
        height=130 + 60 * len(agencies),
        yaxis={"autorange": "reversed"},
        xaxis={"side": "top"},
        plot_bgcolor="#F3F2F1",
    )
    return figure


def reach_against_population(board: BoardData, filters: Filters) -> Chart:
    rows = cohort_states(board, filters)
    matrix = _matrix(rows, "yes")
    text = []
    for cell in matrix.itertuples():
        if is_missing(cell.value) and cell.suppression in ("small_number", "complementary"):
            text.append("suppressed")
        elif is_missing(cell.value):
            text.append("none or not recorded")
        elif is_missing(cell.benchmark_value):
            text.append(f"{cell.value:.0f}%")
        else:
            text.append(f"{cell.value:.0f}% (pop. {cell.benchmark_value:.0f}%)")
    compared = matrix.dropna(subset=["value", "benchmark_value"])
    gap = compared["value"] - compared["benchmark_value"]
    if compared.empty:
        title = f"No cohort can be compared with its population share in {filters.financial_year}"
    else:
        lowest = compared.loc[gap.idxmin()]
        title = (
            f"The {lowest['cohort_name'].lower()} group was most under-represented at "
            f"{lowest['agency_name']} in {filters.financial_year}: "
            f"{lowest['value']:.0f}% of clients against {lowest['benchmark_value']:.0f}% of residents"
        )
    under = int((gap < -5).sum())
    return make_chart(
        board,
        chart_id="equality-reach",
        measures=[MEASURE],
        title=title,
        takeaway=(
            f"{under} agency and cohort combinations were more than 5 points below the population "
            "share; low shares can also mean the field is not recorded (see the next chart)."
        ),
        figure=_heatmap(matrix, text, "% of clients"),
        data=matrix,
        download_columns=[
            "agency_name",
            "cohort_name",
            "state",
            "period_label",
            "numerator",
            "denominator",
            "value",
            "unit",
            "benchmark_name",
            "benchmark_value",
            "completeness",
            "suppression",
        ],
        alt_text="Grid of agencies (rows) by cohort (columns) giving the share of each agency's "
        "clients in the cohort, with the population share in brackets: "
        + "; ".join(
            f"{m.agency_name}, {m.cohort_name}: {t}"
            for m, t in zip(matrix.itertuples(), text, strict=True)
        )
        + ".",
    )


def not_recorded(board: BoardData, filters: Filters) -> Chart:
    rows = cohort_states(board, filters)
    matrix = _matrix(rows, "not_recorded")
    recorded_somewhere = set(
        rows.loc[rows["state"] != "not_recorded", "breakdown_value"].str.rsplit("|", n=1).str[0]
    )
    text = []
    values = []
    for cell in matrix.itertuples():
        if cell.suppression in ("small_number", "complementary"):
            text.append(SUPPRESSED_TEXT.split(" (")[0])
            values.append(None)
        elif is_missing(cell.value):
            # No client in the not-recorded state: the field was recorded for everyone.
            recorded = f"{cell.agency}|{cell.cohort}" in recorded_somewhere
            text.append("0%" if recorded else "no clients")
            values.append(0.0 if recorded else None)
        else:
            text.append(f"{cell.value:.0f}%")
            values.append(cell.value)
    matrix = matrix.assign(value=values)
    worst = matrix.dropna(subset=["value"]).sort_values("value")
    fully_missing = int((matrix["value"] >= 99.5).sum())
    title = (
        f"{fully_missing} agency and cohort combinations had the field not recorded for every client "
        f"in {filters.financial_year}"
        if fully_missing
        else f"Every agency recorded at least some of each cohort field in {filters.financial_year}"
    )
    return make_chart(
        board,
        chart_id="equality-not-recorded",
        measures=[MEASURE],
        title=title,
        takeaway=(
            "Where a field is not recorded, the board cannot tell whether a group is being reached; "
            + (
                f"the worst was {worst.iloc[-1]['agency_name']} for {worst.iloc[-1]['cohort_name']}."
                if not worst.empty
                else "no figures are published for this selection."
            )
        ),
        figure=_heatmap(matrix, text, "% not recorded"),
        data=matrix,
        download_columns=[
            "agency_name",
            "cohort_name",
            "state",
            "period_label",
            "numerator",
            "denominator",
            "value",
            "unit",
            "completeness",
            "suppression",
        ],
        alt_text="Grid of agencies (rows) by cohort (columns) giving the share of each agency's "
        "clients with the field not recorded: "
        + "; ".join(
            f"{m.agency_name}, {m.cohort_name}: {t}"
            for m, t in zip(matrix.itertuples(), text, strict=True)
        )
        + ".",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [reach_against_population(board, filters), not_recorded(board, filters)]
