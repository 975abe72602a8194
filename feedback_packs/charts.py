"""Inline SVG charts, drawn here rather than by a JavaScript library: ~380 packs a run must stay small, open
offline and never fetch anything. Each chart has a title and a description for screen readers, and the
pack shows the same figures in a table beside it, so no reader depends on the picture or its colours."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from feedback_packs import wording

WIDTH, HEIGHT = 360, 170
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 10, 28
# Bands behind a completeness line (pale, so the lines keep their contrast) and the lines themselves.
BAND_FILLS = {"green": "#e3f1e6", "amber": "#fdf0cf", "red": "#f9dede"}
AGENCY_COLOUR = "#1d4f91"
PARTNERSHIP_COLOUR = "#4b4b4b"
BAR_COLOUR = "#1d4f91"


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None


def _y(value: float, top_value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top_value)


def _frame(chart_id: str, title: str, description: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}"'
        f' height="{HEIGHT}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _axes(points: list[Point], top_value: float, as_text, x) -> list[str]:
    body = [
        f'<line x1="{LEFT}" y1="{_y(0, top_value):.1f}" x2="{WIDTH - RIGHT}" y2="{_y(0, top_value):.1f}"'
        ' stroke="#767676"/>'
    ]
    for tick in (0, top_value / 2, top_value):
        body.append(
            f'<text x="{LEFT - 4}" y="{_y(tick, top_value) + 4:.1f}" text-anchor="end" font-size="10"'
            f' fill="#333">{escape(as_text(tick))}</text>'
        )
    if points:
        for index, anchor in ((0, "start"), (len(points) - 1, "end")):
            body.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}"'
                f' font-size="10" fill="#333">{escape(points[index].label)}</text>'
            )
    return body


def _line(points: list[Point], top_value: float, colour: str, dashed: bool, x) -> list[str]:
    """A line through the points that have a value, broken where a period has none (a missing file)."""
    segments, current = [], []
    for index, point in enumerate(points):
        if point.value is None:
            segments, current = [*segments, current] if current else segments, []
            continue
        current.append(f"{x(index):.1f},{_y(point.value, top_value):.1f}")
    segments = [*segments, current] if current else segments
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    body = [
        f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        for segment in segments
    ]
    if not dashed:
        body += [
            f'<circle cx="{x(i):.1f}" cy="{_y(p.value, top_value):.1f}" r="2.5" fill="{colour}"/>'
            for i, p in enumerate(points)
            if p.value is not None
        ]
    return body


def completeness_chart(
    chart_id: str,
    title: str,
    description: str,
    agency: list[Point],
    partnership: list[Point],
    green_below: float | None,
    amber_below: float | None,
) -> Markup:
    """The agency's share by period (solid) against the partnership average (dashed), over bands showing
    where the thresholds put green, amber and red."""
    values = [p.value for p in agency + partnership if p.value is not None]
    thresholds = [t for t in (green_below, amber_below) if t is not None and t <= 1]
    top_value = min(1.0, max([0.05, *values, *thresholds]) * 1.15)
    body = []
    bottom = 0.0
    for band, upper in (("green", green_below), ("amber", amber_below), ("red", top_value)):
        if upper is None or bottom >= top_value:
            continue
        upper = min(upper, top_value)
        body.append(
            f'<rect x="{LEFT}" y="{_y(upper, top_value):.1f}" width="{WIDTH - LEFT - RIGHT}"'
            f' height="{_y(bottom, top_value) - _y(upper, top_value):.1f}" fill="{BAND_FILLS[band]}"/>'
        )
        bottom = upper

    def x(index: int) -> float:
        span = WIDTH - LEFT - RIGHT
        return LEFT + (span * index / (len(agency) - 1) if len(agency) > 1 else span / 2)

    body += _axes(agency, top_value, wording.percent, x)
    body += _line(partnership, top_value, PARTNERSHIP_COLOUR, True, x)
    body += _line(agency, top_value, AGENCY_COLOUR, False, x)
    return _frame(chart_id, title, description, body)


def volume_chart(
    chart_id: str, title: str, description: str, rows: list[Point], baseline: list[Point]
) -> Markup:
    """Rows loaded per period as bars, the agency's usual volume (its baseline) as a dashed line."""
    values = [p.value for p in rows + baseline if p.value is not None]
    top_value = max([1.0, *values]) * 1.1
    span = (WIDTH - LEFT - RIGHT) / max(1, len(rows))

    def x(index: int) -> float:  # the centre of the period's bar
        return LEFT + (index + 0.5) * span

    body = _axes(rows, top_value, lambda v: f"{v:,.0f}", x)
    body += [
        f'<rect x="{x(index) - span * 0.35:.1f}" y="{_y(point.value, top_value):.1f}"'
        f' width="{span * 0.7:.1f}" height="{_y(0, top_value) - _y(point.value, top_value):.1f}"'
        f' fill="{BAR_COLOUR}"/>'
        for index, point in enumerate(rows)
        if point.value
    ]
    body += _line(baseline, top_value, PARTNERSHIP_COLOUR, True, x)
    return _frame(chart_id, title, description, body)
