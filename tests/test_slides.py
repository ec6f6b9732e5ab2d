"""The briefing pack: the static images (PNG, drawn without a browser), the PowerPoint decks
(read back with python-pptx: slide count, titles, pictures, source lines, sizes) and the
"Report a correction" link."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from missions.corrections import (
    TARGET_VARIABLE,
    correction_fields,
    correction_link,
    corrections_target,
    how_to_report,
    usable_target,
)
from missions.dataset import load_dataset
from missions.figures import (
    DPI,
    WIDE,
    aligned_personnel_chart,
    locator_map,
    mandate_chart,
    personnel_chart,
)
from missions.slides import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    SOURCE_PT,
    comparison_slides,
    profile_slides,
)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def real():
    return load_dataset()


def deck(data: bytes):
    return Presentation(io.BytesIO(data))


def texts(slide) -> list[str]:
    """The slide's texts in order; a table's cells follow its position."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
    return found


def title_of(slide) -> str:
    return texts(slide)[0]


def pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


@pytest.mark.parametrize(
    "build",
    [
        lambda d: personnel_chart(d, "monuc"),
        lambda d: mandate_chart(d, "monuc"),
        lambda d: locator_map(d, "unmogip"),
        lambda d: aligned_personnel_chart(d, ["unamid", "ifor"], {"unamid": "U", "ifor": "I"}),
    ],
)
def test_each_static_image_is_a_png_of_the_slide_width_with_a_source_line(real, build):
    chart = build(real)
    assert chart.png.startswith(PNG)
    image = Image.open(io.BytesIO(chart.png))
    assert image.size == (round(WIDE[0] * DPI), round(WIDE[1] * DPI))
    assert chart.source.startswith(("Source:", "Shaded:"))
    assert "Source:" in chart.source


def test_images_without_data_are_none_and_say_nothing_invented(real):
    assert personnel_chart(real, "osce-moldova") is None
    assert aligned_personnel_chart(real, ["osce-moldova"], {"osce-moldova": "x"}) is None


def test_the_locator_map_names_its_hosts_headquarters_and_outline_source(real):
    chart = locator_map(real, "eufor-tchad-rca")
    assert "Chad" in chart.source and "Abéché" in chart.source
    assert "Natural Earth" in chart.source
    assert "no headquarters coordinates" in locator_map(real, "unyom").source


def test_the_images_use_the_organization_palette(real):
    from missions.palette import organization_color

    image = Image.open(io.BytesIO(locator_map(real, "kfor").png)).convert("RGB")
    nato = tuple(int(organization_color("NATO")[i : i + 2], 16) for i in (1, 3, 5))
    assert nato in {color for _, color in image.getcolors(maxcolors=1_000_000)}


def test_the_profile_deck_has_its_slides_pictures_and_source_lines(real):
    presentation = deck(profile_slides(real, "monuc"))
    assert (presentation.slide_width, presentation.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)
    assert round(presentation.slide_width / presentation.slide_height, 2) == round(16 / 9, 2)
    slides = list(presentation.slides)
    titles = [title_of(slide) for slide in slides]
    assert titles[0].startswith("MONUC — United Nations Organization Mission")
    assert titles[1:6] == [
        "Key facts",
        "Mandate",
        "Mandate decisions",
        "Personnel per year",
        "Where",
    ]
    assert all(title.startswith("Sources") for title in titles[6:])
    for slide in slides[3:6]:
        (picture,) = pictures(slide)
        assert picture.left + picture.width <= SLIDE_WIDTH
        below = [
            s for s in slide.shapes if s.has_text_frame and s.top >= picture.top + picture.height
        ]
        source_lines = [s.text_frame.text for s in below if "Source:" in s.text_frame.text]
        assert source_lines, f"no source line under the picture on {title_of(slide)!r}"
    assert "S/RES/1279 (1999)" in " ".join(texts(slides[1]))
    assert "Kathman" in " ".join(texts(slides[4]))


def test_every_text_on_a_slide_is_big_enough_and_inside_the_slide(real):
    for data in (profile_slides(real, "unmogip"), comparison_slides(real, ["ifor", "sfor"])):
        for slide in deck(data).slides:
            for shape in slide.shapes:
                assert shape.left + shape.width <= SLIDE_WIDTH + Emu(1)
                assert shape.top + shape.height <= SLIDE_HEIGHT + Emu(1)
                if not shape.has_text_frame:
                    continue
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size.pt >= 12


def test_a_mission_without_series_gets_a_sentence_instead_of_a_picture(real):
    slides = list(deck(profile_slides(real, "osce-moldova")).slides)
    personnel = next(slide for slide in slides if title_of(slide) == "Personnel per year")
    assert pictures(personnel) == []
    assert "No dataset in the atlas gives personnel figures" in " ".join(texts(personnel))


def test_the_comparison_deck_has_facts_matrix_curves_and_sources(real):
    ids = ["unamid", "minusma", "ifor", "sfor"]
    slides = list(deck(comparison_slides(real, ids)).slides)
    titles = [title_of(slide) for slide in slides]
    assert titles[0] == "Comparison: UNAMID · MINUSMA · IFOR · SFOR"
    assert "Facts (1 of 2)" in titles and "Facts (2 of 2)" in titles
    assert any(title.startswith("Mandate tasks") for title in titles)
    assert "Personnel over time" in titles
    assert titles[-1].startswith("Sources")
    curves = slides[titles.index("Personnel over time")]
    assert len(pictures(curves)) == 1
    assert any(text.startswith("Source: uniformed personnel") for text in texts(curves))
    tables = [s.table for slide in slides for s in slide.shapes if s.has_table]
    headers = [[cell.text for cell in table.rows[0].cells] for table in tables]
    assert ["", "UNAMID", "MINUSMA", "IFOR", "SFOR"] in headers
    marks = [cell.text for table in tables for row in table.rows for cell in row.cells]
    assert "✓" in marks


def test_source_lines_are_at_least_the_source_size(real):
    for slide in deck(profile_slides(real, "unamsil")).slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.startswith("Source:"):
                assert shape.text_frame.paragraphs[0].runs[0].font.size.pt == SOURCE_PT


@pytest.mark.parametrize(
    ("value", "usable"),
    [
        ("https://github.com/example/atlas/issues/new", True),
        ("mailto:corrections@example.org", True),
        ("javascript:alert(1)", False),
        ("ftp://example.org", False),
        ("mailto:nobody", False),
        ("", False),
    ],
)
def test_only_web_and_mail_targets_are_used(value, usable):
    assert (usable_target(value) is not None) == usable


def test_the_target_comes_from_the_environment_then_the_config_file(tmp_path):
    config = tmp_path / "atlas.toml"
    assert corrections_target({}, config) is None
    config.write_text('[corrections]\ntarget = "mailto:data@example.org"\n')
    assert corrections_target({}, config) == "mailto:data@example.org"
    environ = {TARGET_VARIABLE: "https://example.org/issues/new"}
    assert corrections_target(environ, config) == "https://example.org/issues/new"


def test_a_correction_link_names_the_operation_and_the_field(real):
    assert "Start" in correction_fields(real, "unamsil")
    link = correction_link("https://example.org/issues/new", real, "unamsil", "Start")
    query = parse_qs(urlsplit(link).query)
    assert query["title"] == ["Correction: UNAMSIL (unamsil) — Start"]
    assert "Field: Start" in query["body"][0]
    assert "Shown in the atlas: 22 Oct 1999 (day)" in query["body"][0]
    mail = correction_link("mailto:data@example.org", real, "unamsil", "Partners")
    assert mail.startswith("mailto:data@example.org?subject=Correction")
    assert "unamsil" in how_to_report("unamsil") and TARGET_VARIABLE in how_to_report("x")
