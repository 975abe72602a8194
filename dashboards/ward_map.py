"""The ward choropleth, drawn from the real ONS ward boundaries as filled shapes on plain axes.

Plotly's geo maps fetch a world topojson from a CDN even for custom GeoJSON, and tile maps fetch tiles,
so the wards are drawn as polygons instead: nothing is requested from the network, in the board pack or
the Dash app.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboards.figures.common import is_missing
from dashboards.theme import BLACK, LIGHT_GREY, SEQUENTIAL_SCALE, SUPPRESSED_TEXT, format_value

WARD_BOUNDARIES = Path(__file__).parent / "geo" / "coventry_wards_2025_bgc.geojson"
WARD_CODE_PROPERTY = "WD25CD"
ATTRIBUTION = (
    "Ward boundaries: Office for National Statistics, Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right 2025."
)


@cache
def ward_shapes() -> dict[str, dict]:
    """Ward code -> {'rings': [[(lon, lat), ...], ...], 'centre': (lon, lat)} from the GeoJSON."""
    features = json.loads(WARD_BOUNDARIES.read_text())["features"]
    shapes = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        properties = feature["properties"]
        shapes[properties[WARD_CODE_PROPERTY]] = {
            "rings": [ring for polygon in polygons for ring in polygon],
            "centre": (properties["LONG"], properties["LAT"]),
        }
    return shapes


def ward_map_figure(
    values: pd.DataFrame,
    *,
    unit: str,
    colour_title: str,
    highlight_ward: str | None = None,
) -> go.Figure:
    """Filled ward shapes coloured by `value` (columns ward_code, ward_name, value), each labelled with
    its figure; suppressed wards are grey and say so."""
    shapes = ward_shapes()
    known = values["value"].dropna()
    low, high = (known.min(), known.max()) if not known.empty else (0.0, 1.0)
    span = (high - low) or 1.0
    figure = go.Figure()
    for ward in values.itertuples(index=False):
        shape = shapes[ward.ward_code]
        suppressed = is_missing(ward.value)
        fill = (
            LIGHT_GREY
            if suppressed
            else sample_colorscale(SEQUENTIAL_SCALE, [(ward.value - low) / span])[0]
        )
        xs, ys = [], []
        for ring in shape["rings"]:
            xs += [point[0] for point in ring] + [None]
            ys += [point[1] for point in ring] + [None]
        highlighted = ward.ward_code == highlight_ward
        figure.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=fill,
            line={"color": BLACK, "width": 4 if highlighted else 1},
            name=ward.ward_name,
            hoveron="fills",
            text=f"{ward.ward_name}: {format_value(None if suppressed else ward.value, unit)}",
            hoverinfo="text",
            showlegend=False,
        )
    # Each ward's figure written on the map, so the map does not rely on colour alone.
    figure.add_scatter(
        x=[shapes[code]["centre"][0] for code in values["ward_code"]],
        y=[shapes[code]["centre"][1] for code in values["ward_code"]],
        mode="text",
        text=[
            "*" if is_missing(v) else f"{v:,.1f}" if unit != "count" else f"{v:,.0f}"
            for v in values["value"]
        ],
        textfont={"size": 14, "color": BLACK},
        hoverinfo="skip",
        showlegend=False,
    )
    # An invisible trace carries the colour scale's key.
    figure.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker={
            "colorscale": SEQUENTIAL_SCALE,
            "cmin": low,
            "cmax": high,
            "color": [low],
            "showscale": True,
            "colorbar": {"title": {"text": colour_title}, "thickness": 20},
        },
        hoverinfo="skip",
        showlegend=False,
    )
    mid_latitude = sum(s["centre"][1] for s in shapes.values()) / len(shapes)
    figure.update_layout(
        height=560,
        xaxis={"visible": False},
        # Degrees of longitude are shorter than degrees of latitude this far north.
        yaxis={
            "visible": False,
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians(mid_latitude)),
        },
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        annotations=[
            {
                "text": f"* {SUPPRESSED_TEXT}. {ATTRIBUTION}",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.06,
                "showarrow": False,
                "font": {"size": 14},
                "xanchor": "left",
            }
        ],
    )
    return figure
