"""Colours, fonts and number formats shared by every chart: colour-blind safe and readable on a projector."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito, the palette distinguishable with every common colour-vision deficiency. Yellow and sky blue
# are left out: too pale on white for lines and text on a projector.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
ORANGE = "#E69F00"
BLACK = "#000000"
GREY = "#6F777B"  # GOV.UK secondary text grey: 4.6:1 on white
LIGHT_GREY = "#DEE0E2"
SERIES_COLOURS = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, BLACK)
# For series beyond the six colours: the colours again, told apart by dash and marker too.
LINE_DASHES = ("solid", "dash", "dot")
MARKER_SYMBOLS = ("circle", "square", "diamond")

# One hue from light to dark, so the map and heatmaps read the same in greyscale.
SEQUENTIAL_SCALE = [[0.0, "#E8F1F8"], [0.5, "#4A98C9"], [1.0, "#08306B"]]

# Red, amber and green are always written as words beside the colour (never colour alone).
SEVERITY_COLOURS = {
    "red": VERMILLION,
    "amber": ORANGE,
    "green": GREEN,
    "not_assessed": LIGHT_GREY,
}

FONT_FAMILY = "Arial, Helvetica, sans-serif"
BASE_FONT_SIZE = 18

pio.templates["board"] = go.layout.Template(
    layout={
        "font": {"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": "#0B0C0C"},
        "colorway": list(SERIES_COLOURS),
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 70, "r": 30, "t": 30, "b": 60},
        "hoverlabel": {"font": {"size": BASE_FONT_SIZE}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "xaxis": {"showgrid": False, "linecolor": GREY, "ticks": "outside", "automargin": True},
        "yaxis": {
            "gridcolor": LIGHT_GREY,
            "zeroline": True,
            "zerolinecolor": GREY,
            "automargin": True,
        },
    }
)
TEMPLATE = "board"

SUPPRESSED_TEXT = "suppressed (fewer than 8)"
# How a period whose returns are missing, partial, late or revised is labelled on a chart.
INCOMPLETE_TEXT = "incomplete data"

_UNIT_SUFFIX = {
    "percent": "%",
    "per_1000": " per 1,000",
    "per_10000": " per 10,000",
    "fte": " FTE",
    "days": " days",
    "ratio": "",
    "count": "",
}


def format_value(value: float | None, unit: str) -> str:
    """A published figure in words: percentages to one decimal place, counts with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return SUPPRESSED_TEXT
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "ratio":
        return f"{value:,.2f}"
    return f"{value:,.1f}{_UNIT_SUFFIX.get(unit, '')}"
