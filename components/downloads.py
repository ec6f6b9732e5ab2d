"""Download buttons for exactly the filtered view, with file names that carry the filter, and
for the whole dataset (a ZIP of CSVs with its data package, or of Parquet files).

The files are built when a button is clicked (Streamlit calls the function then), not on every
rerun: a workbook takes a few hundred milliseconds to write.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from components.view import View
from missions.bundle import ZIP_MIME, bundle_folder, dataset_parquet_zip, dataset_zip
from missions.dataset import Dataset
from missions.exports import (
    EXCEL_MIME,
    derived_csv_bytes,
    excel_bytes,
    export_file_name,
    missions_csv_bytes,
)


def download_buttons(dataset: Dataset, view: View) -> None:
    as_of = dataset.about["as_of"]
    left, right = st.columns(2)
    with left:
        st.download_button(
            "Download CSV",
            data=partial(missions_csv_bytes, view.missions, view.description, dataset),
            file_name=export_file_name(view.filters, as_of, "csv"),
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
            help="The missions in the table; the filter and citation are its first three lines.",
        )
    with right:
        st.download_button(
            "Download Excel",
            data=partial(
                excel_bytes, dataset, view.missions, view.description, dt.date.today().isoformat()
            ),
            file_name=export_file_name(view.filters, as_of, "xlsx"),
            mime=EXCEL_MIME,
            icon=":material/table_view:",
            on_click="ignore",
            width="stretch",
            help="One sheet per table (missions, mandate tasks, partners, challenges, mandate "
            "decisions, personnel and fatalities per year, contributions per country, fatalities "
            "by nationality, deployment sites per year, sources) and an 'About this extract' "
            "sheet with the filter, the date and how to cite.",
        )
    columns = [*st.columns(3), *st.columns(3)]
    for column, table, label, what in (
        (
            columns[0],
            "decisions",
            "Download mandate decisions (CSV)",
            "The decisions that set or changed the mandates of the missions in the table, each "
            "with its source; the filter and citation are its first three lines.",
        ),
        (
            columns[1],
            "personnel",
            "Download personnel per year (CSV)",
            "Personnel per year of the missions in the table, from public datasets; the filter "
            "and the datasets to cite are its first three lines.",
        ),
        (
            columns[2],
            "fatalities",
            "Download fatalities per year (CSV)",
            "Fatalities per year of the missions in the table, from the UN's dataset; the filter "
            "and the dataset to cite are its first three lines.",
        ),
        (
            columns[3],
            "contributions",
            "Download contributions per country (CSV)",
            "UN uniformed personnel per contributing country and year (2010–2021) in the "
            "missions in the table, with ISO codes and names; the filter and the dataset to "
            "cite are its first three lines.",
        ),
        (
            columns[4],
            "nationalities",
            "Download fatalities by nationality (CSV)",
            "UN fatalities in the missions in the table by year and the nationality of the "
            "dead; the filter and the dataset to cite are its first three lines.",
        ),
        (
            columns[5],
            "deployments",
            "Download deployment sites per year (CSV)",
            "Where the UN operations in the table were deployed, per year and place (Geo-PKO, "
            "Cil, Fjelde, Hultman & Nilsson 2020); the filter and the dataset to cite are its "
            "first three lines.",
        ),
    ):
        with column:
            st.download_button(
                label,
                data=partial(derived_csv_bytes, table, view.missions, view.description, dataset),
                file_name=export_file_name(view.filters, as_of, "csv", table),
                mime="text/csv",
                icon=":material/download:",
                on_click="ignore",
                width="stretch",
                help=what,
            )


def whole_dataset_buttons(dataset: Dataset) -> None:
    """The whole dataset, whatever the filters: every table as CSV with its data package, or as
    Parquet, each zipped with the codebook, changelog, citation and licence notes."""
    st.subheader("The whole dataset", anchor=False)
    st.caption(
        f"All {len(dataset.missions)} operations and every table, version "
        f"{dataset.about['version']}, data as of {dataset.about['as_of']}, with its data "
        "package, codebook and citation: the filters do not apply to these two."
    )
    left, right = st.columns(2)
    with left:
        st.download_button(
            "Download the whole dataset (ZIP)",
            data=partial(dataset_zip, dataset),
            file_name=f"{bundle_folder(dataset)}.zip",
            mime=ZIP_MIME,
            icon=":material/folder_zip:",
            on_click="ignore",
            width="stretch",
            help="Every table as CSV with datapackage.json (Frictionless Data: types, keys, "
            "closed lists), the codebook (README), the changelog, CITATION.cff and the licence "
            "notes. Unzipped, `python -m missions validate` checks it.",
        )
    with right:
        st.download_button(
            "Download the whole dataset (Parquet)",
            data=partial(dataset_parquet_zip, dataset),
            file_name=f"{bundle_folder(dataset, 'parquet')}.zip",
            mime=ZIP_MIME,
            icon=":material/database:",
            on_click="ignore",
            width="stretch",
            help="One typed Parquet file per table, zipped with the codebook, changelog, "
            "citation and licence notes; each file's metadata carries the version and how to "
            "cite.",
        )
