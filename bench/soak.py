"""Soak test: 30 sessions rerunning the app for ten minutes, with the server watched.

    python bench/soak.py                     # 1 min warm-up + 10 min soak, writes bench/SOAK.md
    python bench/soak.py --minutes 2 --no-report

Starts `streamlit run app.py` on a free port of 127.0.0.1 (stopped at the end). `--sessions`
websocket sessions (bench/wsload.py: each a fresh browser tab, opening the eight pages in turn)
open one after another, `--stagger` seconds apart, then rerun continuously, each rerun moving
to the app's next page as a click in the navigation would, with `--think` seconds between one
rerun's end and the next. A session that fails is counted and
replaced by a new one. Meanwhile /_stcore/health is timed every `--probe-every` seconds and
the server's RSS (its PID and children) is sampled.

The warm-up fills the app's caches and every session's state and is not measured: it lasts
at least `--warmup-seconds`, and until every session has been round all the pages once (at
most `--max-warmup-seconds`). RSS at start is the median of the samples in the first measured
minute, RSS at end the median of those in the last one.

Targets: zero errors (exception or error elements, compile errors, failed sessions, failed
health checks), memory growth at most 10 %, every health check answered within 2 s.
Exit status 0 when all three are met.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import streamlit
import wsload  # bench/wsload.py: this script's directory is on sys.path

REPORT = Path(__file__).resolve().parent / "SOAK.md"
MAX_GROWTH_PERCENT = 10.0
MAX_HEALTH_MS = 2000.0
HEALTH_TIMEOUT_S = 10.0


@dataclass
class SoakLog:
    """Everything the soak observed, each with its time since the start (seconds)."""

    started: float = field(default_factory=time.monotonic)
    reruns: list[tuple[float, float, str]] = field(default_factory=list)  # (t, ms, page)
    errors: list[tuple[float, str]] = field(default_factory=list)
    health: list[tuple[float, float | None]] = field(default_factory=list)  # None: failed
    rss: list[tuple[float, float]] = field(default_factory=list)
    sessions_opened: int = 0
    reruns_by_session: Counter[int] = field(default_factory=Counter)
    deadline: float = math.inf  # time.monotonic() at which sessions stop; set after warm-up

    def now(self) -> float:
        return time.monotonic() - self.started


async def run_session(
    index: int,
    tour: list[wsload.Target],
    args: argparse.Namespace,
    log: SoakLog,
) -> None:
    """Open one session after its stagger delay on the tour's first page, then rerun, moving
    to the next page each time, until the log's deadline."""
    await asyncio.sleep(index * args.stagger)
    while time.monotonic() < log.deadline:
        session = wsload.Session(tour[0], timeout=args.rerun_timeout, tour=tour)
        await session.open()
        log.sessions_opened += 1
        seen_problems = 0
        try:
            while session.failure is None and time.monotonic() < log.deadline:
                for problem in session.rerun_errors[seen_problems:]:
                    log.errors.append((log.now(), problem))
                seen_problems = len(session.rerun_errors)
                await asyncio.sleep(args.think)
                page = "/" + session.tour[session.runs % len(session.tour)].page_name
                if not await session.rerun():
                    break
                log.reruns.append((log.now(), session.rerun_ms[-1], page))
                log.reruns_by_session[index] += 1
            for problem in session.rerun_errors[seen_problems:]:
                log.errors.append((log.now(), problem))
            if session.failure:
                log.errors.append((log.now(), f"session {index}: {session.failure}"))
                await asyncio.sleep(1.0)  # then a new session takes its place
        finally:
            await session.close()


async def watch_server(
    base: str, pid: int, args: argparse.Namespace, log: SoakLog, stop: asyncio.Event
) -> None:
    """Time /_stcore/health and sample RSS every probe interval until `stop` is set."""
    while not stop.is_set():
        latency = await asyncio.to_thread(wsload.health_latency_ms, base, HEALTH_TIMEOUT_S)
        log.health.append((log.now(), latency))
        if latency is None:
            log.errors.append((log.now(), "health check failed or timed out"))
        rss = wsload.rss_mb([pid])
        if rss is not None:
            log.rss.append((log.now(), rss))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), args.probe_every)


async def soak(base: str, pid: int, args: argparse.Namespace) -> dict:
    log = SoakLog()
    targets = [wsload.parse_target(base + path) for path in wsload.PAGES]
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_server(base, pid, args, log, stop))
    sessions = []
    for index in range(args.sessions):
        start = index % len(targets)
        tour = [*targets[start:], *targets[:start]]
        sessions.append(asyncio.create_task(run_session(index, tour, args, log)))
    # Warm-up: at least --warmup-seconds, and until every session has been round all the
    # pages once (its per-page state exists), but no longer than --max-warmup-seconds.
    await asyncio.sleep(args.warmup_seconds)
    warmup_limit = time.monotonic() + args.max_warmup_seconds - args.warmup_seconds
    while time.monotonic() < warmup_limit and not toured(log, args.sessions, len(targets)):
        await asyncio.sleep(1.0)
    warmup_complete = toured(log, args.sessions, len(targets))
    soak_start = log.now()
    cpu_start = wsload.cpu_seconds([pid])
    log.deadline = time.monotonic() + args.minutes * 60
    await asyncio.sleep(args.minutes * 60)
    soak_end = log.now()
    cpu_used = wsload.cpu_seconds([pid]) - cpu_start
    # Sessions stop at their next rerun boundary; a stuck one is bounded by its rerun timeout.
    await asyncio.wait_for(asyncio.gather(*sessions), args.rerun_timeout + 30)
    stop.set()
    await watcher
    await asyncio.sleep(3.0)
    rss_closed = wsload.rss_mb([pid])
    result = summarize(log, args, rss_closed, soak_start, soak_end)
    result["warmup_seconds"] = round(soak_start, 1)
    result["warmup_complete"] = warmup_complete
    result["server_cpu_percent"] = round(100 * cpu_used / (soak_end - soak_start), 1)
    return result


def toured(log: SoakLog, sessions: int, pages: int) -> bool:
    """True once every session has rerun at least once per page."""
    return all(log.reruns_by_session[index] >= pages for index in range(sessions))


def median_rss(log: SoakLog, low: float, high: float) -> float | None:
    """Median of the RSS samples taken between `low` and `high` seconds."""
    samples = [value for t, value in log.rss if low <= t <= high]
    return round(statistics.median(samples), 1) if samples else None


def summarize(
    log: SoakLog,
    args: argparse.Namespace,
    rss_closed: float | None,
    soak_start: float,
    soak_end: float,
) -> dict:
    # Memory at start and end: the median of a minute's samples, because RSS swings by tens
    # of MiB from one moment to the next while 30 scripts run at once.
    rss_start = median_rss(log, soak_start, soak_start + 60)
    rss_end = median_rss(log, soak_end - 60, soak_end)
    measured = [ms for t, ms, _ in log.reruns if soak_start <= t <= soak_end]
    by_page: dict[str, list[float]] = {}
    for t, ms, page in log.reruns:
        if soak_start <= t <= soak_end:
            by_page.setdefault(page, []).append(ms)
    health_ok = [ms for _, ms in log.health if ms is not None]
    growth = None
    if rss_start and rss_end:
        growth = round(100 * (rss_end - rss_start) / rss_start, 1)
    per_minute = []
    for minute in range(round((soak_end - soak_start) / 60)):
        low = soak_start + 60 * minute
        high = low + 60
        latencies = [ms for t, ms, _ in log.reruns if low <= t < high]
        health = [ms for t, ms in log.health if low <= t < high and ms is not None]
        rss = [value for t, value in log.rss if low <= t < high]
        per_minute.append(
            {
                "minute": minute + 1,
                "reruns": len(latencies),
                "p50_ms": wsload.percentile(latencies, 50),
                "p95_ms": wsload.percentile(latencies, 95),
                "health_max_ms": round(max(health), 1) if health else None,
                "rss_mb": rss[-1] if rss else None,
            }
        )
    health_max = round(max(health_ok), 1) if health_ok else None
    health_warmup = [ms for t, ms in log.health if t < soak_start and ms is not None]
    health_measured = [ms for t, ms in log.health if t >= soak_start and ms is not None]
    per_page = {
        page: {
            "reruns": len(values),
            "p50_ms": wsload.percentile(values, 50),
            "p95_ms": wsload.percentile(values, 95),
        }
        for page, values in sorted(by_page.items())
    }
    failed_health = sum(1 for _, ms in log.health if ms is None)
    return {
        "sessions": args.sessions,
        "minutes": args.minutes,
        "think_seconds": args.think,
        "sessions_opened": log.sessions_opened,
        "reruns_total": len(log.reruns),
        "reruns_measured": len(measured),
        "reruns_per_s": round(len(measured) / (soak_end - soak_start), 2),
        "p50_ms": wsload.percentile(measured, 50),
        "p95_ms": wsload.percentile(measured, 95),
        "max_ms": round(max(measured), 1) if measured else None,
        "errors": len(log.errors),
        "error_examples": [f"{t:.0f} s: {text}" for t, text in log.errors[:5]],
        "health_checks": len(log.health),
        "health_failed": failed_health,
        "health_p50_ms": wsload.percentile(health_ok, 50),
        "health_p95_ms": wsload.percentile(health_ok, 95),
        "health_over_2_s": sum(1 for ms in health_ok if ms > MAX_HEALTH_MS),
        "health_max_ms": health_max,
        "health_warmup_max_ms": round(max(health_warmup), 1) if health_warmup else None,
        "health_warmup_over_2_s": sum(1 for ms in health_warmup if ms > MAX_HEALTH_MS),
        "health_measured_max_ms": round(max(health_measured), 1) if health_measured else None,
        "health_measured_over_2_s": sum(1 for ms in health_measured if ms > MAX_HEALTH_MS),
        "per_page": per_page,
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "rss_growth_percent": growth,
        "rss_min_mb": min(v for _, v in log.rss) if log.rss else None,
        "rss_max_mb": max(v for _, v in log.rss) if log.rss else None,
        "rss_after_close_mb": rss_closed,
        "per_minute": per_minute,
        "targets": {
            "zero_errors": len(log.errors) == 0,
            "growth_at_most_10_percent": growth is not None and growth <= MAX_GROWTH_PERCENT,
            "health_within_2_s": failed_health == 0
            and health_max is not None
            and health_max <= MAX_HEALTH_MS,
        },
    }


def verdict(met: bool) -> str:
    return "met" if met else "**MISSED**"


def write_report(
    result: dict, args: argparse.Namespace, machine: str, loadavg: tuple[float, float]
) -> str:
    targets = result["targets"]
    lines = [
        "# Soak test",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python bench/soak.py`.",
        "",
        f"Machine: {machine}. Load average (1 min) at start {loadavg[0]:.2f}, at end "
        f"{loadavg[1]:.2f}; the machine is shared, so other work ran alongside.",
        "",
        f"Load: {result['sessions']} websocket sessions on one `streamlit run app.py`, each a "
        "fresh browser tab, rerunning continuously and moving to the next of the eight pages "
        "at each rerun "
        f"({result['think_seconds']} s between a rerun's end and the next); "
        f"{result['warmup_seconds']} s of warm-up (at least {args.warmup_seconds:.0f} s and "
        "until every session had been round all pages once: "
        f"{'reached' if result['warmup_complete'] else '**not reached**'}), then "
        f"{result['minutes']} minutes measured. "
        "/_stcore/health was timed every few seconds throughout.",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| zero errors | {result['errors']} errors | {verdict(targets['zero_errors'])} |",
        f"| memory growth ≤ 10 % (RSS, median of the first and of the last minute) "
        f"| {result['rss_start_mb']} → {result['rss_end_mb']} MiB "
        f"({result['rss_growth_percent']} %) | {verdict(targets['growth_at_most_10_percent'])} |",
        f"| health ≤ 2 s throughout | max {result['health_max_ms']} ms over "
        f"{result['health_checks']} checks, {result['health_over_2_s']} over 2 s, "
        f"{result['health_failed']} failed "
        f"| {verdict(targets['health_within_2_s'])} |",
        "",
        f"Reruns: {result['reruns_measured']} in the measured {result['minutes']} minutes "
        f"({result['reruns_per_s']}/s), {result['reruns_total']} in all; latency p50 "
        f"{result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms. "
        f"Health p50 {result['health_p50_ms']} ms, p95 {result['health_p95_ms']} ms; "
        f"max during warm-up {result['health_warmup_max_ms']} ms "
        f"({result['health_warmup_over_2_s']} over 2 s), during the measured minutes "
        f"{result['health_measured_max_ms']} ms ({result['health_measured_over_2_s']} over 2 s). "
        f"Server CPU over the measured minutes: {result['server_cpu_percent']} % "
        "(100 = one core). "
        "Sessions opened: "
        f"{result['sessions_opened']}. RSS ranged {result['rss_min_mb']}–"
        f"{result['rss_max_mb']} MiB over the run and was {result['rss_after_close_mb']} MiB "
        "3 s after the sessions closed.",
        "",
    ]
    if result["error_examples"]:
        lines += ["First errors:", "", *[f"- {e}" for e in result["error_examples"]], ""]
    lines += [
        "| minute | reruns | p50 ms | p95 ms | max health ms | RSS MiB |",
        "|---|---|---|---|---|---|",
        *[
            f"| {m['minute']} | {m['reruns']} | {m['p50_ms']} | {m['p95_ms']} "
            f"| {m['health_max_ms']} | {m['rss_mb']} |"
            for m in result["per_minute"]
        ],
        "",
        "Rerun latency by page over the measured minutes:",
        "",
        "| page | reruns | p50 ms | p95 ms |",
        "|---|---|---|---|",
        *[
            f"| `{page}` | {v['reruns']} | {v['p50_ms']} | {v['p95_ms']} |"
            for page, v in result["per_page"].items()
        ],
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--warmup-seconds", type=float, default=60.0, help="at least")
    parser.add_argument("--max-warmup-seconds", type=float, default=300.0)
    parser.add_argument("--stagger", type=float, default=0.5, help="seconds between opens")
    parser.add_argument("--think", type=float, default=0.0, help="pause between reruns, s")
    parser.add_argument("--probe-every", type=float, default=3.0, help="health probe period")
    parser.add_argument("--rerun-timeout", type=float, default=120.0)
    parser.add_argument("--no-report", action="store_true", help="do not write bench/SOAK.md")
    args = parser.parse_args()
    wsload.stop_servers_on_sigterm()

    machine = (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}, {platform.platform()}"
    )
    loadavg_start = os.getloadavg()[0]
    total_timeout = args.max_warmup_seconds + args.minutes * 60 + args.rerun_timeout + 120
    with tempfile.TemporaryDirectory(prefix="atlas-soak-") as tmp:
        port = wsload.free_port()
        server = wsload.start_server(port, log_path=Path(tmp) / "server.log")
        try:
            base = f"http://127.0.0.1:{port}"
            result = asyncio.run(asyncio.wait_for(soak(base, server.pid, args), total_timeout))
        finally:
            wsload.stop_process(server)
    result["machine"] = machine
    print(json.dumps(result, indent=2))
    if not args.no_report:
        report = write_report(result, args, machine, (loadavg_start, os.getloadavg()[0]))
        REPORT.write_text(report)
        print(report)
    return 0 if all(result["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
