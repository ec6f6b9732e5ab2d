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


# Personnel types stacked in the personnel charts, and incident types in the fatality charts
# (Okabe–Ito; grey for what the data does not break down or classify).
PERSONNEL_TYPE_COLORS = {
    "troops": "#0072B2",
    "police": "#E69F00",
    "observers": "#009E73",
    "not_broken_down": "#A0A0A0",
}
INCIDENT_TYPE_COLORS = {
    "malicious-act": "#D55E00",
    "accident": "#E69F00",
    "illness": "#56B4E9",
    "self-inflicted": "#CC79A7",
    "other-unknown": "#A0A0A0",
}
# Missions side by side (Paul Tol's "bright" scheme, colour-blind safe).
SERIES_COLORS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377")
