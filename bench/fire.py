"""Benchmark: fire() with its transition record and outbox rows, on PostgreSQL, in one process.

    .venv/bin/python bench/fire.py [--database-url URL] [--broker-url URL] [--applications 2000] [--per-transaction 1]
                                   [--keep] [--json]

Builds the schema by running the migrations inside a schema of its own (``bench_fire``, dropped first and, unless
``--keep``, afterwards), so it never touches the database's ``public`` schema. Then it starts one ciss application
per school and fires three events on each, each fire in its own transaction (as a request does: load, check the
person's roles and the guards, conditional UPDATE, transition record, outbox rows, commit):

    accept                 coordinator   applied -> implementing       2 outbox rows
    start_self_assessment  school admin  implementing -> self_assessment   guard: modules_complete (reads 5 rows)
    withdraw               school admin  self_assessment -> withdrawn  1 outbox row

and prints transitions per second for each event and overall, and per CPU-second: of this process alone, and of this
process and its PostgreSQL backends together (their CPU read from /proc, the server running on this machine). After
each commit the jobs recorded are relayed as a request relays them; the broker is ``--broker-url`` (default
``BENCH_BROKER_URL``, else kombu's in-process ``memory://``: the relay's own work without a broker's, which would
otherwise be the application's default embedded broker, a SQLite file synced on every message). The modules are
the programme's own (its framework's areas), read from the definition. ``measure()`` returns the figures
(bench/run.py calls this file with ``--json``, which prints them as one JSON object).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_database_url, build_app, engine_url, reset_schema  # noqa: E402
from bench.instructions import counting_if_asked  # noqa: E402

SCHEMA = "bench_fire"
APPLICATION_NAME = "bench-fire"  # names the benchmark's connections, whose backends' CPU it reads
PASSWORD_HASH = "!"  # nobody signs in: no password hashing in the set-up (a hash no password matches)
EVENTS = (
    ("accept", "coordinator"),
    ("start_self_assessment", "school_admin"),
    ("withdraw", "school_admin"),
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_url(parser, "only the schema bench_fire is created and dropped in it")
    parser.add_argument("--applications", type=int, default=2000, help="applications (one school each)")
    parser.add_argument(
        "--per-transaction",
        type=int,
        default=1,
        help="fires per transaction: 1 is a web request; more is a sweep that fires for many applications",
    )
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="leave the start-up objects to the cyclic garbage collector (see README.md)",
    )
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("BENCH_BROKER_URL", "memory://"),
        help="Celery's broker for the relay after each commit (default: kombu's in-process memory://)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench_fire schema afterwards")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object (for bench/run.py)")
    return parser.parse_args()


def seed(count: int) -> tuple[int, list[int], list[int]]:
    """One coordinator, ``count`` verified schools each with an admin; the ids (coordinator, schools, admins)."""
    from accreditation.extensions import db
    from accreditation.models import Country, Membership, Region, RoleGrant, School, User

    db.session.add_all([Country(code="MD", name="Moldova"), Region(code="MD-CU", country_code="MD", name="Chișinău")])
    db.session.flush()
    coordinator = User(email="coordinator@bench.example", name="Coordinator", password_hash=PASSWORD_HASH)
    coordinator.grants.append(RoleGrant(role="coordinator", country_code="MD"))
    db.session.add(coordinator)
    db.session.flush()
    school_ids = db.session.scalars(
        insert(School).returning(School.id),
        [
            {
                "name": f"School {n}",
                "national_id": f"MD-{n:06d}",
                "country_code": "MD",
                "region_code": "MD-CU",
                "address": "",
                "language": "ro",
                "school_type": "secondary",
                "verification": "verified",
                "verification_note": "",
            }
            for n in range(count)
        ],
    ).all()
    admin_ids = db.session.scalars(
        insert(User).returning(User.id),
        [
            {"email": f"head{n}@bench.example", "name": f"Head {n}", "password_hash": PASSWORD_HASH}
            for n in range(count)
        ],
    ).all()
    db.session.execute(
        insert(Membership),
        [
            {"user_id": user_id, "school_id": school_id, "role": "school_admin"}
            for user_id, school_id in zip(admin_ids, school_ids, strict=True)
        ],
    )
    db.session.commit()
    return coordinator.id, list(school_ids), list(admin_ids)


def start_all(school_ids: list[int], admin_ids: list[int]) -> list[int]:
    from accreditation.applications import start_application
    from accreditation.extensions import db
    from accreditation.models import School, User

    application_ids = []
    for school_id, admin_id in zip(school_ids, admin_ids, strict=True):
        application = start_application(db.session.get(School, school_id), "ciss", db.session.get(User, admin_id))
        application_ids.append(application.id)
    db.session.commit()
    return application_ids


def complete_modules(application_ids: list[int]) -> None:
    """Set-up, not timed: every module of the programme done, so start_self_assessment's guard passes after
    reading them."""
    from accreditation.applications.modules import modules_of
    from accreditation.applications.runtime import current_workflows
    from accreditation.extensions import db
    from accreditation.models import ApplicationModule

    codes = [module.code for module in modules_of(current_workflows().programme("ciss"))]
    db.session.execute(
        insert(ApplicationModule),
        [{"application_id": a, "module_code": code} for a in application_ids for code in codes],
    )
    db.session.commit()


def backend_pids() -> set[int]:
    """The process ids of the PostgreSQL backends of the benchmark's connections (its pool's: the session's too)."""
    from accreditation.extensions import db

    query = text("SELECT pid FROM pg_stat_activity WHERE application_name = :name").bindparams(name=APPLICATION_NAME)
    with db.engine.connect() as connection:
        return set(connection.scalars(query))


def backend_cpu(pids: set[int]) -> dict[int, float]:
    """The CPU seconds (user and system) each of ``pids`` has used so far, from /proc; processes gone are left out."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime (fields 14 and 15 of stat)
    return seconds


def fire_all(
    event: str, application_ids: list[int], actors: dict[int, int], per_transaction: int
) -> tuple[float, float, float]:
    """Fire ``event`` on every application, committing every ``per_transaction`` fires; the seconds it took, the CPU
    seconds of this process (a busy machine inflates them less) and those of the PostgreSQL backends it used."""
    from accreditation.applications import fire
    from accreditation.extensions import db
    from accreditation.identity import load_principal  # what flask-login's user loader is
    from accreditation.models import User

    # What each actor's session cookie holds (User.get_id), read before timing.
    sessions = {
        user.id: user.get_id() for user in db.session.scalars(select(User).where(User.id.in_(set(actors.values()))))
    }
    db.session.commit()
    pids = backend_pids()
    before = backend_cpu(pids)
    counting_if_asked(True)  # under bench/instructions.py's callgrind: count the fires only
    began, cpu = time.perf_counter(), time.process_time()
    for number, application_id in enumerate(application_ids, start=1):
        actor = load_principal(sessions[actors[application_id]])  # what flask-login does for each request
        if actor is None:
            raise SystemExit(f"bench/fire.py: user {actors[application_id]} did not load")
        fire(application_id, event, actor, {})
        if number % per_transaction == 0:
            db.session.commit()
    db.session.commit()
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    counting_if_asked(False)
    after = backend_cpu(pids | backend_pids())  # a connection opened meanwhile counts from its start
    backend = sum(used - before.get(pid, 0.0) for pid, used in after.items())
    return seconds, cpu, backend


def measure(
    database_url: str,
    applications: int = 2000,
    per_transaction: int = 1,
    freeze: bool = True,
    keep: bool = False,
    broker_url: str = "memory://",
) -> dict:
    """Fire the three events on ``applications`` applications; the figures: PostgreSQL's version, and per event
    (and ``all``) the fires, seconds, transitions per second and per CPU-second (this process; with its backends),
    with the rows written."""
    url = engine_url(database_url, SCHEMA) + f"&application_name={APPLICATION_NAME}"
    reset_schema(url, SCHEMA)
    os.environ["CELERY_BROKER_URL"] = broker_url  # read by create_app's settings
    try:
        app = build_app(url, "fire")
        with app.app_context():
            from flask_migrate import upgrade

            from accreditation.extensions import db
            from accreditation.models import OutboxJob, TransitionRecord

            upgrade()
            coordinator_id, school_ids, admin_ids = seed(applications)
            application_ids = start_all(school_ids, admin_ids)
            complete_modules(application_ids)
            admin_of = dict(zip(application_ids, admin_ids, strict=True))
            db.session.remove()

            if freeze:
                gc.collect()
                gc.freeze()  # as a long-running worker would after start-up
            figures: dict = {
                "postgresql": db.session.scalar(text("SHOW server_version")).split()[0],
                "applications": len(application_ids),
                "per_transaction": per_transaction,
                "gc_freeze": freeze,
                "broker": broker_url.split("://")[0],
                "events": {},
            }
            total_seconds = total_cpu = total_backend = 0.0
            for event, role in EVENTS:
                actors = admin_of if role == "school_admin" else dict.fromkeys(application_ids, coordinator_id)
                seconds, cpu, backend = fire_all(event, application_ids, actors, per_transaction)
                db.session.remove()
                total_seconds += seconds
                total_cpu += cpu
                total_backend += backend
                figures["events"][event] = rates(len(application_ids), seconds, cpu, backend)
            fired = len(application_ids) * len(EVENTS)
            figures["events"]["all"] = rates(fired, total_seconds, total_cpu, total_backend)
            figures["records"] = db.session.scalar(select(func.count()).select_from(TransitionRecord))
            figures["jobs"] = db.session.scalar(select(func.count()).select_from(OutboxJob))
            db.session.remove()
            db.engine.dispose()
    finally:
        if not keep:
            reset_schema(url, SCHEMA, drop_only=True)
    return figures


def rates(fires: int, seconds: float, cpu: float, backend: float) -> dict:
    """One row of figures: transitions per second, per CPU-second of this process and of it with its backends."""
    return {
        "fires": fires,
        "seconds": seconds,
        "rate": fires / seconds,
        "per_cpu_second": fires / cpu,
        "backend_cpu_seconds": backend,
        "per_cpu_second_with_backend": fires / (cpu + backend),
    }


def main() -> int:
    options = arguments()
    figures = measure(
        options.database_url,
        options.applications,
        options.per_transaction,
        not options.no_gc_freeze,
        options.keep,
        options.broker_url,
    )
    if options.json:
        print(json.dumps(figures))
        return 0
    print(
        f"PostgreSQL {figures['postgresql']}, {figures['applications']} applications, "
        f"{figures['per_transaction']} fire(s) per transaction, gc.freeze: {figures['gc_freeze']}, "
        f"broker: {figures['broker']}"
    )
    for event, result in figures["events"].items():
        print(
            f"  {event:<22} {result['fires']:>6} fires in {result['seconds']:6.2f} s  "
            f"{result['rate']:6.0f} transitions/s; per CPU-second: {result['per_cpu_second']:5.0f} of this process, "
            f"{result['per_cpu_second_with_backend']:5.0f} with its PostgreSQL backends"
        )
    print(f"  rows: {figures['records']} transition records, {figures['jobs']} outbox jobs (joining included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
