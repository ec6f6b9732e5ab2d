"""The whole dataset as one download: a ZIP of every table as CSV with its data package, and a
ZIP of the same tables as Parquet.

The CSV ZIP holds every table of `missions.tables` and the geo files, exactly as they are in the
data directory, with `datapackage.json` and `CITATION.cff` generated for them
(`missions.datapackage`), the data README (the codebook), the CHANGELOG and `LICENCES.md`. It
unzips into a directory that `python -m missions validate` accepts.

Parquet holds one table per file, so the Parquet download is a ZIP of one `.parquet` file per
table, typed as the data package declares (whole numbers, decimals, dates), each carrying the
title, version, as-of date, citation and filter in its metadata (key `peacekeeping_atlas`).

Given mission ids, both keep only the rows of those operations in every table that has a
`mission_id` (an extract); a partner that is an operation outside the extract keeps its
`partner_name` but not its `partner_mission_id`, so the extract validates on its own. Sources,
the closed lists, the excluded claims, SIPRI's counts and the geo files stay whole.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from missions.datapackage import (
    CITATION_FILE,
    PACKAGE_FILE,
    build_datapackage,
    citation_text,
)
from missions.dataset import COUNTRY_BOUNDS_FILE, COUNTRY_OUTLINES_FILE, Dataset
from missions.tables import TABLE_COLUMNS, TABLE_FILES, column_type

DOCUMENT_FILES = ("README.md", "CHANGELOG.md")
LICENCE_FILE = "LICENCES.md"
ZIP_MIME = "application/zip"
METADATA_KEY = b"peacekeeping_atlas"


def bundle_folder(dataset: Dataset, kind: str = "data") -> str:
    """The folder the ZIP unzips into: "peacekeeping-atlas-data-0.2_2026-12-01"."""
    about = dataset.about
    return f"peacekeeping-atlas-{kind}-{about['version']}_{about['as_of']}"


def _raw_table(dataset: Dataset, file: str) -> pd.DataFrame:
    """A CSV of the data directory as text, every cell as written (empty cells empty)."""
    return pd.read_csv(dataset.data_dir / file, dtype=str, keep_default_na=False)


def extract_tables(dataset: Dataset, mission_ids: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Every table as text, keeping only the rows of the given operations where a table has a
    `mission_id` (see the module docstring)."""
    ids = set(mission_ids)
    tables = {}
    for table, file in TABLE_FILES.items():
        frame = _raw_table(dataset, file)
        if "mission_id" in frame.columns:
            frame = frame[frame["mission_id"].isin(ids)].copy()
        if "partner_mission_id" in frame.columns:
            outside = ~frame["partner_mission_id"].isin(ids)
            frame.loc[outside, "partner_mission_id"] = ""
        tables[table] = frame.reset_index(drop=True)
    return tables


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def licence_notes(dataset: Dataset, package: dict[str, Any]) -> str:
    """LICENCES.md: the terms the package states, for the whole and for each table."""
    lines = [
        f"# Licences and terms: {dataset.about['title']} {dataset.about['version']}",
        "",
        f"Data as of {dataset.about['as_of']}. Cite as: {dataset.about['citation']}",
        "",
        "## The package",
        "",
    ]
    lines += [f"- {licence['title']}" for licence in package["licenses"]]
    lines += ["", "## Tables with terms of their own", ""]
    for resource in package["resources"]:
        for licence in resource.get("licenses", []):
            where = f" ({licence['path']})" if "path" in licence else ""
            lines.append(f"- `{resource['path']}`: {licence['title']}{where}")
    lines += [
        "",
        "## Sources",
        "",
        "Every fact cites its source in `sources.csv`; the derived tables name the public "
        "dataset each row comes from in `source_id`. Cite those datasets as `sources.csv` "
        "gives them:",
        "",
    ]
    lines += [
        f"- {source['title']}" + (f" <{source['path']}>" if "path" in source else "")
        for source in package["sources"]
    ]
    return "\n".join(lines) + "\n"


def _zip(files: list[tuple[str, bytes]], dataset: Dataset) -> bytes:
    """A ZIP of (name, bytes), every entry dated the data's as-of day, so the same data always
    gives the same bytes."""
    as_of = dataset.as_of
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _documents(dataset: Dataset, package: dict[str, Any]) -> list[tuple[str, bytes]]:
    files = [
        (name, (dataset.data_dir / name).read_bytes())
        for name in DOCUMENT_FILES
        if (dataset.data_dir / name).is_file()
    ]
    files.append((CITATION_FILE, citation_text(dataset.about).encode("utf-8")))
    files.append((LICENCE_FILE, licence_notes(dataset, package).encode("utf-8")))
    return files


def _extract_package(package: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        **package,
        "description": f"Extract: {description}. {package['description']}",
    }


def dataset_zip(
    dataset: Dataset, mission_ids: Iterable[str] | None = None, description: str = ""
) -> bytes:
    """The whole dataset (or, given mission ids, an extract) as a ZIP of CSVs with its data
    package, codebook, changelog, citation and licence notes."""
    folder = bundle_folder(dataset)
    package = build_datapackage(dataset)
    files: list[tuple[str, bytes]] = []
    if mission_ids is None:
        files += [(file, (dataset.data_dir / file).read_bytes()) for file in TABLE_FILES.values()]
    else:
        package = _extract_package(package, description)
        tables = extract_tables(dataset, mission_ids)
        files += [(TABLE_FILES[table], _csv_bytes(frame)) for table, frame in tables.items()]
    for geo in (COUNTRY_BOUNDS_FILE, COUNTRY_OUTLINES_FILE):
        files.append((geo.as_posix(), (dataset.data_dir / geo).read_bytes()))
    files.append(
        (PACKAGE_FILE, (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode())
    )
    files += _documents(dataset, package)
    return _zip([(f"{folder}/{name}", data) for name, data in files], dataset)


def typed_table(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table read as text, with the types the data package declares: "integer" as Int64,
    "number" as Float64, "date" as dates; everything else stays text (empty cells missing)."""
    typed = frame.replace("", None).astype("string")
    for column in TABLE_COLUMNS.get(table, frame.columns):
        kind = column_type(table, column)
        if kind == "integer":
            typed[column] = pd.to_numeric(typed[column]).astype("Int64")
        elif kind == "number":
            typed[column] = pd.to_numeric(typed[column]).astype("Float64")
        elif kind == "date":
            typed[column] = pd.to_datetime(typed[column], format="%Y-%m-%d").dt.date
    return typed


def _parquet_bytes(frame: pd.DataFrame, metadata: dict[str, str]) -> bytes:
    # One thread: pyarrow's thread pools, once started, can abort the process at exit after a
    # fork (a test's subprocess); these tables are small.
    arrow = pa.Table.from_pandas(frame, preserve_index=False, nthreads=1)
    merged = {**(arrow.schema.metadata or {}), METADATA_KEY: json.dumps(metadata).encode()}
    buffer = io.BytesIO()
    pq.write_table(arrow.replace_schema_metadata(merged), buffer, compression="zstd")
    return buffer.getvalue()


def dataset_parquet_zip(
    dataset: Dataset, mission_ids: Iterable[str] | None = None, description: str = ""
) -> bytes:
    """Every table (or, given mission ids, an extract) as one Parquet file per table, zipped
    with the codebook, changelog, citation and licence notes."""
    about = dataset.about
    all_ids = dataset.missions["mission_id"] if mission_ids is None else mission_ids
    tables = extract_tables(dataset, all_ids)
    tables["country_bounds"] = _raw_table(dataset, COUNTRY_BOUNDS_FILE.as_posix())
    metadata = {
        "title": about["title"],
        "version": about["version"],
        "as_of": about["as_of"],
        "citation": about["citation"],
        "filter": description or f"All {len(dataset.missions)} missions",
    }
    files = []
    for table, frame in tables.items():
        typed = (
            typed_table(table, frame)
            if table in TABLE_COLUMNS
            else frame.astype({c: "Float64" for c in frame.columns[2:]})
        )
        files.append((f"{table}.parquet", _parquet_bytes(typed, {**metadata, "table": table})))
    files += _documents(dataset, build_datapackage(dataset))
    folder = bundle_folder(dataset, "parquet")
    return _zip([(f"{folder}/{name}", data) for name, data in files], dataset)
