"""Slide decks (PowerPoint, python-pptx) for briefings: a mission's profile and a comparison.

16:9 slides, the atlas's palette (the mission's organization colour, or the UN blue for a
comparison, as the accent), text sized to be read from the back of a room: titles 34 pt, text
and tables 18–20 pt, source lines 14 pt, never smaller than the footer's 12 pt. Every chart is a
picture (`missions.figures`, drawn without a browser) with its source line under it; where a
mission has no series the slide says so in a sentence instead. Long values are cut with "…" so
that nothing runs off a slide; the full text is in the Excel and PDF downloads.

Profile deck: title, key facts, current mandate and latest decisions, mandate decisions (chart),
personnel per year (chart), locator map, sources. Comparison deck: title, facts side by side,
the mandate-task matrix, personnel curves (chart), sources.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from missions.compare import column_title, comparison_table, task_matrix
from missions.dataset import Dataset
from missions.dates import format_date, format_span
from missions.figures import (
    NATURAL_EARTH,
    StaticChart,
    aligned_personnel_chart,
    locator_map,
    mandate_chart,
    personnel_chart,
)
from missions.mandates import current_mandate_text, mandate_sentence
from missions.palette import organization_color
from missions.presentation import country_names, decisions_of, duration_text
from missions.series import rows_of, shown_rank
from missions.validation import split_ids

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.75)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
CONTENT_TOP = Inches(1.45)
TITLE_PT, SUBTITLE_PT, BODY_PT, TABLE_PT, SOURCE_PT, FOOTER_PT = 34, 22, 20, 18, 14, 12
TEXT = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x52, 0x60, 0x6D)
HEADER_FILL = RGBColor(0xE1, 0xE8, 0xF0)
COMPARISON_ACCENT = "#0072B2"
SOURCES_PER_SLIDE = 6
SOURCE_SLIDES = 3
FACT_ROWS_PER_SLIDE = 6
TASK_ROWS_PER_SLIDE = 8
LATEST_DECISIONS = 5
CHART_SLIDE_TITLES = ("Mandate decisions", "Personnel per year", "Where", "Personnel over time")


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def cut(value: object, limit: int) -> str:
    """Text for a slide: empty for a missing value, cut to `limit` characters with "…"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Deck:
    """A 16:9 presentation with the atlas's slide frame: accent bar, title, footer."""

    def __init__(self, dataset: Dataset, title: str, accent: str):
        self.dataset = dataset
        self.accent = _rgb(accent)
        self.presentation = Presentation()
        self.presentation.slide_width = SLIDE_WIDTH
        self.presentation.slide_height = SLIDE_HEIGHT
        self.presentation.core_properties.title = title
        self.presentation.core_properties.author = dataset.about["title"]
        self.blank = self.presentation.slide_layouts[6]

    def _text(self, slide, left, top, width, height, lines, size, color=TEXT, bold=False):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.color.rgb = color
            run.font.bold = bold
            paragraph.space_after = Pt(size * 0.35)
        return box

    def _bar(self, slide, top, height) -> None:
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, top, Inches(0.28), height)
        bar.fill.solid()
        bar.fill.fore_color.rgb = self.accent
        bar.line.fill.background()

    def slide(self, title: str):
        """A content slide with its title, accent bar and footer."""
        slide = self.presentation.slides.add_slide(self.blank)
        self._bar(slide, Inches(0.35), Inches(0.85))
        self._text(
            slide, MARGIN, Inches(0.3), CONTENT_WIDTH, Inches(0.95), [title], TITLE_PT, bold=True
        )
        number = len(self.presentation.slides)
        about = self.dataset.about
        footer = (
            f"{about['title']} {about['version']} · data as of {format_date(about['as_of'])} · "
            f"{number}"
        )
        self._text(
            slide, MARGIN, Inches(6.95), CONTENT_WIDTH, Inches(0.4), [footer], FOOTER_PT, MUTED
        )
        return slide

    def title_slide(self, title: str, subtitle: str, kind: str) -> None:
        slide = self.presentation.slides.add_slide(self.blank)
        self._bar(slide, Inches(1.2), Inches(3.9))
        size = 40 if len(title) <= 45 else 32
        box = self._text(
            slide, MARGIN, Inches(1.0), CONTENT_WIDTH, Inches(2.4), [title], size, bold=True
        )
        box.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        self._text(slide, MARGIN, Inches(3.6), CONTENT_WIDTH, Inches(1.6), [subtitle], SUBTITLE_PT)
        about = self.dataset.about
        self._text(
            slide,
            MARGIN,
            Inches(5.5),
            CONTENT_WIDTH,
            Inches(1.3),
            [
                f"{kind} · {about['title']} · data as of {format_date(about['as_of'])}",
                f"Cite as: {about['citation']}",
            ],
            SOURCE_PT + 2,
            MUTED,
        )

    def table(
        self,
        slide,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        top=None,
        size: int = TABLE_PT,
    ):
        """A table whose first row is the header; `widths` in inches."""
        top = CONTENT_TOP if top is None else top
        shape = slide.shapes.add_table(
            len(rows), len(widths), MARGIN, top, Inches(sum(widths)), Inches(0.5 * len(rows))
        )
        table = shape.table
        for position, width in enumerate(widths):
            table.columns[position].width = Inches(width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = value
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                cell.fill.solid()
                cell.fill.fore_color.rgb = HEADER_FILL if r == 0 else RGBColor(0xFF, 0xFF, 0xFF)
                for paragraph in cell.text_frame.paragraphs:
                    if c > 0 and row[c] == "✓":
                        paragraph.alignment = PP_ALIGN.CENTER
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
                        run.font.bold = r == 0
                        run.font.color.rgb = TEXT
        return shape

    def chart(self, title: str, chart: StaticChart | None, empty: str) -> None:
        """A slide holding one picture with its source line under it, or the sentence `empty`."""
        slide = self.slide(title)
        if chart is None:
            self._text(slide, MARGIN, Inches(2.6), CONTENT_WIDTH, Inches(2), [empty], BODY_PT)
            return
        slide.shapes.add_picture(
            io.BytesIO(chart.png), MARGIN, CONTENT_TOP, width=Inches(chart.width_in)
        )
        top = CONTENT_TOP + Inches(chart.height_in) + Inches(0.05)
        self._text(slide, MARGIN, top, CONTENT_WIDTH, Inches(0.9), [chart.source], SOURCE_PT, MUTED)

    def sources(self, lines: Sequence[str], where_else: str) -> None:
        """The sources, SOURCES_PER_SLIDE to a slide, at most SOURCE_SLIDES slides."""
        shown = SOURCES_PER_SLIDE * SOURCE_SLIDES
        pages = [
            lines[i : i + SOURCES_PER_SLIDE]
            for i in range(0, min(len(lines), shown), SOURCES_PER_SLIDE)
        ]
        for number, page in enumerate(pages or [[]], start=1):
            title = "Sources" if len(pages) < 2 else f"Sources ({number} of {len(pages)})"
            slide = self.slide(title)
            body = list(page)
            if number == len(pages) and len(lines) > shown:
                body.append(f"… and {len(lines) - shown} more: {where_else}")
            self._text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(5.3), body, SOURCE_PT + 2)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.presentation.save(buffer)
        return buffer.getvalue()


def _source_line(dataset: Dataset, source_id: str) -> str:
    sources = dataset.sources_by_id
    if source_id not in sources.index:
        return source_id
    row = sources.loc[source_id]
    return f"{cut(row['title'], 100)} — {cut(row['url'], 110)}"


def _chart_sources(dataset: Dataset, mission_ids: Sequence[str]) -> list[str]:
    """The public datasets behind the personnel charts of these missions, as source ids."""
    rows = rows_of(dataset.shown_personnel, mission_ids)
    return sorted(set(rows["source_id"]), key=shown_rank)


def profile_slides(dataset: Dataset, mission_id: str) -> bytes:
    """A mission's profile as a 16:9 deck (see the module docstring)."""
    row = dataset.missions_by_id.loc[mission_id]
    deck = Deck(
        dataset, f"{row['acronym']} — {row['name']}", organization_color(row["organization"])
    )
    organization = dataset.labels("organization").get(row["organization"], row["organization"])
    type_label = dataset.labels("mission_type").get(row["mission_type"], row["mission_type"])
    deck.title_slide(
        cut(f"{row['acronym']} — {row['name']}", 110),
        f"{organization} · {type_label} · {format_span(row['start_date'], row['end_date'])}",
        "Mission profile",
    )

    personnel = (
        f"{int(row['peak_personnel']):,} ({row['personnel_basis']})"
        if pd.notna(row["peak_personnel"])
        else "not stated by any source we saw"
    )
    if row["is_active"]:
        mandate = ("Current mandate", current_mandate_text(row, format_date, dataset.as_of))
    else:
        mandate = ("Ended", format_date(row["end_date"]))
    facts = [
        ("Organization", organization),
        ("Type", type_label),
        ("Host countries", country_names(row["host_countries"], dataset.country_names())),
        ("Start – end", format_span(row["start_date"], row["end_date"])),
        ("Duration", duration_text(row, dataset.as_of)),
        ("Headquarters", row["hq_name"]),
        ("Authorization", row["authorization"]),
        ("Peak personnel", personnel),
        mandate,
    ]
    slide = deck.slide("Key facts")
    deck.table(slide, [("Field", "Value")] + [(f, cut(v, 95)) for f, v in facts], (3.0, 8.8))

    slide = deck.slide("Mandate")
    if row["is_active"]:
        lead = mandate_sentence(row, format_date, dataset.as_of)
    else:
        lead = f"Ended {format_date(row['end_date'])} (the operation's actual end)."
    decisions = decisions_of(dataset, mission_id)
    deck._text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1.0), [cut(lead, 160)], BODY_PT)
    if decisions.empty:
        deck._text(
            slide,
            MARGIN,
            Inches(2.7),
            CONTENT_WIDTH,
            Inches(1),
            ["No decision that set or changed this mandate is recorded in the atlas yet."],
            BODY_PT,
        )
    else:
        latest = decisions.tail(LATEST_DECISIONS).iloc[::-1]
        actions = dataset.labels("authorization_action")
        rows = [("Date", "Decision", "Action", "Mandate until")] + [
            (
                format_date(item.date),
                cut(item.decision, 40),
                actions.get(item.action, item.action),
                format_date(item.mandate_until) if isinstance(item.mandate_until, str) else "",
            )
            for item in latest.itertuples(index=False)
        ]
        deck.table(slide, rows, (2.3, 5.6, 2.0, 1.9), top=Inches(2.55))
        deck._text(
            slide,
            MARGIN,
            Inches(6.45),
            CONTENT_WIDTH,
            Inches(0.45),
            [
                f"The latest {len(latest)} of {len(decisions)} decisions. Source: the atlas's "
                "authorizations table; each decision's source is in the Excel download."
            ],
            SOURCE_PT,
            MUTED,
        )

    deck.chart(
        "Mandate decisions",
        mandate_chart(dataset, mission_id),
        "No decision that set or changed this mandate is recorded in the atlas yet.",
    )
    deck.chart(
        "Personnel per year",
        personnel_chart(dataset, mission_id),
        f"No dataset in the atlas gives personnel figures for {row['acronym']}: they cover UN "
        "operations from 1990 and, from SIPRI's figures, UN and other operations of 1993–2016 "
        "deployed to countries in civil conflict.",
    )
    deck.chart("Where", locator_map(dataset, mission_id), "")

    lines = [_source_line(dataset, s) for s in split_ids(row["source_ids"])]
    lines += [_source_line(dataset, s) for s in _chart_sources(dataset, [mission_id])]
    lines.append(f"{NATURAL_EARTH} (the map)")
    deck.sources(lines, "see the Excel download or the mission's page in the atlas.")
    return deck.to_bytes()


def comparison_slides(dataset: Dataset, mission_ids: Sequence[str]) -> bytes:
    """Two to four missions side by side as a 16:9 deck (see the module docstring)."""
    ids = list(mission_ids)
    titles = {mission_id: column_title(dataset, mission_id) for mission_id in ids}
    names = dataset.missions_by_id["name"]
    deck = Deck(dataset, "Comparison: " + " · ".join(titles.values()), COMPARISON_ACCENT)
    deck.title_slide(
        cut("Comparison: " + " · ".join(titles.values()), 110),
        cut("; ".join(f"{titles[m]}: {names[m]}" for m in ids), 300),
        "Comparison",
    )

    facts = comparison_table(dataset, ids).drop(index=["Name", "Outcome"], errors="ignore")
    label_width = 2.6
    width = (11.8 - label_width) / len(ids)
    limit = int(width * 16)
    size = TABLE_PT if len(ids) <= 3 else TABLE_PT - 2
    chunks = [
        facts.index[i : i + FACT_ROWS_PER_SLIDE] for i in range(0, len(facts), FACT_ROWS_PER_SLIDE)
    ]
    for number, fields in enumerate(chunks, start=1):
        slide = deck.slide(f"Facts ({number} of {len(chunks)})")
        rows = [("", *titles.values())] + [
            (field, *(cut(value, limit) for value in facts.loc[field])) for field in fields
        ]
        deck.table(slide, rows, (label_width, *([width] * len(ids))), size=size)

    matrix = task_matrix(dataset, ids)
    if matrix.empty:
        slide = deck.slide("Mandate tasks")
        deck._text(
            slide,
            MARGIN,
            Inches(2.6),
            CONTENT_WIDTH,
            Inches(1),
            ["No mandate task is recorded for these missions."],
            BODY_PT,
        )
    task_chunks = [
        matrix.iloc[i : i + TASK_ROWS_PER_SLIDE] for i in range(0, len(matrix), TASK_ROWS_PER_SLIDE)
    ]
    for number, part in enumerate(task_chunks, start=1):
        of = f" ({number} of {len(task_chunks)})" if len(task_chunks) > 1 else ""
        slide = deck.slide(f"Mandate tasks{of}")
        rows = [("Task", *titles.values())] + [
            (task, *("✓" if held else "" for held in part.loc[task])) for task in part.index
        ]
        task_width = 6.0
        deck.table(
            slide, rows, (task_width, *([(11.8 - task_width) / len(ids)] * len(ids))), size=size
        )

    deck.chart(
        "Personnel over time",
        aligned_personnel_chart(dataset, ids, titles),
        "No dataset in the atlas gives personnel figures for these missions.",
    )

    cited: list[str] = []
    for mission_id in ids:
        for source_id in split_ids(dataset.missions_by_id.at[mission_id, "source_ids"]):
            if source_id not in cited:
                cited.append(source_id)
    lines = [_source_line(dataset, s) for s in cited]
    lines += [_source_line(dataset, s) for s in _chart_sources(dataset, ids)]
    deck.sources(lines, "see the comparison's Excel download or the missions' pages in the atlas.")
    return deck.to_bytes()
