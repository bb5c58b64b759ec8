"""Benchmark: the reminder sweep over many applications on PostgreSQL, its time and its number of statements.

    .venv/bin/python bench/reminders.py [--database-url URL] [--applications 100000] [--small 1000] [--keep] [--json]

Builds the schema by running the migrations inside a schema of its own (``bench_reminders``, dropped first and,
unless ``--keep``, afterwards). Seeds schools (each with an admin), coordinators, assessors and admins, and
applications whose timers are all due today:

    40 %  ciss self_assessment, entered 30 days ago      remind school_admin
    20 %  ciss under_review, entered 21 days ago          remind assessor (one assigned each)
    20 %  esafety-label registered, entered 30 days ago   remind school_admin
    10 %  ciss renewal_open, expires in 30 days            remind school_admin
    10 %  esafety-label submitted, entered 14 days ago     escalate admin (three admins)

Then it times ``sweep_reminders`` (every reminder and delivery written, one transaction), a second sweep (nothing
new: the unique keys), and the dispatch of the pending deliveries in chunks (the broker replaced by a counter),
counting the SQL statements each sends with an engine event listener. It does this first for ``--small``
applications and then for ``--applications``, so the statement counts can be compared: they do not grow with the
applications. Target: the sweep of 100,000 under 10 s. ``measure()`` returns the figures (bench/run.py calls this
file with ``--json``, which prints them as one JSON object).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_database_url, build_app, engine_url, reset_schema  # noqa: E402

SCHEMA = "bench_reminders"
PASSWORD_HASH = "!"  # nobody signs in
REGIONS = [("MD", "MD-CU"), ("MD", "MD-BA"), ("UA", "UA-30"), ("UA", "UA-46")]
SHARES = (  # (share, programme, state, entered days ago, expires in days)
    (0.4, "ciss", "self_assessment", 30, None),
    (0.2, "ciss", "under_review", 21, None),
    (0.2, "esafety-label", "registered", 30, None),
    (0.1, "ciss", "renewal_open", 400, 30),
    (0.1, "esafety-label", "submitted", 14, None),
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_url(parser, "only the schema bench_reminders is created and dropped in it")
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1000, help="the first, small run (0: skip it)")
    parser.add_argument("--keep", action="store_true", help="keep the bench_reminders schema afterwards")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object (for bench/run.py)")
    return parser.parse_args()


def seed(count: int) -> None:
    """Schools with an admin each, coordinators per region and country, assessors, admins, and the applications."""
    from accreditation.extensions import db
    from accreditation.models import (
        Application,
        ApplicationAssessor,
        Country,
        Membership,
        Region,
        RoleGrant,
        School,
        User,
    )

    db.session.add_all([Country(code="MD", name="Moldova"), Country(code="UA", name="Ukraine")])
    db.session.add_all([Region(code=code, country_code=country, name=code) for country, code in REGIONS])
    db.session.flush()
    staff = []
    for n in range(3):
        staff.append(({"email": f"admin{n}@bench.example", "name": f"Admin {n}"}, {"role": "admin"}))
    for _, region in REGIONS:
        staff.append(
            ({"email": f"coord-{region}@bench.example", "name": region}, {"role": "coordinator", "region_code": region})
        )
    for country in ("MD", "UA"):
        staff.append(
            (
                {"email": f"coord-{country}@bench.example", "name": country},
                {"role": "coordinator", "country_code": country},
            )
        )
        for n in range(20):
            staff.append(
                (
                    {"email": f"assessor{n}-{country}@bench.example", "name": f"A {n}"},
                    {"role": "assessor", "country_code": country},
                )
            )
    user_ids = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True),
        [{**user, "password_hash": PASSWORD_HASH} for user, _ in staff],
    ).all()
    db.session.execute(
        insert(RoleGrant), [{**grant, "user_id": uid} for uid, (_, grant) in zip(user_ids, staff, strict=True)]
    )
    assessors = {
        country: [
            uid
            for uid, (user, _) in zip(user_ids, staff, strict=True)
            if user["email"].endswith(f"-{country}@bench.example") and user["email"].startswith("assessor")
        ]
        for country in ("MD", "UA")
    }
    school_rows = []
    for n in range(count):
        country, region = REGIONS[n % len(REGIONS)]
        school_rows.append(
            {
                "name": f"School {n}",
                "national_id": f"{country}-{n:07d}",
                "country_code": country,
                "region_code": region,
                "address": "",
                "language": ("ro", "uk", "ru", "en")[n % 4],
                "school_type": "secondary",
                "verification": "verified",
                "verification_note": "",
            }
        )
    school_ids = db.session.scalars(
        insert(School).returning(School.id, sort_by_parameter_order=True), school_rows
    ).all()
    admin_ids = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True),
        [
            {"email": f"head{n}@bench.example", "name": f"Head {n}", "password_hash": PASSWORD_HASH}
            for n in range(count)
        ],
    ).all()
    db.session.execute(
        insert(Membership),
        [{"user_id": u, "school_id": s, "role": "school_admin"} for u, s in zip(admin_ids, school_ids, strict=True)],
    )
    now = datetime.now(UTC)
    rows, start = [], 0
    for share, programme, state, entered, expires in SHARES:
        size = (
            round(count * share) if share != SHARES[-1][0] or start + round(count * share) <= count else count - start
        )
        for index in range(start, min(count, start + size)):
            rows.append(
                {
                    "school_id": school_ids[index],
                    "programme_code": programme,
                    "state": state,
                    "is_open": state != "renewal_open",
                    "state_entered_at": now - timedelta(days=entered),
                    "expires_at": now + timedelta(days=expires) if expires else None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        start += size
    application_ids = db.session.scalars(
        insert(Application).returning(Application.id, sort_by_parameter_order=True), rows
    ).all()
    assigned = [
        {
            "application_id": application_id,
            "user_id": assessors[REGIONS[index % len(REGIONS)][0]][index % 20],
            "role": "lead",
        }
        for index, (application_id, row) in enumerate(zip(application_ids, rows, strict=True))
        if row["state"] == "under_review"
    ]
    db.session.execute(insert(ApplicationAssessor), assigned)
    db.session.commit()


class StatementCounter:
    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0

    def __call__(self, *args) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self)


def run(url: str, count: int, echo: bool = True) -> dict:
    """Seed ``count`` applications in a fresh schema and time the sweeps and the dispatch; the figures (printed as
    they come with ``echo``)."""
    say = print if echo else (lambda *args: None)
    reset_schema(url, SCHEMA)
    app = build_app(url, "reminders")
    with app.app_context():
        from flask_migrate import upgrade

        from accreditation.deliveries.dispatch import dispatch_pending
        from accreditation.extensions import db
        from accreditation.models import Delivery, Reminder
        from accreditation.reminders.sweep import sweep_reminders

        upgrade()
        began = time.perf_counter()
        seed(count)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        figures: dict = {"applications": count, "seed_seconds": time.perf_counter() - began}
        say(f"{count} applications seeded in {figures['seed_seconds']:.1f} s")

        with StatementCounter(db.engine) as counter:
            began, cpu = time.perf_counter(), time.process_time()
            result = sweep_reminders()
            seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        figures["sweep"] = {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "statements": counter.count,
            "reminders": result.reminders,
            "deliveries": result.deliveries,
        }
        say(
            f"  sweep:        {seconds:6.2f} s, {counter.count} statements, "
            f"{result.reminders} reminders and {result.deliveries} deliveries written"
        )
        with StatementCounter(db.engine) as counter:
            began = time.perf_counter()
            again = sweep_reminders()
            seconds = time.perf_counter() - began
        figures["second_sweep"] = {"seconds": seconds, "statements": counter.count, "reminders": again.reminders}
        say(f"  second sweep: {seconds:6.2f} s, {counter.count} statements, {again.reminders} reminders written")
        chunks: list[int] = []
        with StatementCounter(db.engine) as counter:
            began = time.perf_counter()
            handed = dispatch_pending(send=lambda chunk: chunks.append(len(chunk)))
            seconds = time.perf_counter() - began
        figures["dispatch"] = {
            "seconds": seconds,
            "statements": counter.count,
            "deliveries": handed,
            "tasks": len(chunks),
            "largest": max(chunks) if chunks else 0,
        }
        say(
            f"  dispatch:     {seconds:6.2f} s, {counter.count} statements, {handed} deliveries in "
            f"{len(chunks)} tasks of up to {figures['dispatch']['largest']}"
        )
        figures["reminders"] = db.session.scalar(select(func.count()).select_from(Reminder))
        figures["deliveries"] = db.session.scalar(select(func.count()).select_from(Delivery))
        say(f"  rows: {figures['reminders']} reminders, {figures['deliveries']} deliveries")
        db.session.remove()
        db.engine.dispose()
    return figures


def measure(
    database_url: str, applications: int = 100_000, small: int = 1000, keep: bool = False, echo: bool = False
) -> dict:
    """The sweep over ``small`` applications (0: skipped), then over ``applications``; the figures of each run."""
    url = engine_url(database_url, SCHEMA)
    figures: dict = {}
    try:
        engine = create_engine(url.split("?")[0])
        with engine.connect() as connection:
            figures["postgresql"] = connection.execute(text("SHOW server_version")).scalar().split()[0]
        engine.dispose()
        if echo:
            print(f"PostgreSQL {figures['postgresql']}")
        if small:
            figures["small"] = run(url, small, echo)
        figures["large"] = run(url, applications, echo)
    finally:
        if not keep:
            reset_schema(url, SCHEMA, drop_only=True)
    return figures


def main() -> int:
    options = arguments()
    figures = measure(options.database_url, options.applications, options.small, options.keep, echo=not options.json)
    if options.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
