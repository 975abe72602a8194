"""What every chart on the board carries besides its figure: a finding, a takeaway, the definition,
the data-as-at date, a text alternative and its data for download."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import BoardData
from dashboards.theme import SUPPRESSED_TEXT, TEMPLATE
from warehouse.spreadsheet_safety import inert_frame

# The columns of publish_board_metrics a reader needs to check a chart's figures.
DOWNLOAD_COLUMNS = [
    "measure",
    "measure_name",
    "period_type",
    "period_label",
    "period_is_complete",
    "breakdown",
    "breakdown_label",
    "numerator",
    "denominator",
    "value",
    "unit",
    "population_base",
    "benchmark_name",
    "benchmark_value",
    "completeness",
    "data_status",
    "data_status_note",
    "suppression",
]
INCOMPLETE_NOTE = "Incomplete data, marked on the chart (figures for these periods may be too low or later revised): "


@dataclass(frozen=True)
class MeasureDefinition:
    measure: str
    name: str
    definition: str
    benchmark: str
    source: str
    caveats: str
    data_as_at: str


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: (
        str  # states the finding, e.g. "Incidents rose 6% against the previous three-year average"
    )
    takeaway: str  # one plain-English line: what it means for the board
    figure: go.Figure
    data: pd.DataFrame  # exactly what the chart shows, for download
    alt_text: str  # the figure's content in words, for screen readers and anyone who cannot see it
    definitions: tuple[MeasureDefinition, ...]

    @property
    def data_as_at(self) -> str:
        dates = sorted({d.data_as_at for d in self.definitions if d.data_as_at})
        return dates[-1] if dates else "not known"

    @property
    def incomplete_note(self) -> str | None:
        """The footnote naming each agency's return behind a marked period, and why; None when all are whole."""
        if "data_status" not in self.data.columns:
            return None
        notes = self.data.loc[
            self.data["data_status"].fillna("complete").ne("complete"), "data_status_note"
        ].dropna()
        problems = list(dict.fromkeys(p for note in notes for p in note.split("; ")))
        return INCOMPLETE_NOTE + "; ".join(problems) + "." if problems else None

    @property
    def csv_filename(self) -> str:
        return f"{self.chart_id}.csv"

    def csv(self) -> str:
        """The data as CSV, with any text a spreadsheet would run as a formula made inert."""
        return inert_frame(self.data).to_csv(index=False)

    def csv_data_uri(self) -> str:
        """The chart's data as a link target, so it downloads from a file opened offline."""
        return "data:text/csv;charset=utf-8," + quote(self.csv())

    def table(self) -> pd.DataFrame:
        """The data as text for an on-page table: withheld figures say so instead of looking blank."""
        table = self.data.astype(object).where(self.data.notna(), "")
        if "suppression" in table.columns:
            withheld = self.data["suppression"].notna()
            for column in ("numerator", "value"):
                if column in table.columns:
                    table.loc[withheld, column] = SUPPRESSED_TEXT
        return table


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    return str(value)


def measure_definitions(
    board: BoardData, measures: list[str] | tuple[str, ...]
) -> tuple[MeasureDefinition, ...]:
    """The published definition of each measure a chart shows."""
    definitions = []
    for measure in measures:
        row = board.definition(measure)
        benchmark = _text(row.get("benchmark_name"))
        if _text(row.get("benchmark_value")):
            benchmark += f": {row['benchmark_value']:g} {_text(row.get('benchmark_unit'))}".rstrip()
        if _text(row.get("benchmark_period")):
            benchmark += f" ({row['benchmark_period']})"
        data_as_at = row.get("data_as_at")
        definitions.append(
            MeasureDefinition(
                measure=measure,
                name=_text(row["measure_name"]),
                definition=_text(row["definition"]),
                benchmark=benchmark,
                source=_text(row.get("source")),
                caveats=_text(row.get("caveats")),
                data_as_at=pd.Timestamp(data_as_at).strftime("%d %B %Y")
                if _text(data_as_at)
                else "",
            )
        )
    return tuple(definitions)


def make_chart(
    board: BoardData,
    *,
    chart_id: str,
    measures: list[str] | None = None,
    definitions: tuple[MeasureDefinition, ...] | None = None,
    title: str,
    takeaway: str,
    figure: go.Figure,
    data: pd.DataFrame,
    alt_text: str,
    download_columns: list[str] | None = None,
) -> Chart:
    """A chart in the board's house style, its definitions looked up from the publish layer unless given."""
    figure.update_layout(template=TEMPLATE)
    columns = download_columns or [c for c in DOWNLOAD_COLUMNS if c in data.columns]
    return Chart(
        chart_id=chart_id,
        title=title,
        takeaway=takeaway,
        figure=figure,
        data=data[columns].reset_index(drop=True),
        alt_text=alt_text,
        definitions=definitions
        if definitions is not None
        else measure_definitions(board, measures or []),
    )
