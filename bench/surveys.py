"""Benchmark: community surveys (issue 29) on PostgreSQL.

    .venv/bin/python bench/surveys.py [--database-url URL] [--responses 1000000] [--schools 2000] [--runs 15]
                                      [--duration 10] [--workers 2] [--no-load]
    .venv/bin/python bench/surveys.py --drop     # remove the benchmark's schema

Works in a schema of its own (``bench_surveys``, dropped first): runs the migrations, loads the geography and
writes with ``generate_series`` ``--schools`` schools in one region (MD-CU) plus as many spread over the others,
one closed ciss window each for pupils (three age bands), parents and staff, ``--responses`` responses for the
region's windows (a ``survey_responses`` row each, as the answer page writes them) and what the answer page keeps
on arrival per window and question (how many answered, the sum of their answers); as many again elsewhere.

1. Aggregation: ``community_aggregates`` for the region (the dashboard's section and its CSV export), after two
   warm-up runs: median, 90th percentile, fastest. Target: ≤ 200 ms for 1,000,000 responses.
2. Submissions (unless ``--no-load``): the real application (``APP_ENV=production``) and bench/baseline_app.py's
   baseline (a 50-row table read through Flask-SQLAlchemy, from this schema) under the same gunicorn set-up as
   bench/run.py, loaded in turn by wrk for ``--duration`` seconds; each answer is a POST of the public form with
   its CSRF token and a device cookie of its own (a Lua script numbers them), so every request is a new response
   written and counted; every answer must be a 303 (the thanks page's redirect). The rate limits are raised for
   the run (one address sends everything). Target: ≥ 0.8 × the baseline's requests per second.
"""

from __future__ import annotations

import argparse
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
ANSWER_SCRIPT = """-- every request a new device: its own survey_device cookie; counts the answers other than 303
local counter = 0
local threads = {}
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
function init(args) others = 0; prefix = "d" .. id .. "x" .. math.random(1, 1000000000) .. "x" end
function request()
  counter = counter + 1
  local headers = {}
  headers["Cookie"] = COOKIE .. "; survey_device=" .. prefix .. counter
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", PATH, headers, BODY)
end
function response(status, headers, body) if status ~= 303 then others = others + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("others") end
  io.write("not 200: " .. total .. "\\n")
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
    parser.add_argument("--no-load", action="store_true")
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
    import re
    import secrets as random

    from bench.run import CONNECTIONS, Server, app_environment, cookie_header, cookies_of, load, request, require_wrk

    wrk = require_wrk()
    work = Path(tempfile.mkdtemp(prefix="bench-surveys-"))
    environment = app_environment(f"{url}&application_name=bench-surveys-app", work / "app")
    environment.update({"SURVEY_MAX_PER_ADDRESS": "100000000", "SURVEY_MAX_PER_MINUTE": "100000000"})
    servers = {
        "baseline": Server(
            "baseline",
            "bench.baseline_app:baseline()",
            {"BENCH_PAGES_DATABASE_URL": f"{url}&application_name=bench-surveys-baseline"},
            work,
            options.workers,
        ),
        "app": Server("app", "accreditation:create_app()", environment, work, options.workers),
    }
    token = f"open{random.token_hex(4)}"
    from accreditation.extensions import db

    db.session.execute(
        text(
            "INSERT INTO survey_windows (id, school_id, programme, instrument_version, opens_on, closes_on, "
            "languages, created_at) "
            "SELECT max(id) + 1, 1, 'ciss', 1, current_date, current_date + 7, 'en', now() FROM survey_windows"
        )
    )
    db.session.execute(
        text(
            "INSERT INTO survey_audiences (window_id, audience, token, responses) "
            "SELECT max(id), 'pupils_12_14', :token, 0 FROM survey_windows"
        ),
        {"token": token},
    )
    db.session.commit()
    path = f"/s/{token}"
    try:
        for server in servers.values():
            server.start()
        servers["baseline"].wait("/")
        servers["app"].wait("/sign-in")
        page = request(servers["app"].port, "GET", path)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.body).group(1)
        jar = cookies_of(page, {})
        jar.pop("survey_device", None)
        body = f"csrf_token={csrf}&q_know_rules=3&q_learn_safety=2&q_know_who_to_tell=4&q_pupils_asked=1&lang=en"
        script = work / "answer.lua"
        script.write_text(f"COOKIE = {cookie_header(jar)!r}\nPATH = {path!r}\nBODY = {body!r}\n" + ANSWER_SCRIPT)
        status = work / "status.lua"
        from bench.run import STATUS_SCRIPT

        status.write_text(STATUS_SCRIPT)
        baseline = load(wrk, status, f"http://127.0.0.1:{servers['baseline'].port}/", "", options.duration, 1)
        answers = load(wrk, script, f"http://127.0.0.1:{servers['app'].port}{path}", "", options.duration, 1)
    finally:
        for server in servers.values():
            server.stop()
    written = db.session.scalar(text("SELECT responses FROM survey_audiences WHERE token = :t"), {"t": token})
    ratio = answers.requests_per_second / baseline.requests_per_second
    print(
        f"baseline (50-row table): {baseline.requests_per_second:.0f} req/s, p99 {baseline.p99_ms:.0f} ms; "
        f"survey answers: {answers.requests_per_second:.0f} req/s, p50 {answers.p50_ms:.0f} ms, "
        f"p99 {answers.p99_ms:.0f} ms, {answers.not_200} not 303, {written:,} responses written "
        f"({CONNECTIONS} connections, {options.workers} workers); ratio {ratio:.2f} (target ≥ {TARGET_RATIO})"
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
