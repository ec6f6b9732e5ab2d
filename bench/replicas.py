"""One Streamlit process against two behind nginx: throughput, and proof of sticky sessions.

    python bench/replicas.py                 # the full benchmark, writes bench/REPLICAS.md
    python bench/replicas.py --check-config  # only `nginx -t` on deploy/nginx.conf as it is
    python bench/replicas.py --print-replicas 8501,8502,8503  # that section for 3 replicas

Needs Debian's nginx (`apt-get install -y nginx`). Everything listens on 127.0.0.1 only and
everything this script starts is stopped when it ends (process groups, try/finally).

It starts, all on free ports:
- one lone `streamlit run app.py`;
- two replicas with one shared cookie secret, behind nginx run in the foreground with its own
  prefix, pid, logs and temp paths in a temporary directory, from a copy of deploy/nginx.conf
  whose replica ports and listen port are filled in here, plus one debugging response header
  (`X-Upstream: $upstream_addr`) that says which replica answered.

Stickiness: `--clients` distinct browsers (own cookie jars) each load the page 20 times and
then open a websocket; every response of one browser must come from one replica. At the end,
failover: one replica is stopped, and a browser pinned to it must be served by the other,
pinned to it, and get a working session there.

Load: `--sessions` websocket sessions (each a fresh browser tab, moving to the next of the
eight pages at every rerun, so that all sessions cost the same) do `--reruns` reruns each,
all at once: reruns completed per second over that phase and the rerun latency p50/p95,
against the lone process and then through nginx, alternating for `--repeats` rounds each.
During the proxied rounds each session's page, health check and websocket must reach one
replica, and each replica's /_stcore/metrics shows its sessions.
The table has every round and the ratio of the medians. The load client shares the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

import streamlit
import wsload  # bench/wsload.py: this script's directory is on sys.path

REPO_ROOT = Path(__file__).resolve().parent.parent
NGINX_SITE = REPO_ROOT / "deploy" / "nginx.conf"
REPORT = Path(__file__).resolve().parent / "REPLICAS.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


# --------------------------------------------------------------------------- nginx


REPLICAS_BEGIN = "# ---- replicas:"
REPLICAS_END = "# ---- end of replicas ----"


def replicas_section(ports: list[int]) -> str:
    """The upstreams and maps of deploy/nginx.conf's "replicas" section for these ports.

    Replica i (r1, r2, ...) listens on ports[i - 1]. `atlas_new` balances new browsers over
    all of them; `atlas_rN` serves the browsers pinned to replica N, the others as backups.
    """
    names = [f"r{index}" for index in range(1, len(ports) + 1)]
    failover = "max_fails=3 fail_timeout=10s"
    lines = ["upstream atlas_new {", "    zone atlas_new 64k;", "    least_conn;"]
    lines += [f"    server 127.0.0.1:{port} {failover};" for port in ports]
    lines += ["}", ""]
    for name, port in zip(names, ports, strict=True):
        lines += [f"upstream atlas_{name} {{", f"    server 127.0.0.1:{port} {failover};"]
        lines += [f"    server 127.0.0.1:{other} backup;" for other in ports if other != port]
        lines += ["}", ""]
    lines += ["map $cookie_atlas_replica $atlas_upstream {", "    default atlas_new;"]
    lines += [f"    {name} atlas_{name};" for name in names]
    lines += ["}", "", "map $upstream_addr $atlas_served_by {", '    default "";']
    lines += [
        f'    "~(^|, )127\\.0\\.0\\.1:{port}$" {name};'
        for name, port in zip(names, ports, strict=True)
    ]
    lines += ["}"]
    return "\n".join(lines)


def _without_comments(text: str) -> list[str]:
    """Directive lines only, with runs of blanks squeezed: for comparing configs."""
    lines = (line.split("#", 1)[0] for line in text.splitlines())
    return [" ".join(line.split()) for line in lines if line.strip()]


def render_site(template: str, listen_port: int, upstream_ports: list[int]) -> str:
    """deploy/nginx.conf with this run's replica ports, a loopback listen port and an
    X-Upstream response header saying which replica answered.

    Raises ValueError if the template's "replicas" section is not what `replicas_section`
    makes for ports 8501 and 8502, or lacks a line this relies on: the benchmark must
    measure the configuration that is shipped.
    """
    begin = template.find(REPLICAS_BEGIN)
    begin = template.find("\n", begin) + 1
    end = template.find(REPLICAS_END)
    if not 0 < begin < end:
        raise ValueError("deploy/nginx.conf has no replicas section")
    shipped = template[begin:end]
    if _without_comments(shipped) != _without_comments(replicas_section([8501, 8502])):
        raise ValueError("deploy/nginx.conf's replicas section differs from replicas_section()")
    site = template[:begin] + replicas_section(upstream_ports) + "\n" + template[end:]

    site, listens = re.subn(
        r"^(\s*)listen \d+;", rf"\g<1>listen 127.0.0.1:{listen_port};", site, flags=re.MULTILINE
    )
    if listens != 1:
        raise ValueError("expected exactly one `listen PORT;` line in deploy/nginx.conf")
    # Benchmark only: say which replica answered (never expose this in production).
    site, headers = re.subn(
        r"^(\s*)(add_header Set-Cookie \$atlas_replica_cookie;)",
        r"\1\2\n\1add_header X-Upstream $upstream_addr always;",
        site,
        flags=re.MULTILINE,
    )
    if headers != 1:
        raise ValueError("expected one `add_header Set-Cookie $atlas_replica_cookie;` line")
    return site


def write_nginx_harness(directory: Path, site: str) -> Path:
    """A main nginx.conf in `directory` that includes `site`; everything nginx writes stays
    in `directory`. Returns the path of the main config."""
    site_path = directory / "atlas-site.conf"
    site_path.write_text(site)
    main = f"""# Generated by bench/replicas.py; runs in the foreground under that script.
daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {directory}/access.log;
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {site_path};
}}
"""
    main_path = directory / "nginx.conf"
    main_path.write_text(main)
    # nginx's workers drop root for `nobody`: let them reach their temp directories.
    directory.chmod(0o755)
    return main_path


def nginx_command(directory: Path, main_path: Path) -> list[str]:
    return [NGINX, "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(main_path)]


def check_config(site: str) -> tuple[bool, str]:
    """`nginx -t` on a harness that includes `site`; (ok, nginx's output)."""
    with tempfile.TemporaryDirectory(prefix="atlas-nginx-check-") as tmp:
        main_path = write_nginx_harness(Path(tmp), site)
        result = subprocess.run(
            [*nginx_command(Path(tmp), main_path), "-t"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def start_nginx(directory: Path, site: str, listen_port: int) -> subprocess.Popen:
    """Run nginx in the foreground (own process group) and wait until it proxies health."""
    main_path = write_nginx_harness(directory, site)
    process = subprocess.Popen(
        nginx_command(directory, main_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{listen_port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (directory / "error.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"nginx exited with code {process.returncode}:\n{log}")
        if wsload.health_latency_ms(base, timeout=2.0) is not None:
            return process
        time.sleep(0.2)
    wsload.stop_process(process)
    raise RuntimeError("nginx did not proxy /_stcore/health within 30 s")


# ---------------------------------------------------------------------- stickiness


async def _browser_visit(page_url: str, loads: int) -> dict:
    """One browser: `loads` page loads with one cookie jar, then a websocket and one run."""
    session = wsload.Session(wsload.parse_target(page_url), timeout=60)
    for _ in range(loads):
        _, headers, _ = await asyncio.to_thread(wsload.http_get, page_url, session.jar)
        session.page_upstreams.append(headers.get(wsload.UPSTREAM_HEADER, "?"))
    await session.open()  # its own page load and health check, then the websocket
    await session.close()
    cookie = next((c.value for c in session.jar if c.name == "atlas_replica"), None)
    return {
        "cookie": cookie,
        "page_upstreams": Counter(session.page_upstreams),
        "ws_upstream": session.ws_upstream,
        "failure": session.failure,
    }


def stickiness_check(page_url: str, clients: int, loads: int) -> dict:
    """Several distinct browsers, one after another; each must stay on one replica."""

    async def visit_all() -> list[dict]:
        return [await _browser_visit(page_url, loads) for _ in range(clients)]

    visits = asyncio.run(asyncio.wait_for(visit_all(), 600))
    sticky = 0
    per_replica: Counter[str] = Counter()
    for visit in visits:
        upstreams = set(visit["page_upstreams"])
        if (
            not visit["failure"]
            and visit["cookie"]
            and len(upstreams) == 1
            and visit["ws_upstream"] in upstreams
        ):
            sticky += 1
            per_replica[visit["ws_upstream"]] += 1
    return {
        "clients": clients,
        "requests_per_client": loads + 2,  # the page loads, the open's page load and health
        "sticky_clients": sticky,
        "clients_per_replica": dict(per_replica),
        "failures": [v["failure"] for v in visits if v["failure"]],
    }


def fresh_visitor_spread(page_url: str, visits: int) -> dict[str, int]:
    """Where page loads without cookies land: a new browser each time."""
    counts: Counter[str] = Counter()
    for _ in range(visits):
        _, headers, _ = wsload.http_get(page_url, CookieJar())
        counts[headers.get(wsload.UPSTREAM_HEADER, "?")] += 1
    return dict(counts)


def failover_check(proxy: str, port: int, replica: subprocess.Popen) -> dict:
    """Stop one replica and follow a browser pinned to it: a backup must answer its page
    loads, the browser must be pinned to that backup, and a new session there must work."""
    address = f"127.0.0.1:{port}"
    jar = None
    for _ in range(10):  # new browsers are spread in turn: one soon lands on this replica
        candidate = CookieJar()
        _, headers, _ = wsload.http_get(proxy + "/", candidate)
        if headers.get(wsload.UPSTREAM_HEADER) == address:
            jar = candidate
            break
    if jar is None:
        return {"checked": False}
    wsload.stop_process(replica)
    loads: Counter[str] = Counter()
    for _ in range(10):
        try:
            _, headers, _ = wsload.http_get(proxy + "/", jar)
            loads[headers.get(wsload.UPSTREAM_HEADER, "?")] += 1
        except OSError as error:
            loads[f"failed: {error}"] += 1
    session = wsload.Session(wsload.parse_target(proxy + "/"), timeout=60, jar=jar)

    async def open_and_close() -> None:
        await session.open()
        await session.close()

    asyncio.run(asyncio.wait_for(open_and_close(), 120))
    return {
        "checked": True,
        "stopped": address,
        "loads": dict(loads),
        "cookie_after": next((c.value for c in jar if c.name == "atlas_replica"), None),
        "ws_upstream": session.ws_upstream,
        "session_ok": session.failure is None and not session.rerun_errors,
        "session_problem": session.failure or (session.rerun_errors or [None])[0],
    }


# ------------------------------------------------------------------------------ runs


def page_urls(base: str) -> list[str]:
    return [base + path for path in wsload.PAGES]


def load_round(
    urls: list[str], args: argparse.Namespace, pids: list[int], metrics_bases: list[str]
) -> dict:
    result = wsload.run_round(
        urls,
        args.sessions,
        args.reruns,
        pids,
        metrics_bases=metrics_bases,
        idle_wait=2.0,
        settle=2.0,
    )
    result["loadavg_1m_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result), flush=True)
    return result


def run_benchmark(args: argparse.Namespace, workdir: Path) -> dict:
    """Start one lone server, two replicas and nginx; check stickiness; then alternate load
    rounds (lone, pair, lone, pair, ...) so that background noise hits both alike."""
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    processes: list[subprocess.Popen] = []
    try:
        lone_port = wsload.free_port()
        lone = wsload.start_server(lone_port, log_path=workdir / "lone.log")
        processes.append(lone)
        replicas = []
        for index in range(2):
            port = wsload.free_port()
            log_path = workdir / f"replica{index + 1}.log"
            replicas.append((port, wsload.start_server(port, env=env, log_path=log_path)))
            processes.append(replicas[-1][1])
        listen_port = wsload.free_port()
        site = render_site(NGINX_SITE.read_text(), listen_port, [port for port, _ in replicas])
        nginx_dir = workdir / "nginx"
        nginx_dir.mkdir()
        nginx = start_nginx(nginx_dir, site, listen_port)
        processes.append(nginx)

        lone_base = f"http://127.0.0.1:{lone_port}"
        proxy = f"http://127.0.0.1:{listen_port}"
        replica_bases = [f"http://127.0.0.1:{port}" for port, _ in replicas]
        replica_pids = [process.pid for _, process in replicas]

        stickiness = stickiness_check(proxy + "/", args.clients, loads=20)
        spread = fresh_visitor_spread(proxy + "/", 40)
        lone_rounds: list[dict] = []
        pair_rounds: list[dict] = []
        nginx_cpu_s = 0.0
        pair_wall_s = 0.0
        for _ in range(args.repeats):
            lone_rounds.append(load_round(page_urls(lone_base), args, [lone.pid], [lone_base]))
            nginx_cpu_start = wsload.cpu_seconds([nginx.pid])
            wall_start = time.perf_counter()
            pair_rounds.append(load_round(page_urls(proxy), args, replica_pids, replica_bases))
            nginx_cpu_s += wsload.cpu_seconds([nginx.pid]) - nginx_cpu_start
            pair_wall_s += time.perf_counter() - wall_start
        gzip = gzip_check(proxy, replica_bases[0])
        failover = failover_check(proxy, replicas[0][0], replicas[0][1])  # stops replica 1
        return {
            "lone_rounds": lone_rounds,
            "pair_rounds": pair_rounds,
            "stickiness": stickiness,
            "fresh_visitor_spread": spread,
            "nginx_cpu_percent": round(100 * nginx_cpu_s / pair_wall_s, 1),
            "gzip": gzip,
            "failover": failover,
        }
    finally:
        for process in reversed(processes):
            wsload.stop_process(process)


def gzip_check(proxy: str, replica: str) -> dict:
    """The main JS bundle asked for with `Accept-Encoding: gzip`, from a replica directly and
    through nginx: Content-Encoding and bytes on the wire of each."""
    _, _, html = wsload.http_get(proxy + "/")
    match = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', html)
    if match is None:
        return {"checked": False}
    asset = match.group(1).decode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    result: dict = {"checked": True, "asset": asset}
    for name, base in (("direct", replica), ("nginx", proxy)):
        request = urllib.request.Request(f"{base}/{asset}", headers={"Accept-Encoding": "gzip"})
        with opener.open(request, timeout=30) as response:
            result[name] = {
                "encoding": response.headers.get("Content-Encoding") or "none",
                "bytes": len(response.read()),
            }
    return result


# ---------------------------------------------------------------------------- report


def median_of(rounds: list[dict], key: str) -> float | None:
    values = [r[key] for r in rounds if r.get(key) is not None]
    return round(statistics.median(values), 2) if values else None


def machine_line() -> str:
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}, {platform.platform()}, "
        f"nginx {nginx_version()}, load average at start {os.getloadavg()[0]:.2f}"
    )


def nginx_version() -> str:
    result = subprocess.run([NGINX, "-v"], capture_output=True, text=True, timeout=10)
    return result.stderr.strip().split("/")[-1]


def write_report(args: argparse.Namespace, result: dict, machine: str) -> str:
    lone = result["lone_rounds"]
    pair = result["pair_rounds"]
    lone_rate = median_of(lone, "reruns_per_s")
    pair_rate = median_of(pair, "reruns_per_s")
    ratio = round(pair_rate / lone_rate, 2) if lone_rate and pair_rate else None
    stick = result["stickiness"]
    lines = [
        "# Replicas: one Streamlit process against two behind nginx",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python bench/replicas.py` "
        f"(--sessions {args.sessions} --reruns {args.reruns} --repeats {args.repeats} "
        f"--clients {args.clients}).",
        "",
        f"Machine: {machine}. The load client, nginx and the servers share these cores, and "
        "the machine is shared with other work, so figures vary from run to run; rounds of "
        "the two setups alternate so that such noise falls on both.",
        "",
        f"Load: {args.sessions} websocket sessions open at once, each a fresh browser tab "
        "(page load, health check, websocket); then "
        f"{args.reruns} reruns in every session, all at once, each moving to the next of the "
        "eight pages (so every session costs the same). Throughput is reruns completed "
        "per second over that phase; latency is rerun sent → script_finished.",
        "",
        "| setup | round | reruns/s | p50 ms | p95 ms | max ms | errors | server CPU % "
        "| client CPU % | load avg after |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for index in range(len(lone)):
        for name, r in (("1 process", lone[index]), ("2 replicas + nginx", pair[index])):
            lines.append(
                f"| {name} | {index + 1} | {r['reruns_per_s']} | {r['p50_ms']} "
                f"| {r['p95_ms']} | {r['max_ms']} | {r['errors']} "
                f"| {r['server_cpu_percent']} | {r['client_cpu_percent']} "
                f"| {r['loadavg_1m_after']} |"
            )
    lines += [
        "",
        f"**Throughput ratio (median reruns/s, 2 replicas ÷ 1 process): {ratio}×** "
        f"({pair_rate} vs {lone_rate} reruns/s). Median rerun p50: "
        f"{median_of(pair, 'p50_ms')} ms vs {median_of(lone, 'p50_ms')} ms. "
        f"nginx used {result['nginx_cpu_percent']} % of a core during the proxied rounds. "
        "Server CPU % is the servers' CPU time over the rerun phase (100 = one core).",
        "",
        "## Sticky sessions",
        "",
        f"- {stick['sticky_clients']} of {stick['clients']} distinct browsers (own cookie "
        f"jar each) stayed on one replica for all {stick['requests_per_client']} HTTP "
        "requests and their websocket (X-Upstream header on every response, the websocket's "
        f"101 included); browsers per replica: {stick['clients_per_replica']}.",
        f"- 40 first visits without a cookie landed on: {result['fresh_visitor_spread']}.",
    ]
    for index, r in enumerate(pair, start=1):
        lines.append(
            f"- Load round {index}: websockets per replica {r['sessions_per_upstream']}; "
            "sessions whose page, health check and websocket did not all reach one replica: "
            f"{r['page_ws_mismatches']}; active_sessions on each replica's /_stcore/metrics "
            f"with all sessions open: {list(r['active_sessions_metric'].values())}."
        )
    if stick["failures"]:
        lines.append(f"- Failures: {stick['failures'][:3]}")
    failover = result["failover"]
    if failover.get("checked"):
        outcome = "ran without errors" if failover["session_ok"] else "FAILED"
        lines.append(
            f"- Failover: replica {failover['stopped']} stopped at the end; a browser pinned to "
            f"it had its next 10 page loads answered by {failover['loads']} (X-Upstream), its "
            f"cookie became `atlas_replica={failover['cookie_after']}`, and a new websocket "
            f"session on {failover['ws_upstream']} {outcome}."
        )
        if not failover["session_ok"]:
            lines.append(f"  Problem: {failover['session_problem']}")
    gz = result["gzip"]
    if gz.get("checked"):
        lines += [
            "",
            f"gzip: `{gz['asset']}` with `Accept-Encoding: gzip`: from a replica directly "
            f"{gz['direct']['bytes']} bytes (Content-Encoding {gz['direct']['encoding']}), "
            f"through nginx {gz['nginx']['bytes']} bytes ({gz['nginx']['encoding']}).",
        ]
    lines += [
        "",
        "Memory (RSS of the server processes after warm-up, MiB): "
        f"1 process {lone[0]['rss_before_mb']} (peak under load {lone[0]['rss_peak_mb']}); "
        f"2 replicas {pair[0]['rss_before_mb']} (peak {pair[0]['rss_peak_mb']}).",
        "",
    ]
    text = "\n".join(lines)
    REPORT.write_text(text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--reruns", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--clients", type=int, default=10, help="browsers for stickiness")
    parser.add_argument("--check-config", action="store_true", help="only run nginx -t")
    parser.add_argument(
        "--print-replicas",
        metavar="PORTS",
        help="print deploy/nginx.conf's replicas section for these ports (e.g. 8501,8502,8503)",
    )
    args = parser.parse_args()
    wsload.stop_servers_on_sigterm()
    if args.print_replicas:
        print(replicas_section([int(port) for port in args.print_replicas.split(",")]))
        return 0

    if not Path(NGINX).exists():
        print("nginx not found: apt-get install -y nginx", file=sys.stderr)
        return 2
    ok, output = check_config(NGINX_SITE.read_text())
    print(f"nginx -t on deploy/nginx.conf: {'ok' if ok else 'FAILED'}\n{output}")
    if not ok or args.check_config:
        return 0 if ok else 1

    machine = machine_line()
    with tempfile.TemporaryDirectory(prefix="atlas-replicas-") as tmp:
        workdir = Path(tmp)
        result = run_benchmark(args, workdir)
    print(write_report(args, result, machine))
    errors = sum(r["errors"] for r in result["lone_rounds"] + result["pair_rounds"])
    sticky = result["stickiness"]["sticky_clients"] == args.clients
    sticky = sticky and result["failover"].get("session_ok", False)
    return 0 if errors == 0 and sticky else 1


if __name__ == "__main__":
    sys.exit(main())
