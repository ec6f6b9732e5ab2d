"""The organization palette: every organization has a colour, the largest stay apart for the
common forms of colour blindness, and every colour reads on both themes' backgrounds.

Colour blindness is simulated with the matrices of Machado, Oliveira & Fernandes (2009, severity
1.0) in linear RGB; differences are CIE76 ΔE in CIELAB.
"""

from itertools import combinations

import numpy as np
import pytest

from components.palette import DISTINCT_FOR_EVERYONE, ORGANIZATION_COLORS, hex_to_rgb
from missions.dataset import load_dataset

SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
LIGHT_BACKGROUND, DARK_BACKGROUND = "#FFFFFF", "#0E1117"
MIN_DELTA_E = 14
MIN_CONTRAST_ON_LIGHT, MIN_CONTRAST_ON_DARK = 1.9, 2.5


def linear(color: str) -> np.ndarray:
    channels = np.array(hex_to_rgb(color)) / 255
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
        @ rgb
    )
    x, y, z = xyz / np.array([0.95047, 1.0, 1.08883])

    def f(t: float) -> float:
        return np.cbrt(t) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return np.array([116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))])


def seen_as(color: str, simulation: str) -> np.ndarray:
    return lab(np.clip(SIMULATIONS[simulation] @ linear(color), 0, 1))


def contrast(color: str, background: str) -> float:
    def luminance(hex_color: str) -> float:
        return float(np.array([0.2126, 0.7152, 0.0722]) @ linear(hex_color))

    high, low = sorted((luminance(color), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_organization_in_the_data_has_its_own_colour():
    codes = load_dataset().codes("organization")
    assert set(codes) <= set(ORGANIZATION_COLORS)
    assert len(set(ORGANIZATION_COLORS.values())) == len(ORGANIZATION_COLORS)


def test_the_largest_organizations_are_the_ones_kept_apart_for_colour_blindness():
    counts = load_dataset().missions["organization"].value_counts()
    assert set(counts.index[: len(DISTINCT_FOR_EVERYONE)]) == set(DISTINCT_FOR_EVERYONE)


@pytest.mark.parametrize("simulation", SIMULATIONS)
def test_the_largest_organizations_stay_apart(simulation):
    for first, second in combinations(DISTINCT_FOR_EVERYONE, 2):
        difference = np.linalg.norm(
            seen_as(ORGANIZATION_COLORS[first], simulation)
            - seen_as(ORGANIZATION_COLORS[second], simulation)
        )
        assert difference >= MIN_DELTA_E, (first, second, simulation, round(float(difference), 1))


@pytest.mark.parametrize("organization", ORGANIZATION_COLORS)
def test_every_colour_reads_on_both_themes(organization):
    color = ORGANIZATION_COLORS[organization]
    assert contrast(color, LIGHT_BACKGROUND) >= MIN_CONTRAST_ON_LIGHT
    assert contrast(color, DARK_BACKGROUND) >= MIN_CONTRAST_ON_DARK
