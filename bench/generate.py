"""Scaled copies of the curated data, for the benchmark only (never shipped as data).

`scale_data(source, target, factor)` writes `factor` replicas of every mission and of the rows
that hang off it (tasks, partners, challenges, sources). Replica 0 is the real data unchanged,
so deep links such as `?mission=unamsil` still work; replica k > 0 has ids ending in `-x<k>`,
acronyms ending in `·k`, every date moved k mod (m + 1) years earlier, where m is at most 3
and no more than the earliest start lies after 1945 (one shift per replica, so hand-overs
inside a replica stay in order and no date falls before 1945: with UNSCOB's 1947, m = 2) and
headquarters moved by up to a third of a degree, kept inside the host country's box. The
derived tables (personnel and fatalities per year, contributions per country, fatalities by
nationality and deployment sites per year) are replicated with the mission, their years moved
like its dates and their dataset ids suffixed like every source. The result passes the same
validation as the real data, so the app loads it through its normal path.

Usage: python bench/generate.py FACTOR TARGET_DIR
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from missions.paths import DATA_DIR  # noqa: E402
from missions.validation import EARLIEST_YEAR, split_ids  # noqa: E402

SOURCE_COLUMNS = ("dates_source", "hq_source", "coordinates_source", "personnel_source")
COPIED_AS_IS = ("taxonomy.csv", "excluded.csv", "sipri_counts.csv", "about.csv")
DERIVED_FILES = (
    "personnel_yearly.csv",
    "fatalities_yearly.csv",
    "contributions_yearly.csv",
    "fatalities_by_nationality.csv",
    "deployments_yearly.csv",
)
JITTER_DEGREES = 0.33
LARGEST_SHIFT_YEARS = 3
BOX_TOLERANCE = 0.5


def _suffix(value: object, replica: int) -> object:
    if replica == 0 or value is None or pd.isna(value) or value == "":
        return value
    return f"{value}-x{replica}"


def _suffix_list(cell: object, replica: int) -> object:
    if replica == 0 or cell is None or pd.isna(cell) or cell == "":
        return cell
    return ";".join(f"{part}-x{replica}" for part in split_ids(cell))


def _shift_date(text: object, years: int) -> object:
    if years == 0 or text is None or pd.isna(text) or text == "":
        return text
    parts = str(text).split("-")
    parts[0] = str(int(parts[0]) - years)
    if parts[1:3] == ["02", "29"]:
        parts[2] = "28"
    return "-".join(parts)


def _jitter(row: pd.Series, boxes: pd.DataFrame, rng: random.Random) -> tuple[object, object]:
    lat, lon = row["hq_lat"], row["hq_lon"]
    if pd.isna(lat) or pd.isna(lon):
        return lat, lon
    new_lat = round(float(lat) + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 4)
    new_lon = round(float(lon) + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 4)
    for code in split_ids(row["host_countries"]):
        if code not in boxes.index:
            continue
        box = boxes.loc[code]
        if (
            box["min_lat"] - BOX_TOLERANCE <= new_lat <= box["max_lat"] + BOX_TOLERANCE
            and box["min_lon"] - BOX_TOLERANCE <= new_lon <= box["max_lon"] + BOX_TOLERANCE
        ):
            return new_lat, new_lon
    return lat, lon


def _read(directory: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(directory / name, dtype=str, keep_default_na=False)


def scale_data(source: Path, target: Path, factor: int, seed: int = 1948) -> None:
    """Write `factor` replicas of the tables in `source` to `target` (created if missing)."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    bounds = pd.read_csv(source / "geo" / "country_bounds.csv", keep_default_na=False)
    boxes = bounds.set_index("iso_a3")
    missions = _read(source, "missions.csv")
    children = {
        name: _read(source, name)
        for name in ("mandate_tasks.csv", "partners.csv", "challenges.csv", "authorizations.csv")
    }
    sources = _read(source, "sources.csv")
    derived = {name: _read(source, name) for name in DERIVED_FILES}

    mission_parts, source_parts = [], []
    child_parts: dict[str, list[pd.DataFrame]] = {name: [] for name in (*children, *derived)}
    earliest = int(missions["start_date"].str[:4].astype(int).min())
    largest_shift = max(0, min(LARGEST_SHIFT_YEARS, earliest - EARLIEST_YEAR))
    for replica in range(factor):
        years = replica % (largest_shift + 1)
        copy = missions.copy()
        copy["mission_id"] = copy["mission_id"].map(lambda v, r=replica: _suffix(v, r))
        if replica:
            copy["acronym"] = copy["acronym"] + f"·{replica}"
        for column in ("start_date", "end_date"):
            copy[column] = copy[column].map(lambda v, y=years: _shift_date(v, y))
        for column in ("source_ids", *SOURCE_COLUMNS):
            copy[column] = copy[column].map(lambda v, r=replica: _suffix_list(v, r))
        if replica:
            numeric = copy.assign(
                hq_lat=pd.to_numeric(copy["hq_lat"], errors="coerce"),
                hq_lon=pd.to_numeric(copy["hq_lon"], errors="coerce"),
            )
            moved = [_jitter(row, boxes, rng) for _, row in numeric.iterrows()]
            copy["hq_lat"] = ["" if pd.isna(lat) else str(lat) for lat, _ in moved]
            copy["hq_lon"] = ["" if pd.isna(lon) else str(lon) for _, lon in moved]
        mission_parts.append(copy)

        for name, table in children.items():
            child = table.copy()
            child["mission_id"] = child["mission_id"].map(lambda v, r=replica: _suffix(v, r))
            child["source_id"] = child["source_id"].map(lambda v, r=replica: _suffix(v, r))
            if "partner_mission_id" in child:
                child["partner_mission_id"] = child["partner_mission_id"].map(
                    lambda v, r=replica: _suffix(v, r)
                )
            child_parts[name].append(child)

        for name, table in derived.items():
            rows = table.copy()
            rows["mission_id"] = rows["mission_id"].map(lambda v, r=replica: _suffix(v, r))
            rows["source_id"] = rows["source_id"].map(lambda v, r=replica: _suffix(v, r))
            rows["year"] = (rows["year"].astype(int) - years).astype(str)
            child_parts[name].append(rows)

        cited = sources.copy()
        cited["source_id"] = cited["source_id"].map(lambda v, r=replica: _suffix(v, r))
        source_parts.append(cited)

    pd.concat(mission_parts).to_csv(target / "missions.csv", index=False)
    pd.concat(source_parts).to_csv(target / "sources.csv", index=False)
    for name, parts in child_parts.items():
        pd.concat(parts).to_csv(target / name, index=False)
    for name in COPIED_AS_IS:
        shutil.copy(source / name, target / name)
    shutil.copytree(source / "geo", target / "geo", dirs_exist_ok=True)


def main() -> None:
    factor, target = int(sys.argv[1]), Path(sys.argv[2])
    scale_data(DATA_DIR, target, factor)
    print(f"wrote {factor}× the curated data to {target}")


if __name__ == "__main__":
    main()
