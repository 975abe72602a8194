"""Cross-agency journeys: what the pseudonymised person linkage shows about MARAC victims and children."""

from __future__ import annotations

from dashboards.chart import Chart, make_chart
from dashboards.data import BoardData
from dashboards.figures.common import (
    bars_with_benchmark,
    is_missing,
    lines_by_period,
    listing,
    yearly,
)
from dashboards.filters import Filters
from dashboards.theme import format_value

MARAC_JOURNEYS = [
    "m14_marac_victims_prior_police_incident",
    "m14_marac_victims_idva_supported",
    "m14_marac_victims_refuge_or_housing",
]
CHILDREN_JOURNEY = "m14_childrens_parent_known_to_marac"


def journeys_this_year(board: BoardData, filters: Filters) -> Chart:
    rows = yearly(board, [*MARAC_JOURNEYS, CHILDREN_JOURNEY], filters)
    rows = rows[rows["period_label"] == filters.financial_year]
    idva = rows[rows["measure"] == "m14_marac_victims_idva_supported"]["value"]
    police = rows[rows["measure"] == "m14_marac_victims_prior_police_incident"]["value"]
    idva_value = None if idva.empty or is_missing(idva.iloc[0]) else idva.iloc[0]
    police_value = None if police.empty or is_missing(police.iloc[0]) else police.iloc[0]
    return make_chart(
        board,
        chart_id="journeys-this-year",
        measures=[*MARAC_JOURNEYS, CHILDREN_JOURNEY],
        title=f"{format_value(idva_value, 'percent')} of MARAC victims were supported by an IDVA in {filters.financial_year}",
        takeaway=f"{format_value(police_value, 'percent')} had a police incident in the 12 months before their MARAC: "
        "earlier chances to intervene.",
        figure=bars_with_benchmark(
            rows,
            x="measure_name",
            unit="percent",
            series_name=filters.financial_year,
            horizontal=True,
        ),
        data=rows,
        alt_text=f"Horizontal bar chart of cross-agency journey measures in {filters.financial_year}: "
        f"{listing(rows, 'percent', 'measure_name')}.",
    )


def journeys_trend(board: BoardData, filters: Filters) -> Chart:
    rows = yearly(board, MARAC_JOURNEYS, filters)
    return make_chart(
        board,
        chart_id="journeys-trend",
        measures=MARAC_JOURNEYS,
        title=f"How MARAC victims' contact with other services has changed to {filters.financial_year}",
        takeaway="Rising lines mean more high-risk victims are known to, and supported by, other services.",
        figure=lines_by_period(rows, series="measure_name", y_title="% of MARAC victim cases"),
        data=rows,
        alt_text="Line chart by financial year of the share of MARAC victims with a prior police "
        "incident, IDVA support, and refuge or housing contact: "
        + "; ".join(
            f"{m}: {listing(g, 'percent')}" for m, g in rows.groupby("measure_name", sort=False)
        )
        + ".",
    )


def charts(board: BoardData, filters: Filters) -> list[Chart]:
    return [journeys_this_year(board, filters), journeys_trend(board, filters)]
