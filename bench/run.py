"""Every benchmark in one command, with one table at the end (issue 10). Run by hand, never in the tests.

    .venv/bin/python bench/run.py [--database-url URL] [--duration 10] [--rounds 1] [--workers 2] [--quick]
                                  [--only pages,fire,certificates,reminders,dashboard]

Pages: five, from three applications each under gunicorn with the same set-up (``--workers`` sync workers, default
2: one per core), loaded in turn by ``wrk`` (Debian's package: ``apt-get install -y wrk``) with 16 connections for
``--duration`` seconds after a 2-second warm-up:

- hello: a bare Flask view returning a string (bench/baseline_app.py);
- baseline: a bare Flask app rendering a 50-row Jinja table read through Flask-SQLAlchemy from the same database
  (bench/baseline_app.py);
- the signed-in school's dashboard (``/schools/<id>``, as its admin ``head@bench.example``);
- the assessor's review page (``/applications/<id>/review``, as its lead ``assessor@bench.example``, half of the
  criteria judged);
- the smallest signed-in page (``/schools/<id>/export``, as the school's admin: a sentence and a one-button form, no
  query of its own): the real application's floor, what any of its pages costs before its own content (the session,
  the signed-in user with their roles and schools, the layout, the request's transaction);

the last three served by the real application (``APP_ENV=production``) on the pilot of bench/generate.py: 100,000
schools and 1,000,000 transition records in schema ``bench_dashboard`` of ``--database-url`` (PostgreSQL). When that
pilot or its page people are missing, this command loads them first (about two minutes). It prints each page's
requests per second, its median and 99th-percentile latency, and its requests per second as a ratio of the baseline
measured in the same round (the machine is shared and noisy: compare ratios). Because other programs take the CPUs
from under a run, it also prints what a request cost in CPU time: that of the gunicorn workers and of their
PostgreSQL backends (read from /proc; the server must run on this machine) over the run, divided by the requests,
and the baseline's cost as a ratio of it (the capacity ratio: what the requests per second would be on an otherwise
idle machine, wrk's own share left out), then the same split between the workers and the PostgreSQL backends.
Every response must be a 200: a Lua script counts the others, and the page
is checked before and after its run (a page that redirects to the sign-in would otherwise look fast). Targets: the
school's dashboard and the review page at 0.6 or more of the baseline's requests per second, with a 99th percentile
under 50 ms; the floor at 0.9 or more of it, executing no more instructions per request (issue 27); ``fire()`` at 800
or more transitions per CPU-second of its process.

Then, each in a process of its own (their files run alone as well; here they print their figures as JSON):
``fire()`` (bench/fire.py), certificate PDFs (bench/certificates.py), the reminder sweep (bench/reminders.py) and the
coordinators' dashboard at 100,000 schools (bench/dashboard.py). ``--quick`` runs them on less (and the pages for 5
seconds) to check that everything works, not to measure.

Why 2 sync workers: a page is CPU work in Python plus PostgreSQL round trips on the same two cores; sync workers are
gunicorn's default and what we deploy behind a proxy that holds the slow clients, and one per core is the set-up
under which the team's orientation figures for this machine were taken (hello ~4,700, the baseline ~900-1,250
requests/s), so the baseline can be checked against them. gthread workers with keep-alive gave erratic figures here
(wrk's connections all on one worker). Sync workers close each connection after its response, so wrk reconnects
for every request, for every application alike. More workers (``--workers 5``, gunicorn's 2 × cores + 1) use the
cores while a worker waits for PostgreSQL; on a saturated machine they change nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_database_url, engine_url  # noqa: E402
from bench.generate import ASSESSOR, PASSWORD, SCHEMA, SCHOOL_ADMIN  # noqa: E402

PARTS = ("pages", "fire", "certificates", "reminders", "dashboard")
CONNECTIONS = 16
WORKERS = 2  # one sync worker per core of this machine; see the docstring
GUNICORN = ["--worker-class", "sync", "--log-level", "warning"]
USER_AGENT = "bench/run.py"  # the same for the sign-in and for wrk: flask-login ties a session to its browser
TARGET_RATIO = 0.6
TARGET_P99_MS = 50.0
FLOOR_TARGET_RATIO = 0.9  # issue 27: the smallest signed-in page against the baseline
FIRE_TARGET_PER_CPU_SECOND = 800  # issue 27: fire() per CPU-second of its process
MIN_SCHOOLS = 100_000
DASHBOARD_TARGETS_MS = {"one country": 100, "all countries (admin)": 200}  # issue 7, by the case's label
STATUS_SCRIPT = """-- counts the responses other than 200 over all of wrk's threads
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) others = 0 end
function response(status, headers, body) if status ~= 200 then others = others + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("others") end
  io.write(string.format("not 200: %d\\n", total))
end
"""


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    add_database_url(
        parser, "the benchmarks use schemas of their own in it: bench_dashboard, bench_fire, bench_reminders"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and round")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the four pages (medians are reported)")
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"gunicorn's sync workers (default {WORKERS})")
    parser.add_argument("--threads", type=int, default=1, help="wrk's threads (its 16 connections are shared)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts to run, of: {', '.join(PARTS)}")
    parser.add_argument("--quick", action="store_true", help="small sizes: checks that everything runs")
    parser.add_argument("--keep-logs", action="store_true", help="keep the servers' logs folder and print its path")
    parser.add_argument(
        "--no-instructions", action="store_true", help="skip counting instructions per request (valgrind's callgrind)"
    )
    options = parser.parse_args(argv)
    options.parts = [part.strip() for part in options.only.split(",") if part.strip()]
    unknown = sorted(set(options.parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose among {', '.join(PARTS)}")
    return options


def say(message: str) -> None:
    """Progress, on standard error (the table goes to standard output)."""
    print(message, file=sys.stderr, flush=True)


# --- the table ------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    what: str
    figure: str
    middle: str = ""  # p50 or median
    tail: str = ""  # p99 or 90th percentile
    ratio: str = ""
    target: str = ""
    verdict: str = ""  # "ok", "MISSED" or ""


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def section(self, title: str) -> None:
        self.rows.append(Row(title, ""))

    def print(self) -> None:
        header = Row("benchmark", "result", "p50/median", "p99/p90", "÷ baseline", "target", "met")
        columns = list(header.__dict__)
        shown = [header, *(row for row in self.rows if row.figure)]  # a section's title runs across the columns
        widths = {c: max(len(getattr(r, c)) for r in shown) for c in columns}
        line = "  ".join("-" * widths[c] for c in columns)
        print(line)
        print("  ".join(getattr(header, c).ljust(widths[c]) for c in columns).rstrip())
        print(line)
        for row in self.rows:
            if not row.figure:
                print(row.what)
                continue
            print("  ".join(getattr(row, c).ljust(widths[c]) for c in columns).rstrip())
        print(line)
        for failure in self.failures:
            print(f"failed: {failure}")


def verdict(met: bool) -> str:
    return "ok" if met else "MISSED"


# --- pages ----------------------------------------------------------------------------------------------------------


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit(
            "error: wrk is not installed; it generates the load on the pages. Install Debian's package with "
            "`apt-get install -y wrk`, or leave the pages out with `--only fire,certificates,reminders,dashboard`."
        )
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        raise SystemExit("error: gunicorn is not installed: `.venv/bin/pip install -e '.[dev]'`") from None
    return wrk


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One application under gunicorn (``GUNICORN``) on a free local port."""

    def __init__(self, name: str, spec: str, environment: dict[str, str], logs: Path, workers: int) -> None:
        self.name, self.spec, self.port, self.workers_count = name, spec, free_port(), workers
        self.application_name = f"bench-run-{name}"  # its connections' name in pg_stat_activity
        self.log = logs / f"{name}.log"
        self.environment = {**os.environ, **environment}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", *GUNICORN, "--workers", str(self.workers_count)]
        command += ["--bind", f"127.0.0.1:{self.port}", self.spec]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment, stdout=log, stderr=log)

    def wait(self, path: str = "/", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn stopped (exit {self.process.returncode}); see {self.log}")
            try:
                request(self.port, "GET", path)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name}: no answer on port {self.port} after {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        """The gunicorn workers' process ids (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def backends(self, database_url: str) -> list[int]:
        """The process ids of the PostgreSQL backends serving the workers' connections."""
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        try:
            with engine.connect() as connection:
                query = text("SELECT pid FROM pg_stat_activity WHERE application_name = :name")
                return list(connection.execute(query, {"name": self.application_name}).scalars())
        finally:
            engine.dispose()


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user and system) used so far by the processes ``pids`` (those gone count nothing)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: str


def request(port: int, method: str, path: str, cookie: str = "", form: dict | None = None) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = cookie
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return Response(answer.status, answer.getheaders(), answer.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def cookies_of(response: Response, jar: dict[str, str]) -> dict[str, str]:
    for name, value in response.headers:
        if name.lower() == "set-cookie":
            parsed = SimpleCookie()
            parsed.load(value)
            for key, morsel in parsed.items():
                jar[key] = morsel.value
    return jar


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{key}={value}" for key, value in jar.items())


def sign_in(port: int, email: str) -> str:
    """Sign in through the real form; the Cookie header of the signed-in session."""
    page = request(port, "GET", "/sign-in")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.body)
    if page.status != 200 or token is None:
        raise RuntimeError(f"the sign-in page answered {page.status} without a CSRF token")
    jar = cookies_of(page, {})
    form = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    answer = request(port, "POST", "/sign-in", cookie_header(jar), form)
    if answer.status not in (302, 303):
        raise RuntimeError(f"cannot sign in as {email}: the form answered {answer.status}")
    return cookie_header(cookies_of(answer, jar))


def settle(port: int, path: str, cookie: str) -> str:
    """The cookie as it is after one load of ``path``: the sign-in's cookie still carries the welcome message and no
    CSRF secret, so every measured request would pop the message, make a secret and send a new cookie. A browser
    keeps the cookie each response sets; wrk sends one fixed cookie: this one, settled."""
    jar = dict(part.split("=", 1) for part in cookie.split("; ") if "=" in part)
    answer = request(port, "GET", path, cookie)
    if answer.status != 200:
        raise RuntimeError(f"GET {path} answered {answer.status} while settling the cookie")
    settled = cookie_header(cookies_of(answer, jar))
    again = request(port, "GET", path, settled)
    if any(name.lower() == "set-cookie" for name, _value in again.headers):
        raise RuntimeError(f"GET {path} still sets a cookie after one load: the measured requests would re-sign it")
    return settled


def check_page(port: int, path: str, cookie: str, marker: str) -> None:
    answer = request(port, "GET", path, cookie)
    if answer.status != 200 or marker not in answer.body:
        raise RuntimeError(f"GET {path} answered {answer.status}{'' if answer.status != 200 else ' without ' + marker}")


@dataclass
class Page:
    """A page under load: which server answers it, as whom (a Cookie header, or none), the text that proves it is
    the page itself, and whether the issue's target applies to it."""

    label: str
    server: Server
    path: str
    cookie: str
    marker: str
    targeted: bool = False
    counted: str = ""  # its name in bench/instructions.py, which counts its instructions per request


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    not_200: int
    socket_errors: str
    cpu_ms: float = 0.0  # CPU per request: the gunicorn workers and their PostgreSQL backends
    backend_cpu_ms: float = 0.0  # the PostgreSQL backends' part of it (the workers' is the rest)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> Load:
    def find(pattern: str) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise RuntimeError(f"cannot read wrk's output ({pattern!r} missing):\n{output}")
        return match.group(1)

    errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return Load(
        requests_per_second=float(find(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=milliseconds(find(r"^\s+50%\s+([\d.]+\w+)")),
        p99_ms=milliseconds(find(r"^\s+99%\s+([\d.]+\w+)")),
        requests=int(find(r"^\s+(\d+) requests in")),
        not_200=int(find(r"^not 200: (\d+)")),
        socket_errors=errors.group(1) if errors else "",
    )


def load(wrk: str, script: Path, url: str, cookie: str, seconds: int, threads: int) -> Load:
    command = [wrk, "--threads", str(threads), "--connections", str(CONNECTIONS), "--duration", f"{seconds}s"]
    command += ["--latency", "--script", str(script), "--header", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    finished = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(finished.stdout)


def page_people(database_url: str, quick: bool) -> dict[str, int]:
    """The pilot's school (of ``head@bench.example``) and the application under review; the pilot and its people
    are loaded first when they are missing."""
    from sqlalchemy import create_engine, text

    url = engine_url(database_url, SCHEMA)
    engine = create_engine(url)
    query = text(
        "SELECT m.school_id, a.id, (SELECT count(*) FROM schools) FROM users u "
        "JOIN memberships m ON m.user_id = u.id "
        "JOIN applications a ON a.school_id = m.school_id AND a.programme_code = 'ciss' AND a.is_open "
        "WHERE u.email = :email ORDER BY a.id DESC LIMIT 1"
    )
    schools_query = text("SELECT count(*) FROM schools")

    def read():
        with engine.connect() as connection:
            try:
                schools = connection.execute(schools_query).scalar()
            except Exception:
                return 0, None
            return schools, connection.execute(query, {"email": SCHOOL_ADMIN}).first()

    schools, found = read()
    generate = [sys.executable, str(ROOT / "bench" / "generate.py"), "--database-url", database_url]
    if schools < MIN_SCHOOLS and not quick:
        say(f"pages: the pilot in schema {SCHEMA} has {schools:,} schools; loading 100,000 (bench/generate.py) …")
        subprocess.run(generate, check=True, stdout=sys.stderr)
        schools, found = read()
    elif schools == 0:
        raise SystemExit(
            f"error: no pilot in schema {SCHEMA}: run bench/generate.py first (or bench/run.py without "
            "--quick, which loads it)"
        )
    if found is None:
        say("pages: adding the page people to the pilot (bench/generate.py --page-people) …")
        subprocess.run([*generate, "--page-people"], check=True, stdout=sys.stderr)
        schools, found = read()
    engine.dispose()
    return {"school_id": found[0], "application_id": found[1], "schools": schools}


def app_environment(sqlalchemy_url: str, instance: Path) -> dict[str, str]:
    from accreditation.certificates.keys import new_key_pem

    return {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "CREDENTIAL_SIGNING_KEY": new_key_pem(),
        "DATABASE_URL": sqlalchemy_url,
        "INSTANCE_PATH": str(instance),
        "BASE_URL": "http://127.0.0.1",
    }


def count_instructions(options: argparse.Namespace, pages: list[str]) -> dict[str, float]:
    """Instructions per request of each page (bench/instructions.py, under valgrind's callgrind); none without
    valgrind, or with ``--no-instructions``."""
    if options.no_instructions or shutil.which("valgrind") is None:
        say("pages: instructions per request not counted (valgrind missing or --no-instructions)")
        return {}
    say("pages: counting instructions per request under callgrind (about a minute per page) …")
    requests = "20" if options.quick else "60"
    figures = figures_of(
        "instructions.py", "--database-url", options.database_url, "--pages", ",".join(pages), "--requests", requests
    )
    return figures["instructions"]


def measure_pages(options: argparse.Namespace, table: Table) -> None:
    wrk = require_wrk()
    people = page_people(options.database_url, options.quick)
    seconds = 5 if options.quick else options.duration
    work = Path(tempfile.mkdtemp(prefix="bench-run-"))
    script = work / "status.lua"
    script.write_text(STATUS_SCRIPT)
    pages_url = engine_url(options.database_url, SCHEMA)
    named = f"{pages_url}&application_name=bench-run-"  # each server's connections named after it
    specs = {
        "hello": ("bench.baseline_app:hello()", {}),
        "baseline": ("bench.baseline_app:baseline()", {"BENCH_PAGES_DATABASE_URL": f"{named}baseline"}),
        "app": ("accreditation:create_app()", app_environment(f"{named}app", work / "app")),
    }
    servers = {name: Server(name, spec, env, work, options.workers) for name, (spec, env) in specs.items()}
    school_path = f"/schools/{people['school_id']}"
    review_path = f"/applications/{people['application_id']}/review"
    export_path = f"/schools/{people['school_id']}/export"
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait("/sign-in" if server.name == "app" else "/")
        app = servers["app"]
        school_admin = sign_in(app.port, SCHOOL_ADMIN)
        pages = [
            Page("hello (bare Flask)", servers["hello"], "/", "", "Hello", counted="hello"),
            Page(
                "baseline: 50-row table, Flask-SQLAlchemy", servers["baseline"], "/", "", "<table>", False, "baseline"
            ),
            Page(
                f"school dashboard {school_path}",
                app,
                school_path,
                school_admin,
                "programmes-heading",
                True,
                "dashboard",
            ),
            Page(
                f"review page {review_path}",
                app,
                review_path,
                sign_in(app.port, ASSESSOR),
                "judgment-form",
                True,
                "review",
            ),
            # The application's floor, what any signed-in page costs before its own content (its own target).
            Page(
                f"floor: smallest signed-in page {export_path}",
                app,
                export_path,
                school_admin,
                export_path,
                False,
                "floor",
            ),
        ]
        for page in pages:
            if page.cookie:
                page.cookie = settle(page.server.port, page.path, page.cookie)
        results: dict[str, list[Load]] = {page.label: [] for page in pages}
        ratios: dict[str, list[float]] = {page.label: [] for page in pages}
        capacity: dict[str, list[float]] = {page.label: [] for page in pages}
        for number in range(1, options.rounds + 1):
            for page in pages:
                server = page.server
                say(f"pages, round {number}/{options.rounds}: {page.label} ({seconds} s) …")
                check_page(server.port, page.path, page.cookie, page.marker)
                load(wrk, script, server.url + page.path, page.cookie, 2, options.threads)  # warm-up
                backends = server.backends(pages_url)
                processes = server.workers() + backends
                used, used_backends = cpu_seconds(processes), cpu_seconds(backends)
                measured = load(wrk, script, server.url + page.path, page.cookie, seconds, options.threads)
                measured.cpu_ms = 1000 * (cpu_seconds(processes) - used) / max(measured.requests, 1)
                measured.backend_cpu_ms = 1000 * (cpu_seconds(backends) - used_backends) / max(measured.requests, 1)
                check_page(server.port, page.path, page.cookie, page.marker)
                if measured.not_200:
                    table.failures.append(f"{page.label}: {measured.not_200} responses other than 200 under load")
                results[page.label].append(measured)
            baseline = results[pages[1].label][-1]
            for label in results:
                latest = results[label][-1]
                ratios[label].append(latest.requests_per_second / baseline.requests_per_second)
                capacity[label].append(baseline.cpu_ms / latest.cpu_ms if latest.cpu_ms else 0.0)
        instructions = count_instructions(options, [page.counted for page in pages])
    finally:
        for server in servers.values():
            server.stop()
        if options.keep_logs:
            say(f"pages: the servers' logs are in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    table.section(
        f"pages: gunicorn {options.workers} sync workers, wrk {CONNECTIONS} connections × {seconds} s"
        f"{f', median of {options.rounds} rounds' if options.rounds > 1 else ''}; PostgreSQL, "
        f"{people['schools']:,} schools"
    )
    for page in pages:
        loads = results[page.label]
        rate = statistics.median(m.requests_per_second for m in loads)
        p50 = statistics.median(m.p50_ms for m in loads)
        p99 = statistics.median(m.p99_ms for m in loads)
        ratio = statistics.median(ratios[page.label])
        row = Row(f"  {page.label}", f"{rate:,.0f} req/s", f"{p50:.1f} ms", f"{p99:.1f} ms", f"{ratio:.2f}")
        if page.targeted:
            row.target = f"≥ {TARGET_RATIO} × baseline, p99 < {TARGET_P99_MS:.0f} ms"
            row.verdict = verdict(ratio >= TARGET_RATIO and p99 < TARGET_P99_MS)
        elif page.counted == "floor":
            row.target, row.verdict = f"≥ {FLOOR_TARGET_RATIO} × baseline", verdict(ratio >= FLOOR_TARGET_RATIO)
        table.rows.append(row)
        cpu = statistics.median(m.cpu_ms for m in loads)
        table.rows.append(
            Row(
                "    CPU per request (workers, PostgreSQL)",
                f"{cpu:.2f} ms",
                ratio=f"{statistics.median(capacity[page.label]):.2f}",
            )
        )
        # The split (issue 27): a page can execute fewer instructions than the baseline and still cost more CPU, in
        # its PostgreSQL backends (statements, round trips, planning) or in its workers outside the WSGI call.
        baseline_loads = results[pages[1].label]
        for what, part in (("workers", _workers_ms), ("PostgreSQL backends", _backends_ms)):
            mine, theirs = statistics.median(map(part, loads)), statistics.median(map(part, baseline_loads))
            ratio = f"{theirs / mine:.2f}" if mine and theirs else ""
            table.rows.append(Row(f"      {what}", f"{mine:.2f} ms", ratio=ratio))
        counted, yardstick = instructions.get(page.counted), instructions.get("baseline")
        if counted:
            row = Row("    instructions per request (app process)", f"{counted / 1e6:.2f} M")
            row.ratio = f"{counted / yardstick:.2f}" if yardstick else ""
            if page.counted == "floor":
                row.target, row.verdict = "≤ 1.0 × baseline", verdict(bool(yardstick) and counted <= yardstick)
            table.rows.append(row)


def _workers_ms(measured: Load) -> float:
    return measured.cpu_ms - measured.backend_cpu_ms


def _backends_ms(measured: Load) -> float:
    return measured.backend_cpu_ms


# --- the other benchmarks, each in a process of its own -------------------------------------------------------------


def figures_of(script: str, *args: str) -> dict:
    """Run bench/<script> with ``--json``; its figures (its progress and logs shown only when it fails)."""
    command = [sys.executable, str(ROOT / "bench" / script), "--json", *args]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if finished.returncode != 0:
        sys.stderr.write(finished.stdout + finished.stderr)
        raise RuntimeError(f"bench/{script} failed (exit {finished.returncode})")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def measure_fire(options: argparse.Namespace, table: Table) -> None:
    applications = 200 if options.quick else 2000
    say(f"fire(): {applications} applications × 3 events, one per transaction …")
    figures = figures_of("fire.py", "--database-url", options.database_url, "--applications", str(applications))
    table.section(f"fire() on PostgreSQL {figures['postgresql']}: {applications:,} applications, one per transaction")
    for event, result in figures["events"].items():
        cpu = f", {result['per_cpu_second']:,.0f} per CPU-s" if "per_cpu_second" in result else ""
        row = Row(f"  {event}", f"{result['rate']:,.0f} transitions/s{cpu}")
        if event == "all" and "per_cpu_second" in result:
            row.target = f"≥ {FIRE_TARGET_PER_CPU_SECOND} per CPU-second"
            row.verdict = verdict(result["per_cpu_second"] >= FIRE_TARGET_PER_CPU_SECOND)
        table.rows.append(row)
    if not options.no_instructions and shutil.which("valgrind") is not None:
        from bench.instructions import fire_instructions

        say("fire(): counting instructions per transition under callgrind …")
        per_fire = fire_instructions(options.database_url, 20 if options.quick else 50)
        table.rows.append(Row("  instructions per transition (this process)", f"{per_fire / 1e6:.2f} M"))


def measure_certificates(options: argparse.Namespace, table: Table) -> None:
    count = 100 if options.quick else 1000
    say(f"certificates: {count} PDFs in one fresh process …")
    figures = figures_of("certificates.py", "--certificates", str(count))
    table.section(f"certificate PDFs: {count:,} in one worker-like process")
    table.rows.append(
        Row(
            "  PDFs per second (per CPU-second)",
            f"{figures['rate']:,.0f}/s ({figures['per_cpu_second']:,.0f} per CPU-s)",
            target="≥ 50 per CPU-second",
            verdict=verdict(figures["per_cpu_second"] >= 50),
        )
    )
    table.rows.append(
        Row(
            "  peak memory of the process",
            f"{figures['peak_mb']:,.0f} MB",
            target="< 250 MB",
            verdict=verdict(figures["peak_mb"] < 250),
        )
    )


def measure_reminders(options: argparse.Namespace, table: Table) -> None:
    applications, small = (5000, 500) if options.quick else (100_000, 1000)
    say(f"reminders: sweeps over {small:,} and {applications:,} applications …")
    figures = figures_of(
        "reminders.py",
        "--database-url",
        options.database_url,
        "--applications",
        str(applications),
        "--small",
        str(small),
    )
    table.section(f"reminder sweep on PostgreSQL {figures['postgresql']}")
    for key in ("small", "large"):
        run = figures[key]
        sweep = run["sweep"]
        row = Row(
            f"  sweep over {run['applications']:,} applications",
            f"{sweep['seconds']:.2f} s, {sweep['statements']} statements, {sweep['reminders']:,} reminders",
        )
        if key == "large" and run["applications"] >= 100_000:
            row.target, row.verdict = "< 10 s for 100,000", verdict(sweep["seconds"] < 10)
        table.rows.append(row)
    large = figures["large"]
    table.rows.append(
        Row(
            "  second sweep, dispatch (large)",
            f"{large['second_sweep']['seconds']:.2f} s, {large['dispatch']['seconds']:.2f} s "
            f"({large['dispatch']['tasks']} tasks)",
        )
    )


def measure_dashboard(options: argparse.Namespace, table: Table) -> None:
    runs = 5 if options.quick else 15
    say(f"dashboard: {runs} runs per case …")
    figures = figures_of("dashboard.py", "--database-url", options.database_url, "--runs", str(runs))
    table.section(
        f"coordinators' dashboard, {figures['schools']:,} schools, {figures['records']:,} records "
        f"(test client, {runs} runs; CPU = this process and its PostgreSQL backend)"
    )
    for case in figures["pages"]:
        row = Row(
            f"  {case['label']}",
            f"{case['statements']} statements, CPU {case['cpu']['median']:.0f} ms",
            f"{case['time']['median']:.0f} ms",
            f"{case['time']['p90']:.0f} ms",
        )
        limit = DASHBOARD_TARGETS_MS.get(case["label"].split(":")[0])
        if limit is not None:
            row.target = f"median ≤ {limit} ms"
            row.verdict = verdict(case["time"]["median"] <= limit)
        table.rows.append(row)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    if "pages" in options.parts:
        require_wrk()  # before anything else is run: say so at once
    table = Table()
    steps = {
        "pages": measure_pages,
        "fire": measure_fire,
        "certificates": measure_certificates,
        "reminders": measure_reminders,
        "dashboard": measure_dashboard,
    }
    began = time.monotonic()
    for part in PARTS:
        if part in options.parts:
            try:
                steps[part](options, table)
            except (RuntimeError, subprocess.CalledProcessError) as error:
                table.failures.append(f"{part}: {error}")
                say(f"{part}: failed: {error}")
    say(f"done in {time.monotonic() - began:,.0f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    table.print()
    return 1 if table.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
