"""Benchmark: community surveys (issue 29) on PostgreSQL.

    .venv/bin/python bench/surveys.py [--database-url URL] [--responses 1000000] [--schools 2000] [--runs 15]
                                      [--duration 10] [--rounds 3] [--windows 1000] [--workers 2] [--no-load]
                                      [--no-instructions]
    .venv/bin/python bench/surveys.py --drop     # remove the benchmark's schema

Works in a schema of its own (``bench_surveys``, dropped first): runs the migrations, loads the geography and
writes with ``generate_series`` ``--schools`` schools in one region (MD-CU) plus as many spread over the others,
one closed ciss window each for pupils (three age bands), parents and staff, ``--responses`` responses for the
region's windows (a ``survey_responses`` row each, as the answer page writes them) and what the answer page keeps
on arrival per window and question (how many answered, the sum of their answers); as many again elsewhere.

1. Aggregation: ``community_aggregates`` for the region (the dashboard's section and its CSV export), after two
   warm-up runs: median, 90th percentile, fastest. Target: ≤ 200 ms for 1,000,000 responses.
2. Submissions (unless ``--no-load``): the real application (``APP_ENV=production``) and bench/baseline_app.py's
   baseline (a 50-row table read through Flask-SQLAlchemy, from this schema) under bench/run.py's gunicorn set-up,
   in ``--rounds`` interleaved rounds (the baseline, then the answers: a 2-second warm-up and ``--duration`` seconds
   of wrk each), with each one's CPU per request (the gunicorn workers and their PostgreSQL backends, read from
   /proc) and the CPU ratio (the baseline's CPU per request ÷ an answer's). Each answer is a POST of the public form
   with its CSRF token and a device cookie of its own (a Lua script numbers them), to ``--windows`` windows opened
   today in turn (as many schools' respondents answer at once): every one must be a 303 (the thanks page's
   redirect), a new response written and counted. Only ``SURVEY_MAX_PER_ADDRESS`` (an operator's setting) is
   raised: one address sends everything; the limit per window and minute keeps its default (120), each window
   far below it. Target: ≥ 0.8 × the baseline's requests per second.
3. Instructions per answer and per baseline page (unless ``--no-instructions``): bench/instructions.py's pages
   ``answer`` and ``baseline`` under valgrind's callgrind.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_database_url, build_app, engine_url, load_pilot, reset_schema  # noqa: E402

SCHEMA = "bench_surveys"
REGION, COUNTRY = "MD-CU", "MD"
TARGET_MS = 200
TARGET_RATIO = 0.8
AUDIENCES = ("pupils_9_11", "pupils_12_14", "pupils_15_18", "parents", "staff")
QUESTIONS = {
    "pupils": ("know_rules", "learn_safety", "know_who_to_tell", "pupils_asked"),
    "parents": ("parents_informed", "parents_advised", "parents_can_report"),
    "staff": ("staff_trained", "staff_know_steps", "pupils_supported"),
}
ANSWER_SCRIPT = """-- every request a new device (its own survey_device cookie) answering the next window's link;
-- counts the answers other than a 303 (the redirect to the thanks)
local counter = 0
local threads = {}
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
function init(args) others = 0; prefix = "d" .. NONCE .. "t" .. id .. "x" end
function request()
  counter = counter + 1
  local headers = {}
  headers["Cookie"] = COOKIE .. "; survey_device=" .. prefix .. counter
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", PATHS[(counter + id * 997) % #PATHS + 1], headers, BODY)
end
function response(status, headers, body)
  if status ~= 303 then others = others + 1; statuses = (statuses or "") .. " " .. status end
end
function done(summary, latency, requests)
  local total, seen = 0, ""
  for _, thread in ipairs(threads) do
    total = total + thread:get("others")
    seen = seen .. (thread:get("statuses") or ""):sub(1, 200)
  end
  io.write("not 200: " .. total .. "\\n")
  if total > 0 then io.write("statuses other than 303:" .. seen .. "\\n") end
end
"""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_url(parser, f"writes its data into schema {SCHEMA}")
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the baseline and the answers, interleaved")
    parser.add_argument("--windows", type=int, default=1000, help="open windows the answers go to in turn")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--no-instructions", action="store_true", help="skip callgrind's count (bench/instructions.py)")
    parser.add_argument("--drop", action="store_true")
    return parser.parse_args()


def fill(options: argparse.Namespace) -> None:
    from accreditation.extensions import db

    schools, per_school = options.schools, max(1, options.responses // options.schools)
    db.session.execute(
        text(
            "INSERT INTO schools (id, name, national_id, country_code, region_code, address, language, school_type, "
            "verification, verification_note, listed_publicly, created_at) "
            "SELECT s, 'School ' || s, 'S-' || s, "
            "CASE WHEN s <= :n THEN :country ELSE r.country_code END, "
            "CASE WHEN s <= :n THEN :region ELSE r.code END, "
            "'', 'ro', 'secondary', 'verified', '', true, now() FROM generate_series(1, 2 * :n) AS s "
            "JOIN LATERAL (SELECT code, country_code FROM regions WHERE code <> :region ORDER BY code "
            "OFFSET s % 50 LIMIT 1) AS r ON true"
        ),
        {"n": schools, "region": REGION, "country": COUNTRY},
    )
    db.session.execute(
        text(
            "INSERT INTO survey_windows (id, school_id, programme, instrument_version, opens_on, closes_on, "
            "languages, created_at) SELECT id, id, 'ciss', 1, current_date - 60 - id % 200, "
            "current_date - 30 - id % 200, 'en,ro', now() FROM schools"
        )
    )
    # Each window's respondents: per_school, split over the five audiences (pupils most).
    shares = {"pupils_9_11": 0.2, "pupils_12_14": 0.3, "pupils_15_18": 0.3, "parents": 0.15, "staff": 0.05}
    for audience, share in shares.items():
        db.session.execute(
            text(
                "INSERT INTO survey_audiences (window_id, audience, token, responses) "
                "SELECT id, CAST(:audience AS text), 'b' || id || CAST(:audience AS text), :count FROM survey_windows"
            ),
            {"audience": audience, "count": max(1, round(per_school * share))},
        )
    db.session.execute(
        text(
            "INSERT INTO survey_responses (window_id, audience, device, class_code, submitted_at) "
            "SELECT a.window_id, a.audience, md5(a.id || '-' || g), NULL, now() - interval '40 days' "
            "FROM survey_audiences a JOIN survey_windows w ON w.id = a.window_id "
            "JOIN generate_series(1, :most) AS g ON g <= a.responses WHERE w.school_id <= :n"
        ),
        {"most": per_school, "n": schools},
    )
    for group, questions in QUESTIONS.items():
        for question in questions:
            # every respondent answers every question of their audience (1 to 4, by window)
            db.session.execute(
                text(
                    "INSERT INTO survey_counts (window_id, audience, question, answers, total) "
                    "SELECT a.window_id, a.audience, :question, a.responses, a.responses * (1 + a.window_id % 4) "
                    "FROM survey_audiences a WHERE a.audience LIKE :group || '%'"
                ),
                {"question": question, "group": group},
            )
    db.session.commit()


def time_aggregation(options: argparse.Namespace) -> list[float]:
    from accreditation.dashboard.filters import parse_filters
    from accreditation.extensions import db
    from accreditation.surveys.aggregates import community_aggregates

    times = []
    for run in range(options.runs + 2):
        db.session.remove()
        start = time.perf_counter()
        filters = parse_filters({"programme": "ciss", "region": REGION}, AnAdmin())
        aggregates = community_aggregates(filters)
        elapsed = (time.perf_counter() - start) * 1000
        if run >= 2:
            times.append(elapsed)
    counted = sum(e.responses for e in aggregates.engagement)
    print(
        f"aggregates of region {REGION}: {aggregates.schools} schools, {counted:,} responses counted, "
        f"{len(aggregates.criteria)} criteria"
    )
    return sorted(times)


class AnAdmin:
    """Who reads the dashboard in the benchmark: an admin, every school in scope."""

    is_admin = True
    is_coordinator = False


def submissions(options: argparse.Namespace, url: str) -> None:
    """Answers per second against the baseline's pages per second, in interleaved rounds, with each one's CPU per
    request (gunicorn workers and their PostgreSQL backends, from /proc), as bench/run.py measures pages."""
    import re
    import secrets as random
    import shutil

    from accreditation.extensions import db
    from bench.run import (
        CONNECTIONS,
        STATUS_SCRIPT,
        Server,
        app_environment,
        cookie_header,
        cookies_of,
        cpu_seconds,
        load,
        request,
        require_wrk,
    )
    from bench.surveys_statements import FORM, open_windows

    wrk = require_wrk()
    work = Path(tempfile.mkdtemp(prefix="bench-surveys-"))
    named = f"{url}&application_name=bench-run-"  # each server's connections named after it (Server.backends)
    environment = app_environment(f"{named}surveys-app", work / "app")
    # One address sends every answer: its limit (an operator's setting, SURVEY_MAX_PER_ADDRESS) is raised. The
    # limit per window and minute keeps its default: the answers go to --windows windows in turn, as many
    # schools' respondents do, each window far below it.
    environment["SURVEY_MAX_PER_ADDRESS"] = str(10**9)
    baseline_environment = {"BENCH_PAGES_DATABASE_URL": f"{named}surveys-baseline"}
    servers = {
        "baseline": Server(
            "surveys-baseline", "bench.baseline_app:baseline()", baseline_environment, work, options.workers
        ),
        "app": Server("surveys-app", "accreditation:create_app()", environment, work, options.workers),
    }
    paths = open_windows(options.windows)
    first_window = int(paths[0].rsplit("w", 1)[1])
    status = work / "status.lua"
    status.write_text(STATUS_SCRIPT)
    rounds: list[dict[str, float]] = []
    accepted = 0
    try:
        for server in servers.values():
            server.start()
        servers["baseline"].wait("/")
        servers["app"].wait("/sign-in")
        app = servers["app"]
        page = request(app.port, "GET", paths[0])
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.body).group(1)
        jar = cookies_of(page, {})
        jar.pop("survey_device", None)
        body = f"csrf_token={csrf}&{FORM}"
        lua_paths = "{" + ", ".join(repr(path) for path in paths) + "}"

        def answer_script() -> Path:
            script = work / f"answer-{random.token_hex(4)}.lua"  # a new nonce: every device new in every run
            script.write_text(
                f"COOKIE = {cookie_header(jar)!r}\nPATHS = {lua_paths}\nBODY = {body!r}\n"
                f"NONCE = {random.token_hex(6)!r}\n" + ANSWER_SCRIPT
            )
            return script

        def measured(server: Server, script_of, path: str):
            nonlocal accepted
            warm = load(wrk, script_of(), server.url + path, "", 2, 1)
            workers, backends = server.workers(), server.backends(url)
            used, used_backends = cpu_seconds(workers + backends), cpu_seconds(backends)
            result = load(wrk, script_of(), server.url + path, "", options.duration, 1)
            result.cpu_ms = 1000 * (cpu_seconds(workers + backends) - used) / max(result.requests, 1)
            result.backend_cpu_ms = 1000 * (cpu_seconds(backends) - used_backends) / max(result.requests, 1)
            if server is app:
                accepted += warm.requests - warm.not_200 + result.requests - result.not_200
            return result

        for number in range(1, options.rounds + 1):
            print(f"submissions, round {number}/{options.rounds} …", file=sys.stderr, flush=True)
            baseline = measured(servers["baseline"], lambda: status, "/")
            answers = measured(app, answer_script, paths[0])
            if baseline.not_200 or answers.not_200:
                raise RuntimeError(
                    f"{baseline.not_200} baseline pages not 200, {answers.not_200} answers not 303 "
                    f"({answers.socket_errors or 'no socket errors'})"
                )
            rounds.append(
                {
                    "baseline": baseline.requests_per_second,
                    "answers": answers.requests_per_second,
                    "p50": answers.p50_ms,
                    "p99": answers.p99_ms,
                    "baseline_cpu": baseline.cpu_ms,
                    "answers_cpu": answers.cpu_ms,
                    "baseline_backend": baseline.backend_cpu_ms,
                    "answers_backend": answers.backend_cpu_ms,
                    "ratio": answers.requests_per_second / baseline.requests_per_second,
                    "cpu_ratio": baseline.cpu_ms / answers.cpu_ms if answers.cpu_ms else 0.0,
                }
            )
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    written = db.session.scalar(
        text("SELECT count(*) FROM survey_responses WHERE window_id >= :first"), {"first": first_window}
    )
    counted = db.session.scalar(
        text("SELECT sum(responses) FROM survey_audiences WHERE window_id >= :first"), {"first": first_window}
    )

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    print(
        f"submissions ({options.rounds} rounds of {options.duration} s, gunicorn {options.workers} sync workers, "
        f"wrk {CONNECTIONS} connections, {options.windows} windows; medians): baseline (50-row table) "
        f"{median('baseline'):.0f} req/s, {median('baseline_cpu'):.2f} ms CPU each "
        f"({median('baseline_backend'):.2f} ms of it PostgreSQL's); survey answers "
        f"{median('answers'):.0f} req/s, p50 {median('p50'):.1f} ms, p99 {median('p99'):.1f} ms, "
        f"{median('answers_cpu'):.2f} ms CPU each ({median('answers_backend'):.2f} ms of it PostgreSQL's)"
    )
    print(
        f"  every answer a 303: {accepted:,} accepted by wrk's count, {written:,} responses written, "
        f"{counted:,} counted on the audiences (an answer cut off at the end of a load is written, not counted by wrk)"
    )
    shown_ratios = ", ".join(f"{r['ratio']:.2f}" for r in rounds)
    print(
        f"  ratio {median('ratio'):.2f} (rounds: {shown_ratios}; target ≥ "
        f"{TARGET_RATIO}), CPU ratio {median('cpu_ratio'):.2f} (baseline's CPU per request ÷ an answer's); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    if not options.no_instructions:
        from bench.run import figures_of

        figures = figures_of(
            "instructions.py",
            "--database-url",
            options.database_url,
            "--pages",
            "answer,baseline",
            "--requests",
            "30",
            "--warm-up",
            "20",
        )["instructions"]
        print(
            f"  instructions per request (app process, callgrind): answer {figures['answer'] / 1e6:.2f} M, "
            f"baseline {figures['baseline'] / 1e6:.2f} M, ratio {figures['answer'] / figures['baseline']:.2f}"
        )


def main() -> int:
    options = arguments()
    url = engine_url(options.database_url, SCHEMA)
    if options.drop:
        reset_schema(url, SCHEMA, drop_only=True)
        print(f"dropped schema {SCHEMA}")
        return 0
    reset_schema(url, SCHEMA)
    app = build_app(url, "surveys")
    with app.app_context():
        load_pilot(lambda: fill(options), ("schools", "survey_windows", "survey_responses", "survey_counts"))
        times = time_aggregation(options)
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        median = statistics.median(times)
        print(
            f"aggregation for one region: median {median:.0f} ms, p90 {p90:.0f} ms, fastest {times[0]:.0f} ms "
            f"(target ≤ {TARGET_MS} ms)"
        )
        if not options.no_load:
            submissions(options, url)
        return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
