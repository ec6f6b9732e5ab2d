"""Loopback-only websocket load for a Streamlit app: a small library and a CLI.

Each simulated session behaves like a fresh browser tab, as Streamlit's own frontend does:

1. GET the page URL with its own cookie jar (a reverse proxy may set a sticky cookie here);
2. GET /_stcore/health, which sets the `_streamlit_xsrf` cookie;
3. open a websocket to /_stcore/stream with those cookies, the page's Origin and the
   subprotocols ["streamlit", <xsrf token>];
4. send a BackMsg `rerun_script` (a ClientState with the page's query string and its URL path
   as `page_name`) and read ForwardMsgs until `script_finished`. Later reruns may name another
   page, as a click in the app's navigation does.

The time from sending a rerun to receiving `script_finished` is one rerun's latency. A rerun
counts as an error when it shows an exception element, an error alert, a compile error, a
"page not found", or ran another page than the one asked for (the `navigation` ForwardMsg
says which); a session counts as an error when it fails to connect, times out or drops.

Only loopback hosts are accepted (127.0.0.0/8, ::1, localhost): this is for local load tests.
Every network wait has a timeout, and so does a whole round.

Library use (from bench/soak.py and bench/replicas.py):

    proc = start_server(free_port())
    result = run_round("http://127.0.0.1:PORT/map", sessions=30, reruns=5, server_pid=proc.pid)
    stop_process(proc)

CLI:

    python bench/wsload.py http://127.0.0.1:8501/map --sessions 30 --reruns 5
    python bench/wsload.py --start --sessions 10 --reruns 3 /timeline /data
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO_ROOT = Path(__file__).resolve().parent.parent
# The test tier's server helpers: the same `streamlit run` command and free-port finder.
sys.path.insert(0, str(REPO_ROOT / "tests"))

from browser_support import free_port, streamlit_command  # noqa: E402

XSRF_COOKIE = "_streamlit_xsrf"
UPSTREAM_HEADER = "X-Upstream"
HTTP_TIMEOUT_S = 30.0
PAGES = (
    "/",
    "/map",
    "/timeline",
    "/breakdown",
    "/compare",
    "/mission",
    "/country",
    "/data",
    "/sources",
)


# ------------------------------------------------------------------------------- targets


def is_loopback_host(host: str) -> bool:
    """True for localhost and for addresses in 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Target:
    """One page of a Streamlit app, split into what a session needs."""

    page_url: str  # what a browser would GET, e.g. http://127.0.0.1:8501/map?year=1995
    base: str  # scheme://host:port, also the websocket Origin
    ws_url: str  # ws://host:port/_stcore/stream
    page_name: str  # the page's URL path without slashes ("" = the default page)
    query: str  # the query string without "?"


def parse_target(url: str) -> Target:
    """Split a page URL into a Target; refuses anything but http(s) on a loopback host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    if not is_loopback_host(parts.hostname or ""):
        raise ValueError(f"refusing a non-loopback host {parts.hostname!r}: local load only")
    base = f"{parts.scheme}://{parts.netloc}"
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    return Target(
        page_url=url,
        base=base,
        ws_url=f"{ws_scheme}://{parts.netloc}/_stcore/stream",
        page_name=parts.path.strip("/"),
        query=parts.query,
    )


# ----------------------------------------------------------------------- HTTP helpers


def _opener(jar: CookieJar | None = None) -> urllib.request.OpenerDirector:
    """A urllib opener that ignores proxy environment variables (traffic stays on loopback)."""
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def http_get(
    url: str, jar: CookieJar | None = None, timeout: float = HTTP_TIMEOUT_S
) -> tuple[int, dict[str, str], bytes]:
    """GET a loopback URL; returns (status, headers, body). Raises on HTTP errors."""
    host = urlsplit(url).hostname or ""
    if not is_loopback_host(host):
        raise ValueError(f"refusing a non-loopback host {host!r}")
    with _opener(jar).open(url, timeout=timeout) as response:
        return response.status, dict(response.headers.items()), response.read()


def health_latency_ms(base: str, timeout: float = 10.0) -> float | None:
    """Milliseconds for GET base/_stcore/health to answer "ok", or None if it did not."""
    start = time.perf_counter()
    try:
        status, _, body = http_get(base + "/_stcore/health", timeout=timeout)
    except (OSError, urllib.error.URLError):
        return None
    if status != 200 or body.strip() != b"ok":
        return None
    return (time.perf_counter() - start) * 1000


def read_metric(base: str, name: str, timeout: float = 10.0) -> float | None:
    """One gauge or counter from /_stcore/metrics (OpenMetrics text), or None."""
    try:
        _, _, body = http_get(base + "/_stcore/metrics", timeout=timeout)
    except (OSError, urllib.error.URLError):
        return None
    for line in body.decode("utf-8", "replace").splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return None


# ------------------------------------------------------------------- server processes


def stop_servers_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so `finally` blocks stop the servers a benchmark started."""

    def _exit(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _exit)


def start_server(
    port: int,
    env: dict[str, str] | None = None,
    extra_args: Sequence[str] = (),
    timeout: float = 90.0,
    log_path: Path | None = None,
    script: str = "app.py",
) -> subprocess.Popen:
    """Start `streamlit run app.py` (or `script`) on 127.0.0.1:port and wait until
    /_stcore/health is ok.

    The server gets its own process group, so `stop_process` ends it and any children.
    `env` entries are added to this process's environment. Raises RuntimeError (after
    stopping the server) if it does not become healthy within `timeout` seconds.
    """
    command = [*streamlit_command(port, script), *extra_args]
    full_env = {**os.environ, **(env or {})}
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        if log_path:
            log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} on start")
        if health_latency_ms(base, timeout=2.0) is not None:
            return process
        time.sleep(0.3)
    stop_process(process)
    raise RuntimeError(f"streamlit on port {port} not healthy after {timeout:.0f} s")


def stop_process(process: subprocess.Popen, timeout: float = 15.0) -> None:
    """Stop a process started with its own session: SIGTERM its group, then SIGKILL."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        process.wait(timeout)


# ------------------------------------------------------------------------------ memory


def _process_family(pids: Iterable[int]) -> list[psutil.Process]:
    """The given processes that still exist, each followed by all its children."""
    family = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            family += [process, *process.children(recursive=True)]
        except psutil.Error:
            continue
    return family


def rss_mb(pids: Iterable[int]) -> float | None:
    """Resident memory in MiB of the given processes and all their children."""
    total = 0
    found = False
    for member in _process_family(pids):
        try:
            total += member.memory_info().rss
            found = True
        except psutil.Error:
            pass
    return round(total / 2**20, 1) if found else None


def cpu_seconds(pids: Iterable[int]) -> float:
    """User plus system CPU seconds used so far by the given processes and their children."""
    total = 0.0
    for member in _process_family(pids):
        try:
            times = member.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def as_pid_list(server_pid: int | Sequence[int] | None) -> list[int]:
    """Normalise the server_pid argument: one PID, several, or none."""
    if server_pid is None:
        return []
    if isinstance(server_pid, int):
        return [server_pid]
    return list(server_pid)


class RssSampler(threading.Thread):
    """Samples the RSS of some processes every `period` seconds until `stop()`."""

    def __init__(self, pids: Sequence[int], period: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pids = list(pids)
        self.period = period
        self.samples: list[float] = []
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            value = rss_mb(self.pids)
            if value is not None:
                self.samples.append(value)
            self._stopped.wait(self.period)

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=10)

    @property
    def peak(self) -> float | None:
        return max(self.samples) if self.samples else None


# ---------------------------------------------------------------------------- sessions


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) by nearest rank, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(-(-q * len(ordered) // 100)))  # ceil(q/100 * n), at least 1
    return round(ordered[min(rank, len(ordered)) - 1], 1)


def forward_msg_problem(message: ForwardMsg) -> str | None:
    """What is wrong in one ForwardMsg from the server, or None if nothing is."""
    kind = message.WhichOneof("type")
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element
        element_kind = element.WhichOneof("type")
        if element_kind == "exception" and not element.exception.is_warning:
            return f"exception element: {element.exception.type}: {element.exception.message}"
        if element_kind == "alert" and element.alert.format == Alert.ERROR:
            return f"error alert: {element.alert.body[:120]}"
    if kind == "session_event" and message.session_event.HasField("script_compilation_exception"):
        return "script compilation exception"
    if kind == "page_not_found":
        return f"page not found: {message.page_not_found.page_name!r}"
    if (
        kind == "script_finished"
        and message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR
    ):
        return "script finished with a compile error"
    return None


def served_page(message: ForwardMsg) -> str | None:
    """The URL path of the page a `navigation` ForwardMsg says is running ("" = default)."""
    navigation = message.navigation
    for page in navigation.app_pages:
        if page.page_script_hash == navigation.page_script_hash:
            return "" if page.is_default else page.url_pathname.strip("/")
    return None


@dataclass
class Session:
    """One simulated browser tab: its own cookies, one websocket, timed reruns.

    The tab opens `target`. Each rerun then moves to the next page of `tour` (as a click in
    the sidebar's navigation would), going round; with no tour it reruns `target`. Every run
    checks that the server ran the page asked for.
    """

    target: Target
    timeout: float = 60.0
    tour: Sequence[Target] = ()
    runs: int = 0
    jar: CookieJar = field(default_factory=CookieJar)
    ws: websockets.ClientConnection | None = None
    first_run_ms: float | None = None
    rerun_ms: list[float] = field(default_factory=list)
    rerun_errors: list[str] = field(default_factory=list)
    failure: str | None = None
    page_upstreams: list[str] = field(default_factory=list)
    ws_upstream: str | None = None

    def _next_target(self) -> Target:
        if self.runs == 0 or not self.tour:
            return self.target
        return self.tour[self.runs % len(self.tour)]

    @staticmethod
    def _rerun_message(target: Target) -> bytes:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = target.query
        state.page_name = target.page_name
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = target.page_url
        return message.SerializeToString()

    def _cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)

    def _xsrf_token(self) -> str | None:
        for cookie in self.jar:
            if cookie.name == XSRF_COOKIE:
                return cookie.value
        return None

    def load_page(self) -> None:
        """What the browser does before the websocket: the page, then the health check."""
        for url in (self.target.page_url, self.target.base + "/_stcore/health"):
            _, headers, _ = http_get(url, self.jar, timeout=self.timeout)
            if UPSTREAM_HEADER in headers:
                self.page_upstreams.append(headers[UPSTREAM_HEADER])

    async def _run_once(self) -> tuple[float, list[str]]:
        """Send one rerun and read until script_finished; (latency ms, problems seen)."""
        assert self.ws is not None
        target = self._next_target()
        self.runs += 1
        problems: list[str] = []
        served: str | None = None
        start = time.perf_counter()
        await self.ws.send(self._rerun_message(target))
        while True:
            data = await self.ws.recv()
            message = ForwardMsg()
            message.ParseFromString(data)
            problem = forward_msg_problem(message)
            if problem:
                problems.append(problem)
            if message.WhichOneof("type") == "navigation":
                served = served_page(message)
            if message.WhichOneof("type") == "script_finished":
                elapsed = (time.perf_counter() - start) * 1000
                if served is not None and served != target.page_name:
                    problems.append(f"asked for page {target.page_name!r}, ran {served!r}")
                return elapsed, problems

    async def open(self) -> None:
        """Load the page, open the websocket and run the script once (the first render)."""
        try:
            await asyncio.wait_for(asyncio.to_thread(self.load_page), self.timeout)
            subprotocols = ["streamlit"]
            token = self._xsrf_token()
            if token:
                subprotocols.append(token)
            self.ws = await websockets.connect(
                self.target.ws_url,
                origin=self.target.base,
                subprotocols=subprotocols,
                additional_headers={"Cookie": self._cookie_header()} if self.jar else None,
                open_timeout=self.timeout,
                # Browsers send no websocket pings; a busy server could miss a ping deadline.
                ping_interval=None,
                max_size=None,
                proxy=None,
            )
            self.ws_upstream = self.ws.response.headers.get(UPSTREAM_HEADER)
            elapsed, problems = await asyncio.wait_for(self._run_once(), self.timeout)
            self.first_run_ms = elapsed
            self.rerun_errors.extend(problems)
        except Exception as error:  # a failed session is a result, not a crash
            self.failure = f"open: {type(error).__name__}: {error}"[:300]

    async def rerun(self) -> bool:
        """One timed rerun; False if the session has failed (now or before)."""
        if self.failure or self.ws is None:
            return False
        try:
            elapsed, problems = await asyncio.wait_for(self._run_once(), self.timeout)
        except Exception as error:
            self.failure = f"rerun: {type(error).__name__}: {error}"[:300]
            return False
        self.rerun_ms.append(elapsed)
        self.rerun_errors.extend(problems)
        return True

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 10)


def count_errors(sessions: Sequence[Session]) -> tuple[int, list[str]]:
    """Number of errors (failed sessions plus problem messages) and up to five examples."""
    examples: list[str] = []
    total = 0
    for session in sessions:
        if session.failure:
            total += 1
            examples.append(session.failure)
        total += len(session.rerun_errors)
        examples.extend(session.rerun_errors)
    return total, examples[:5]


def upstream_summary(sessions: Sequence[Session]) -> dict:
    """Which upstream each session's page loads and websocket reached (behind the proxy)."""
    ws_counts = Counter(s.ws_upstream for s in sessions if s.ws_upstream)
    mismatched = sum(
        1 for s in sessions if s.ws_upstream and any(u != s.ws_upstream for u in s.page_upstreams)
    )
    return {"sessions_per_upstream": dict(ws_counts), "page_ws_mismatches": mismatched}


# ------------------------------------------------------------------------------- rounds


async def _round(
    targets: Sequence[Target],
    sessions: int,
    reruns: int,
    pids: list[int],
    session_timeout: float,
    idle_wait: float,
    settle: float,
    warmup: bool,
    metrics_bases: Sequence[str] | None,
    navigate: bool,
) -> dict:
    if warmup:
        # One session per page first, so that caches filled by the first run (the data set,
        # figures) are in the baseline rather than counted as the sessions' memory.
        warm = [Session(t, timeout=session_timeout) for t in targets]
        await asyncio.gather(*(s.open() for s in warm))
        await asyncio.gather(*(s.close() for s in warm))
        await asyncio.sleep(settle)
    rss_before = rss_mb(pids)
    sampler = RssSampler(pids)
    sampler.start()
    pool = []
    for index in range(sessions):
        start = index % len(targets)
        tour = [*targets[start:], *targets[:start]] if navigate else []
        pool.append(Session(targets[start], timeout=session_timeout, tour=tour))
    try:
        open_start = time.perf_counter()
        await asyncio.gather(*(s.open() for s in pool))
        open_s = time.perf_counter() - open_start
        await asyncio.sleep(idle_wait)
        rss_idle = rss_mb(pids)
        active = {
            base: read_metric(base, "active_sessions")
            for base in metrics_bases or [targets[0].base]
        }

        async def rerun_many(session: Session) -> None:
            for _ in range(reruns):
                if not await session.rerun():
                    return

        rerun_start = time.perf_counter()
        server_cpu_start = cpu_seconds(pids)
        client_cpu_start = time.process_time()
        await asyncio.gather(*(rerun_many(s) for s in pool))
        rerun_s = time.perf_counter() - rerun_start
        server_cpu_s = cpu_seconds(pids) - server_cpu_start
        client_cpu_s = time.process_time() - client_cpu_start
    finally:
        await asyncio.gather(*(s.close() for s in pool))
    await asyncio.sleep(settle)
    sampler.stop()
    rss_after = rss_mb(pids)

    latencies = [ms for s in pool for ms in s.rerun_ms]
    first_runs = [s.first_run_ms for s in pool if s.first_run_ms is not None]
    errors, examples = count_errors(pool)
    opened = sum(1 for s in pool if s.first_run_ms is not None)
    idle_per_session = None
    if rss_before is not None and rss_idle is not None and opened:
        idle_per_session = round((rss_idle - rss_before) / opened, 2)
    return {
        "pages": sorted({t.page_url for t in targets}),
        "sessions": sessions,
        "sessions_opened": opened,
        "reruns_per_session": reruns,
        "reruns_done": len(latencies),
        "open_wall_s": round(open_s, 2),
        "first_run_p50_ms": percentile(first_runs, 50),
        "first_run_p95_ms": percentile(first_runs, 95),
        "rerun_wall_s": round(rerun_s, 2),
        "reruns_per_s": round(len(latencies) / rerun_s, 2) if rerun_s > 0 else None,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "mean_ms": round(statistics.mean(latencies), 1) if latencies else None,
        "errors": errors,
        "error_examples": examples,
        "active_sessions_metric": active,
        "server_cpu_percent": round(100 * server_cpu_s / rerun_s, 1) if rerun_s > 0 else None,
        "client_cpu_percent": round(100 * client_cpu_s / rerun_s, 1) if rerun_s > 0 else None,
        "rss_before_mb": rss_before,
        "rss_idle_sessions_mb": rss_idle,
        "idle_session_mb": idle_per_session,
        "rss_peak_mb": sampler.peak,
        "rss_after_close_mb": rss_after,
        **upstream_summary(pool),
    }


def run_round(
    url: str | Sequence[str],
    sessions: int,
    reruns: int,
    server_pid: int | Sequence[int] | None = None,
    *,
    session_timeout: float = 120.0,
    round_timeout: float = 900.0,
    idle_wait: float = 3.0,
    settle: float = 3.0,
    warmup: bool = True,
    metrics_bases: Sequence[str] | None = None,
    navigate: bool = True,
) -> dict:
    """Open `sessions` sessions at once, then do `reruns` reruns in each, all at once.

    `url` is one page URL or several of one server: session i opens page i (going round) and,
    with `navigate`, each of its reruns moves on to the next page, so that every session
    costs about the same. Returns a dict with the
    rerun latency p50_ms / p95_ms / max_ms, reruns_per_s over the rerun phase, errors and
    error_examples, and the server's RSS (server_pid and children, summed over several PIDs):
    rss_before_mb, rss_idle_sessions_mb (all sessions open and idle), idle_session_mb
    ((idle − before) / sessions opened), rss_peak_mb and rss_after_close_mb. Behind a proxy
    that adds an X-Upstream header it also says where each session landed.
    `active_sessions_metric` maps each of `metrics_bases` (default: the first URL's server)
    to its /_stcore/metrics active_sessions while all sessions are open; server_cpu_percent
    (server PIDs) and client_cpu_percent (this process) cover the rerun phase.
    With `warmup` (the default) one session visits each page before the baseline is taken.
    Raises TimeoutError if the whole round takes longer than `round_timeout` seconds.
    """
    urls = [url] if isinstance(url, str) else list(url)
    targets = [parse_target(u) for u in urls]
    pids = as_pid_list(server_pid)
    coroutine = _round(
        targets=targets,
        sessions=sessions,
        reruns=reruns,
        pids=pids,
        session_timeout=session_timeout,
        idle_wait=idle_wait,
        settle=settle,
        warmup=warmup,
        metrics_bases=metrics_bases,
        navigate=navigate,
    )
    return asyncio.run(asyncio.wait_for(coroutine, round_timeout))


# ---------------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "urls",
        nargs="+",
        help="page URLs (loopback only); with --start, page paths such as / or /map",
    )
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--reruns", type=int, default=3)
    parser.add_argument("--pid", type=int, help="server PID for RSS (default: none sampled)")
    parser.add_argument("--start", action="store_true", help="start the app on a free port")
    parser.add_argument("--session-timeout", type=float, default=120.0)
    parser.add_argument("--round-timeout", type=float, default=900.0)
    args = parser.parse_args(argv)

    if not args.start:
        for url in args.urls:
            try:
                parse_target(url)
            except ValueError as error:
                parser.error(str(error))
    process = None
    try:
        urls = list(args.urls)
        pid = args.pid
        if args.start:
            port = free_port()
            process = start_server(port)
            pid = process.pid
            urls = [f"http://127.0.0.1:{port}{path}" for path in urls]
        result = run_round(
            urls,
            args.sessions,
            args.reruns,
            pid,
            session_timeout=args.session_timeout,
            round_timeout=args.round_timeout,
        )
    finally:
        if process is not None:
            stop_process(process)
    print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
