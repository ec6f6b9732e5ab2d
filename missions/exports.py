"""Exports as bytes: the filtered missions as CSV, their personnel, fatalities and deployment
sites per year, UN contributions per country and fatalities by nationality as CSV, and an Excel
workbook of every table.

Downloads are what the person sees: the same filtered frame, the filter in words at the top,
and any text cell a spreadsheet could run as a formula neutralized with a leading apostrophe.
Personnel and fatalities come from public datasets: every export of them names those datasets
(the citation line, the About sheet, the Sources sheet) and keeps every dataset's figures, with
a `shown` column marking the ones the app displays.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from missions.dataset import Dataset
from missions.filters import Filters, filter_slug
from missions.series import shown_flags
from missions.tables import (
    DEPLOYMENT_COLUMNS,
    FATALITY_COLUMNS,
    FIELD_SOURCES,
    MISSION_COLUMNS,
    NATIONALITY_FATALITY_COLUMNS,
    PERSONNEL_COLUMNS,
    TABLE_COLUMNS,
)
from missions.validation import split_ids

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The curated columns of missions.csv (missions.tables), less the columns naming the source of
# one field: every source is in `source_ids`, and the workbook lists them on its Sources sheet.
EXPORT_MISSION_COLUMNS = tuple(
    column for column in MISSION_COLUMNS if column not in set(FIELD_SOURCES.values())
)
# The current mandate: a selection of the columns derived from the decisions at load
# (missions.mandates.CURRENT_MANDATE_COLUMNS).
EXPORT_MANDATE_COLUMNS = (
    "mandate_term",
    "mandate_end",
    "term_decision",
    "last_decision",
    "last_date",
)
# contributions_yearly.csv's columns, mission first as in the other exports of a view.
CONTRIBUTION_EXPORT_COLUMNS = (
    "mission_id",
    "year",
    "country",
    "female",
    "male",
    "total",
    "source_id",
)
CSV_PREAMBLE_LINES = 3
EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_EXCEL_COLUMN_WIDTH = 60


def neutralize_formula(value: object) -> object:
    """Prefix text a spreadsheet would read as a formula with "'"; leave other values alone."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell neutralized (numbers are left as numbers)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralize_formula)
    return safe


def one_line_break_style(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells with every line break written as LF.

    The CSV writer quotes a cell holding LF but not one holding a lone CR, which a spreadsheet
    reads as the end of the row: the rest of the cell would start a new row (and could start
    with "=" after its neutralized prefix)."""
    lines = frame.copy()
    for column in lines.columns:
        if lines[column].dtype == object or pd.api.types.is_string_dtype(lines[column]):
            lines[column] = lines[column].map(
                lambda value: (
                    value.replace("\r\n", "\n").replace("\r", "\n")
                    if isinstance(value, str)
                    else value
                )
            )
    return lines


def one_line(text: str) -> str:
    """Text on one line: each run of line breaks becomes a space (for the "#" preamble lines)."""
    return re.sub(r"[\r\n]+", " ", text)


def citation_line(dataset: Dataset) -> str:
    return f"Data as of {dataset.about['as_of']}. Cite as: {dataset.about['citation']}"


def missions_csv_bytes(missions_view: pd.DataFrame, description: str, dataset: Dataset) -> bytes:
    """The filtered missions as UTF-8 CSV, after three "#" lines: title, filter, citation.

    Read it back with `pandas.read_csv(path, skiprows=3)`.
    """
    table = one_line_break_style(neutralize_frame(mission_rows(missions_view)))
    preamble = [
        f"# {one_line(dataset.about['title'])} — extract",
        f"# Filter: {one_line(description)}",
        f"# {one_line(citation_line(dataset))}",
    ]
    buffer = io.StringIO()
    buffer.write("\n".join(preamble) + "\n")
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def mission_rows(missions_view: pd.DataFrame) -> pd.DataFrame:
    """The exported columns of the missions: the curated ones, then the current mandate (an
    empty term for an operation that has ended; dates written YYYY-MM-DD)."""
    rows = missions_view.loc[:, [*EXPORT_MISSION_COLUMNS, *EXPORT_MANDATE_COLUMNS]].copy()
    rows["mandate_end"] = rows["mandate_end"].dt.strftime("%Y-%m-%d")
    ended = ~missions_view["is_active"]
    rows.loc[ended, ["mandate_term", "mandate_end", "term_decision"]] = None
    return rows


def decision_rows(dataset: Dataset, mission_ids: Iterable[str]) -> pd.DataFrame:
    """The mandate decisions of the given missions, by mission and date."""
    ids = set(mission_ids)
    rows = dataset.authorizations[dataset.authorizations["mission_id"].isin(ids)]
    rows = rows.sort_values(["mission_id", "decided"], kind="stable")
    columns = list(TABLE_COLUMNS["authorizations"])
    return rows.loc[:, columns].astype({"authorized_personnel": "object"}).reset_index(drop=True)


def personnel_rows(dataset: Dataset, mission_ids: Iterable[str]) -> pd.DataFrame:
    """Every dataset's personnel figures for the given missions, with `shown` ("yes" on the
    figure the app displays for that mission and year), sorted by mission, year and dataset."""
    ids = set(mission_ids)
    shown = shown_flags(dataset.personnel)
    rows = dataset.personnel.assign(shown=shown.map({True: "yes", False: "no"}))
    rows = rows[rows["mission_id"].isin(ids)].sort_values(["mission_id", "year", "source_id"])
    return rows.loc[:, [*PERSONNEL_COLUMNS, "shown"]].reset_index(drop=True)


def fatality_rows(dataset: Dataset, mission_ids: Iterable[str]) -> pd.DataFrame:
    """The fatality counts of the given missions, sorted by mission, year and types."""
    ids = set(mission_ids)
    rows = dataset.fatalities[dataset.fatalities["mission_id"].isin(ids)]
    keys = ["mission_id", "year", "incident_type", "personnel_type"]
    return rows.sort_values(keys).loc[:, list(FATALITY_COLUMNS)].reset_index(drop=True)


def _with_country_names(rows: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """`rows` with `country_name` after `country` (the name the app shows)."""
    names = dataset.country_names()
    rows = rows.copy()
    position = list(rows.columns).index("country") + 1
    rows.insert(position, "country_name", rows["country"].map(lambda code: names.get(code)))
    return rows


def contribution_rows(dataset: Dataset, mission_ids: Iterable[str]) -> pd.DataFrame:
    """UN personnel per contributing country and year of the given missions (the country
    tables of issue 14), by mission, year and largest contribution first."""
    ids = set(mission_ids)
    rows = dataset.contributions[dataset.contributions["mission_id"].isin(ids)]
    rows = rows.sort_values(["mission_id", "year", "total", "country"], ascending=[1, 1, 0, 1])
    columns = list(CONTRIBUTION_EXPORT_COLUMNS)
    return _with_country_names(rows.loc[:, columns].reset_index(drop=True), dataset)


def nationality_rows(dataset: Dataset, mission_ids: Iterable[str]) -> pd.DataFrame:
    """UN fatalities by the nationality of the dead in the given missions, by mission and year
    (ZZZ where the UN records no nationality)."""
    ids = set(mission_ids)
    table = dataset.nationality_fatalities
    rows = table[table["mission_id"].isin(ids)].sort_values(["mission_id", "year", "country"])
    rows = rows.loc[:, list(NATIONALITY_FATALITY_COLUMNS)].reset_index(drop=True)
    return _with_country_names(rows, dataset)


def deployment_rows(dataset: Dataset, mission_ids: Iterable[str]) -> pd.DataFrame:
    """The deployment sites of the given missions (Geo-PKO), by mission, year and place."""
    ids = set(mission_ids)
    rows = dataset.deployments[dataset.deployments["mission_id"].isin(ids)]
    keys = ["mission_id", "year", "location"]
    return rows.sort_values(keys).loc[:, list(DEPLOYMENT_COLUMNS)].reset_index(drop=True)


def dataset_citations(dataset: Dataset, *tables: pd.DataFrame) -> str:
    """ "Title (url); Title (url)" of the datasets behind the rows of some derived tables."""
    ids = sorted({source for table in tables for source in table["source_id"].dropna()})
    sources = dataset.sources_by_id
    return "; ".join(f"{sources.at[i, 'title']} ({sources.at[i, 'url']})" for i in ids)


def related_rows(dataset: Dataset, mission_ids: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The side tables, the derived tables and the sources restricted to the given missions."""
    ids = set(mission_ids)
    tasks = dataset.mandate_tasks[dataset.mandate_tasks["mission_id"].isin(ids)]
    partners = dataset.partners[dataset.partners["mission_id"].isin(ids)]
    challenges = dataset.challenges[dataset.challenges["mission_id"].isin(ids)]
    missions = dataset.missions[dataset.missions["mission_id"].isin(ids)]
    decisions = decision_rows(dataset, ids)
    personnel = personnel_rows(dataset, ids)
    fatalities = fatality_rows(dataset, ids)
    contributions = contribution_rows(dataset, ids)
    nationalities = nationality_rows(dataset, ids)
    deployments = deployment_rows(dataset, ids)
    cited: set[str] = set()
    for cell in missions["source_ids"]:
        cited.update(split_ids(cell))
    for table in (
        tasks,
        partners,
        challenges,
        decisions,
        personnel,
        fatalities,
        contributions,
        nationalities,
        deployments,
    ):
        for cell in table["source_id"].dropna():
            cited.update(split_ids(cell))
    sources = dataset.sources[dataset.sources["source_id"].isin(cited)]
    return {
        "Mandate tasks": tasks,
        "Partners": partners,
        "Challenges": challenges,
        "Mandate decisions": decisions,
        "Personnel per year": personnel,
        "Fatalities per year": fatalities,
        "Contributions per year": contributions,
        "Fatalities by nationality": nationalities,
        "Deployment sites per year": deployments,
        "Sources": sources,
    }


DERIVED_EXPORTS = {
    "decisions": ("mandate decisions", decision_rows),
    "personnel": ("personnel per year", personnel_rows),
    "fatalities": ("fatalities per year", fatality_rows),
    "contributions": ("UN personnel per contributing country and year", contribution_rows),
    "nationalities": ("UN fatalities by nationality", nationality_rows),
    "deployments": ("deployment sites per year", deployment_rows),
}
# Tables whose rows come from public datasets: their CSV names the datasets to cite.
FROM_DATASETS = ("personnel", "fatalities", "contributions", "nationalities", "deployments")
# The sheets of the workbooks whose rows come from public datasets.
DATASET_SHEETS = (
    "Personnel per year",
    "Fatalities per year",
    "Contributions per year",
    "Fatalities by nationality",
    "Deployment sites per year",
)


def derived_csv_bytes(
    table: str, missions_view: pd.DataFrame, description: str, dataset: Dataset
) -> bytes:
    """Personnel ("personnel"), fatalities ("fatalities") or deployment sites ("deployments")
    per year of the filtered missions, or their mandate decisions ("decisions"), as UTF-8 CSV,
    after three "#" lines: title, filter, and the datasets with how to cite them.

    Read it back with `pandas.read_csv(path, skiprows=3)`."""
    title, build = DERIVED_EXPORTS[table]
    rows = build(dataset, missions_view["mission_id"])
    if table in FROM_DATASETS:
        datasets = dataset_citations(dataset, rows) or "none for these missions"
        origin = f"Data: {one_line(datasets)}. "
    else:
        origin = "Each row cites its source (source_id; see the Excel download's Sources sheet). "
    preamble = [
        f"# {one_line(dataset.about['title'])} — {title}, extract",
        f"# Filter: {one_line(description)}",
        f"# {origin}{one_line(citation_line(dataset))}",
    ]
    buffer = io.StringIO()
    buffer.write("\n".join(preamble) + "\n")
    one_line_break_style(neutralize_frame(rows)).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def about_rows(
    dataset: Dataset, description: str, shown: int, exported_on: str, datasets: str = ""
) -> list[tuple[str, str]]:
    return [
        ("Title", f"{dataset.about['title']} — extract"),
        ("Filter", description),
        ("Missions in this extract", str(shown)),
        ("Exported on", exported_on),
        ("Data as of", dataset.about["as_of"]),
        ("Data version", dataset.about["version"]),
        ("How to cite", dataset.about["citation"]),
        ("Licence", dataset.about["licence"]),
        (
            "Notes",
            "Every fact carries a source (see the Sources sheet). Empty cells are facts no "
            "source we checked states; they are left empty rather than guessed. End dates are "
            "actual ends of missions, not mandate expiries; an empty end date means ongoing.",
        ),
        (
            "Personnel and fatalities",
            "Derived from public datasets, cited below and on the Sources sheet. Personnel: the "
            "yearly mean and maximum of each dataset's monthly figures; every dataset's figures "
            "are kept, and 'shown' marks the one the atlas displays (Kathman, then IPI, then "
            "Bara & Hultman). Fatalities: deaths the UN records, by year of the incident.",
        ),
        (
            "Contributions and nationalities",
            "UN uniformed personnel per contributing country (ISO 3166 alpha-3 code and name) "
            "and year, 2010–2021: the sum of the UN's monthly figures divided by 12, rows of "
            "zero left out; some years are incomplete in the dataset (see data/README.md). UN "
            "fatalities by the nationality of the dead, as the UN records it (ZZZ where it "
            "records none).",
        ),
        (
            "Deployment sites",
            "Where UN operations were deployed, per year and place, 1994–2024, from Geo-PKO "
            "(Cil, Fjelde, Hultman & Nilsson 2020): troops is the dataset's yearly average at "
            "the place, troops_max the largest figure on one of the year's maps, tcc the number "
            "of contributors named there; each unit column is 1 (present), 0 or empty (not "
            "given). Operations of other organizations have no sites in this table.",
        ),
        ("Datasets", datasets or "none for these missions"),
    ]


def excel_bytes(
    dataset: Dataset,
    missions_view: pd.DataFrame,
    description: str,
    exported_on: str,
) -> bytes:
    """An .xlsx workbook: "About this extract", then missions and each related table."""
    workbook = Workbook()
    about = workbook.active
    about.title = "About this extract"
    related = related_rows(dataset, missions_view["mission_id"])
    datasets = dataset_citations(dataset, *(related[sheet] for sheet in DATASET_SHEETS))
    for key, value in about_rows(dataset, description, len(missions_view), exported_on, datasets):
        about.append([neutralize_formula(key), neutralize_formula(value)])
    for cell in about["A"]:
        cell.font = Font(bold=True)
    about.column_dimensions["A"].width = 26
    about.column_dimensions["B"].width = 100

    sheets = {"Missions": mission_rows(missions_view)}
    sheets.update(related)
    for title, frame in sheets.items():
        _write_sheet(workbook.create_sheet(title), neutralize_frame(frame))

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet, frame: pd.DataFrame) -> None:
    # Headers too: the comparison's columns are mission acronyms, which are data.
    sheet.append([neutralize_formula(str(column)) for column in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([None if pd.isna(value) else _plain(value) for value in row])
    for position, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].dropna()])
        sheet.column_dimensions[get_column_letter(position)].width = min(
            longest + 2, MAX_EXCEL_COLUMN_WIDTH
        )
    sheet.freeze_panes = "A2"


def _plain(value: object) -> object:
    """numpy and pandas scalars as plain Python values openpyxl can write."""
    return value.item() if hasattr(value, "item") else value


def export_file_name(filters: Filters, as_of: str, extension: str, part: str = "") -> str:
    """ "peacekeeping-atlas_nato_2026-11-01.csv": the filter and the data's date in the name;
    `part` ("personnel") is added for the tables other than the missions."""
    suffix = f"_{part}" if part else ""
    return f"peacekeeping-atlas_{filter_slug(filters)}_{as_of}{suffix}.{extension}"


def comparison_excel_bytes(
    dataset: Dataset,
    facts: pd.DataFrame,
    matrix: pd.DataFrame,
    mission_ids: Iterable[str],
    exported_on: str,
) -> bytes:
    """The comparison as .xlsx: about, facts side by side, the task matrix, related tables."""
    ids = list(mission_ids)
    workbook = Workbook()
    about = workbook.active
    about.title = "About this extract"
    titles = ", ".join(facts.columns)
    related = related_rows(dataset, ids)
    datasets = dataset_citations(dataset, *(related[sheet] for sheet in DATASET_SHEETS))
    for key, value in about_rows(
        dataset, f"Comparison of {titles}", len(ids), exported_on, datasets
    ):
        about.append([neutralize_formula(key), neutralize_formula(value)])
    for cell in about["A"]:
        cell.font = Font(bold=True)
    about.column_dimensions["A"].width = 26
    about.column_dimensions["B"].width = 100
    _write_sheet(
        workbook.create_sheet("Comparison"),
        neutralize_frame(facts.rename_axis("field").reset_index()),
    )
    marks = matrix.replace({True: "yes", False: ""}).rename_axis("mandate task").reset_index()
    _write_sheet(workbook.create_sheet("Mandate matrix"), neutralize_frame(marks))
    for title, frame in related.items():
        _write_sheet(workbook.create_sheet(title), neutralize_frame(frame))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
