"""Profile of one survey answer (POST /s/<token>) on PostgreSQL: the SQL statements each answer sends, and where
its time goes.

    .venv/bin/python bench/surveys_statements.py [--database-url URL] [--answers 300] [--profile]

Works in a schema of its own (``bench_survey_statements``, dropped first and at the end): runs the migrations, adds
one school and an open window for pupils aged 12-14, then sends ``--answers`` answers through the application's
test client, each from a device (cookie) of its own, as the answer page's form does. Prints the statements of one
answer, the mean statements and milliseconds per answer, and with ``--profile`` the functions that took longest
(cProfile, cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_database_url, build_app, engine_url, reset_schema  # noqa: E402

SCHEMA = "bench_survey_statements"
ANSWER_SCHEMA = "bench_survey_answers"  # bench/instructions.py's answer page
FORM = "q_know_rules=3&q_learn_safety=2&q_know_who_to_tell=4&q_pupils_asked=1&lang=en"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_url(parser, f"works in schema {SCHEMA}")
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime, ...")
    return parser.parse_args()


def open_windows(count: int, school_id: int = 1) -> list[str]:
    """``count`` windows of school ``school_id`` open today for pupils aged 12-14 (in English), after the last
    window's id; the public path of each one's link. In the application's context; committed."""
    from accreditation.extensions import db

    ids = db.session.scalars(
        text(
            "INSERT INTO survey_windows (id, school_id, programme, instrument_version, opens_on, closes_on, "
            "languages, created_at) "
            "SELECT (SELECT coalesce(max(id), 0) FROM survey_windows) + g, :school, 'ciss', 1, current_date, "
            "current_date + 7, 'en', now() FROM generate_series(1, :count) AS g RETURNING id"
        ),
        {"school": school_id, "count": count},
    ).all()
    tokens = [f"bench{secrets.token_hex(6)}w{window_id}" for window_id in ids]
    db.session.execute(
        text(
            "INSERT INTO survey_audiences (window_id, audience, token, responses) "
            "SELECT w, 'pupils_12_14', t, 0 FROM unnest(CAST(:ids AS integer[]), CAST(:tokens AS text[])) AS x(w, t)"
        ),
        {"ids": list(ids), "tokens": tokens},
    )
    db.session.commit()
    return [f"/s/{token}" for token in tokens]


def prepare(database_url: str, windows: int = 1, schema: str = ANSWER_SCHEMA) -> tuple[str, list[str]]:
    """A schema of its own (dropped first), migrated, with the geography, one school and ``windows`` open windows:
    the SQLAlchemy URL of the schema and the windows' public paths."""
    url = engine_url(database_url, schema)
    reset_schema(url, schema)
    app = build_app(url, "survey-answers")
    with app.app_context():
        from flask_migrate import upgrade

        from accreditation.extensions import db
        from accreditation.geography import load_geography

        upgrade()
        load_geography()
        db.session.execute(
            text(
                "INSERT INTO schools (id, name, national_id, country_code, region_code, address, language, "
                "school_type, verification, verification_note, listed_publicly, created_at) "
                "VALUES (1, 'School 1', 'S-1', 'MD', 'MD-CU', '', 'ro', 'secondary', 'verified', '', true, now())"
            )
        )
        db.session.commit()
        paths = open_windows(windows)
        db.engine.dispose()
    return url, paths


def answer_form(app, path: str) -> tuple[str, str]:
    """Load the answer page once as a new respondent's browser does: the form's body to POST (its CSRF token and
    four answers) and the session cookie (``<its name>=...``) that token belongs to."""
    first = app.test_client().get(path)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', first.get_data(as_text=True)).group(1)
    name = app.config["SESSION_COOKIE_NAME"]
    session = next(c.split(";")[0] for c in first.headers.getlist("Set-Cookie") if c.startswith(f"{name}="))
    return f"csrf_token={csrf}&{FORM}", session


def post_answer(client, path: str, body: str, session: str, device: str):
    """One answer from the device whose cookie is ``device``."""
    return client.post(
        path,
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"Cookie": f"{session}; survey_device={device}"},
    )


def main() -> int:
    options = arguments()
    url, (path,) = prepare(options.database_url, 1, SCHEMA)
    app = build_app(url, "survey-statements")
    app.config.update(SURVEY_MAX_PER_ADDRESS=10**9, SURVEY_MAX_PER_MINUTE=10**9)
    try:
        with app.app_context():
            from accreditation.extensions import db

            engine = db.engine
        statements: list[str] = []

        @event.listens_for(engine, "before_cursor_execute")
        def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
            statements.append(" ".join(statement.split())[:160])

        body, session = answer_form(app, path)
        client = app.test_client(use_cookies=False)
        counts, times, shown = [], [], None
        profiler = cProfile.Profile() if options.profile else None
        for number in range(options.answers):
            statements.clear()
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            response = post_answer(client, path, body, session, f"device-{number}")
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 303, response.get_data(as_text=True)[:500]
            counts.append(len(statements))
            if number == options.answers // 2:
                shown = list(statements)
        print(f"statements of one answer ({len(shown)}):")
        for statement in shown:
            print(f"  {statement}")
        print(
            f"{options.answers} answers: {statistics.mean(counts):.1f} statements each, "
            f"median {statistics.median(times):.2f} ms, mean {statistics.mean(times):.2f} ms (test client, one process)"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats(options.sort).print_stats(35)
    finally:
        reset_schema(url, SCHEMA, drop_only=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
