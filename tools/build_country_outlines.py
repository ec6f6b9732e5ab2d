"""Build the country outlines and bounds in data/geo/ from world-atlas (Natural Earth).

A one-off, reproducible data step, not part of the app: the app only reads what it writes.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_country_outlines.py package data/geo

writes `countries_110m.geojson` (1:110m outlines, drawn on the map) and `country_bounds.csv`
(bounding boxes from the finer 1:50m outlines, which also hold small states such as Comoros,
used to check that headquarters coordinates fall inside a host country).

Natural Earth is in the public domain; world-atlas (ISC licence) converted it to TopoJSON.
Features get `iso_a3` (from the ISO 3166-1 numeric id, via pycountry) and `name`.
Three features have no numeric id: Kosovo (XKX), N. Cyprus (mapped to CYP, the island as a
whole, which is how UNFICYP's host is recorded) and Somaliland (mapped to SOM).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pycountry

UNNUMBERED_FEATURES = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}
# Features with no state of their own, or (Antarctica) none a mission was hosted in and whose
# polar edge Web Mercator cannot draw: left out.
SKIPPED_FEATURES = {"Indian Ocean Ter.", "Siachen Glacier", "Antarctica"}
COORDINATE_DECIMALS = 3


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Turn quantized, delta-encoded TopoJSON arcs into lists of lon/lat points."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append(
                (
                    round(x * scale_x + shift_x, COORDINATE_DECIMALS),
                    round(y * scale_y + shift_y, COORDINATE_DECIMALS),
                )
            )
        arcs.append(points)
    return arcs


def ring_from_arc_indexes(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """Join arcs into one ring; a negative index means the arc reversed (~index)."""
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return ring


def unwrap_ring(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring that crosses the antimeridian continuous (179 -> 181, not 179 -> -179), so a
    map does not draw a band across the whole world between its two halves."""
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        unwrapped.append((round(lon, COORDINATE_DECIMALS), lat))
    return unwrapped


def iso_a3_for(geometry: dict) -> str:
    name = geometry["properties"]["name"]
    if geometry.get("id") is None:
        return UNNUMBERED_FEATURES[name]
    country = pycountry.countries.get(numeric=geometry["id"])
    if country is None:
        raise ValueError(f"no ISO 3166 country for numeric id {geometry['id']} ({name})")
    return country.alpha_3


def to_feature(geometry: dict, arcs: list) -> dict:
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    coordinates = [
        [unwrap_ring(ring_from_arc_indexes(ring, arcs)) for ring in polygon] for polygon in polygons
    ]
    return {
        "type": "Feature",
        "properties": {"iso_a3": iso_a3_for(geometry), "name": geometry["properties"]["name"]},
        "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
    }


def features_of(topojson_path: Path) -> list[dict]:
    topology = json.loads(topojson_path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    return [
        to_feature(g, arcs)
        for g in geometries
        if g.get("arcs") and g["properties"]["name"] not in SKIPPED_FEATURES
    ]


def bounds_rows(features: list[dict]) -> list[dict]:
    """One bounding box per ISO code (features sharing a code, e.g. CYP, are merged)."""
    boxes: dict[str, list[float]] = {}
    names: dict[str, str] = {}
    for feature in features:
        iso = feature["properties"]["iso_a3"]
        name = feature["properties"]["name"]
        if name in UNNUMBERED_FEATURES:
            names.setdefault(iso, name)
        else:
            names[iso] = name
        for polygon in feature["geometry"]["coordinates"]:
            for lon, lat in polygon[0]:
                box = boxes.setdefault(iso, [lon, lat, lon, lat])
                box[0], box[1] = min(box[0], lon), min(box[1], lat)
                box[2], box[3] = max(box[2], lon), max(box[3], lat)
    return [
        {
            "iso_a3": iso,
            "name": names[iso],
            "min_lon": b[0],
            "min_lat": b[1],
            "max_lon": b[2],
            "max_lat": b[3],
        }
        for iso, b in sorted(boxes.items())
    ]


def main(package_dir: Path, target_dir: Path) -> None:
    outlines = features_of(package_dir / "countries-110m.json")
    collection = {"type": "FeatureCollection", "features": outlines}
    target = target_dir / "countries_110m.geojson"
    target.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(outlines)} outlines to {target}")

    rows = bounds_rows(features_of(package_dir / "countries-50m.json"))
    bounds_path = target_dir / "country_bounds.csv"
    with bounds_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} bounding boxes to {bounds_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
