"""Tables shaped for people: labels instead of codes, country names, the first source's link."""

from __future__ import annotations

import pandas as pd

from missions.dataset import Dataset
from missions.dates import format_date, format_end
from missions.mandates import without_current_mandate
from missions.validation import split_ids


def country_names(cell: object, names: dict[str, str]) -> str:
    """ "SDN;TCD" -> "Sudan, Chad" (codes without a known name are kept as they are)."""
    return ", ".join(names.get(code, code) for code in split_ids(cell))


def first_source_url(cell: object, urls: dict[str, str]) -> str | None:
    ids = split_ids(cell)
    return urls.get(ids[0]) if ids else None


def mission_table(missions: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The missions table as the Data page shows it, one row per mission."""
    type_labels = dataset.labels("mission_type")
    region_labels = dataset.labels("region")
    names = dataset.country_names()
    urls = dataset.source_urls()
    return pd.DataFrame(
        {
            "mission_id": missions["mission_id"],
            "acronym": missions["acronym"],
            "name": missions["name"],
            "organization": missions["organization"],
            "type": missions["mission_type"].map(type_labels),
            "region": missions["region"].map(region_labels),
            "host_countries": [country_names(cell, names) for cell in missions["host_countries"]],
            "start_date": missions["start_date"],
            "end_date": missions["end_date"],
            "status": missions["is_active"].map({True: "active", False: "closed"}),
            "hq_name": missions["hq_name"],
            "authorization": missions["authorization"],
            "peak_personnel": missions["peak_personnel"],
            "personnel_basis": missions["personnel_basis"],
            "source": [first_source_url(cell, urls) for cell in missions["source_ids"]],
        }
    ).reset_index(drop=True)


def duration_text(row: pd.Series, as_of: pd.Timestamp) -> str:
    """Years between the actual start and end; ongoing missions to the as-of date, marked."""
    if pd.isna(row["start"]):
        return ""
    end = row["end"] if not row["is_active"] else as_of
    years = (end - row["start"]).days / 365.25
    text = f"{years:.1f} years"
    if row["is_active"]:
        text += f" (ongoing; to {as_of:%d %b %Y})"
    return text


def profile_facts(dataset: Dataset, mission_id: str) -> pd.DataFrame:
    """Every field of one mission with the URL of the source that states it.

    Fields with their own source column (dates, headquarters, coordinates, personnel) link that
    source; mission-level facts link the mission's first source; our own coding (type, region)
    and derived values (duration) link none.
    """
    row = dataset.missions_by_id.loc[mission_id]
    urls = dataset.source_urls()

    def source_of(column: str) -> str:
        ids = split_ids(row[column])
        return urls[ids[0]] if ids else ""

    def text(value: object) -> str:
        return "" if value is None or pd.isna(value) else str(value)

    first = source_of("source_ids")
    personnel = (
        f"{int(row['peak_personnel']):,} ({row['personnel_basis']}): {text(row['personnel_note'])}"
        if pd.notna(row["peak_personnel"])
        else ""
    )
    end = format_end(row["end_date"])
    if pd.notna(row["end_date"]):
        end += f" ({row['end_precision']})"
    coordinates = f"{row['hq_lat']:.3f}, {row['hq_lon']:.3f}" if pd.notna(row["hq_lat"]) else ""
    rows = [
        ("Organization", dataset.labels("organization")[row["organization"]], first),
        ("Type", dataset.labels("mission_type")[row["mission_type"]], ""),
        ("Region", dataset.labels("region")[row["region"]], ""),
        ("Host countries", country_names(row["host_countries"], dataset.country_names()), first),
        (
            "Start",
            f"{format_date(row['start_date'])} ({row['start_precision']})",
            source_of("dates_source"),
        ),
        ("End", end, source_of("dates_source")),
        ("Duration", duration_text(row, dataset.as_of), ""),
        ("Headquarters", text(row["hq_name"]), source_of("hq_source")),
        ("Coordinates", coordinates, source_of("coordinates_source")),
        ("Authorization", text(row["authorization"]), first),
        ("Peak personnel", personnel, source_of("personnel_source")),
        ("Outcome", text(row["outcome"]), first),
    ]
    return pd.DataFrame(rows, columns=["Field", "Value", "Source"])


def _covered(dataset: Dataset, kind: str, column: str, heading: str) -> pd.DataFrame:
    taxonomy = dataset.taxonomy[dataset.taxonomy["kind"] == kind]
    counts = dataset.missions.groupby(column).agg(
        operations=("mission_id", "size"), active=("is_active", "sum")
    )
    table = pd.DataFrame(
        {
            "Code": taxonomy["code"].to_numpy(),
            heading: taxonomy["label"].to_numpy(),
            "Operations": [int(counts["operations"].get(code, 0)) for code in taxonomy["code"]],
            "Active now": [int(counts["active"].get(code, 0)) for code in taxonomy["code"]],
            "Definition": taxonomy["definition"].to_numpy(),
        }
    )
    return table.sort_values(["Operations", "Code"], ascending=[False, True], ignore_index=True)


def organizations_covered(dataset: Dataset) -> pd.DataFrame:
    """Every organization code with its label, definition and how many operations it led."""
    return _covered(dataset, "organization", "organization", "Organization")


def categories_covered(dataset: Dataset) -> pd.DataFrame:
    """Every category with its label, definition and how many operations it holds."""
    return _covered(dataset, "category", "category", "Category")


def sipri_table(dataset: Dataset, comparison: pd.DataFrame) -> pd.DataFrame:
    """The atlas's count per year beside SIPRI's, with the page that published SIPRI's."""
    counts = dataset.sipri_counts.set_index("year")
    urls = dataset.source_urls()
    return pd.DataFrame(
        {
            "Year": comparison["year"],
            "Atlas": comparison["atlas"],
            "SIPRI": comparison["sipri"],
            "Atlas ÷ SIPRI": (comparison["share"] * 100).round(0),
            "Source": [
                first_source_url(counts.at[year, "source_id"], urls) for year in comparison["year"]
            ],
            "Note": [counts.at[year, "note"] for year in comparison["year"]],
        }
    ).fillna({"Note": ""})


def decisions_of(dataset: Dataset, mission_id: str) -> pd.DataFrame:
    """One operation's decisions, oldest first (the authorizations table's own columns)."""
    decisions = dataset.authorizations
    return decisions[decisions["mission_id"] == mission_id].sort_values("decided", kind="stable")


def decisions_table(dataset: Dataset, mission_id: str) -> pd.DataFrame:
    """An operation's decisions for people: dates in words, labels, the source's link."""
    rows = decisions_of(dataset, mission_id)
    actions = dataset.labels("authorization_action")
    urls = dataset.source_urls()
    return pd.DataFrame(
        {
            "Date": [format_date(text) for text in rows["date"]],
            "Decision": rows["decision"],
            "Action": rows["action"].map(actions),
            "Mandate until": [format_date(text) for text in rows["mandate_until"]],
            "Authorized": rows["authorized_personnel"],
            "Composition": rows["personnel_composition"],
            "Note": rows["note"],
            "Source": [first_source_url(cell, urls) for cell in rows["source_id"]],
        }
    ).reset_index(drop=True)


def without_mandate_table(missions: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Active operations without a current mandate in the data, for people."""
    rows = without_current_mandate(missions, as_of)
    return pd.DataFrame(
        {
            "Operation": rows["acronym"],
            "Organization": rows["organization"],
            "Problem": rows["problem"],
            "Recorded mandate end": [
                format_date(stamp.strftime("%Y-%m-%d")) if pd.notna(stamp) else ""
                for stamp in rows["mandate_end"]
            ],
            "Last decision in the data": [
                f"{decision} ({format_date(date)})" if isinstance(decision, str) else ""
                for decision, date in zip(rows["last_decision"], rows["last_date"], strict=True)
            ],
        }
    ).reset_index(drop=True)
