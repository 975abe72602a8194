"""The static board pack: every page in one self-contained HTML file that opens from disk with no network.

plotly.js is embedded once; each chart carries its finding, takeaway, definition, data-as-at date, a text
alternative, a table of its data and a CSV download (a data: link, so it works offline).

    python -m dashboards.board_pack    # rebuild the current generation's board_pack/index.html from its warehouse
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboards.chart import Chart
from dashboards.data import BoardData, load_board_data
from dashboards.filters import Filters, default_filters
from dashboards.pages import PAGES
from dashboards.theme import SUPPRESSED_TEXT
from dashboards.ward_map import ATTRIBUTION

# No mode bar: its icon buttons have no accessible names, and the pack has its own data downloads.
PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True}

STYLESHEET = (Path(__file__).parent / "assets" / "board.css").read_text()


@dataclass(frozen=True)
class BuiltBoardPack:
    path: Path
    page_count: int
    chart_count: int


def chart_html(chart: Chart) -> str:
    plot = pio.to_html(
        chart.figure,
        full_html=False,
        include_plotlyjs=False,
        config=PLOTLY_CONFIG,
        div_id=f"{chart.chart_id}-plot",
        default_height=chart.figure.layout.height or 480,
    )
    definitions = "".join(
        f"<dt>{escape(d.name)}</dt><dd>{escape(d.definition)}"
        + (f"<br>Benchmark: {escape(d.benchmark)}" if d.benchmark else "")
        + (f"<br>Source: {escape(d.source)}" if d.source else "")
        + (f"<br>Caveats: {escape(d.caveats)}" if d.caveats else "")
        + "</dd>"
        for d in chart.definitions
    )
    table = chart.table().to_html(index=False, border=0, classes="data-table", escape=True)
    first = chart.definitions[0] if chart.definitions else None
    return f"""
<figure class="chart" id="{chart.chart_id}" aria-labelledby="{chart.chart_id}-title">
  <h3 id="{chart.chart_id}-title">{escape(chart.title)}</h3>
  <p class="takeaway">{escape(chart.takeaway)}</p>
  <div class="plot" role="img" aria-label="{escape(chart.alt_text)}">{plot}</div>
  <figcaption>
    {f'<p class="note">{escape(chart.incomplete_note)}</p>' if chart.incomplete_note else ""}
    <p class="meta"><strong>What this shows:</strong> {escape(first.definition if first else "")}</p>
    <p class="meta"><strong>Data as at:</strong> {escape(chart.data_as_at)}.
      <a class="download" href="{chart.csv_data_uri()}" download="{chart.csv_filename}">Download this chart's data (CSV)</a></p>
    <details><summary>Definitions, sources and the data as a table</summary>
      <dl>{definitions}</dl>
      <p class="summary">{escape(chart.alt_text)}</p>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Data for: {escape(chart.title)}">{table}</div>
    </details>
  </figcaption>
</figure>"""


def board_pack_html(board: BoardData, filters: Filters, built_at: datetime) -> tuple[str, int]:
    """The whole pack as one HTML document, and how many charts it holds."""
    sections, chart_count = [], 0
    for page in PAGES:
        charts = page.charts(board, filters)
        chart_count += len(charts)
        sections.append(
            f"""
<section class="page" id="{page.slug}" aria-labelledby="{page.slug}-heading">
  <h2 id="{page.slug}-heading">{escape(page.title)}</h2>
  <p class="question">{escape(page.question)}</p>
  {"".join(chart_html(chart) for chart in charts)}
  <p class="back"><a href="#contents">Back to contents</a></p>
</section>"""
        )
    navigation = "".join(f'<li><a href="#{p.slug}">{escape(p.title)}</a></li>' for p in PAGES)
    title = f"Domestic abuse partnership board pack, {filters.financial_year}"
    html = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLESHEET}</style>
<script>{get_plotlyjs()}</script>
</head>
<body>
<a class="skip-link" href="#main">Skip to the figures</a>
<header class="banner">
  <h1>{escape(title)}</h1>
  <p>Coventry Domestic Abuse Partnership Board. Built {built_at:%d %B %Y at %H:%M} from the published
  warehouse. Counts are rounded to the nearest 5; "{SUPPRESSED_TEXT}" marks figures withheld to protect
  people, never a zero.</p>
</header>
<nav id="contents" aria-label="Pages of the board pack">
  <h2>Contents</h2>
  <ul>{navigation}</ul>
</nav>
<main id="main">
{"".join(sections)}
</main>
<footer><p>{escape(ATTRIBUTION)} Population: ONS Census 2021 and mid-year estimates, Open Government
Licence v3.0. Benchmarks: SafeLives and the Council of Europe, as cited with each definition.</p></footer>
</body>
</html>
"""
    return html, chart_count


def build_board_pack(warehouse_path: Path, output_dir: Path) -> BuiltBoardPack:
    """Write output_dir/index.html for the latest complete financial year (written aside, then renamed)."""
    board = load_board_data(warehouse_path)
    html, chart_count = board_pack_html(board, default_filters(board), datetime.now(UTC))
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / "index.html"
    partial = path.with_suffix(".html.partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)
    return BuiltBoardPack(path=path, page_count=len(PAGES), chart_count=chart_count)


if __name__ == "__main__":
    from warehouse.settings import Settings

    settings = Settings.from_environment()
    built = build_board_pack(settings.published_warehouse, settings.board_pack_dir)
    print(f"Board pack: {built.path} ({built.chart_count} charts on {built.page_count} pages)")
