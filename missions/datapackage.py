"""The dataset as a citable product: `data/datapackage.json` (Frictionless Data) and `CITATION.cff`,
both generated, never edited by hand.

The package is built from `missions.tables` (files, columns, types, required values, formats,
ranges, keys, references, which columns take a closed list) and from `taxonomy.csv` (the codes
of each closed list, written as enums), with the title, version, as-of date, citation and
licence of `about.csv`. A table added to `missions.tables` appears after
`python -m missions datapackage`; the tests check that the committed files equal what this
module generates now, and validate the package with `frictionless validate`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from missions.dataset import COUNTRY_BOUNDS_COLUMNS, COUNTRY_BOUNDS_FILE, Dataset
from missions.tables import (
    CLOSED_LIST_COLUMNS,
    COLUMN_PATTERNS,
    COLUMN_RANGES,
    DERIVED_TABLES,
    PRIMARY_KEYS,
    REQUIRED_VALUES,
    TABLE_COLUMNS,
    TABLE_FILES,
    column_type,
    foreign_keys,
    id_list_columns,
)

PACKAGE_FILE = "datapackage.json"
CITATION_FILE = "CITATION.cff"
PACKAGE_NAME = "peacekeeping-atlas"
GENERATED_BY = "python -m missions datapackage"
# Licences the publishers of public datasets state, by the dataset's source_id. A derived table
# whose rows cite one of them carries its licence; other datasets' terms are not stated here.
DATASET_LICENCES = {
    "un-psdh-fatalities": {
        "name": "CC-BY-3.0-IGO",
        "title": "Creative Commons Attribution 3.0 IGO (UN Peace and Security Data Hub, as "
        "republished on HDX)",
        "path": "https://creativecommons.org/licenses/by/3.0/igo/",
    },
}
NATURAL_EARTH = {
    "title": "Natural Earth country outlines, 1:110m and 1:50m (public domain), converted by "
    "the world-atlas npm package (ISC licence)",
}
PUBLIC_DOMAIN = {"name": "other-pd", "title": "Public domain (Natural Earth)"}
COUNTRY_OUTLINES = "geo/countries_110m.geojson"


def _field(table: str, column: str, enums: Mapping[str, list[str]]) -> dict[str, Any]:
    """One column as a Frictionless field: name, type, and its constraints."""
    kind = column_type(table, column)
    field: dict[str, Any] = {"name": column, "type": kind}
    constraints: dict[str, Any] = {}
    if column in REQUIRED_VALUES.get(table, ()) or column in PRIMARY_KEYS.get(table, ()):
        constraints["required"] = True
    if PRIMARY_KEYS.get(table) == (column,):
        constraints["unique"] = True
    if (table, column) in CLOSED_LIST_COLUMNS:
        taxonomy_kind = CLOSED_LIST_COLUMNS[(table, column)]
        constraints["enum"] = list(enums.get(taxonomy_kind, []))
        field["description"] = f"A code of the closed list '{taxonomy_kind}' (taxonomy.csv)."
    if (table, column) in COLUMN_PATTERNS:
        constraints["pattern"] = COLUMN_PATTERNS[(table, column)]
    if (table, column) in COLUMN_RANGES:
        low, high = COLUMN_RANGES[(table, column)]
        if low is not None:
            constraints["minimum"] = low
        if high is not None:
            constraints["maximum"] = high
    lists = id_list_columns(table)
    if column in lists:
        field["description"] = (
            f"Ids of {lists[column]}.csv, separated by ';' (checked by "
            "`python -m missions validate`)."
        )
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(table: str, enums: Mapping[str, list[str]]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(table, column, enums) for column in TABLE_COLUMNS[table]],
        "missingValues": [""],
    }
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = list(PRIMARY_KEYS[table])
    references = [
        {"fields": column, "reference": {"resource": target, "fields": target_column}}
        for column, target, target_column in foreign_keys(table)
    ]
    if references:
        schema["foreignKeys"] = references
    return schema


def _table_resource(dataset: Dataset, table: str, enums: Mapping[str, list[str]]) -> dict:
    resource: dict[str, Any] = {
        "name": table,
        "path": TABLE_FILES[table],
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": _schema(table, enums),
    }
    if table in DERIVED_TABLES:
        resource["description"] = (
            "Derived: written only by `python -m missions.importers` from the public datasets "
            "its source_id names."
        )
        cited = _derived_sources(dataset, table)
        licences = [DATASET_LICENCES[source] for source in cited if source in DATASET_LICENCES]
        if licences:
            resource["licenses"] = licences
    return resource


def _derived_sources(dataset: Dataset, table: str) -> list[str]:
    """The source_ids a derived table's rows cite, read from its file."""
    frame = pd.read_csv(
        dataset.data_dir / TABLE_FILES[table], usecols=["source_id"], dtype=str
    ).dropna()
    return sorted(set(frame["source_id"]))


def _geo_resources() -> list[dict[str, Any]]:
    numbers = set(COUNTRY_BOUNDS_COLUMNS[2:])
    bounds = {
        "name": "country_bounds",
        "path": COUNTRY_BOUNDS_FILE.as_posix(),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": "Bounding boxes of countries (Natural Earth 1:50m), used to check that "
        "headquarters lie in a host country.",
        "licenses": [PUBLIC_DOMAIN],
        "schema": {
            "fields": [
                {"name": column, "type": "number" if column in numbers else "string"}
                | ({"constraints": {"required": True, "unique": True}} if index == 0 else {})
                for index, column in enumerate(COUNTRY_BOUNDS_COLUMNS)
            ],
            "missingValues": [""],
            "primaryKey": [COUNTRY_BOUNDS_COLUMNS[0]],
        },
    }
    outlines = {
        "name": "countries_110m",
        "path": COUNTRY_OUTLINES,
        "format": "geojson",
        "mediatype": "application/geo+json",
        "description": "Country outlines (Natural Earth 1:110m) drawn on the map and the "
        "locator maps.",
        "licenses": [PUBLIC_DOMAIN],
    }
    return [bounds, outlines]


def build_datapackage(dataset: Dataset) -> dict[str, Any]:
    """The data package of `dataset`'s directory, as a dict (see the module docstring)."""
    about = dataset.about
    enums = {kind: dataset.codes(kind) for kind in dataset.taxonomy["kind"].unique()}
    derived_sources = sorted(
        {source for table in DERIVED_TABLES for source in _derived_sources(dataset, table)}
    )
    sources = dataset.sources.set_index("source_id")
    return {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": about["title"],
        "description": (
            f"{about['citation']} Every fact cites its source (sources.csv); the data "
            "dictionary is README.md. Generated by `" + GENERATED_BY + "`: do not edit."
        ),
        "version": about["version"],
        "as_of": about["as_of"],
        "citation": about["citation"],
        "licenses": [
            {
                "name": "notspecified",
                "title": "No licence is granted yet. " + about["licence"],
            }
        ],
        "sources": [
            {"title": "The sources cited row by row, in sources.csv", "path": "sources.csv"},
            *(
                {"title": sources.at[source, "title"], "path": sources.at[source, "url"]}
                for source in derived_sources
                if source in sources.index
            ),
            NATURAL_EARTH,
        ],
        "resources": [
            *(_table_resource(dataset, table, enums) for table in TABLE_FILES),
            *_geo_resources(),
        ],
    }


def datapackage_text(dataset: Dataset) -> str:
    """datapackage.json as written: two-space indents, UTF-8 text, a final newline."""
    return json.dumps(build_datapackage(dataset), indent=2, ensure_ascii=False) + "\n"


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def citation_text(about: Mapping[str, str]) -> str:
    """CITATION.cff (Citation File Format 1.2.0) with the version and as-of date of about.csv."""
    lines = [
        f"# Generated by `{GENERATED_BY}` from data/about.csv: do not edit by hand.",
        "cff-version: 1.2.0",
        'message: "If you use these data, please cite them as below."',
        "type: dataset",
        f"title: {_yaml_string(about['title'])}",
        f"version: {_yaml_string(about['version'])}",
        "# The as-of date of the data (about.csv): the day the data describe.",
        f"date-released: {_yaml_string(about['as_of'])}",
        f"abstract: {_yaml_string(about['citation'])}",
        "authors:",
        f"  - name: {_yaml_string(about['title'] + ' contributors')}",
        "keywords:",
        '  - "peace operations"',
        '  - "peacekeeping"',
        '  - "multilateral peace operations"',
    ]
    return "\n".join(lines) + "\n"


def write_package_files(dataset: Dataset, citation_path: Path | None) -> list[Path]:
    """Write datapackage.json into the data directory (and CITATION.cff to `citation_path`);
    return the files whose content changed."""
    written = [(dataset.data_dir / PACKAGE_FILE, datapackage_text(dataset))]
    if citation_path is not None:
        written.append((citation_path, citation_text(dataset.about)))
    changed = []
    for path, text in written:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_package_files(dataset: Dataset, citation_path: Path | None) -> list[Path]:
    """The package files that differ from what would be generated now."""
    expected = [(dataset.data_dir / PACKAGE_FILE, datapackage_text(dataset))]
    if citation_path is not None:
        expected.append((citation_path, citation_text(dataset.about)))
    return [
        path
        for path, text in expected
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
