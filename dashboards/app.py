"""The served dashboard: the board pack's pages and figures in a Dash app with period, ward and agency
filters, reading the published warehouse read-only.

    python -m dashboards.app --host 127.0.0.1 --port 8050    (or `make dashboards`)

The publish tables are re-read whenever the published file changes, so a pipeline run that swaps in a new
warehouse is picked up on the next page view, and the app never holds the file open.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pandas as pd
from dash import Dash, Input, Output, dcc, html

from dashboards.board_pack import PLOTLY_CONFIG
from dashboards.chart import Chart
from dashboards.data import BoardData, load_board_data
from dashboards.filters import Filters, agencies, financial_years
from dashboards.pages import PAGES, Page
from dashboards.theme import SUPPRESSED_TEXT
from dashboards.ward_map import ATTRIBUTION

ASSETS = Path(__file__).parent / "assets"


class PublishedBoard:
    """The publish tables, read again only when the published warehouse file has been replaced."""

    def __init__(self, warehouse_path: Path) -> None:
        self.warehouse_path = warehouse_path
        self._loaded: tuple[int, BoardData] | None = None

    def get(self) -> BoardData:
        version = self.warehouse_path.stat().st_mtime_ns
        if self._loaded is None or self._loaded[0] != version:
            self._loaded = (version, load_board_data(self.warehouse_path))
        return self._loaded[1]


def data_table(frame: pd.DataFrame, caption: str) -> html.Table:
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(column, scope="col") for column in frame.columns])),
            html.Tbody(
                [html.Tr([html.Td(str(v)) for v in row]) for row in frame.itertuples(index=False)]
            ),
        ],
        className="data-table",
    )


def chart_component(chart: Chart) -> html.Figure:
    first = chart.definitions[0] if chart.definitions else None
    definitions = []
    for d in chart.definitions:
        details = [d.definition]
        details += [f" Benchmark: {d.benchmark}."] if d.benchmark else []
        details += [f" Source: {d.source}."] if d.source else []
        details += [f" Caveats: {d.caveats}"] if d.caveats else []
        definitions += [html.Dt(d.name), html.Dd("".join(details))]
    return html.Figure(
        id=chart.chart_id,
        className="chart",
        **{"aria-labelledby": f"{chart.chart_id}-title"},
        children=[
            html.H3(chart.title, id=f"{chart.chart_id}-title"),
            html.P(chart.takeaway, className="takeaway"),
            html.Div(
                dcc.Graph(id=f"{chart.chart_id}-plot", figure=chart.figure, config=PLOTLY_CONFIG),
                className="plot",
                role="img",
                **{"aria-label": chart.alt_text},
            ),
            html.Figcaption(
                [
                    *(
                        [html.P(chart.incomplete_note, className="note")]
                        if chart.incomplete_note
                        else []
                    ),
                    html.P(
                        [html.Strong("What this shows: "), first.definition if first else ""],
                        className="meta",
                    ),
                    html.P(
                        [
                            html.Strong("Data as at: "),
                            f"{chart.data_as_at}. ",
                            html.A(
                                "Download this chart's data (CSV)",
                                href=chart.csv_data_uri(),
                                download=chart.csv_filename,
                                className="download",
                            ),
                        ],
                        className="meta",
                    ),
                    html.Details(
                        [
                            html.Summary("Definitions, sources and the data as a table"),
                            html.Dl(definitions),
                            html.P(chart.alt_text, className="summary"),
                            html.Div(
                                data_table(chart.table(), f"Data for: {chart.title}"),
                                className="table-wrap",
                                tabIndex="0",
                                role="region",
                                **{"aria-label": f"Data for: {chart.title}"},
                            ),
                        ]
                    ),
                ]
            ),
        ],
    )


def page_for(pathname: str | None) -> Page:
    slug = (pathname or "/").strip("/") or PAGES[0].slug
    return next((page for page in PAGES if page.slug == slug), PAGES[0])


def filters_from_query(board: BoardData, search: str | None) -> Filters:
    """The filters live in the address (?year=2024-25&ward=E05001222&agency=police): bookmarkable,
    and plain links, which every keyboard and screen reader can use."""
    query = parse_qs((search or "").lstrip("?"))
    years = financial_years(board)
    year = query.get("year", [""])[0]
    ward = query.get("ward", [""])[0]
    agency = query.get("agency", [""])[0]
    return Filters(
        financial_year=year if year in years else years[-1],
        ward=ward if ward in set(board.wards["ward_code"]) else None,
        agency=agency if agency in agencies(board) else None,
    )


def href(page: Page, filters: Filters) -> str:
    query = {"year": filters.financial_year, "ward": filters.ward, "agency": filters.agency}
    return f"/{page.slug}?" + urlencode({k: v for k, v in query.items() if v})


def _link(text: str, target: str, current: bool, link_id: str) -> html.Li:
    # dcc.Link takes no aria-* attributes, so the current choice is marked on its list item.
    return html.Li(
        dcc.Link(text, href=target, id=link_id, className="current" if current else ""),
        **({"aria-current": "true"} if current else {}),
    )


def controls(board: BoardData, page: Page, filters: Filters) -> list:
    """Page navigation and the three filters, each option a link to the same view with one thing changed."""
    ward_options = [
        (None, "All of Coventry"),
        *((w.ward_code, w.ward_name) for w in board.wards.itertuples()),
    ]
    agency_options = [
        (None, "All agencies"),
        *((a, board.agency_label(a)) for a in agencies(board)),
    ]

    def group(
        label: str, group_id: str, options: list[tuple[str | None, str]], field: str
    ) -> html.Div:
        current = getattr(filters, field)
        return html.Div(
            [
                html.H2(label, id=f"{group_id}-label", className="filter-label"),
                html.Ul(
                    [
                        _link(
                            text,
                            href(page, replace(filters, **{field: value})),
                            value == current,
                            f"{group_id}-{value or 'all'}",
                        )
                        for value, text in options
                    ],
                    className="choices",
                    **{"aria-labelledby": f"{group_id}-label"},
                ),
            ],
            className="filter",
            id=group_id,
        )

    return [
        html.Nav(
            html.Ul([_link(p.title, href(p, filters), p is page, f"nav-{p.slug}") for p in PAGES]),
            **{"aria-label": "Dashboard pages"},
        ),
        html.Section(
            [
                group(
                    "Financial year",
                    "filter-period",
                    [(y, y) for y in reversed(financial_years(board))],
                    "financial_year",
                ),
                group("Ward", "filter-ward", ward_options, "ward"),
                group("Agency", "filter-agency", agency_options, "agency"),
            ],
            className="filters",
            **{"aria-label": "Filters"},
        ),
    ]


def create_app(warehouse_path: Path) -> Dash:
    published = PublishedBoard(warehouse_path)
    published.get()  # fail at start-up, not on the first page view, if there is no warehouse
    app = Dash(
        __name__,
        title="Domestic abuse partnership board dashboards",
        assets_folder=str(ASSETS),
        serve_locally=True,  # Dash's and Plotly's JavaScript from this server, never a CDN
        suppress_callback_exceptions=True,
        update_title=None,
    )
    # The page's language, for screen readers (Dash's default page template has none).
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">', 1)
    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            html.A("Skip to the figures", href="#main", className="skip-link"),
            html.Header(
                [
                    html.H1("Domestic abuse partnership board dashboards"),
                    html.P(
                        "Coventry Domestic Abuse Partnership Board. Figures from the published warehouse; "
                        f'counts rounded to the nearest 5; "{SUPPRESSED_TEXT}" marks figures withheld to '
                        "protect people, never a zero."
                    ),
                ],
                className="banner",
            ),
            html.Div(id="controls"),
            html.Main(id="main", tabIndex="-1"),
            # Not <footer>: Dash's page template already has one, and a page has one contentinfo landmark.
            html.Aside(
                html.P(f"{ATTRIBUTION} Population: ONS Census 2021, Open Government Licence v3.0."),
                className="site-footer",
                **{"aria-label": "Sources and licences"},
            ),
        ]
    )

    @app.callback(
        Output("controls", "children"),
        Output("main", "children"),
        Input("url", "pathname"),
        Input("url", "search"),
    )
    def render_page(pathname, search):
        board = published.get()
        page = page_for(pathname)
        filters = filters_from_query(board, search)
        content = [
            html.H2(page.title, id="page-heading"),
            html.P(page.question, className="question"),
            *[chart_component(chart) for chart in page.charts(board, filters)],
        ]
        return controls(board, page, filters), content

    return app


def main() -> None:
    from warehouse.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    arguments = parser.parse_args()
    warehouse = Settings.from_environment().published_warehouse
    create_app(warehouse).run(host=arguments.host, port=arguments.port, debug=False)


if __name__ == "__main__":
    main()
