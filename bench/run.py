"""The benchmark, in one command: `python bench/run.py` (about 15 minutes on 2 cores).

Measures, in one run, and writes bench/RESULTS.md:

1. server reruns — the warm AppTest rerun of every page (median of --repeats) next to the
   floor (bench/floor_app.py), at 1×, 10× and 100× the curated data (bench/generate.py);
2. browser — Playwright with /usr/bin/chromium against `streamlit run` on 127.0.0.1: time
   until each page's main chart, map or table is visible and bytes on a first visit; time
   from a click on a shared filter until every chart on the page is redrawn; the Map playing
   (each year step from the tick until the new points are drawn, and the bytes it brings),
   the size of the map's JSON per year with the outlines served or embedded, and the first
   visit to the Map next to the one-chart floor page (bench/floor_app.py, its own server);
3. concurrency — 1, 10 and 30 websocket sessions rerunning at once against one server
   (bench/wsload.py): rerun latency p50/p95 and server memory.

Budgets (issue 6) are checked and printed with the figures. The machine is shared: quote the
medians and ratios of one run, and rerun before drawing conclusions from small differences.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import browser  # noqa: E402
import reruns  # noqa: E402
import wsload  # noqa: E402
from generate import scale_data  # noqa: E402

from missions.paths import DATA_DIR  # noqa: E402

RESULTS = BENCH / "RESULTS.md"
RATIO_BUDGET = 2.0
LARGE_BUDGET_MS = 250
FILTER_BUDGET_MS = 300
STEP_BUDGET_MS = 300
MAP_FIRST_VISIT_RATIO_BUDGET = 1.3
PLAY_FROM, PLAY_YEARS = 2000, 12
FLOOR_SCRIPT = "bench/floor_app.py"
CONCURRENT_BUDGET_MS = 1500
IDLE_SESSION_BUDGET_MB = 1.0
CONCURRENCY_PAGES = (
    "/",
    "/map",
    "/timeline",
    "/breakdown",
    "/data",
    "/sources",
    "/country?country=KEN",
)


def _machine() -> list[str]:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("streamlit", "pandas", "plotly", "pydeck", "pyarrow", "orjson", "playwright")
    )
    return [
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {os.cpu_count()} cores ({cpu}){memory}; {platform.platform()}",
        f"- Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- Python {platform.python_version()}; {packages}",
    ]


def _rerun_section(repeats: int, scales: dict[int, Path | None]) -> tuple[list[str], list[str]]:
    logging.disable(logging.WARNING)
    lines = [
        "## 1. Server reruns (AppTest, warm, median of "
        f"{repeats}; milliseconds, and the ratio to the floor)",
        "",
    ]
    failures = []
    table: dict[str, dict[int, float]] = {}
    floors, loads = {}, {}
    for factor, directory in scales.items():
        print(f"reruns at {factor}×", flush=True)
        loads[factor] = reruns.load_seconds(directory)
        floors[factor] = reruns.floor_ms(repeats)
        for case in reruns.PAGE_CASES:
            table.setdefault(case.label, {})[factor] = reruns.page_ms(case, repeats, directory)
    header = "| Page | " + " | ".join(f"{f}× ms | {f}× ratio" for f in scales) + " |"
    lines += [header, "|---" * (1 + 2 * len(scales)) + "|"]
    lines.append(
        "| *floor (one plotly bar)* | "
        + " | ".join(f"{floors[f]:.1f} | 1.0" for f in scales)
        + " |"
    )
    for label, by_factor in table.items():
        cells = []
        for factor in scales:
            ms = by_factor[factor]
            cells.append(f"{ms:.1f} | {ms / floors[factor]:.1f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Cold load and validation of the data through the app (first run after clearing the "
        "caches): " + ", ".join(f"{f}×: {loads[f]:.1f} s" for f in scales) + ".",
        "",
    ]
    for label, by_factor in table.items():
        if 1 in by_factor and by_factor[1] > RATIO_BUDGET * floors[1]:
            failures.append(
                f"{label}: {by_factor[1]:.1f} ms at 1× is "
                f"{by_factor[1] / floors[1]:.1f}× the floor (budget {RATIO_BUDGET}×)"
            )
        if 100 in by_factor and by_factor[100] > LARGE_BUDGET_MS:
            failures.append(
                f"{label}: {by_factor[100]:.0f} ms at 100× (budget {LARGE_BUDGET_MS} ms)"
            )
    return lines, failures


def _browser_section(visits: int, changes: int) -> tuple[list[str], list[str]]:
    print("browser", flush=True)
    failures = []
    port = wsload.free_port()
    process = wsload.start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        rows = browser.first_visits(base, visits)
        filter_rows = {
            path: browser.filter_changes(base, path, changes)
            for path in ("/breakdown", "/timeline")
        }
    finally:
        wsload.stop_process(process)
    lines = [
        f"## 2. Browser (Chromium, 1× data; median of {visits} fresh visits)",
        "",
        "| Page | main chart, map or table visible (ms) | received on first visit (MB) |",
        "|---|---|---|",
    ]
    lines += [
        f"| {row['page']} | {row['visible_ms']:.0f} | {row['bytes'] / 1e6:.2f} |" for row in rows
    ]
    lines += [
        "",
        "Filter change (a click on Status in the sidebar) until every chart on the page is "
        "redrawn, in ms. 'First' are the first time each of the two states is drawn (the "
        "server builds the charts); 'repeat' are later changes between them (charts cached "
        "on the server, as for most users of a shared server).",
        "",
        "| Page | first (ms) | repeat p50 (ms) | repeat values (ms) |",
        "|---|---|---|---|",
    ]
    for path, (first, repeats) in filter_rows.items():
        p50 = statistics.median(repeats)
        lines.append(
            f"| {path} | {', '.join(f'{v:.0f}' for v in first)} | {p50:.0f} | "
            f"{', '.join(f'{v:.0f}' for v in repeats)} |"
        )
        if p50 > FILTER_BUDGET_MS:
            failures.append(f"filter change on {path}: p50 {p50:.0f} ms (budget 300 ms)")
    lines.append("")
    map_lines, map_failures = _map_section(visits)
    return lines + map_lines, failures + map_failures


def _deck_sizes() -> dict[str, list[int]]:
    """Bytes of the map's JSON for each year Geo-PKO covers (world view, every operation), with
    the outlines served (what the app sends) and embedded (what it sent before)."""
    from components.maps import MapLabels, map_deck
    from missions.dataset import load_country_outlines, load_dataset
    from missions.places import SERVED_OUTLINES_URL, WORLD_VIEW, deployment_span, places_in_year

    dataset = load_dataset()
    labels = MapLabels(dataset.labels("mission_type"), dataset.labels("hq_level"))
    outlines = load_country_outlines()
    first, last = deployment_span(dataset.deployments)
    sizes: dict[str, list[int]] = {"served": [], "embedded": []}
    for year in range(first, last + 1):
        places = places_in_year(dataset.missions, dataset.deployments, year)
        for name, data in (("served", SERVED_OUTLINES_URL), ("embedded", outlines)):
            sizes[name].append(len(map_deck(places, data, labels, WORLD_VIEW).to_json()))
    return sizes


def _map_section(visits: int) -> tuple[list[str], list[str]]:
    print("map", flush=True)
    failures = []
    port, floor_port = wsload.free_port(), wsload.free_port()
    process = wsload.start_server(port)
    floor = wsload.start_server(floor_port, script=FLOOR_SCRIPT)
    base, floor_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{floor_port}"
    try:
        play = browser.map_play(base, "/map?view=africa", PLAY_FROM, PLAY_YEARS)
        pair = browser.first_visit_pair(base + "/map", floor_base + "/", max(visits, 5))
    finally:
        wsload.stop_process(process)
        wsload.stop_process(floor)
    sizes = _deck_sizes()
    lines = [
        "## 2b. Map: play, JSON per year, first visit next to the floor",
        "",
        f"Play from {PLAY_FROM} on /map?view=africa (Chromium at 1440×900, WebGL in software): "
        "each year step from the fragment's tick (the websocket message asking for the rerun) "
        "until the first WebGL draw call after the new points were uploaded; bytes are "
        "everything received until the next tick. 'First' builds each year's map on the "
        "server; 'repeat' plays the same years again (cached, as for most users).",
        "",
        "| Pass | step p50 (ms) | step max (ms) | received per step, p50 (KB) | steps (ms) |",
        "|---|---|---|---|---|",
    ]
    for name, steps in play.items():
        times = [step["ms"] for step in steps if step["ms"] is not None]
        sizes_kb = [step["bytes"] / 1000 for step in steps]
        if not times:
            lines.append(f"| {name} | no step measured | | | |")
            failures.append(f"map play ({name}): no year step was measured")
            continue
        lines.append(
            f"| {name} | {statistics.median(times):.0f} | {max(times):.0f} | "
            f"{statistics.median(sizes_kb):.1f} | {', '.join(f'{t:.0f}' for t in times)} |"
        )
        if statistics.median(times) > STEP_BUDGET_MS:
            failures.append(
                f"map year step ({name}): p50 {statistics.median(times):.0f} ms "
                f"(budget {STEP_BUDGET_MS} ms)"
            )
    served, embedded = sizes["served"], sizes["embedded"]
    lines += [
        "",
        f"The map's JSON per year, world view, every operation, {len(served)} years of "
        f"Geo-PKO: median {statistics.median(served) / 1000:.1f} KB (max "
        f"{max(served) / 1000:.1f} KB) with the outlines served from static/ and fetched once "
        f"per browser (183 KB), against {statistics.median(embedded) / 1000:.1f} KB with them "
        "embedded, as every rerun sent them before.",
        "",
    ]
    map_ms, floor_ms = statistics.median(pair["map"]), statistics.median(pair["floor"])
    ratio = map_ms / floor_ms
    lines += [
        f"First visit, fresh context, median of {len(pair['map'])} alternated visits: Map "
        f"canvas visible after {map_ms:.0f} ms, the floor's chart after {floor_ms:.0f} ms: "
        f"{ratio:.2f}× (Map: {', '.join(f'{t:.0f}' for t in pair['map'])}; floor: "
        f"{', '.join(f'{t:.0f}' for t in pair['floor'])}).",
        "",
    ]
    if ratio > MAP_FIRST_VISIT_RATIO_BUDGET:
        failures.append(
            f"Map first visit: {ratio:.2f}× the floor page (budget {MAP_FIRST_VISIT_RATIO_BUDGET}×)"
        )
    return lines, failures


def _concurrency_section(reruns_each: int) -> tuple[list[str], list[str]]:
    print("concurrency", flush=True)
    failures = []
    port = wsload.free_port()
    process = wsload.start_server(port)
    urls = [f"http://127.0.0.1:{port}{page}" for page in CONCURRENCY_PAGES]
    results = {}
    try:
        for sessions in (1, 10, 30):
            results[sessions] = wsload.run_round(
                urls, sessions=sessions, reruns=reruns_each, server_pid=process.pid
            )
    finally:
        wsload.stop_process(process)
    lines = [
        f"## 3. Concurrency (one server process; each session reruns {reruns_each} times, "
        f"moving through {', '.join(CONCURRENCY_PAGES)})",
        "",
        "| Sessions | p50 (ms) | p95 (ms) | errors | RSS before (MB) | RSS, sessions idle (MB) | "
        "per idle session (MB) | RSS peak (MB) | RSS after close (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for sessions, result in results.items():
        lines.append(
            f"| {sessions} | {result['p50_ms']:.0f} | {result['p95_ms']:.0f} | "
            f"{result['errors']} | {result['rss_before_mb']:.0f} | "
            f"{result['rss_idle_sessions_mb']:.0f} | {result['idle_session_mb']:.2f} | "
            f"{result['rss_peak_mb']:.0f} | {result['rss_after_close_mb']:.0f} |"
        )
    thirty = results[30]
    if thirty["p50_ms"] > CONCURRENT_BUDGET_MS:
        failures.append(f"30 sessions: p50 {thirty['p50_ms']:.0f} ms (budget 1500 ms)")
    if thirty["idle_session_mb"] > IDLE_SESSION_BUDGET_MB:
        failures.append(f"idle session: {thirty['idle_session_mb']:.2f} MB (budget 1 MB)")
    if any(result["errors"] for result in results.values()):
        failures.append("errors during the concurrency rounds")
    lines.append("")
    return lines, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed reruns per page")
    parser.add_argument("--visits", type=int, default=3, help="fresh browser visits per page")
    parser.add_argument("--changes", type=int, default=7, help="repeated filter changes")
    parser.add_argument("--reruns", type=int, default=5, help="reruns per concurrent session")
    parser.add_argument("--skip", nargs="*", default=[], choices=["browser", "concurrency"])
    args = parser.parse_args()
    wsload.stop_servers_on_sigterm()

    started = time.perf_counter()
    lines = ["# Benchmark results", "", *_machine(), ""]
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as scratch:
        scales: dict[int, Path | None] = {1: None}
        for factor in (10, 100):
            scales[factor] = Path(scratch) / f"x{factor}"
            scale_data(DATA_DIR, scales[factor], factor)
        section, failed = _rerun_section(args.repeats, scales)
        os.environ.pop("ATLAS_DATA_DIR", None)  # the servers below serve the curated data
        lines += section
        failures += failed
    if "browser" not in args.skip:
        section, failed = _browser_section(args.visits, args.changes)
        lines += section
        failures += failed
    if "concurrency" not in args.skip:
        section, failed = _concurrency_section(args.reruns)
        lines += section
        failures += failed

    lines += ["## Budgets", ""]
    lines += [f"- NOT MET: {failure}" for failure in failures] or ["- All budgets met."]
    lines += [
        "",
        f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"the run took {(time.perf_counter() - started) / 60:.1f} minutes.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
