"""The colour palette for the app's charts and map: re-exported from `missions.palette`, where it
is defined once (the slides and PDF images in `missions/` use the same colours)."""

from missions.palette import (
    DISTINCT_FOR_EVERYONE,
    FALLBACK_COLOR,
    INCIDENT_TYPE_COLORS,
    ORGANIZATION_COLORS,
    PERSONNEL_TYPE_COLORS,
    SERIES_COLORS,
    hex_to_rgb,
    organization_color,
)

__all__ = [
    "DISTINCT_FOR_EVERYONE",
    "FALLBACK_COLOR",
    "INCIDENT_TYPE_COLORS",
    "ORGANIZATION_COLORS",
    "PERSONNEL_TYPE_COLORS",
    "SERIES_COLORS",
    "hex_to_rgb",
    "organization_color",
]
