"""Briefings as PDF bytes (fpdf2): a comparison of two to four missions, and a one-page fact
sheet of one mission. DejaVu Sans is embedded so accented names (Côte d'Ivoire, Abéché) print.

Both end with a page of the same pictures the slides carry (`missions.figures`), each with its
source line: the fact sheet's facts stay on page one and its locator map, mandate decisions and
personnel per year follow on page two; the comparison adds its personnel curves.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from missions.compare import column_title, comparison_table, task_matrix
from missions.dataset import Dataset
from missions.dates import format_date, format_span
from missions.exports import neutralize_formula
from missions.figures import (
    StaticChart,
    aligned_personnel_chart,
    locator_map,
    mandate_chart,
    personnel_chart,
)
from missions.lineage import chain_of
from missions.mandates import current_mandate_text, last_decision_text
from missions.paths import PROJECT_ROOT
from missions.presentation import country_names
from missions.validation import split_ids

FONT_DIR = PROJECT_ROOT / "assets" / "fonts"
FONT = "DejaVu"
MAX_SOURCES_LISTED = 14
MAX_CHALLENGES_LISTED = 5
HEADING = FontFace(emphasis="BOLD", fill_color=(225, 232, 240))


class Briefing(FPDF):
    """An A4 page with the atlas's footer: data date, citation, page number."""

    def __init__(self, dataset: Dataset, title: str):
        super().__init__(format="A4", unit="mm")
        self.dataset = dataset
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_author(dataset.about["title"])
        self.set_margins(14, 12, 14)
        self.set_auto_page_break(True, margin=16)
        self.add_page()
        self.set_font(FONT, "B", 15)
        self.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.multi_cell(
            0,
            4,
            f"{dataset.about['title']} · data as of {format_date(dataset.about['as_of'])}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 6.5)
        self.set_text_color(90, 90, 90)
        self.multi_cell(
            0, 3, f"Cite as: {self.dataset.about['citation']}   Page {self.page_no()}", align="L"
        )
        self.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        self.ln(1.5)
        self.set_font(FONT, "B", 10)
        self.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8)

    def paragraph(self, text: str, size: float = 8) -> None:
        self.set_font(FONT, "", size)
        self.multi_cell(0, 3.8, safe(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def sources_to_page_end(self, dataset: Dataset, source_ids: Sequence[str]) -> None:
        """As many source lines as fit above the footer, then a line saying where the rest are."""
        lines = _source_lines(dataset, source_ids)
        listed = [line for line in lines if not line.startswith("…")]
        self.set_font(FONT, "", 6.5)
        room = self.h - self.b_margin - self.get_y()
        rest_line = 2 * 3.8  # room kept for the "… and N more" line
        for index, line in enumerate(listed):
            height = self.multi_cell(0, 3.8, safe(line), dry_run=True, output="HEIGHT")
            left = len(source_ids) - index
            if height + (rest_line if left > 1 else 0) > room:
                self.paragraph(
                    f"… and {left} more: see the Excel download or the mission's page in the "
                    "atlas.",
                    size=6.5,
                )
                return
            self.paragraph(line, size=6.5)
            room -= height
        if len(source_ids) > len(listed):
            self.paragraph(lines[-1], size=6.5)

    def chart(self, title: str, chart: StaticChart | None, empty: str) -> None:
        """A picture across the page with its source line under it, or the sentence `empty`."""
        self.heading(title)
        if chart is None:
            self.paragraph(empty)
            return
        self.image(io.BytesIO(chart.png), w=self.epw)
        self.paragraph(chart.source, size=6.5)

    def grid(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        self.set_font(FONT, "", 7.5)
        with self.table(
            col_widths=tuple(widths),
            headings_style=HEADING,
            line_height=3.6,
            text_align="LEFT",
            padding=0.8,
        ) as table:
            table.row([safe(cell) for cell in header])
            for row in rows:
                table.row([safe(cell) for cell in row])


def safe(value: object) -> str:
    """Text for the PDF: empty for missing values, formulas neutralized like the other exports."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(neutralize_formula(str(value)))


def _source_lines(dataset: Dataset, source_ids: Sequence[str]) -> list[str]:
    sources = dataset.sources_by_id
    lines = []
    for source_id in source_ids[:MAX_SOURCES_LISTED]:
        row = sources.loc[source_id]
        lines.append(f"[{source_id}] {row['title']} — {row['url']}")
    if len(source_ids) > MAX_SOURCES_LISTED:
        lines.append(
            f"… and {len(source_ids) - MAX_SOURCES_LISTED} more: see the Excel download or the "
            "mission's page in the atlas."
        )
    return lines


def _cited(dataset: Dataset, mission_ids: Sequence[str]) -> list[str]:
    missions = dataset.missions_by_id
    cited: list[str] = []
    for mission_id in mission_ids:
        for source_id in split_ids(missions.at[mission_id, "source_ids"]):
            if source_id not in cited:
                cited.append(source_id)
    return cited


def comparison_pdf(dataset: Dataset, mission_ids: Sequence[str], with_charts: bool = True) -> bytes:
    """An A4 briefing comparing the missions: facts, mandate tasks and sources (two pages at
    most), then the personnel curves on a page of their own."""
    titles = [column_title(dataset, mission_id) for mission_id in mission_ids]
    pdf = Briefing(dataset, "Comparison: " + " · ".join(titles))
    facts = comparison_table(dataset, mission_ids)
    label_width = 26
    width = (pdf.epw - label_width) / len(titles)
    pdf.heading("Facts")
    pdf.grid(
        ["", *titles],
        [[field, *facts.loc[field].tolist()] for field in facts.index],
        [label_width, *([width] * len(titles))],
    )
    pdf.heading("Mandate tasks")
    matrix = task_matrix(dataset, mission_ids)
    if matrix.empty:
        pdf.paragraph("No mandate task is recorded for these missions.")
    else:
        pdf.grid(
            ["Task", *titles],
            [[task, *("✓" if held else "" for held in matrix.loc[task])] for task in matrix.index],
            [60, *([(pdf.epw - 60) / len(titles)] * len(titles))],
        )
    pdf.heading("Sources")
    for line in _source_lines(dataset, _cited(dataset, mission_ids)):
        pdf.paragraph(line, size=6.5)
    if with_charts:
        pdf.add_page()
        pdf.chart(
            "Personnel, aligned on the years since each mission started",
            aligned_personnel_chart(
                dataset, mission_ids, dict(zip(mission_ids, titles, strict=True))
            ),
            "No dataset in the atlas gives personnel figures for these missions.",
        )
    return bytes(pdf.output())


def fact_sheet_pdf(dataset: Dataset, mission_id: str, with_charts: bool = True) -> bytes:
    """A fact sheet of one mission: every field with its source, tasks and lineage on one page;
    then (`with_charts`) the locator map, the mandate decisions and personnel per year."""
    missions = dataset.missions_by_id
    row = missions.loc[mission_id]
    pdf = Briefing(dataset, f"{row['acronym']} — {row['name']}")
    personnel = (
        f"{int(row['peak_personnel']):,} ({row['personnel_basis']}) — {safe(row['personnel_note'])}"
        if pd.notna(row["peak_personnel"])
        else ""
    )
    facts = [
        ("Organization", row["organization"], ""),
        ("Type", dataset.labels("mission_type").get(row["mission_type"], ""), ""),
        ("Host countries", country_names(row["host_countries"], dataset.country_names()), ""),
        ("Start – end", format_span(row["start_date"], row["end_date"]), row["dates_source"]),
        ("Headquarters", row["hq_name"], row["hq_source"]),
        ("Authorization", row["authorization"], ""),
        (
            "Current mandate",
            current_mandate_text(row, format_date, dataset.as_of),
            row["term_source"] if row["is_active"] else "",
        ),
        ("Last decision", last_decision_text(row, format_date), row["last_source"]),
        ("Peak personnel", personnel, row["personnel_source"]),
    ]
    pdf.grid(["Field", "Value", "Source"], facts, [32, pdf.epw - 32 - 40, 40])
    pdf.heading("Summary")
    pdf.paragraph(row["summary"])
    pdf.heading("Outcome")
    pdf.paragraph(row["outcome"])
    tasks = dataset.mandate_tasks[dataset.mandate_tasks["mission_id"] == mission_id]
    labels = dataset.labels("mandate_task")
    pdf.heading("Mandate tasks")
    pdf.paragraph(", ".join(labels[code] for code in labels if code in set(tasks["task_code"])))
    chain = chain_of(mission_id, dataset.handover_edges())
    if len(chain) > 1:
        pdf.heading("Hand-over chain")
        pdf.paragraph(" → ".join(missions.at[m, "acronym"] for m in chain))
    challenges = dataset.challenges[dataset.challenges["mission_id"] == mission_id]
    if not challenges.empty:
        pdf.heading("Challenges")
        challenge_labels = dataset.labels("challenge")
        for item in challenges.head(MAX_CHALLENGES_LISTED).itertuples(index=False):
            pdf.paragraph(
                f"• {challenge_labels[item.challenge_code]}: {item.note} [{item.source_id}]"
            )
    pdf.heading("Sources")
    pdf.sources_to_page_end(dataset, split_ids(row["source_ids"]))
    if with_charts:
        pdf.add_page()
        pdf.chart("Where", locator_map(dataset, mission_id), "")
        pdf.chart(
            "Mandate decisions",
            mandate_chart(dataset, mission_id),
            "No decision that set or changed this mandate is recorded in the atlas yet.",
        )
        pdf.chart(
            "Personnel per year",
            personnel_chart(dataset, mission_id),
            f"No dataset in the atlas gives personnel figures for {safe(row['acronym'])}.",
        )
    return bytes(pdf.output())
