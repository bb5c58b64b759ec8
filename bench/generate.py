"""Generate a pilot at scale in PostgreSQL for the dashboard benchmark (bench/dashboard.py).

    .venv/bin/python bench/generate.py [--database-url URL] [--schools 100000] [--records 1000000] [--seed 7]
    .venv/bin/python bench/generate.py --drop          # remove the benchmark's schema
    .venv/bin/python bench/generate.py --page-people   # only add the page benchmark's people to a loaded pilot

Builds the schema by running the migrations in a schema of its own (``bench_dashboard``, dropped first), so it
never touches the database's ``public`` schema. Loads the reference geography (every country and ISO 3166-2
region we ship), schools spread over the countries roughly as their numbers of schools are (Russia most, Moldova
least) and unevenly over regions, then applications of both programmes whose histories are simulated on the
programme definitions: each event that may leave a state gets a random delay (log-normal around a typical number
of days), the earliest happens, timers that fire events (renewal, expiry) fire when due, and the walk stops at a
final state or today. Applications are added until the transition records reach ``--records``. Everything is
written with COPY, then VACUUM ANALYZE. It prints what it wrote and the sign-in of the benchmark's users.

Last, through the application's own operations (as the pages would do it), it adds the people the page benchmark
(bench/run.py) signs in as: the admin of a Moldovan school (``head@bench.example``) whose new ciss cycle is
answered, documented and submitted, and the assessor (``assessor@bench.example``) assigned to it as lead, with the
review started and half of the criteria judged. ``--page-people`` adds only them, to a pilot loaded before.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import add_database_url, build_app, engine_url, reset_schema  # noqa: E402

SCHEMA = "bench_dashboard"
PASSWORD = "bench-password-1"  # the benchmark users' password (local benchmark data only)
YEARS_OF_HISTORY = 3
# Share of the schools per country (about their real numbers of schools) and their languages of teaching.
COUNTRIES = {"RU": 0.44, "PL": 0.265, "UA": 0.165, "RO": 0.08, "BY": 0.035, "MD": 0.015}
LANGUAGES = {"RU": "ru", "PL": "pl", "UA": "uk", "RO": "ro", "BY": "be", "MD": "ro"}
SCHOOL_TYPES = ("primary", "secondary", "secondary", "combined", "vocational", "special")
# Chance that a school takes part in each programme (a second cycle follows once the records need it).
TAKES_PART = {"ciss": 0.7, "esafety-label": 0.6}
# Typical days before each event happens, when it may (event, or (event, from state)); spread: log-normal.
TYPICAL_DAYS = {
    "accept": 7,
    "decline": 45,
    "start_self_assessment": 120,
    ("esafety-label", "start_self_assessment"): 8,
    "submit": 50,
    "start_review": 8,
    "request_changes": 35,
    ("ciss", "request_changes", "visit_scheduled"): 150,
    "schedule_visit": 18,
    "resubmit": 20,
    "reschedule_visit": 70,
    "certify": 25,
    "return_to_school": 40,
    "award_label": 12,
    "propose_top_award": 60,  # only the top level goes to moderation
    "confirm_award": 7,
    "send_back_proposal": 40,
    "reject": 250,  # most reviews end in an award
    "suspend": 3000,
    "reinstate": 40,
    "revoke": 15000,
    "withdraw": 1500,
}
SPREAD = 1.0  # sigma of the log-normal delays
VISIT_AFTER_DAYS = 14
LEVEL_WEIGHTS = {
    "foundation": 5,
    "established": 3.5,
    "exemplary": 1.5,
    "iron": 1.5,
    "bronze": 4,
    "silver": 3,
    "gold": 1.5,
}
COUNT_STAYS = """
    INSERT INTO state_stay_counts (programme_code, country_code, from_state, tenths, stays)
    SELECT a.programme_code, s.country_code, r.from_state,
        CASE WHEN r.seconds_in_from_state < 864000 THEN (r.seconds_in_from_state + 4320) / 8640
        WHEN r.seconds_in_from_state < 31536000 THEN (r.seconds_in_from_state + 43200) / 86400 * 10
        ELSE (r.seconds_in_from_state + 432000) / 864000 * 100 END,
        count(*)
    FROM transition_records AS r
    JOIN applications AS a ON a.id = r.application_id
    JOIN schools AS s ON s.id = a.school_id
    WHERE r.from_state IS NOT NULL AND r.from_state <> r.to_state AND r.seconds_in_from_state IS NOT NULL
    GROUP BY 1, 2, 3, 4
"""
ROLE_ORDER = ("assessor", "coordinator", "school_admin", "school_staff", "admin", "system")
SCHOOL_ADMIN = "head@bench.example"  # the page benchmark's school (see add_page_people)
ASSESSOR = "assessor@bench.example"  # the page benchmark's assessor
COMMENTARY = "Our policy was adopted by the governors in March; the training log and the pupils' survey are uploaded."
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_url(parser, "only the schema bench_dashboard is created and dropped in it")
    parser.add_argument("--schools", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=1_000_000, help="transition records to reach")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--drop", action="store_true", help="drop the benchmark's schema and stop")
    parser.add_argument(
        "--page-people",
        action="store_true",
        help="only add the page benchmark's school admin and assessor (and their application) to a loaded pilot",
    )
    return parser.parse_args()


# --- the simulation ---------------------------------------------------------------------------------------------


@dataclass
class Walk:
    """One application's simulated history: its records as (from, to, event, at, seconds in from, role)."""

    state: str
    entered: datetime
    records: list[tuple] = field(default_factory=list)
    deadline: datetime | None = None
    award_level: str | None = None
    awarded_at: datetime | None = None
    expires_at: datetime | None = None
    reassessment_from: datetime | None = None


def typical_days(programme: str, event: str, state: str) -> float:
    for key in ((programme, event, state), (programme, event), event):
        if key in TYPICAL_DAYS:
            return TYPICAL_DAYS[key]
    return 30


def add_months(moment: datetime, months: int) -> datetime:
    from accreditation.applications.operations import add_months as add

    return add(moment, months)


def simulate(programme, start: datetime, now: datetime, rng: random.Random) -> Walk:
    definition = programme.definition
    awards = definition.awards
    walk = Walk(state=definition.initial, entered=start)
    walk.records.append((None, definition.initial, "join-programme", start, None, "school_admin"))
    while not definition.states[walk.state].is_final:
        state = definition.states[walk.state]
        candidates = []
        for event in programme.events_from(walk.state):
            if "system" in event.roles:
                continue  # happens when a timer fires it
            days = rng.lognormvariate(math.log(typical_days(programme.code, event.name, walk.state)), SPREAD)
            candidates.append((walk.entered + timedelta(days=days), event.name))
        for timer in state.timers:
            if timer.action != "fire":
                continue
            base = {
                "entered": walk.entered,
                "deadline": walk.deadline,
                "expires": walk.expires_at,
                "reassessment": walk.reassessment_from,
            }[timer.relative_to]
            if base is not None:
                candidates.append((max(base + timedelta(days=timer.offset_days), walk.entered), timer.target))
        if not candidates:
            break
        when, name = min(candidates)
        if when > now:
            break
        event = definition.events[name]
        if "date" in event.requires:
            walk.deadline = when + timedelta(days=VISIT_AFTER_DAYS)
        if awards is not None and event.dest == awards.granted_on and "level" in event.requires:
            levels = [level.code for level in awards.levels]
            walk.award_level = rng.choices(levels, [LEVEL_WEIGHTS.get(code, 1) for code in levels])[0]
            walk.awarded_at = when
            walk.expires_at = add_months(when, awards.validity_months)
            if awards.reassess_after_months:
                walk.reassessment_from = add_months(when, awards.reassess_after_months)
        role = next(role for role in ROLE_ORDER if role in event.roles)
        seconds = round((when - walk.entered).total_seconds())
        walk.records.append((walk.state, event.dest, name, when, seconds, role))
        walk.state, walk.entered = event.dest, when
    return walk


# --- loading ----------------------------------------------------------------------------------------------------


def seed_people() -> None:
    from accreditation.accounts.users import create_user

    create_user("admin@bench.example", "Bench Admin", "admin", PASSWORD)
    for country in COUNTRIES:
        create_user(
            f"coord.{country.lower()}@bench.example", f"Coordinator {country}", "coordinator", PASSWORD, [country]
        )


def region_weights(regions: list[str], rng: random.Random) -> list[float]:
    """Uneven regions: a capital or two large, many small."""
    return [rng.lognormvariate(0, 0.8) for _ in regions]


def add_page_people() -> dict[str, object]:
    """The people bench/run.py signs in as, added through the application's operations (idempotent: nothing is
    done when they exist). A Moldovan school that took part in a programme before gets an admin, who starts a new
    ciss cycle; the coordinator accepts it; the school completes its modules, answers every criterion at its
    benchmark, uploads the required documents and submits; the coordinator assigns the assessor as lead, who starts
    the review and judges half of the criteria. Commits. Returns the ids the pages need."""
    from accreditation.accounts.users import create_user, find_user_by_email
    from accreditation.applications import complete_module, fire, start_application
    from accreditation.applications.modules import modules_of
    from accreditation.applications.runtime import current_workflows
    from accreditation.assessment.answers import AnswerInput, save_answers, workspace
    from accreditation.assessment.documents import Upload, upload_document
    from accreditation.extensions import db
    from accreditation.models import Application, School
    from accreditation.review.assignment import assign_assessor
    from accreditation.review.judgments import JudgmentInput, save_judgment
    from accreditation.review.rounds import framework_of, latest_snapshot

    head = find_user_by_email(SCHOOL_ADMIN)
    if head is not None:
        application = db.session.scalar(
            text(
                "SELECT a.id FROM applications a JOIN memberships m ON m.school_id = a.school_id "
                "WHERE m.user_id = :user AND a.programme_code = 'ciss' AND a.is_open ORDER BY a.id DESC LIMIT 1"
            ),
            {"user": head.id},
        )
        if application is None:
            raise SystemExit(f"error: {SCHOOL_ADMIN} has no open ciss cycle any more: run bench/generate.py again")
        return {"school_id": db.session.get(Application, application).school_id, "application_id": application}
    school_id = db.session.scalar(
        text(
            "SELECT s.id FROM schools s WHERE s.country_code = 'MD' AND s.verification = 'verified' "
            "AND EXISTS (SELECT 1 FROM applications a WHERE a.school_id = s.id) "
            "AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.school_id = s.id AND a.programme_code = 'ciss' "
            "AND a.is_open) ORDER BY s.id LIMIT 1"
        )
    )
    school = db.session.get(School, school_id)
    head = create_user(SCHOOL_ADMIN, "Bench Head", "school-admin", PASSWORD, school_id=school.id)
    assessor = create_user(
        ASSESSOR, "Bench Assessor", "assessor", PASSWORD, countries=[school.country_code], languages=[school.language]
    )
    coordinator = find_user_by_email(f"coord.{school.country_code.lower()}@bench.example")
    programme = current_workflows().programme("ciss")
    application_id = start_application(school, "ciss", head).id
    fire(application_id, "accept", coordinator, {})
    for module in modules_of(programme):
        complete_module(application_id, module.code, head)
    fire(application_id, "start_self_assessment", head, {})
    space = workspace(application_id, head, start=True)
    answers = [AnswerInput(c.code, c.benchmark, COMMENTARY) for c in space.framework.criteria]
    assert not save_answers(application_id, head, answers).conflicts
    for kind in space.framework.required_documents:
        upload_document(application_id, head, Upload(PDF, f"{kind.code}.pdf"), kind=kind.code)
    fire(application_id, "submit", head, {"comment": COMMENTARY})
    assign_assessor(application_id, assessor.id, "lead", coordinator)
    fire(application_id, "start_review", assessor, {})
    criteria = framework_of(latest_snapshot(application_id)).criteria
    for criterion in criteria[: len(criteria) // 2]:
        save_judgment(application_id, assessor, JudgmentInput(criterion.code, "agree"))
    db.session.commit()
    return {"school_id": school.id, "application_id": application_id}


def copy_rows(cursor, statement: str, rows) -> int:
    count = 0
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def main() -> int:
    options = arguments()
    url = engine_url(options.database_url, SCHEMA)
    if options.drop:
        reset_schema(url, SCHEMA, drop_only=True)
        print(f"dropped schema {SCHEMA}")
        return 0
    if options.page_people:
        with build_app(url, "dashboard").app_context():
            ids = add_page_people()
        print(
            f"page people: {SCHOOL_ADMIN} (school {ids['school_id']}), {ASSESSOR} "
            f"(application {ids['application_id']}); {PASSWORD}"
        )
        return 0
    rng = random.Random(options.seed)
    began = time.perf_counter()
    reset_schema(url, SCHEMA)
    app = build_app(url, "dashboard")
    with app.app_context():
        from flask_migrate import upgrade

        from accreditation.applications.runtime import current_workflows
        from accreditation.extensions import db
        from accreditation.geography import load_geography

        upgrade()
        load_geography()
        seed_people()
        db.session.commit()
        programmes = current_workflows().programmes
        now = datetime.now(UTC)
        history_start = now - timedelta(days=365 * YEARS_OF_HISTORY)
        regions_of: dict[str, list[str]] = {}
        for code, country in db.session.execute(text("SELECT code, country_code FROM regions ORDER BY code")):
            regions_of.setdefault(country, []).append(code)

        # Schools
        schools = []
        next_id = 1
        for country, share in COUNTRIES.items():
            count = round(options.schools * share)
            regions = regions_of[country]
            weights = region_weights(regions, rng)
            for number, region in enumerate(rng.choices(regions, weights, k=count), start=1):
                created = history_start - timedelta(days=rng.uniform(0, 365))
                schools.append(
                    (
                        next_id,
                        f"{('Școala' if country in ('MD', 'RO') else 'School')} {country}-{number:06d}",
                        f"{country}-{number:06d}",
                        country,
                        region,
                        f"{number} School Street",
                        LANGUAGES[country],
                        rng.choice(SCHOOL_TYPES),
                        rng.randint(40, 1800),
                        "verified",
                        "Generated for the dashboard benchmark.",
                        created,
                        created,
                    )
                )
                next_id += 1
        schools = schools[: options.schools]

        # Applications and their histories, until the records reach the target
        application_rows, record_rows = [], []
        application_id = record_id = 0
        open_states = {code: set(p.definition.open_states) for code, p in programmes.items()}
        last: dict[tuple[int, str], tuple[int, str, datetime]] = {}  # (school, programme) -> (cycle, state, at)
        rounds = 0
        while record_id < options.records and rounds < 10:
            rounds += 1
            for school in rng.sample(schools, len(schools)):
                if record_id >= options.records:
                    break
                for code, chance in TAKES_PART.items():
                    if record_id >= options.records:
                        break
                    previous = last.get((school[0], code))
                    if previous is None:
                        if rounds == 1 and rng.random() > chance:
                            continue
                        cycle, start = 1, history_start + timedelta(days=rng.uniform(0, 365 * YEARS_OF_HISTORY))
                    else:
                        if previous[1] in open_states[code]:
                            continue
                        cycle, start = previous[0] + 1, previous[2] + timedelta(days=rng.uniform(5, 120))
                    if start >= now:
                        continue
                    walk = simulate(programmes[code], start, now, rng)
                    application_id += 1
                    application_rows.append(
                        (
                            application_id,
                            school[0],
                            code,
                            cycle,
                            walk.state,
                            walk.state in open_states[code],
                            len(walk.records),
                            walk.entered,
                            walk.deadline.date() if walk.deadline else None,
                            walk.award_level,
                            walk.awarded_at,
                            walk.expires_at,
                            walk.reassessment_from,
                            start,
                            walk.entered,
                        )
                    )
                    for version, (source, dest, event, at, seconds, role) in enumerate(walk.records, start=1):
                        record_id += 1
                        record_rows.append(
                            (record_id, application_id, version, event, source, dest, role, "", "{}", at, seconds)
                        )
                    last[(school[0], code)] = (cycle, walk.state, walk.entered)
        simulated = time.perf_counter() - began

        connection = db.session.connection().connection.dbapi_connection
        with connection.cursor() as cursor:
            copied = time.perf_counter()
            copy_rows(
                cursor,
                "COPY schools (id, name, national_id, country_code, region_code, address, language, school_type, "
                "pupils, verification, verification_note, verified_at, created_at) FROM STDIN",
                schools,
            )
            copy_rows(
                cursor,
                "COPY applications (id, school_id, programme_code, cycle, state, is_open, version, state_entered_at, "
                "deadline, award_level, awarded_at, expires_at, reassessment_from, created_at, updated_at) FROM STDIN",
                application_rows,
            )
            copy_rows(
                cursor,
                "COPY transition_records (id, application_id, version, event, from_state, to_state, actor_role, "
                "comment, data, at, seconds_in_from_state) FROM STDIN",
                record_rows,
            )
            cursor.execute(COUNT_STAYS)  # what fire() keeps up to date, as migration 0004 fills it
            for table in ("schools", "applications", "transition_records"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        db.session.commit()
        copy_seconds = time.perf_counter() - copied
        db.session.remove()
        db.engine.dispose()

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        vacuumed = time.perf_counter()
        connection.execute(text("VACUUM ANALYZE"))
        vacuum_seconds = time.perf_counter() - vacuumed
        size = connection.execute(
            text(
                "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relkind = 'r'"
            ),
            {"schema": SCHEMA},
        ).scalar()
    engine.dispose()
    with build_app(url, "dashboard").app_context():
        ids = add_page_people()  # after VACUUM ANALYZE: the planner knows the tables' sizes

    states = Counter((row[2], row[4]) for row in application_rows)
    print(
        f"{len(schools):,} schools, {len(application_rows):,} applications, {len(record_rows):,} transition records "
        f"in schema {SCHEMA} ({size}); simulated in {simulated:.1f} s, COPY {copy_seconds:.1f} s "
        f"({len(record_rows) / copy_seconds:,.0f} rows/s overall), VACUUM ANALYZE {vacuum_seconds:.1f} s"
    )
    for code in programmes:
        shares = ", ".join(f"{state} {n:,}" for (programme, state), n in states.most_common() if programme == code)
        print(f"  {code}: {shares}")
    print(f"users: admin@bench.example, coord.<country>@bench.example (countries {', '.join(COUNTRIES)}); {PASSWORD}")
    print(f"pages: {SCHOOL_ADMIN} (school {ids['school_id']}), {ASSESSOR} (application {ids['application_id']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
