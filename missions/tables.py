"""The curated tables: their files, their columns and which columns draw on a closed list.

This is the single description of the data model that loading, validation and exports share.
`data/README.md` is its human-readable twin.
"""

from __future__ import annotations

MISSION_COLUMNS = (
    "mission_id",
    "acronym",
    "name",
    "organization",
    "category",
    "mission_type",
    "region",
    "host_countries",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "hq_name",
    "hq_lat",
    "hq_lon",
    "authorization",
    "peak_personnel",
    "personnel_basis",
    "personnel_note",
    "summary",
    "outcome",
    "dates_source",
    "hq_source",
    "coordinates_source",
    "personnel_source",
    "source_ids",
)

TABLE_FILES = {
    "missions": "missions.csv",
    "mandate_tasks": "mandate_tasks.csv",
    "partners": "partners.csv",
    "challenges": "challenges.csv",
    "sources": "sources.csv",
    "taxonomy": "taxonomy.csv",
    "authorizations": "authorizations.csv",
    "excluded": "excluded.csv",
    "sipri_counts": "sipri_counts.csv",
    "about": "about.csv",
    "personnel_yearly": "personnel_yearly.csv",
    "fatalities_yearly": "fatalities_yearly.csv",
    "contributions_yearly": "contributions_yearly.csv",
    "fatalities_by_nationality": "fatalities_by_nationality.csv",
    "deployments_yearly": "deployments_yearly.csv",
}
# Tables written only by the importers (missions/importers/) from public datasets.
DERIVED_TABLES = (
    "personnel_yearly",
    "fatalities_yearly",
    "contributions_yearly",
    "fatalities_by_nationality",
    "deployments_yearly",
)

# Personnel types of personnel_yearly.csv. Each has the yearly mean and maximum of the monthly
# figures (see data/README.md for the rule).
PERSONNEL_TYPES = ("troops", "police", "observers", "civilians", "total")
PERSONNEL_COLUMNS = (
    "mission_id",
    "year",
    "source_id",
    "months",
    *(f"{kind}_{statistic}" for kind in PERSONNEL_TYPES for statistic in ("mean", "max")),
)
FATALITY_COLUMNS = (
    "mission_id",
    "year",
    "incident_type",
    "personnel_type",
    "fatalities",
    "source_id",
)
# Uniformed personnel per contributing country (ISO 3166 alpha-3), mission and year: the
# dataset's yearly figures, female, male and total (see data/README.md).
CONTRIBUTION_COLUMNS = (
    "country",
    "mission_id",
    "year",
    "female",
    "male",
    "total",
    "source_id",
)
# UN fatalities per mission, year and the nationality of the dead (ISO 3166 alpha-3; ZZZ where
# the UN records none).
NATIONALITY_FATALITY_COLUMNS = ("mission_id", "year", "country", "fatalities", "source_id")
# Deployment sites per year (Geo-PKO): which kinds of units or personnel a site had, one
# column each, 1 (present), 0 (absent) or empty (the dataset does not say). See data/README.md.
DEPLOYMENT_FLAGS = (
    "police",
    "observers",
    "infantry",
    "reserve",
    "medical",
    "aviation",
    "engineering",
    "signals",
    "riverine",
    "maintenance",
    "transport",
)
DEPLOYMENT_COLUMNS = (
    "mission_id",
    "year",
    "location",
    "lat",
    "lon",
    "troops",
    "troops_max",
    "tcc",
    "hq",
    *DEPLOYMENT_FLAGS,
    "source_id",
)
# Whole numbers (counts) and decimal numbers (means) of the derived tables.
DERIVED_WHOLE_NUMBERS = {
    "personnel_yearly": (
        "year",
        "months",
        *(f"{kind}_max" for kind in PERSONNEL_TYPES),
    ),
    "fatalities_yearly": ("year", "fatalities"),
    "contributions_yearly": ("year", "female", "male", "total"),
    "fatalities_by_nationality": ("year", "fatalities"),
    "deployments_yearly": ("year", "troops", "troops_max", "tcc", *DEPLOYMENT_FLAGS),
}
DERIVED_DECIMALS = {
    "personnel_yearly": tuple(f"{kind}_mean" for kind in PERSONNEL_TYPES),
    "fatalities_yearly": (),
    "contributions_yearly": (),
    "fatalities_by_nationality": (),
    "deployments_yearly": (),
}
# Coordinates of the derived tables: decimal numbers that may be negative.
DERIVED_COORDINATES = {"deployments_yearly": ("lat", "lon")}
# The columns that identify a row of each derived table.
DERIVED_KEYS = {
    "personnel_yearly": ("mission_id", "year", "source_id"),
    "fatalities_yearly": ("mission_id", "year", "incident_type", "personnel_type", "source_id"),
    "contributions_yearly": ("country", "mission_id", "year", "source_id"),
    "fatalities_by_nationality": ("mission_id", "year", "country", "source_id"),
    "deployments_yearly": ("mission_id", "year", "location", "source_id"),
}

TABLE_COLUMNS = {
    "missions": MISSION_COLUMNS,
    "mandate_tasks": ("mission_id", "task_code", "source_id"),
    "partners": (
        "mission_id",
        "partner_name",
        "partner_kind",
        "partner_mission_id",
        "relation",
        "source_id",
    ),
    "challenges": ("mission_id", "challenge_code", "note", "source_id"),
    "sources": ("source_id", "title", "publisher", "url", "kind"),
    "taxonomy": ("kind", "code", "label", "definition", "pema_tasks"),
    "authorizations": (
        "mission_id",
        "decision",
        "date",
        "action",
        "mandate_until",
        "mandate_term",
        "authorized_personnel",
        "personnel_composition",
        "note",
        "source_id",
    ),
    "excluded": ("claim", "claimed_as", "finding", "source_ids"),
    "sipri_counts": ("year", "operations", "source_id", "note"),
    "about": ("key", "value"),
    "personnel_yearly": PERSONNEL_COLUMNS,
    "fatalities_yearly": FATALITY_COLUMNS,
    "contributions_yearly": CONTRIBUTION_COLUMNS,
    "fatalities_by_nationality": NATIONALITY_FATALITY_COLUMNS,
    "deployments_yearly": DEPLOYMENT_COLUMNS,
}

REQUIRED_VALUES = {
    "missions": (
        "mission_id",
        "acronym",
        "name",
        "organization",
        "category",
        "mission_type",
        "region",
        "host_countries",
        "source_ids",
    ),
    "mandate_tasks": ("mission_id", "task_code", "source_id"),
    "partners": ("mission_id", "partner_name", "partner_kind", "relation", "source_id"),
    "challenges": ("mission_id", "challenge_code", "note", "source_id"),
    "sources": ("source_id", "title", "url", "kind"),
    "taxonomy": ("kind", "code", "label", "definition"),
    "authorizations": ("mission_id", "decision", "date", "action", "source_id"),
    "excluded": ("claim", "claimed_as", "finding", "source_ids"),
    "sipri_counts": ("year", "operations", "source_id"),
    "about": ("key", "value"),
    "personnel_yearly": ("mission_id", "year", "source_id", "months", "total_mean", "total_max"),
    "fatalities_yearly": FATALITY_COLUMNS,
    "contributions_yearly": CONTRIBUTION_COLUMNS,
    "fatalities_by_nationality": NATIONALITY_FATALITY_COLUMNS,
    "deployments_yearly": ("mission_id", "year", "location", "lat", "lon", "source_id"),
}

# (table, column) -> taxonomy kind whose codes are the only allowed values.
CLOSED_LIST_COLUMNS = {
    ("missions", "organization"): "organization",
    ("missions", "category"): "category",
    ("missions", "mission_type"): "mission_type",
    ("missions", "region"): "region",
    ("missions", "start_precision"): "date_precision",
    ("missions", "end_precision"): "date_precision",
    ("missions", "personnel_basis"): "personnel_basis",
    ("mandate_tasks", "task_code"): "mandate_task",
    ("partners", "partner_kind"): "partner_kind",
    ("partners", "relation"): "relation",
    ("challenges", "challenge_code"): "challenge",
    ("authorizations", "action"): "authorization_action",
    ("authorizations", "mandate_term"): "mandate_term",
    ("sources", "kind"): "source_kind",
    ("fatalities_yearly", "incident_type"): "incident_type",
    ("fatalities_yearly", "personnel_type"): "personnel_type",
    ("deployments_yearly", "hq"): "hq_level",
}

# A mission field and the column naming the source that states it.
FIELD_SOURCES = {
    "start_date": "dates_source",
    "hq_name": "hq_source",
    "hq_lat": "coordinates_source",
    "peak_personnel": "personnel_source",
}

ABOUT_KEYS = ("title", "as_of", "version", "citation", "licence")

# ---------------------------------------------------------------------------------------------
# Types, formats, keys and references. Loading converts the types (missions.dataset), validation
# checks them (missions.validation), and the data package declares them: data/datapackage.json
# is generated from this module and taxonomy.csv by `python -m missions datapackage`. A table
# added above (its file, columns, required values, closed lists and, for a derived table, its
# numbers and key) is described by the package after regeneration with nothing added here.

# Column types other than text, in Frictionless Data's names ("integer", "number", "date"). The
# derived tables' numbers come from DERIVED_WHOLE_NUMBERS and DERIVED_DECIMALS.
CURATED_COLUMN_TYPES = {
    ("missions", "hq_lat"): "number",
    ("missions", "hq_lon"): "number",
    ("missions", "peak_personnel"): "integer",
    ("authorizations", "authorized_personnel"): "integer",
    ("authorizations", "mandate_until"): "date",
    ("sipri_counts", "year"): "integer",
    ("sipri_counts", "operations"): "integer",
}
# Inclusive bounds of numeric columns (None: unbounded on that side).
COLUMN_RANGES = {
    ("missions", "hq_lat"): (-90, 90),
    ("missions", "hq_lon"): (-180, 180),
    ("missions", "peak_personnel"): (1, None),
    ("authorizations", "authorized_personnel"): (1, None),
    ("sipri_counts", "year"): (1945, 9999),
    ("sipri_counts", "operations"): (0, None),
    ("deployments_yearly", "lat"): (-90, 90),
    ("deployments_yearly", "lon"): (-180, 180),
    # Each unit column is 1 (present), 0 (absent) or empty (not given).
    **{("deployments_yearly", flag): (0, 1) for flag in DEPLOYMENT_FLAGS},
}
# Dates written only as precisely as the source states them: YYYY, YYYY-MM or YYYY-MM-DD.
PARTIAL_DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
MISSION_ID_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"
# A web address: http(s), a domain (a trailing dot is legal) or an IPv4 host, a path without spaces.
URL_PATTERN = r"https?://([A-Za-z0-9-]+\.)+([A-Za-z]{2,}\.?|\d{1,3})(:\d+)?(/\S*)?"
# Text columns with a format (regular expressions that must match the whole cell).
COLUMN_PATTERNS = {
    ("missions", "mission_id"): MISSION_ID_PATTERN,
    ("missions", "start_date"): PARTIAL_DATE_PATTERN,
    ("missions", "end_date"): PARTIAL_DATE_PATTERN,
    ("authorizations", "date"): PARTIAL_DATE_PATTERN,
    ("sources", "url"): URL_PATTERN,
    ("contributions_yearly", "country"): r"[A-Z]{3}",
    ("fatalities_by_nationality", "country"): r"[A-Z]{3}",
}

# The columns that identify a row. Rows of partners and challenges have no natural key.
PRIMARY_KEYS = {
    "missions": ("mission_id",),
    "sources": ("source_id",),
    "taxonomy": ("kind", "code"),
    "about": ("key",),
    "sipri_counts": ("year",),
    "mandate_tasks": ("mission_id", "task_code"),
    "authorizations": ("mission_id", "decision", "date"),
    **DERIVED_KEYS,
}
# A column with one of these names holds one id of another table, in any table that has it.
REFERENCE_COLUMNS = {
    "mission_id": ("missions", "mission_id"),
    "partner_mission_id": ("missions", "mission_id"),
    "source_id": ("sources", "source_id"),
}
# Columns holding several ids separated by ";" (checked by validation; a data package cannot
# declare a foreign key on a list). The curated tables' `source_id` may name several sources
# too; the derived tables' names one dataset.
ID_LIST_COLUMNS = {
    ("missions", "source_ids"): "sources",
    ("missions", "dates_source"): "sources",
    ("missions", "hq_source"): "sources",
    ("missions", "coordinates_source"): "sources",
    ("missions", "personnel_source"): "sources",
    ("excluded", "source_ids"): "sources",
}


def id_list_columns(table: str) -> dict[str, str]:
    """Column -> referenced table of the columns of `table` that hold ";"-separated ids."""
    lists = {
        column: target for (owner, column), target in ID_LIST_COLUMNS.items() if owner == table
    }
    if "source_id" in TABLE_COLUMNS[table] and table not in DERIVED_TABLES:
        lists["source_id"] = "sources"
    return lists


def column_type(table: str, column: str) -> str:
    """The Frictionless Data type of a column: "string" unless declared otherwise."""
    if (table, column) in CURATED_COLUMN_TYPES:
        return CURATED_COLUMN_TYPES[(table, column)]
    if column in DERIVED_COORDINATES.get(table, ()):
        return "number"
    if column in DERIVED_WHOLE_NUMBERS.get(table, ()):
        return "integer"
    if column in DERIVED_DECIMALS.get(table, ()):
        return "number"
    return "string"


def numeric_columns(table: str) -> dict[str, str]:
    """The columns loading converts to numbers, with their pandas dtype: whole numbers as
    "Int64"; decimals as "Float64" in derived tables and "float64" in curated ones."""
    numbers = {}
    for column in TABLE_COLUMNS[table]:
        kind = column_type(table, column)
        if kind == "integer":
            numbers[column] = "Int64"
        elif kind == "number":
            derived_decimal = column in DERIVED_DECIMALS.get(table, ())
            numbers[column] = "Float64" if derived_decimal else "float64"
    return numbers


def foreign_keys(table: str) -> list[tuple[str, str, str]]:
    """(column, referenced table, referenced column) for every id column of `table`."""
    lists = id_list_columns(table)
    return [
        (column, *REFERENCE_COLUMNS[column])
        for column in TABLE_COLUMNS[table]
        if column in REFERENCE_COLUMNS
        and REFERENCE_COLUMNS[column][0] != table
        and column not in lists
    ]
