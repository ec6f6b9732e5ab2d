"""One colour per organization, defined once and used by every chart, the map, the slides and the
static images of the PDFs. It lives in `missions/` so that the pure exports (slides, PDFs) can
use it without importing `components/`; `components.palette` re-exports it for the app.

The colours come from the Okabe–Ito and Paul Tol palettes, which were designed to stay apart
for the common forms of colour blindness. With eighteen organizations no palette can keep every
pair apart, so the rule is:

- the eight organizations that led the most operations (`DISTINCT_FOR_EVERYONE`) keep colours
  that stay clearly apart in normal vision and under simulated protanopia, deuteranopia and
  tritanopia (tests/test_palette.py measures it);
- the ten smaller organizations (one to three operations each) get further colours that are
  distinct in normal vision, and are told apart by name: every chart legend, hover and the map's
  tooltip and legend name the organization.

Every colour is readable on the light and the dark theme's background.
"""

from __future__ import annotations

ORGANIZATION_COLORS = {
    "UN": "#0072B2",
    "UN-AU": "#56B4E9",
    "EU": "#CC79A7",
    "OSCE": "#AA3377",
    "Coalition": "#BBBBBB",
    "AU": "#009E73",
    "NATO": "#E69F00",
    "ECOWAS": "#D55E00",
    "SADC": "#77AADD",
    "CIS": "#A0522D",
    "State": "#EE8866",
    "ECCAS": "#EE6677",
    "LAS": "#AA4499",
    "OAS": "#CCBB44",
    "PIF": "#999933",
    "EAC": "#994F00",
    "IGAD": "#117733",
    "CEMAC": "#44BB99",
}
DISTINCT_FOR_EVERYONE = ("UN", "EU", "OSCE", "Coalition", "AU", "NATO", "ECOWAS", "SADC")
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

# Kinds of mandate decision, in the order charts list them, and their colours (Okabe–Ito).
ACTION_ORDER = (
    "establish",
    "authorize force",
    "expand",
    "extend",
    "change",
    "reduce",
    "hand over",
    "terminate",
)
ACTION_COLORS = {
    "establish": "#0072B2",
    "authorize force": "#D55E00",
    "expand": "#009E73",
    "extend": "#56B4E9",
    "change": "#CC79A7",
    "reduce": "#E69F00",
    "hand over": "#AA3377",
    "terminate": "#8C8C8C",
}
