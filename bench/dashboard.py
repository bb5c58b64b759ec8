"""Benchmark: the coordinators' dashboard on the pilot of bench/generate.py (run it first), on PostgreSQL.

    .venv/bin/python bench/dashboard.py [--database-url URL] [--runs 15] [--programme ciss] [--no-plans] [--json]

For each case it signs a person in through the real form, requests the page through the Flask test client (the
whole view: filters, queries, SVG charts, templates; no network), several times after two warm-up requests, and
prints the median, 90th percentile and fastest server time, with the number of SQL statements per request, and
the CPU time the request took in this process and in its PostgreSQL backend (read from /proc: the server runs on
this machine), which a busy machine inflates less than the elapsed time. It calls ``gc.freeze()`` after start-up,
as bench/fire.py does. Then it times the reads alone (figures.dashboard) and
prints EXPLAIN (ANALYZE, BUFFERS) of the dashboard's queries for one country and for all countries.
Targets (issue 7): one country ≤ 100 ms, all countries ≤ 200 ms. ``measure()`` returns the figures (bench/run.py
calls this file with ``--json``, which prints them as one JSON object, without the plans).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ClauseElement, Executable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_database_url, build_app, engine_url  # noqa: E402
from bench.generate import PASSWORD, SCHEMA  # noqa: E402


class Explain(Executable, ClauseElement):
    """EXPLAIN (ANALYZE, BUFFERS) of a statement, its parameters bound as in the application."""

    inherit_cache = False

    def __init__(self, statement) -> None:
        self.statement = statement


@compiles(Explain, "postgresql")
def _explain(element: Explain, compiler, **kw) -> str:
    return "EXPLAIN (ANALYZE, BUFFERS) " + compiler.process(element.statement, **kw)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_url(parser, "reads the pilot of bench/generate.py in schema bench_dashboard")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--programme", default="ciss")
    parser.add_argument("--no-plans", action="store_true", help="skip the EXPLAIN ANALYZE plans")
    parser.add_argument("--no-gc-freeze", action="store_true", help="leave the start-up objects to the cyclic GC")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object (for bench/run.py)")
    return parser.parse_args()


def sign_in(app, email: str):
    from tests.builders import csrf_token

    client = app.test_client()
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (302, 303), f"cannot sign in as {email}"
    return client


def timings(times: list[float]) -> dict[str, float]:
    """The median, 90th percentile and fastest of ``times`` (ms)."""
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p90": p90, "min": ordered[0]}


def summary(figures: dict[str, float]) -> str:
    return f"median {figures['median']:7.1f} ms  p90 {figures['p90']:7.1f} ms  min {figures['min']:7.1f} ms"


BACKENDS: set[int] = set()  # the PostgreSQL backends serving this process's connections
TICKS = os.sysconf("SC_CLK_TCK")


def remember_backend(connection, record) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        BACKENDS.add(cursor.fetchone()[0])


def backend_seconds() -> float:
    """CPU seconds used so far by this process's PostgreSQL backends (the server must run on this machine)."""
    total = 0
    for pid in BACKENDS:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def cpu_now() -> float:
    """CPU seconds of this process and of its PostgreSQL backends: a request's cost without the waiting for a
    CPU that other programs on a busy machine cause (parallel query workers are not counted)."""
    return time.process_time() + backend_seconds()


def measure(database_url: str, runs: int = 15, programme: str = "ciss", plans: bool = False, freeze: bool = True):
    """Time the dashboard's cases, drill-downs and reads; the figures (and the EXPLAIN plans with ``plans``)."""
    url = engine_url(database_url, SCHEMA)
    app = build_app(url, "dashboard")
    app.config["SERVER_NAME"] = "localhost"
    statements = {"count": 0}
    figures: dict = {"runs": runs, "programme": programme, "pages": [], "drill_downs": [], "reads": [], "plans": []}

    with app.app_context():
        from accreditation.extensions import db

        def count(*args, **kwargs) -> None:
            statements["count"] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        event.listen(db.engine, "connect", remember_backend)
        try:
            counts = db.session.execute(
                text(
                    "SELECT (SELECT count(*) FROM schools), (SELECT count(*) FROM applications), "
                    "(SELECT count(*) FROM transition_records)"
                )
            ).one()
        except Exception:
            raise SystemExit(f"error: no benchmark data in schema {SCHEMA}; run bench/generate.py first") from None
        per_country = dict(
            db.session.execute(text("SELECT country_code, count(*) FROM schools GROUP BY country_code")).all()
        )
        figures["postgresql"] = db.session.scalar(text("SHOW server_version")).split()[0]
        figures["schools"], figures["applications"], figures["records"] = counts
        db.session.remove()
    if freeze:
        gc.collect()
        gc.freeze()  # as a long-running web process would after start-up (see bench/fire.py)

    cases = [
        (f"one country: MD ({per_country.get('MD', 0):,} schools)", "coord.md@bench.example", "", "MD"),
        (f"one country: UA ({per_country.get('UA', 0):,} schools)", "coord.ua@bench.example", "", "UA"),
        (f"one country: RU ({per_country.get('RU', 0):,} schools, the largest)", "coord.ru@bench.example", "", "RU"),
        ("all countries (admin)", "admin@bench.example", "", "all"),
        ("all countries, other programme", "admin@bench.example", "OTHER", "all"),
        ("all countries, one year of starts", "admin@bench.example", "&from=2025-01-01&to=2025-12-31", "all"),
        ("admin, one country filter (PL)", "admin@bench.example", "&country=PL", "PL"),
    ]
    clients = {}
    for label, email, extra, scope in cases:
        client = clients.get(email) or clients.setdefault(email, sign_in(app, email))
        query = f"programme={programme}{extra}"
        if extra == "OTHER":
            query = "programme=" + ("esafety-label" if programme == "ciss" else "ciss")
        page = f"/coordinate/dashboard?{query}"
        for _ in range(2):
            assert client.get(page).status_code == 200, page
        times, cpu = [], []
        for _ in range(runs):
            statements["count"] = 0
            began, began_cpu = time.perf_counter(), cpu_now()
            response = client.get(page)
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((cpu_now() - began_cpu) * 1000)
            assert response.status_code == 200
        figures["pages"].append(
            {
                "label": label,
                "scope": scope,
                "page": page,
                "time": timings(times),
                "cpu": timings(cpu),
                "statements": statements["count"],
            }
        )

    admin = clients["admin@bench.example"]
    russia = clients["coord.ru@bench.example"]
    drill = [
        (
            "regions of a state (all countries)",
            admin,
            f"/coordinate/dashboard/regions?programme={programme}&state=submitted",
        ),
        (
            "regions of time in a state (all)",
            admin,
            f"/coordinate/dashboard/regions?programme={programme}&left=submitted",
        ),
        (
            "schools of a region (RU-MOW, first 500)",
            russia,
            f"/coordinate/dashboard/schools?programme={programme}&region=RU-MOW",
        ),
        ("aggregate CSV (all countries)", admin, f"/coordinate/dashboard/export/regions.csv?programme={programme}"),
        (
            "schools CSV (one country: MD)",
            clients["coord.md@bench.example"],
            f"/coordinate/dashboard/export/schools.csv?programme={programme}",
        ),
    ]
    for label, client, page in drill:
        times = []
        size = 0
        for run in range(max(3, runs // 3) + 1):
            statements["count"] = 0
            began = time.perf_counter()
            response = client.get(page)
            body = response.get_data()
            if run:
                times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, page
            size = len(body)
        figures["drill_downs"].append(
            {"label": label, "page": page, "time": timings(times), "statements": statements["count"], "bytes": size}
        )

    with app.app_context():
        from accreditation.accounts.users import find_user_by_email
        from accreditation.dashboard.figures import dashboard
        from accreditation.dashboard.figures import statements as dashboard_statements
        from accreditation.dashboard.filters import parse_filters
        from accreditation.dashboard.queries import Moment
        from accreditation.extensions import db
        from accreditation.models.time import utcnow

        moment = Moment(utcnow(), app.config["STALLED_AFTER_DAYS"])
        admin = find_user_by_email("admin@bench.example")
        chosen = {
            "one country (RU)": (find_user_by_email("coord.ru@bench.example"), {}),
            "all countries": (admin, {}),
            "all countries, one year of starts": (admin, {"from": "2025-01-01", "to": "2025-12-31"}),
        }
        for label, (user, extra) in chosen.items():
            filters = parse_filters({"programme": programme, **extra}, user)
            times = []
            for _ in range(runs + 2):
                began = time.perf_counter()
                dashboard(filters, moment)
                times.append((time.perf_counter() - began) * 1000)
            figures["reads"].append({"label": label, "time": timings(times[2:])})

        if plans:
            for label, (user, extra) in chosen.items():
                filters = parse_filters({"programme": programme, **extra}, user)
                for name, statement in dashboard_statements(filters, moment).items():
                    plan = db.session.execute(Explain(statement)).scalars().all()
                    figures["plans"].append({"label": label, "query": name, "plan": list(plan)})
        db.session.remove()
        db.engine.dispose()
    return figures


def main() -> int:
    options = arguments()
    plans = not options.no_plans and not options.json
    figures = measure(options.database_url, options.runs, options.programme, plans, not options.no_gc_freeze)
    if options.json:
        print(json.dumps(figures))
        return 0
    print(
        f"PostgreSQL {figures['postgresql']}; {figures['schools']:,} schools, {figures['applications']:,} "
        f"applications, {figures['records']:,} transition records; {figures['runs']} runs per case after 2 warm-ups"
    )
    print("\nThe dashboard page (GET /coordinate/dashboard, whole request in the test client):")
    for case in figures["pages"]:
        print(f"  {case['label']:<52} {summary(case['time'])}  {case['statements']} SQL statements")
        print(f"  {'  CPU (this process and its PostgreSQL backend)':<52} {summary(case['cpu'])}")
    print("\nDrill-downs and exports:")
    for case in figures["drill_downs"]:
        print(
            f"  {case['label']:<52} {summary(case['time'])}  {case['statements']} SQL statements, "
            f"{case['bytes'] / 1024:,.0f} KiB"
        )
    print("\nThe reads alone (figures.dashboard):")
    for case in figures["reads"]:
        print(f"  {case['label']:<52} {summary(case['time'])}")
    for plan in figures["plans"]:
        print(f"\n--- {plan['label']}: {plan['query']} ---")
        print("\n".join(plan["plan"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
