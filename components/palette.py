"""One colour per organization, defined once and used by every chart and the map.

Built from the Okabe–Ito and Paul Tol "muted" palettes, which stay distinct for the common
forms of colour blindness; none is too light for a white background or too dark for a black one.
"""

from __future__ import annotations

ORGANIZATION_COLORS = {
    "UN": "#0072B2",
    "UN-AU": "#56B4E9",
    "NATO": "#E69F00",
    "EU": "#CC79A7",
    "AU": "#009E73",
    "ECOWAS": "#D55E00",
    "ECCAS": "#44AA99",
    "SADC": "#AA4499",
    "OSCE": "#882255",
    "CIS": "#999933",
    "OAS": "#DDCC77",
    "Coalition": "#8C8C8C",
}
FALLBACK_COLOR = "#8C8C8C"


def organization_color(code: str) -> str:
    return ORGANIZATION_COLORS.get(code, FALLBACK_COLOR)


def hex_to_rgb(color: str) -> list[int]:
    """ "#0072B2" -> [0, 114, 178], the form deck.gl layers take."""
    color = color.lstrip("#")
    return [int(color[i : i + 2], 16) for i in (0, 2, 4)]
